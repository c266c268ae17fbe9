"""Translate: what the checks and the contributor help say in another language than English.

build_scripts/translations/<lang>.yml holds one language: its direction, the printers' own words, each
problem code's summary, why and fix (keyed by code, the English declared once in problems.py), and each
profile field's description (keyed by its path on the field reference), and under `form:` the profile
form's own words (the tables of build_scripts/form/words.py, and the names of the form's choices). Every
entry carries `en:`, a fingerprint of the English it translates, so a test names the entries whose English
has changed since.

A problem in another language keeps its file, line, column, code and field path; its text is the code's
summary and fix in that language, and the English message and hint as the detail: they quote the values
and suggestions the check found, which are never machine-translated.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from .config import SettingsError
from .load import load_text
from .problems import CODES, Problem, _gh_escape, _md_text

FOLDER = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("en", "ar")               # en is problems.py itself; each other one is a file in FOLDER
CODE_PARTS = ("summary", "why", "fix")


@dataclass(frozen=True)
class Entry:
    """One code's words in a language; `en` the fingerprint of the English they translate."""
    summary: str
    why: str
    fix: str
    en: str = ""


@dataclass(frozen=True)
class Translation:
    lang: str
    name: str                          # the language's own name: العربية
    direction: str                     # rtl or ltr
    words: dict                        # the printers' and pages' own words
    codes: dict                        # code -> Entry
    fields: dict                       # field path -> (text, en fingerprint)
    types: dict                        # the field reference's English type -> its words here
    form: dict                         # the profile form's words: section -> key -> {text, hint, en}
    entries: dict                      # what the file holds, as written: for check()

    # --- a problem in this language ---------------------------------------------------------------

    def entry(self, code: str) -> Entry:
        """The code's words here; the English declaration where the file has none yet (a test fails)."""
        c = CODES[code]
        return self.codes.get(code) or Entry(c.summary, c.why, c.fix)

    def english(self, p: Problem) -> str:
        """The check's own message and hint: the values and suggestions it found, as it wrote them."""
        return p.message + (f" ({p.hint})" if p.hint else "")

    def text(self, p: Problem) -> str:
        """The location, code and field as in English, the summary here; then the English detail and the fix."""
        head = dataclasses.replace(p, message=self.entry(p.code).summary).text()
        return (f"{head}\n    {self.words['english']}: {self.english(p)}\n"
                f"    {self.words['fix']}: {self.entry(p.code).fix}\n")

    def github(self, p: Problem) -> str:
        """A GitHub annotation: title as in English (code and name), the body in this language."""
        level = "error" if p.is_error else "warning"
        where = f"{p.where}: " if p.where else ""
        body = (f"{where}{self.entry(p.code).summary}\n{self.words['english']}: {self.english(p)}\n"
                f"{self.words['fix']}: {self.entry(p.code).fix}")
        place = "".join(f",{k}={v}" for k, v in (("line", p.line), ("col", p.col)) if v is not None)
        return (f"::{level} file={_gh_escape(p.file, True)}{place},"
                f"title={_gh_escape(p.code + ' ' + CODES[p.code].name, True)}::{_gh_escape(body)}\n")

    def json_item(self, p: Problem) -> dict:
        return {"file": p.file, "line": p.line, "col": p.col, "code": p.code, "severity": p.severity,
                "where": p.where, "message": self.entry(p.code).summary, "hint": self.entry(p.code).fix,
                "lang": self.lang, "english": {"message": p.message, "hint": p.hint}}

    def summary_line(self, problems: list[Problem], files_checked: int) -> str:
        if not problems:
            return self.words["all_good"].format(checked=files_checked)
        errors = sum(p.is_error for p in problems)
        return self.words["counts"].format(errors=errors, warnings=len(problems) - errors,
                                           files=len({p.file for p in problems}), checked=files_checked)

    def summary_markdown(self, problems: list[Problem], files_checked: int, docs_url: str = "") -> str:
        """The step summary's table in this language; everything a pull request can influence escaped."""
        w = self.words
        lines = [f"## {w['summary_title']}", "", self.summary_line(problems, files_checked), ""]
        if problems:
            lines += [f"| | {w['file']} | {w['line']} | {w['code']} | {w['what_to_fix']} |", "|---|---|---|---|---|"]
            for p in problems:
                mark = "❌" if p.is_error else "⚠️"
                code = f"[{p.code}]({docs_url}#{p.code.lower()})" if docs_url else p.code
                where = f"<code>{_md_text(p.where)}</code>: " if p.where else ""
                text = (where + _md_text(self.entry(p.code).summary) + f"<br>{_md_text(self.entry(p.code).fix)}"
                        + f"<br><span lang=\"en\" dir=\"ltr\">{_md_text(self.english(p))}</span>")
                lines.append(f"| {mark} | <code>{_md_text(p.file)}</code> | {p.line} | {code} | {text} |")
        return "\n".join(lines) + "\n"

    # --- the field reference ------------------------------------------------------------------------

    def field(self, path: str, english: str) -> str:
        """A field's description here; its English one where the file has none yet (a test fails)."""
        return self.fields.get(path, (english, ""))[0]


# A translated text as Markdown for a page: `code` spans left for Markdown to show as written (and keep left
# to right), the rest escaped as HTML, so `<your-id>` shows as typed whether or not it is in backticks.
def markdown_text(text: str) -> Markup:
    parts = re.split(r"(`+[^`]*`+)", text)
    return Markup("".join(part if i % 2 else str(escape(part)) for i, part in enumerate(parts)))


def fingerprint(*english: str) -> str:
    """Eight hex digits naming the English an entry translates: when it changes, so does this."""
    return hashlib.sha256("\n".join(english).encode("utf-8")).hexdigest()[:8]


def code_fingerprint(code: str) -> str:
    c = CODES[code]
    return fingerprint(c.summary, c.why, c.fix)


@lru_cache(maxsize=None)
def translation(lang: str) -> Translation:
    """The translation file of `lang`, read through the profile loader (safe YAML, line and column kept);
    a file that cannot be read or has the wrong shape stops the command, saying where."""
    path = FOLDER / f"{lang}.yml"
    shown = f"build_scripts/translations/{lang}.yml"
    try:
        doc = load_text(path.read_text(encoding="utf-8"), shown)
    except (OSError, UnicodeDecodeError) as e:
        raise SettingsError(f"{shown}: cannot be read ({e})") from e
    if doc.problems:
        raise SettingsError("\n".join(p.text() for p in doc.problems))
    data = doc.data
    for part in ("name", "direction", "words", "codes", "fields", "types"):
        if part not in data:
            raise SettingsError(f"{shown}:{doc.position((part,))[0]}: '{part}:' is missing")
    codes, fields, form = data["codes"] or {}, data["fields"] or {}, data.get("form") or {}
    form_entries = [e for section in form.values() if isinstance(section, dict) for e in section.values()]
    if not all(isinstance(v, dict) for v in (*codes.values(), *fields.values(), data["words"], data["types"], form,
                                             *form.values(), *form_entries)):
        raise SettingsError(f"{shown}: each code, each field and each word of the form is a set of 'part: text' lines")
    return Translation(
        lang=lang, name=str(data["name"]), direction=str(data["direction"]),
        words={k: str(v) for k, v in data["words"].items()},
        codes={k: Entry(*(str(v.get(part) or "") for part in (*CODE_PARTS, "en"))) for k, v in codes.items()},
        fields={k: (str(v.get("text") or ""), str(v.get("en") or "")) for k, v in fields.items()},
        types={k: str(v) for k, v in data["types"].items()},
        form={s: {k: {part: str(v) for part, v in e.items() if v is not None} for k, e in section.items()}
              for s, section in form.items()},
        entries={"codes": codes, "fields": fields, "at": doc.value_at, "file": shown})


def check(lang: str, field_descriptions: dict[str, str]) -> list[str]:
    """What the translation lacks or holds wrongly, one line each with its place in the file: a declared
    code or a field without an entry, an entry missing a part, an entry for a code or field that does not
    exist, and an entry whose English has changed since it was translated (with the new fingerprint)."""
    t = translation(lang)
    file, at = t.entries["file"], t.entries["at"]

    def place(*path) -> str:
        return f"{file}:{at.get(tuple(path), (1, 1))[0]}"

    out = []
    for code in CODES:
        entry = t.entries["codes"].get(code)
        if entry is None:
            out.append(f"{file}: {code} has no entry under codes: (write summary, why, fix and en: {code_fingerprint(code)})")
            continue
        out += [f"{place('codes', code)}: {code} has no {part}" for part in CODE_PARTS if not str(entry.get(part) or "").strip()]
        if str(entry.get("en") or "") != code_fingerprint(code):
            out.append(f"{place('codes', code)}: {code}'s English has changed since it was translated: check the "
                       f"summary, why and fix against problems.py, then write en: {code_fingerprint(code)}")
    out += [f"{place('codes', code)}: {code} is not a declared problem code" for code in t.entries["codes"] if code not in CODES]
    for path, english in field_descriptions.items():
        entry = t.entries["fields"].get(path)
        if entry is None:
            out.append(f"{file}: the field {path} has no entry under fields: (write text and en: {fingerprint(english)})")
        elif not str(entry.get("text") or "").strip():
            out.append(f"{place('fields', path)}: the field {path} has no text")
        elif str(entry.get("en") or "") != fingerprint(english):
            out.append(f"{place('fields', path)}: the description of {path} has changed in the schema since it was "
                       f"translated: check the text, then write en: {fingerprint(english)}")
    out += [f"{place('fields', path)}: {path} is not a field of the profile schema"
            for path in t.entries["fields"] if path not in field_descriptions]
    return out


def check_form(lang: str, english: dict[str, dict[str, dict[str, str]]]) -> list[str]:
    """What the translation of the profile form lacks or holds wrongly, as check() says it for codes:
    `english` is section -> key -> part -> English text (form.fields.english_words()); each entry needs
    every part whose English is not empty, and `en:` the fingerprint of the English parts in their order."""
    t = translation(lang)
    file, at = t.entries["file"], t.entries["at"]
    out = []
    for section, words in english.items():
        mine = t.form.get(section, {})
        for key, parts in words.items():
            entry, en = mine.get(key), fingerprint(*parts.values())
            place = f"{file}:{at.get(('form', section, key), (1, 1))[0]}"
            if entry is None:
                out.append(f"{file}: the form's {section} {key!r} has no entry under form: (write "
                           f"{', '.join(p for p, v in parts.items() if v)} and en: {en})")
                continue
            out += [f"{place}: the form's {section} {key!r} has no {part}" for part, v in parts.items()
                    if v and not entry.get(part, "").strip()]
            if entry.get("en", "") != en:
                out.append(f"{place}: the form's {section} {key!r} has changed in English since it was translated: "
                           f"check the translation, then write en: {en}")
        out += [f"{file}:{at.get(('form', section, key), (1, 1))[0]}: the form has no {section} {key!r}"
                for key in mine if key not in words]
    out += [f"{file}:{at.get(('form', section), (1, 1))[0]}: the form has no words called {section!r}"
            for section in t.form if section not in english]
    return out
