"""Render: selected profiles and reference data in, pages written into the staging docs directory.

Contributed Markdown is turned into HTML here and sanitised with an allowlist (nh3); Jinja
autoescapes everything else. Pages are Markdown files holding one raw HTML block, so that
MkDocs (or its successor) only wraps them in the theme.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jinja2
import markdown
import nh3

from .config import Config
from .problems import CODES
from .schema import profile_schema
from .select import Published
from .vocab import Vocabulary

TEMPLATES = Path(__file__).resolve().parent / "templates"
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "h3", "h4", "hr"}
LEVELS = {"beginner": 1, "intermediate": 2, "advanced": 3, "expert": 4}
CEFR = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]


def sanitise_markdown(text: str) -> str:
    """Markdown from a contributor -> safe HTML: allowlisted tags, https/mailto links, rel=nofollow ugc noopener."""
    html = markdown.markdown(text or "", extensions=[], output_format="html")
    html = re.sub(r"<h[12]\b", "<h3", re.sub(r"</h[12]>", "</h3>", html))  # page owns h1/h2
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"https", "mailto"}, link_rel="nofollow ugc noopener", strip_comments=True)


def safe_url(url) -> str:
    """An https URL as given, or '' for anything else (the validator reports it; render never trusts it)."""
    return url if isinstance(url, str) and re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s\"'<>`]*)?", url) else ""


def environment(config: Config, vocab: Vocabulary) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["markdown"] = lambda s: jinja2.filters.Markup(sanitise_markdown(s))
    env.filters["safe_url"] = safe_url
    env.filters["language"] = vocab.language_name
    env.filters["country"] = lambda c: vocab.countries.get(c, c)
    env.filters["track"] = lambda t: vocab.tracks.get(t, {}).get("name", t)
    env.filters["month"] = _month
    env.filters["tojson_attr"] = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    env.globals.update(config=config, vocab=vocab, LEVELS=LEVELS, CEFR=CEFR)
    return env


def _month(value) -> str:
    if not isinstance(value, str):
        return ""
    try:
        d = dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return value
    return d.strftime("%b %Y")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def card(p: Published, vocab: Vocabulary) -> dict:
    """What the directory needs to show and filter one person: small, and only published fields."""
    d = p.data
    return {
        "id": p.id,
        "name": d["name"],
        "headline": d["headline"],
        "status": d["availability"]["status"],
        "hours": d["availability"].get("hours_per_week", 0),
        "engagement": d["availability"].get("engagement", []),
        "skills": [s["name"] for s in d["skills"]],
        "languages": {l["code"].split("-")[0].lower(): l["level"] for l in d["languages"]},
        "tracks": d.get("tracks", []),
        "tz": d["timezone"],
        "hours_local": [d.get("working_hours", {}).get("start", "09:00"), d.get("working_hours", {}).get("end", "17:00")],
        "country": d.get("country"),
    }


def render_profiles(published: list[Published], docs: Path, env: jinja2.Environment, vocab: Vocabulary) -> None:
    template = env.get_template("profile.md.j2")
    for p in published:
        verified = vocab.verified_tracks.get(p.id, set())
        _write(docs / "talent" / f"{p.id}.md", template.render(p=p, d=p.data, verified=verified,
                                                               edit_url=env.globals["config"].edit_url(p.file)))


def render_directory(published: list[Published], docs: Path, env: jinja2.Environment, vocab: Vocabulary) -> None:
    order = {"available": 0, "open": 1, "placed": 2, "unavailable": 3}
    people = sorted(published, key=lambda p: (order[p.data["availability"]["status"]], p.data["name"].casefold(), p.id))
    cards = [card(p, vocab) for p in people]
    _write(docs / "talent" / "index.md", env.get_template("directory.md.j2").render(people=people, cards=cards))


def render_reference(docs: Path, env: jinja2.Environment, vocab: Vocabulary) -> None:
    """Contributor reference pages generated from the schema, the problem codes and the vocabularies."""
    schema = profile_schema()
    _write(docs / "contributing" / "fields.md",
           env.get_template("fields.md.j2").render(rows=field_rows(schema, "", schema.get("required", []))))
    _write(docs / "contributing" / "problem-codes.md", env.get_template("problem-codes.md.j2").render(codes=CODES.values()))
    by_cat: dict = {}
    for s in vocab.skills.values():
        by_cat.setdefault(s["category"], []).append(s)
    _write(docs / "contributing" / "skills-and-tracks.md",
           env.get_template("skills-and-tracks.md.j2").render(by_cat=by_cat))


def field_rows(schema: dict, prefix: str = "", required=()) -> list[dict]:
    """One row per field of the schema, nested fields included, in the schema's order."""
    rows = []
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        kind = sub.get("type", "")
        item = sub.get("items", {}) if kind == "array" else {}
        rows.append({
            "path": path, "required": name in (required or ()),
            "type": f"list of {item.get('type', 'text')}" if kind == "array" else kind,
            "description": sub.get("description", ""),
            "allowed": sub.get("enum") or item.get("enum") or [],
            "limit": sub.get("maxLength") or sub.get("maxItems") or "",
            "example": sub.get("examples", [""])[0],
        })
        if kind == "object":
            rows += field_rows(sub, path + ".", sub.get("required", []))
        elif item.get("type") == "object":
            rows += field_rows(item, path + "[].", item.get("required", []))
    return rows


def render_all(published: list[Published], docs: Path, config: Config, vocab: Vocabulary) -> None:
    env = environment(config, vocab)
    render_profiles(published, docs, env, vocab)
    render_directory(published, docs, env, vocab)
    render_reference(docs, env, vocab)
