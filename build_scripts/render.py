"""Render: selected profiles and reference data in, pages written into the staging docs directory.

Contributed Markdown is turned into HTML here and sanitised with an allowlist (nh3); Jinja
autoescapes everything else. Pages are Markdown files holding one raw HTML block, so that
MkDocs (or its successor) only wraps them in the theme.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
import nh3

from .cards import (BLANK_FACTS, CEFR, CEFR_LABELS, ENGAGEMENT_LABELS, STATUS_LABELS, card_facts,
                    card_index, directory_order, long_date, month_year, shown_status, working_languages)
from .clock import consent_today
from .config import Config
from .images import PhotoError, share_card, write_photo
from .load import load_text
from .problems import CODES
from .qr import qr_svg
from .schema import is_https_url, profile_schema
from .select import Published, offset_zone
from .vocab import Vocabulary, country_zones, offset_minutes

TEMPLATES = Path(__file__).resolve().parent / "templates"
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "h3", "h4", "hr"}


# CommonMark, as on GitHub; raw HTML in a profile is shown as text, never passed through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def sanitise_markdown(text: str) -> str:
    """Markdown from a contributor -> safe HTML: allowlisted tags, https links only, rel=nofollow ugc noopener.

    No mailto: or tel: links: the site publishes no contact details (validate refuses them, P033).

    Plain paragraphs, as most summaries are, skip the parser: their HTML is known, and a
    property test holds both ways to the same output.
    """
    text = text or ""
    return _plain_html(text) if is_plain(text) else _parsed_html(text)


# Characters that start any Markdown or HTML construct (or that the sanitiser would rewrite),
# lines that start like a block (list, heading, code, quote) and lines ending in a hard break.
_MARKUP = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\xa0#*_`\[\]<>&\\~|=+]")
_BLOCK_START = re.compile(r"^(?!\n)[\s\d-]", re.MULTILINE)
_LINE_END_SPACE = re.compile(r"[^\S\n]$", re.MULTILINE)


def is_plain(text: str) -> bool:
    return not (_MARKUP.search(text) or _BLOCK_START.search(text) or _LINE_END_SPACE.search(text))


def _plain_html(text: str) -> str:
    return "".join(f"<p>{para}</p>\n" for para in re.split(r"\n{2,}", text.strip("\n")) if para)


def _parsed_html(text: str) -> str:
    html = _MARKDOWN.render(text)
    html = re.sub(r"<h[12]\b", "<h3", re.sub(r"</h[12]>", "</h3>", html))  # page owns h1/h2
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"https"}, link_rel="nofollow ugc noopener", strip_comments=True)


# Characters YAML will not read as themselves inside double quotes: controls, its own line breaks,
# a byte-order mark, non-characters, and halves of a surrogate pair.
_YAML_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def front_matter_text(value) -> jinja2.filters.Markup:
    """Text as a YAML double-quoted string for a page's front matter, every other character as itself.

    (Jinja's tojson writes an emoji as two \\ud83c-style escapes, which YAML reads as two broken
    characters: MkDocs then dropped the whole front matter.) Autoescape has run before this filter.
    """
    text = _SURROGATE.sub("\ufffd", str(value)).replace("\\", "\\\\").replace('"', '\\"')
    return jinja2.filters.Markup('"' + _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + '"')


def safe_url(url) -> str:
    """An https URL as given, or '' for anything else: the schema's https-url rule, so a link that passes
    the check is on the page (the validator reports the others; render never trusts them)."""
    return url if is_https_url(url) else ""


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


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_whole(path: Path, text: str) -> None:
    """Write a page that MkDocs may be waiting for: aside first, then renamed, so it appears whole."""
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


# "Edit this profile" leads to the contributor help (from talent/<id>/), never to the file: the
# file is public anyway, but a link from every page sends employers to read it raw.
EDIT_HELP = "../../contributing/profile/#edit-your-profile"
# What "verified by the programme" and "self-assessed" mean, on the about page (from the site root).
ABOUT_ASSESSMENT = "about/#how-people-are-trained-and-assessed"
# The language level the home page counts as a working language, and the directory's filter starts at.
WORKING_LEVEL = "B2"
PAGE_SIZE = 48


def json_resume(p: Published, config: Config, vocab: Vocabulary) -> dict:
    """The profile as a JSON Resume (jsonresume.org schema 1.0), from published fields only."""
    d = p.data
    url = f"{config.site_url.rstrip('/')}/talent/{p.id}/"
    out = {"$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
           "basics": _resume_basics(d, url)}
    out["work"] = [_given({"name": j["organisation"], "position": j["title"], "startDate": j["start"],
                           "endDate": j.get("end"), "summary": j.get("summary")})
                   for j in d.get("experience", [])]
    out["education"] = [_resume_education(e) for e in d.get("education", [])]
    out["certificates"] = [_given({"name": c["name"], "issuer": c["issuer"], "date": c["date"],
                                   "url": safe_url(c.get("url"))})
                           for c in d.get("certificates", [])]
    out["skills"] = [{"name": s["name"], "level": s["level"]} for s in d["skills"]]
    out["languages"] = [{"language": vocab.language_name(l["code"]), "fluency": l["level"]} for l in d["languages"]]
    out["projects"] = [_given({"name": w["title"], "url": safe_url(w["url"]), "description": w.get("description")})
                       for w in d.get("portfolio", [])]
    out["meta"] = _given({"canonical": url + "resume.json", "version": "v1.0.0", "lastModified": d.get("updated", "")})
    return out


# a JSON Resume object without its empty fields (the schema has no nulls)
def _given(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v}


# JSON Resume "basics": name, headline, page, summary, safe links, and the country if shown
def _resume_basics(d: dict, url: str) -> dict:
    basics = {"name": d["name"], "label": d["headline"], "url": url, "summary": d["summary"].strip(),
              "profiles": [{"network": {"linkedin": "LinkedIn", "github": "GitHub", "website": "Website"}[k], "url": u}
                           for k, u in sorted(d.get("links", {}).items()) if safe_url(u)]}
    if d.get("country"):
        basics["location"] = {"countryCode": d["country"]}
    return basics


# one study as JSON Resume "education": completed or not, and the year if given
def _resume_education(e: dict) -> dict:
    return _given({"institution": e["institution"], "area": e["title"],
                   "studyType": "Completed" if e["completed"] else "Not completed",
                   "endDate": str(e["year"]) if e.get("year") else None})


def render_profile_pages(published: list[Published], docs: Path, config: Config, vocab: Vocabulary,
                         repo: Path, today: dt.date | None = None) -> list[str]:
    """Each profile's photo, JSON Resume and page, in that order. Returns messages for the log.

    Called on a slice of the profiles in each build worker, so it needs nothing but its own slice.
    The page comes last and appears whole (written aside, then renamed): MkDocs may be reading
    pages while this runs, and a page that exists means its profile is complete. `today` (default:
    the consent day) decides whether a start date is still to come.
    """
    today = today or consent_today()
    env = environment(config, vocab)
    template = env.get_template("profile.md.j2")
    talent = docs / "talent"
    talent.mkdir(parents=True, exist_ok=True)
    messages = []
    for p in published:
        (talent / p.id).mkdir(exist_ok=True)
        photo = None
        if p.data.get("photo"):          # present only with photo consent (select.public_view)
            try:
                photo = write_photo(repo / p.data["photo"], talent / p.id)
            except (PhotoError, OSError) as e:
                messages.append(f"{p.file}: photo left out: {e}")
        (talent / p.id / "resume.json").write_text(
            json.dumps(json_resume(p, config, vocab), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        page = template.render(p=p, d=p.data, c=card_facts(p, vocab, today), verified=p.verified, photo=photo,
                               edit_url=EDIT_HELP)
        write_whole(talent / f"{p.id}.md", page)
    return messages


# What the pages that show everyone (directory, cards.json, home snapshot) read of a profile.
CARD_FIELDS = ("name", "headline", "availability", "languages", "skills", "tracks", "timezone", "working_hours")


def card_view(p: Published) -> Published:
    return Published(p.id, p.file, {k: p.data[k] for k in CARD_FIELDS if k in p.data}, p.verified)


def render_directory(published: list[Published], docs: Path, env: jinja2.Environment, vocab: Vocabulary,
                     today: dt.date) -> None:
    """talent/cards.json, and the directory's pages of cards; page 1 carries the card template for the script."""
    people = directory_order(published, today)
    index = card_index(people, vocab, today)
    _write(docs / "talent" / "cards.json", json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    # what the time-zone field knows of countries, fetched only when what is typed names no zone or city
    _write(docs / "talent" / "countries.json",
           json.dumps(country_zones(vocab.countries), ensure_ascii=False, separators=(",", ":")))
    pages = [people[i:i + PAGE_SIZE] for i in range(0, len(people), PAGE_SIZE)] or [[]]
    template = env.get_template("directory.md.j2")
    for n, chunk in enumerate(pages, start=1):
        path = docs / "talent" / ("index.md" if n == 1 else f"page/{n}.md")
        _write(path, template.render(cards=[card_facts(p, vocab, today) for p in chunk], page=n, pages=len(pages),
                                     total=len(people), index=index, base="" if n == 1 else "../../",
                                     start=(n - 1) * PAGE_SIZE))


def snapshot(published: list[Published], vocab: Vocabulary, today: dt.date) -> dict:
    """The home page's live figures: who is available, the pool's top skills and languages, and every
    UTC offset people work at today (the count of time zones is the length of that list)."""
    from collections import Counter
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
    _write(docs / "contributing" / "commands.md", env.get_template("commands.md.j2").render(commands=command_help()))
    render_contributor_help(docs, env)
    render_contact(docs, env)


def command_help() -> list[tuple[str, str]]:
    """(name, --help text) for every command of `python -m build_scripts`, from its own parser, so
    the reference page cannot fall behind the code. Wrapped at 100 columns whatever the terminal."""
    import argparse

    from .__main__ import parser
    [commands] = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    out = []
    for name, sub in commands.choices.items():
        formatter = sub.formatter_class
        sub.formatter_class = lambda prog, formatter=formatter: formatter(prog, width=100)
        out.append((name, sub.format_help().strip()))
    return out


def render_contact(docs: Path, env: jinja2.Environment) -> None:
    """Where a hand-written page (the hiring guides, about) says how to reach the programme, at its
    <!-- portal:contact --> marker: the address and reply time from portal.yml, never typed twice."""
    text = env.get_template("contact.md.j2").render().strip()
    # profiles (talent/) are contributed, and still being written: never looked at
    folders = [d for d in docs.iterdir() if d.is_dir() and d.name != "talent"]
    for page in [*docs.glob("*.md"), *(p for d in folders for p in d.rglob("*.md"))]:
        source = page.read_text(encoding="utf-8")
        if "<!-- portal:contact -->" in source:
            page.write_text(source.replace("<!-- portal:contact -->", text), encoding="utf-8")


def render_contributor_help(docs: Path, env: jinja2.Environment) -> None:
    """Fill the staged copy of the hand-written contributor help at its markers: links to the
    repository and its issues (portal.yml), and the profile template itself, to copy from the page."""
    page = docs / "contributing" / "profile.md"
    if not page.exists():
        return
    config = env.globals["config"]
    template = (docs / "contributing" / "profile-template.yaml").read_text(encoding="utf-8")
    fence = "`" * max(3, 1 + max(map(len, re.findall("`+", template)), default=0))
    text = page.read_text(encoding="utf-8")
    text = text.replace("<!-- portal:repository -->", env.get_template("contributor-links.md.j2").render(
        repo=config.repository_url.rstrip("/"), branch=config.branch).strip())
    text = text.replace("<!-- portal:template -->", f"{fence}yaml\n{template.rstrip(chr(10))}\n{fence}")
    page.write_text(text, encoding="utf-8")


def field_rows(schema: dict, prefix: str = "", required=()) -> list[dict]:
    """One row per field of the schema, nested fields included, in the schema's order."""
    rows = []
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        kind = sub.get("type", "")
        if isinstance(kind, list):      # ["string", "null"]: text, or nothing after the colon
            kind = " or ".join("empty" if k == "null" else k for k in kind)
        item = sub.get("items", {}) if kind == "array" else {}
        rows.append({
            "path": path, "required": name in (required or ()),
            "type": f"list of {item.get('type', 'text')}" if kind == "array" else kind,
            "description": sub.get("description", ""),
            "allowed": sub.get("enum") or item.get("enum") or [],
            "limit": sub.get("maxLength") or sub.get("maxItems") or "",
            "example": yaml_example(sub.get("examples", [None])[0]),
        })
        if kind == "object":
            rows += field_rows(sub, path + ".", sub.get("required", []))
        elif item.get("type") == "object":
            rows += field_rows(item, path + "[].", item.get("required", []))
    return rows


def yaml_example(value, in_list: bool = False) -> str:
    """A schema example as a profile writes it: true, 20, [freelance, part-time], and text in
    quotes only where the profile loader would not read it back as written ("" for a set of fields)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and not in_list:
        return "[" + ", ".join(yaml_example(v, in_list=True) for v in value) + "]"
    if not isinstance(value, str) or not value:
        return ""
    line = f"x: [{value}]" if in_list else f"x: {value}"
    doc = load_text(line + "\n", "example")
    read = doc.data.get("x") if isinstance(doc.data, dict) else None
    same = read == ([value] if in_list else value)
    return value if same and not doc.problems else json.dumps(value, ensure_ascii=False)


def render_shared(published: list[Published], docs: Path, config: Config, vocab: Vocabulary,
                  today: dt.date | None = None) -> None:
    """The pages that show everyone published (directory, home) and the pages that show no one.
    `today` (default: the consent day) decides whether a start date is still to come."""
    today = today or consent_today()
    env = environment(config, vocab)
    render_directory(published, docs, env, vocab, today)
    render_home(published, docs, env, vocab, today)
    _write(docs / "shortlist.md", env.get_template("shortlist.md.j2").render())
    share_card(config.programme_name, config.tagline, docs / "assets" / "portal" / "og-card.png")
    render_reference(docs, env, vocab)
