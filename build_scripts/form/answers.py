"""Answers: the text GitHub makes of a filled-in form, read back into profile fields.

GitHub writes each answer under its question's label, as a "### Label" line, and "_No response_" for a
question left empty. Which form the issue was made with (English, Arabic) is the one whose first question
heads the earliest line: no answer can come before it, so no answer can pass for a heading of another
language's form, whose headings are then never looked for. The labels are looked for in the form's order,
so a line in an answer that looks like a later question's heading cannot hide an earlier answer.

Nothing here is guessed: an answer that cannot be read in the format the form shows is a problem at that
question and line, and is not written. Every value stays text unless the schema asks for a number or
yes/no; the check (validate) judges the rest, in its own words. Digits may be Arabic-Indic (٠-٩) where the
schema asks for a number, a date or a time, and a list's parts may be separated by an Arabic comma (،).
A problem's message is kept in English, with how the form said it, so a comment can say it in another language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..problems import CODES, ERROR
from ..translate import LANGUAGES
from ..vocab import Vocabulary
from . import words
from .fields import OWN, Field, column_key, form_fields

NO_RESPONSE = "_No response_"
MAX_BODY = 256 * 1024                 # characters; GitHub keeps an issue's text under 65,536
_PER_COLUMN = 20                      # room for a list item's "Name: " and a number, per field
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_CHECKBOX = re.compile(r"^\s*-\s*\[([ xX])\]\s*(.*?)\s*$")
_INT = re.compile(r"[-+]?[0-9]+")
_NUMBER = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")
_PARTS = re.compile("[,\u060c]")              # a comma, or the Arabic comma
# Arabic-Indic and Eastern Arabic-Indic digits, and the Arabic decimal separator, as the schema writes them
_DIGITS = str.maketrans("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
                        "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u066b", "01234567890123456789.")
_DIGIT_FORMATS = ("date", "year-month", "time-hm")


class _Clear:
    """The answer `none`: remove this field from the profile."""
    __slots__ = ()

    def __repr__(self) -> str:
        return "CLEAR"


CLEAR = _Clear()


@dataclass(frozen=True)
class Phrase:
    """Words of the places table filled in, inside a message: said in the language the message is shown in."""
    key: str
    values: tuple = ()                # (name, value) pairs

    def text(self, w: words.Words) -> str:
        return w.places[self.key].format(**dict(self.values))


@dataclass(frozen=True)
class FormProblem:
    """A problem at a question of the form: its label (in the form's language), and the line within that
    answer when it is a list. `message` and `hint` are English; `says` keeps how the form said them."""
    code: str
    message: str
    field: str = ""                   # "" for the whole form, or the profile file (anchor)
    line: int | None = None
    hint: str = ""
    says: tuple = ()                  # (table, key, ((name, value), ...)): the form's words, to say again
    anchor: str = "form"              # the place of a problem at no question: form or file

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"undeclared problem code {self.code!r}")

    @property
    def is_error(self) -> bool:
        return CODES[self.code].severity == ERROR

    def place_in(self, w: words.Words) -> str:
        if not self.field:
            return w.places[self.anchor]
        return w.places["line"].format(field=self.field, line=self.line) if self.line else self.field

    @property
    def place(self) -> str:
        return self.place_in(words.in_language("en"))

    def text(self) -> str:
        return f"{self.place}: {self.code} {self.message}"

    def said_in(self, w: words.Words) -> tuple[str | None, str | None]:
        """The message and the hint in w's language, where the form wrote them; None where validate did
        (its message, and its hint unless the form's replaces it)."""
        return _say(self.says, w) if self.says else (None, None)


def _say(says: tuple, w: words.Words) -> tuple[str | None, str]:
    """The words `says` names, filled in, in w's language: a message and its hint, or a hint alone."""
    table, key, values = says
    filled = {name: v.text(w) if isinstance(v, Phrase) else v for name, v in values}
    if table == "messages":
        message, hint = w.messages[key]
        return message.format(**filled), hint.format(**filled)
    return None, w.form_hints[key].format(**filled)


@dataclass
class Draft:
    """What the form asks for, before it meets the profile on file."""
    lang: str = "en"                  # the form's language
    reply: str = "en"                 # the language of the comments
    action: str = "update"            # update or remove
    wanted_id: str = ""
    values: dict = field(default_factory=dict)     # profile path -> value, or CLEAR
    consent: dict = field(default_factory=dict)    # photo, country -> True or False, as ticked
    keep_consent: bool = False        # a box left empty keeps what the profile says (the form's "keep")
    photo: str = ""                   # the photo answer as written
    places: dict = field(default_factory=dict)     # profile path -> (label, line within the answer or None)
    problems: list = field(default_factory=list)

    def problem(self, code: str, key: str, f: Field | None = None, line: int | None = None, **values):
        self.problems.append(form_problem(code, key, f.label if f else "", line, **values))


def form_problem(code: str, key: str, label: str = "", line: int | None = None, **values) -> FormProblem:
    """A problem of the form's own, in the words of words.MESSAGES[key] filled in with values (a Phrase
    among them is said in the message's language)."""
    says = ("messages", key, tuple(values.items()))
    message, hint = _say(says, words.in_language("en"))
    return FormProblem(code, message, label, line, hint, says=says)


def form_language(body: str) -> str | None:
    """The language of the form the issue was made with: the one whose first question heads the earliest
    line (None when no form's does)."""
    lines = [line.rstrip() for line in body.split("\n")]
    at = {}
    for lang in LANGUAGES:
        heading = f"### {form_fields(lang)[0].label}"
        at[lang] = next((i for i, line in enumerate(lines) if line == heading), None)
    found = [(i, lang) for lang, i in at.items() if i is not None]
    return min(found)[1] if found else None


def read_answers(body: str, fields=None) -> dict[str, str]:
    """The answer under each question's heading, by field id, without the blank lines around it ("" for
    "_No response_"); a question whose heading is missing is absent."""
    lines = body.split("\n")
    found: list[tuple[Field, int]] = []
    at = 0
    for f in fields or form_fields():
        heading = f"### {f.label}"
        index = next((i for i in range(at, len(lines)) if lines[i].rstrip() == heading), None)
        if index is not None:
            found.append((f, index))
            at = index + 1
    answers = {}
    for n, (f, index) in enumerate(found):
        end = found[n + 1][1] if n + 1 < len(found) else len(lines)
        chunk = lines[index + 1:end]
        text = "\n".join(chunk).strip()
        answers[f.id] = "" if text == NO_RESPONSE else text
    return answers


def read_form(body: str, vocab: Vocabulary) -> Draft:
    """The issue's text as a Draft: the action, the answers as profile values, and the problems found."""
    draft = Draft()
    if not isinstance(body, str) or len(body) > MAX_BODY:
        draft.problem("F005", "body")
        return draft
    body = body.encode("utf-8", "replace").decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lang = form_language(body)
    if lang is None:
        draft.problem("F005", "not-the-form", question=words.ACTION["label"])
        return draft
    draft.lang = draft.reply = lang
    fields = form_fields(lang)
    answers = read_answers(body, fields)
    for f in fields:
        if draft.action == "remove" and f.layout not in OWN:     # the rest of the form is not read
            break
        if f.id in answers:
            _READERS[f.layout](draft, f, answers[f.id], vocab)
    return draft


# --- one reader per kind of question --------------------------------------------------------------------

# What to do: update (also when left empty) or remove.
def _action(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    chosen = _option(f, answer)
    if answer and chosen is None:
        _not_offered(draft, f, answer)
    draft.action = chosen or "update"


# The language of the replies: the form's own when left empty.
def _reply(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    chosen = _option(f, answer)
    if answer and chosen is None:
        _not_offered(draft, f, answer)
    draft.reply = chosen or draft.lang


# One line of text (or a long text): the answer as it is; `none` removes it; a number where the schema asks one.
def _text(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    text = answer
    if not text:
        return
    if f.path == ("id",):
        draft.wanted_id = text.strip().translate(_DIGITS)
        return
    if f.options:                     # a dropdown: its choice as the schema writes it
        chosen = _option(f, text)
        if chosen is None:
            _not_offered(draft, f, text)
        else:
            _set(draft, f.path, chosen, f)
        return
    limit = f.schema.get("maxLength")
    if limit and len(text) > limit:
        draft.problem("P012", "too-long", f, length=len(text), limit=limit)
        return
    _set(draft, f.path, CLEAR if _is_none(draft, text) else _typed(text, f.schema), f)


# Checkboxes of a list: the ticked choices; none ticked keeps the list as it is.
def _choices(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    ticked = _ticked(draft, f, answer)
    if ticked:
        _set(draft, f.path, ticked, f)


# Keep or change consent: keep when left empty. An issue made before the form asked has no such question:
# its boxes mean what that form said, each time exactly what is shown.
def _consent_choice(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    chosen = _option(f, answer)
    if answer and chosen is None:
        _not_offered(draft, f, answer)
    draft.keep_consent = chosen != "change"


# The consent checkboxes: what is ticked (the profile's consent is then kept or changed, as chosen above).
def _consent(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    ticked = set(_ticked(draft, f, answer))
    draft.consent = {name: name in ticked for name, _ in f.options}
    draft.places.update({f.path + (name,): (f.label, None) for name, _ in f.options})


# The photo box: the attachment, read by photo.py; `none` deletes the photo.
def _upload(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    if len(answer) > 4000:
        draft.problem("F003", "photo-long", f)
        return
    if answer and _is_none(draft, answer):
        _set(draft, f.path, CLEAR, f)
        return
    draft.photo = answer
    draft.places[("photo",)] = (f.label, None)


# A list written one item a line: "Python, intermediate, 2".
def _lines(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    if not answer or not _fits(draft, f, answer):
        return
    if _is_none(draft, answer):
        _set(draft, f.path, CLEAR, f)
        return
    items = []
    for n, line in enumerate(answer.split("\n"), start=1):
        text = _BULLET.sub("", line).strip()
        if not text:
            continue
        parts = [p.strip() for p in _PARTS.split(text)]
        if len(parts) > len(f.columns):
            draft.problem("F002", "parts", f, n, n=n, parts=len(parts), count=len(f.columns),
                          columns=_joined(draft, (c.label for c in f.columns)), description=f.description)
            continue
        item = {c.name: _column_value(c, p, f, vocab) for c, p in zip(f.columns, parts) if p}
        draft.places[f.path + (len(items),)] = (f.label, n)
        items.append(item)
    _set(draft, f.path, items, f)


# A list written as blocks of "Name: value" lines, an empty line between items.
def _blocks(draft: Draft, f: Field, answer: str, vocab: Vocabulary) -> None:
    if not answer or not _fits(draft, f, answer):
        return
    if _is_none(draft, answer):
        _set(draft, f.path, CLEAR, f)
        return
    items: list[dict] = []
    block: _Block | None = None
    for n, line in enumerate(answer.split("\n"), start=1):
        if not line.strip():
            block = None
            continue
        if block is None:
            block = _Block(f, len(items), n)
            items.append(block.item)
            draft.places[f.path + (block.index,)] = (f.label, n)
        block.read(draft, line, n, vocab)
    _set(draft, f.path, items, f)


class _Block:
    """One item of a list written as "Name: value" lines; a line without a known name continues the last value.
    A name is the form's, the English form's, or the schema's."""

    def __init__(self, f: Field, index: int, line: int):
        self.f, self.index, self.item, self.key = f, index, {}, ""
        self.names = {}
        for c in f.columns:
            for name in (c.label, words.LABELS[column_key(f.path, c.name)], c.name):
                self.names.setdefault(name.casefold(), c)

    def read(self, draft: Draft, line: str, n: int, vocab: Vocabulary) -> None:
        name, sep, value = _BULLET.sub("", line).strip().partition(":")
        column = self.names.get(name.strip().rstrip("*").strip().casefold()) if sep else None
        if column is None and self.key:
            self.item[self.key] = "\n".join(v for v in (self.item.get(self.key, ""), line.strip()) if v)
            return
        if column is None:
            draft.problem("F002", "item-name", self.f, n, n=n, names=_joined(draft, (c.label for c in self.f.columns)),
                          description=self.f.description)
            return
        if column.name in self.item:
            draft.problem("F002", "twice", self.f, n, n=n, name=column.label)
            return
        self.key = column.name if column.schema.get("type") == "string" else ""
        if value.strip():
            self.item[column.name] = _column_value(column, value.strip(), self.f, vocab)
        draft.places[self.f.path + (self.index, column.name)] = (self.f.label, n)


_READERS = {"action": _action, "reply": _reply, "text": _text, "choices": _choices, "consent-choice": _consent_choice,
            "consent": _consent, "upload": _upload, "lines": _lines, "blocks": _blocks}


# --- values -------------------------------------------------------------------------------------------

def _set(draft: Draft, path: tuple, value, f: Field) -> None:
    draft.values[path] = value
    draft.places.setdefault(path, (f.label, None))


def _is_none(draft: Draft, text: str) -> bool:
    """The answer `none` (or the form language's word for it)."""
    return text.strip().casefold() in (words.TEXT["none"], words.in_language(draft.lang).text["none"].casefold())


def _joined(draft: Draft, names) -> str:
    return words.in_language(draft.lang).text["separator"].join(names)


def _option(f: Field, text: str) -> str | None:
    """The value of the option written (its label or its value), or None."""
    folded = text.strip().casefold()
    return next((value for value, label in f.options if folded in (label.casefold(), value.casefold())), None)


def _not_offered(draft: Draft, f: Field, text: str) -> None:
    draft.problem("F002", "not-a-choice", f, text=_short(text), choices=_joined(draft, (label for _, label in f.options)))


def _ticked(draft: Draft, f: Field, answer: str) -> list[str]:
    """The values of the ticked checkboxes; a line that is no checkbox of the form is a problem."""
    ticked = []
    for n, line in enumerate(answer.split("\n"), start=1):
        m = _CHECKBOX.match(line)
        if not line.strip():
            continue
        value = _option(f, m.group(2)) if m else None
        if value is None:
            draft.problem("F002", "not-a-box", f, n, n=n, text=_short(line.strip()))
        elif m.group(1) in "xX":
            ticked.append(value)
    return ticked


def _fits(draft: Draft, f: Field, answer: str) -> bool:
    """A list's answer is no longer than its most items can be; a longer one is not read at all."""
    per_item = sum(c.schema.get("maxLength", _PER_COLUMN) + _PER_COLUMN for c in f.columns)
    limit = f.schema.get("maxItems", 10) * per_item
    if len(answer) <= limit:
        return True
    draft.problem("P012", "too-long", f, length=len(answer), limit=limit)
    return False


def _column_value(column, text: str, f: Field, vocab: Vocabulary):
    """A list item's field: a choice by its value or label, a language by its name, a number, yes or no."""
    schema = column.schema
    if "enum" in schema:
        labels = schema.get("x-labels", {})
        folded = text.casefold()
        return next((v for v in schema["enum"] if folded in (v.casefold(), labels.get(v, v).casefold())), text)
    if f.path == ("languages",) and column.name == "code":
        return _language_code(text, vocab)
    return _typed(text, schema)


def _language_code(text: str, vocab: Vocabulary) -> str:
    by_name = {name.casefold(): code for code, name in vocab.languages.items()}
    return by_name.get(text.casefold(), text)


def _typed(text: str, schema: dict):
    """Text as the schema's type: a whole number, a number, yes or no (in any language of the forms);
    otherwise the text, for the check to judge, its digits Latin where the schema asks for a date or time."""
    kind = schema.get("type")
    if kind in ("integer", "number") or schema.get("format") in _DIGIT_FORMATS:
        text = text.translate(_DIGITS)
    plain = text.strip()
    if kind == "integer" and _INT.fullmatch(plain):
        return int(plain)
    if kind == "number" and _NUMBER.fullmatch(plain):
        number = float(plain.replace(",", "."))
        return int(number) if number.is_integer() else number
    yes, no = _yes_no()
    if kind == "boolean" and plain.casefold() in yes | no:
        return plain.casefold() in yes
    return text


def _yes_no() -> tuple[set, set]:
    """The words for yes and for no of every form's language."""
    tables = [words.in_language(lang).text for lang in LANGUAGES]
    return ({w.casefold() for t in tables for w in t["yes"]}, {w.casefold() for t in tables for w in t["no"]})


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
