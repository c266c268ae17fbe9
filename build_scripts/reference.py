"""Reference: the contributor pages generated from their sources (fields from the schema, problem codes,
skills and tracks from the vocabularies, commands from the CLI's own parser), and the hand-written
pages' markers filled from portal.yml (contact, repository links, the profile template)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2

from .config import SettingsError
from .load import load_text
from .pages import write_page
from .problems import CODES
from .schema import profile_schema
from .translate import LANGUAGES, Translation, markdown_text, translation
from .vocab import Vocabulary


def render_reference(docs: Path, env: jinja2.Environment, vocab: Vocabulary) -> None:
    """Contributor reference pages generated from the schema, the problem codes and the vocabularies."""
    schema = profile_schema()
    write_page(docs / "contributing" / "fields.md",
           env.get_template("fields.md.j2").render(rows=field_rows(schema, "", schema.get("required", []))))
    write_page(docs / "contributing" / "problem-codes.md", env.get_template("problem-codes.md.j2").render(codes=CODES.values()))
    by_cat: dict = {}
    for s in vocab.skills.values():
        by_cat.setdefault(s["category"], []).append(s)
    write_page(docs / "contributing" / "skills-and-tracks.md",
           env.get_template("skills-and-tracks.md.j2").render(by_cat=by_cat))
    write_page(docs / "contributing" / "commands.md", env.get_template("commands.md.j2").render(commands=command_help()))
    render_contributor_help(docs, env)
    for lang in LANGUAGES[1:]:
        render_translated_help(docs, env, translation(lang))
    render_contact(docs, env)


def render_translated_help(docs: Path, env: jinja2.Environment, t: Translation) -> None:
    """The contributor help in another language, under docs/<lang>/: the field reference and the problem
    codes made from the same schema and declarations as the English pages, in that language's words
    (translate.py; templates NAME.<lang>.md.j2), and the hand-written page's markers filled in it."""
    schema = profile_schema()
    rows = field_rows(schema, "", schema.get("required", []))
    write_page(docs / t.lang / "fields.md",
               env.get_template(f"fields.{t.lang}.md.j2").render(rows=rows, t=t, text=markdown_text))
    write_page(docs / t.lang / "problem-codes.md", env.get_template(f"problem-codes.{t.lang}.md.j2").render(
        codes=CODES.values(), t=t, text=markdown_text))
    render_contributor_help(docs, env, t.lang)


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
            source = source.replace("<!-- portal:contact -->", text)
            page.write_text(source, encoding="utf-8")
        # every marker is filled by now (this runs last): one left is mistyped, and would vanish
        # from the page as an HTML comment, leaving "write to ." behind
        if left := re.search(r"<!--\s*portal:.*?-->", source, re.S):
            raise SettingsError(f"docs/{page.relative_to(docs).as_posix()}: {left.group()!r} is not a marker the "
                                "build fills; write <!-- portal:contact --> (or snapshot, partners, repository, template) exactly")


def render_contributor_help(docs: Path, env: jinja2.Environment, lang: str = "en") -> None:
    """Fill the staged copy of the hand-written contributor help at its markers: links to the
    repository and its issues (portal.yml), and the profile template itself, to copy from the page.
    In another language (docs/<lang>/profile.md) its links and contact come from NAME.<lang>.md.j2."""
    page = docs / "contributing" / "profile.md" if lang == "en" else docs / lang / "profile.md"
    suffix = "" if lang == "en" else f".{lang}"
    if not page.exists():
        return
    config = env.globals["config"]
    template = (docs / "contributing" / "profile-template.yaml").read_text(encoding="utf-8")
    fence = "`" * max(3, 1 + max(map(len, re.findall("`+", template)), default=0))
    text = page.read_text(encoding="utf-8")
    text = text.replace("<!-- portal:repository -->", env.get_template(f"contributor-links{suffix}.md.j2").render(
        repo=config.repository_url.rstrip("/"), branch=config.branch).strip())
    text = text.replace("<!-- portal:template -->", f"{fence}yaml\n{template.rstrip(chr(10))}\n{fence}")
    if suffix:      # the contact in the page's language; render_contact fills the English pages' after this
        text = text.replace("<!-- portal:contact -->", env.get_template(f"contact{suffix}.md.j2").render().strip())
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
