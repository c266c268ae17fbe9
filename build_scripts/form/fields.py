"""The form's fields, made from the profile schema (and the programme's tracks), and the issue templates
GitHub shows, one per language (profile.yml in English, profile-ar.yml in Arabic): `python -m
build_scripts issue-form` writes them, and a test fails when a committed file is not what the schema gives.
Each language's form has the same questions, ids and choices, in its own words (words.in_language).

Each field of the schema that words.LABELS names becomes one question, in the schema's order: a
choice (enum) a dropdown, a list of choices checkboxes, a long text or a list a text box, anything
else one line. The consent boxes come after a question of the form's own: keep the consent the profile
has (the default: a box left empty changes nothing) or change it to what is ticked. A list of small
items (at most three fields, none a long text) is written one item a line, its fields separated by
commas; a list of larger items as blocks of "Name: value" lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..config import load_config
from ..schema import profile_schema
from ..translate import LANGUAGES, translation
from ..vocab import load_vocabulary
from . import words

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_NAMES = {lang: "profile.yml" if lang == "en" else f"profile-{lang}.yml" for lang in LANGUAGES}
TEMPLATE_NAME = TEMPLATE_NAMES["en"]
TEMPLATE_PATH = ROOT / ".github" / "ISSUE_TEMPLATE" / TEMPLATE_NAME
LABEL = "profile-form"                # the label every form puts on its issues; the workflow runs only on them
OWN = ("action", "reply")             # the layouts of the form's own questions, asked before the schema's
CONSENT_CHOICE = ("keep", "change")   # the question before the consent boxes; the first is its default
_LONG_TEXT = 200                      # a text longer than this is asked in a text box
_SMALL_ITEM = (3, 60)                 # at most 3 fields, each text at most 60 characters: one item a line
_ASKED_AS_UPLOAD = {("photo",)}       # the photo's path is written by the form; the person attaches the photo


@dataclass(frozen=True)
class Column:
    """One field of a list's items, as the form names it."""
    name: str
    label: str
    schema: dict
    required: bool


@dataclass(frozen=True)
class Field:
    """One question of the form. `path` is where its answer goes in the profile (("action",) and
    ("reply",) are the form's own first questions); `id` names it in the template and in a link that
    prefills it, the same in every language. ("consent-choice",) is the form's own question before the
    consent boxes."""
    id: str
    path: tuple
    kind: str                          # input, textarea, dropdown, checkboxes
    label: str
    layout: str = "text"               # text, lines, blocks, choices, upload, consent, consent-choice, action, reply
    description: str = ""
    placeholder: str = ""
    options: tuple = ()                # (value, label) of a dropdown or of checkboxes
    columns: tuple = ()                # the items' fields of a list written as lines or blocks

    @property
    def schema(self) -> dict:
        return _subschema(self.path)


def _subschema(path: tuple) -> dict:
    node = profile_schema()
    for part in path:
        node = node.get("properties", {}).get(part, {})
    return node


def _key(path: tuple, item: bool = False) -> str:
    return ".".join(path) + ("[]" if item else "")


def column_key(path: tuple, name: str) -> str:
    """The words' key of a field of a list's items: skills[].level."""
    return _key(path, item=True) + "." + name


@lru_cache(maxsize=None)
def form_fields(lang: str = "en") -> tuple[Field, ...]:
    """Every question of the form in `lang`, in order: what to do, the language of the replies, then the
    schema's fields. Which fields are asked, and how, never depends on the language: only the words do."""
    w = words.in_language(lang)
    action = Field("action", ("action",), "dropdown", w.action["label"], "action", w.action["description"],
                   options=(("update", w.action["update"]), ("remove", w.action["remove"])))
    reply = Field("reply", ("reply",), "dropdown", w.reply["label"], "reply", w.reply["description"],
                  options=reply_options())
    schema = profile_schema()
    return (action, reply, *_fields(w, schema, (), set(schema.get("required", ()))))


def reply_options() -> tuple:
    """Each language the comments can be written in, by its own name."""
    return tuple((lang, "English" if lang == "en" else translation(lang).name) for lang in LANGUAGES)


def _fields(w: words.Words, schema: dict, prefix: tuple, needed: set) -> list[Field]:
    """The questions for the fields of `schema` at `prefix`; `needed`: the names a new profile must answer."""
    out = []
    for name, sub in schema.get("properties", {}).items():
        path = prefix + (name,)
        if sub.get("type") == "object" and _key(path) not in words.LABELS or path == ("consent",):
            out += _object_fields(w, sub, path, needed=name in needed and path != ("consent",))
        elif _key(path) in words.LABELS:
            out.append(_field(w, path, sub, needed=name in needed))
    return out


def _object_fields(w: words.Words, schema: dict, path: tuple, needed: bool) -> list[Field]:
    """A set of fields: its yes-or-no fields as one group of checkboxes (consent), after the question whether
    a box left empty keeps what the profile says or withdraws it; the others one by one. The consent dates
    are the programme's to fill in: never marked as needed."""
    flags = [(n, s) for n, s in schema.get("properties", {}).items()
             if s.get("type") == "boolean" and _key(path + (n,)) in words.LABELS]
    out = []
    if flags:
        c = w.consent_choice
        out.append(Field("consent-choice", ("consent-choice",), "dropdown", c["label"], "consent-choice",
                         c["description"], options=tuple((value, c[value]) for value in CONSENT_CHOICE)))
        out.append(Field(_id(path), path, "checkboxes", w.labels[_key(path)], "consent",
                         _describe(w, schema, path), options=tuple((n, w.labels[_key(path + (n,))]) for n, _ in flags)))
    rest = {n: s for n, s in schema.get("properties", {}).items() if n not in dict(flags)}
    return out + _fields(w, {"properties": rest}, path, set(schema.get("required", ())) if needed else set())


def _id(path: tuple) -> str:
    return "-".join(path)


def _describe(w: words.Words, schema: dict, path: tuple, *more: str, options: tuple = ()) -> str:
    """The field's description, the form's note and `more`; the form's own description names a dropdown's
    choices ({open}) as the dropdown shows them."""
    key = _key(path)
    own = w.descriptions[key] if key in words.DESCRIPTIONS else w.described(key, schema.get("description", ""))
    if options and key in words.DESCRIPTIONS:
        own = own.format(**dict(options))
    parts = [own, w.notes.get(key, ""), *more]
    return " ".join(p for p in parts if p)


def _field(w: words.Words, path: tuple, schema: dict, needed: bool) -> Field:
    label = w.labels[_key(path)]
    needed_note = w.text["needed"] if needed else ""
    items = schema.get("items", {})
    if path in _ASKED_AS_UPLOAD:
        return Field(_id(path), path, "textarea", label, "upload", _describe(w, {}, path))
    if "enum" in schema:
        options = _choices(w, path, schema)
        return Field(_id(path), path, "dropdown", label, "text",
                     _describe(w, schema, path, needed_note, options=options), options=options)
    if schema.get("type") == "array" and ("enum" in items or items.get("type") == "string"):
        options = _choices(w, path, items) if "enum" in items else _vocabulary_choices(w, path)
        return Field(_id(path), path, "checkboxes", label, "choices", _describe(w, schema, path, needed_note),
                     options=options)
    if schema.get("type") == "array":
        return _list_field(w, path, schema, label, needed_note)
    long = schema.get("maxLength", 0) > _LONG_TEXT and "format" not in schema
    return Field(_id(path), path, "textarea" if long else "input", label, "text",
                 _describe(w, schema, path, needed_note), placeholder=_example(w, schema, _key(path)))


def _choices(w: words.Words, path: tuple, schema: dict) -> tuple:
    """(value, label) of a choice of the schema: its x-label in English, the translation's name elsewhere."""
    labels = schema.get("x-labels", {})
    return tuple((v, w.choices.get(f"{_key(path)}={v}", labels.get(v, v))) for v in schema["enum"])


def _vocabulary_choices(w: words.Words, path: tuple) -> tuple:
    """The choices of a list whose values come from the programme's data (tracks: id and name)."""
    if path == ("tracks",):
        return tuple((tid, w.choices.get(f"tracks={tid}", t["name"])) for tid, t in load_vocabulary().tracks.items())
    raise ValueError(f"no choices known for {_key(path)}")


def _example(w: words.Words, schema: dict, key: str = "") -> str:
    """The example a field's answer shows: the form's own (words.EXAMPLES), else the schema's first."""
    example = words.EXAMPLES.get(key) or (schema.get("examples") or [""])[0]
    if isinstance(example, bool):
        return w.text["yes"][0] if example else w.text["no"][0]
    return "" if isinstance(example, (list, dict)) else str(example)


def _list_field(w: words.Words, path: tuple, schema: dict, label: str, needed_note: str) -> Field:
    item = schema.get("items", {})
    required = set(item.get("required", ()))
    columns = tuple(Column(n, w.labels[column_key(path, n)], s, n in required)
                    for n, s in item.get("properties", {}).items())
    small = len(columns) <= _SMALL_ITEM[0] and all(
        "enum" in c.schema or c.schema.get("type") != "string" or c.schema.get("maxLength", 10**6) <= _SMALL_ITEM[1]
        for c in columns)
    comma = w.text["separator"]
    if small:
        examples = [_example(w, c.schema, column_key(path, c.name)) for c in columns]
        example = ", ".join(e for e in examples if e)
        how = w.text["one_per_line"].format(columns=comma.join(c.label for c in columns), example=example)
        choices = [w.text["choices"].format(name=c.label, choices=", ".join(v for v, _ in _choices(w, path, c.schema)))
                   for c in columns if "enum" in c.schema]
        return Field(_id(path), path, "textarea", label, "lines",
                     _describe(w, schema, path, how, *choices, needed_note), placeholder=example, columns=columns)
    shown = [c.label + ("*" if c.required else "") for c in columns]
    example = "\n".join(f"{c.label}: {_block_example(w, path, c)}" for c in columns if _block_example(w, path, c))
    how = w.text["blocks"].format(columns=comma.join(shown))
    return Field(_id(path), path, "textarea", label, "blocks", _describe(w, schema, path, how, needed_note),
                 placeholder=example, columns=columns)


def _block_example(w: words.Words, path: tuple, column: Column) -> str:
    """A column's value in the example block: the schema's example, yes for a yes-or-no field, and for a
    needed field without an example its description."""
    if example := _example(w, column.schema, column_key(path, column.name)):
        return example
    if column.schema.get("type") == "boolean":
        return w.text["yes"][0]
    description = w.described(column_key(path, column.name), column.schema.get("description", ""))
    return description.rstrip(".") if column.required else ""


def english_words() -> dict[str, dict[str, dict[str, str]]]:
    """Every English word of the form, as a translation holds it (translate.check_form): the tables of
    words.py, and the names of the choices the schema and the programme's tracks give."""
    choices = {f"{_key(f.path)}={value}": {"text": label} for f in form_fields("en")
               if f.layout in ("text", "choices") for value, label in f.options}
    return {**words.english_parts(), "choices": choices}


# --- the issue template ------------------------------------------------------------------------------

def template(lang: str = "en") -> dict:
    """The issue form in `lang` as GitHub reads it (.github/ISSUE_TEMPLATE/profile.yml, profile-ar.yml): the
    same questions and ids in each, the replies in the form's language unless another is chosen."""
    w = words.in_language(lang)
    body: list[dict] = [{"type": "markdown", "attributes": {"value": _other_forms(lang) + "\n\n" + w.text["intro"]}}]
    for f in form_fields(lang):
        attributes: dict = {"label": f.label}
        if f.description:
            attributes["description"] = f.description
        if f.kind == "dropdown":
            attributes["options"] = [label for _, label in f.options]
        elif f.kind == "checkboxes":
            attributes["options"] = [{"label": label} for _, label in f.options]
        elif f.placeholder:
            attributes["placeholder"] = f.placeholder
        if f.layout == "reply":
            attributes["default"] = [value for value, _ in f.options].index(lang)
        if f.layout == "consent-choice":
            attributes["default"] = 0                   # keep

        element = {"type": f.kind, "id": f.id, "attributes": attributes}
        if f.layout == "action":
            element["validations"] = {"required": True}
        body.append(element)
    return {"name": w.text["form_name"], "description": w.text["form_description"],
            "title": w.text["title"], "labels": [LABEL], "body": body}


def form_url(lang: str) -> str:
    """Where a new issue starts with the form in `lang`."""
    return f"{load_config().repository_url.rstrip('/')}/issues/new?template={TEMPLATE_NAMES[lang]}"


def _other_forms(lang: str) -> str:
    """A link to the form in each other language, in that language's words."""
    return " · ".join(f"**[{words.in_language(other).text['this_form']}]({form_url(other)})**"
                      for other in LANGUAGES if other != lang)


def template_path(lang: str) -> Path:
    return TEMPLATE_PATH.parent / TEMPLATE_NAMES[lang]


_HEADER = ("# Made by `python -m build_scripts issue-form` from schemas/profile.schema.json, data/tracks.yml, portal.yml,\n"
           "# build_scripts/form/words.py and build_scripts/translations/: change those and run it again (a test fails\n"
           "# when this file differs).\n")


class _TemplateDumper(yaml.SafeDumper):
    """Block lists indented under their key, as GitHub's own examples write them."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def template_text(lang: str = "en") -> str:
    return _HEADER + yaml.dump(template(lang), Dumper=_TemplateDumper, sort_keys=False, allow_unicode=True, width=110)


def write_template(lang: str = "en") -> Path:
    path = template_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template_text(lang), encoding="utf-8")
    return path


def stale_templates() -> list[Path]:
    """The committed forms that are not what the schema and the words give."""
    return [template_path(lang) for lang in LANGUAGES
            if not template_path(lang).is_file() or template_path(lang).read_text(encoding="utf-8") != template_text(lang)]

