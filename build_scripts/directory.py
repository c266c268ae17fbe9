"""Directory: the pages of cards under talent/ (index.md, page/N.md), and the JSON its script reads:
cards.json (every card) and countries.json (what the time-zone filter knows of countries)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jinja2

from .cards import card_facts, card_index, directory_order
from .pages import write_page
from .select import Published
from .vocab import Vocabulary, country_zones

# Cards on each page of the directory.
PAGE_SIZE = 48

# What the pages that show everyone (directory, cards.json, home snapshot) read of a profile.
CARD_FIELDS = ("name", "headline", "availability", "languages", "skills", "tracks", "timezone", "working_hours")


def card_view(p: Published) -> Published:
    return Published(p.id, p.file, {k: p.data[k] for k in CARD_FIELDS if k in p.data}, p.verified)


def render_directory(published: list[Published], docs: Path, env: jinja2.Environment, vocab: Vocabulary,
                     today: dt.date) -> None:
    """talent/cards.json, and the directory's pages of cards; page 1 carries the card template for the script."""
    people = directory_order(published, today)
    index = card_index(people, vocab, today)
    write_page(docs / "talent" / "cards.json", json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    # what the time-zone field knows of countries, fetched only when what is typed names no zone or city
    write_page(docs / "talent" / "countries.json",
           json.dumps(country_zones(vocab.countries), ensure_ascii=False, separators=(",", ":")))
    pages = [people[i:i + PAGE_SIZE] for i in range(0, len(people), PAGE_SIZE)] or [[]]
    template = env.get_template("directory.md.j2")
    for n, chunk in enumerate(pages, start=1):
        path = docs / "talent" / ("index.md" if n == 1 else f"page/{n}.md")
        write_page(path, template.render(cards=[card_facts(p, vocab, today) for p in chunk], page=n, pages=len(pages),
                                     total=len(people), index=index, base="" if n == 1 else "../../",
                                     start=(n - 1) * PAGE_SIZE))
