"""Pages: what every rendered page shares. The Jinja environment (templates, filters, globals) and
writing a page into the staging docs directory.

Pages are Markdown files holding one raw HTML block, so that MkDocs (or its successor) only wraps
them in the theme.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from .cards import (BLANK_FACTS, CEFR, CEFR_LABELS, ENGAGEMENT_LABELS, STATUS_LABELS, long_date, month_year,
                    working_languages)
from .config import Config
from .qr import qr_svg
from .sanitise import front_matter_text, safe_url, sanitise_markdown
from .vocab import Vocabulary

TEMPLATES = Path(__file__).resolve().parent / "templates"

# What "verified by the programme" and "self-assessed" mean, on the about page (from the site root).
ABOUT_ASSESSMENT = "about/#how-people-are-trained-and-assessed"
# The language level the home page counts as a working language, and the directory's filter starts at.
WORKING_LEVEL = "B2"


def environment(config: Config, vocab: Vocabulary) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["markdown"] = lambda s: jinja2.filters.Markup(sanitise_markdown(s))
    env.filters["safe_url"] = safe_url
    env.filters["front_matter"] = front_matter_text
    env.filters["language"] = vocab.language_name
    env.filters["country"] = lambda c: vocab.countries.get(c, c)
    env.filters["track"] = lambda t: vocab.tracks.get(t, {}).get("name", t)
    env.filters["month"] = month_year
    env.filters["long_date"] = long_date
    env.filters["working_languages"] = working_languages
    env.filters["qr_svg"] = qr_svg
    env.globals.update(config=config, vocab=vocab, CEFR=CEFR, CEFR_LABELS=CEFR_LABELS, STATUS_LABELS=STATUS_LABELS,
                       ENGAGEMENT_LABELS=ENGAGEMENT_LABELS, BLANK_FACTS=BLANK_FACTS, ABOUT_ASSESSMENT=ABOUT_ASSESSMENT,
                       WORKING_LEVEL=WORKING_LEVEL)
    return env


# a page or JSON file, its folder made first
def write_page(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_whole(path: Path, text: str) -> None:
    """Write a page that MkDocs may be waiting for: aside first, then renamed, so it appears whole."""
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)
