"""Home: the live snapshot on the home page (who is available, top skills and languages, time zones),
put into the staged copy of the hand-written page at its marker."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import jinja2

from .cards import CEFR, shown_status, working_languages
from .pages import WORKING_LEVEL
from .select import Published, offset_zone
from .vocab import Vocabulary, offset_minutes


def snapshot(published: list[Published], vocab: Vocabulary, today: dt.date) -> dict:
    """The home page's live figures: who is available, the pool's top skills and languages, and every
    UTC offset people work at today (the count of time zones is the length of that list)."""
    status = Counter(shown_status(p.data["availability"], today) for p in published)
    skills = Counter(s["name"] for p in published for s in p.data["skills"])
    working = CEFR[CEFR.index(WORKING_LEVEL):]
    langs = Counter(vocab.language_name(code) for p in published
                    for code, level in working_languages(p.data["languages"]) if level in working)
    zones = Counter(offset_zone(z, today) if "/" in z else z for p in published for z in [p.data["timezone"]])
    return {"total": len(published), "status": status, "skills": skills.most_common(10),
            "languages": langs.most_common(8), "zones": sorted(zones.items(), key=lambda z: offset_minutes(z[0]))}


def render_home(published: list[Published], docs: Path, env: jinja2.Environment, vocab: Vocabulary,
                today: dt.date) -> None:
    """Put the live snapshot into the staged copy of the hand-written home page, at its marker."""
    home = docs / "index.md"
    html = env.get_template("snapshot.html.j2").render(s=snapshot(published, vocab, today))
    home.write_text(home.read_text(encoding="utf-8").replace("<!-- portal:snapshot -->", html), encoding="utf-8")
