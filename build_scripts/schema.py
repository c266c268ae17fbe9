"""The profile schema: load it, give scalars their types from it, and check formats.

The schema is the one source of truth for types: a scalar written without quotes becomes a
number or true/false only where the schema asks for one, so `no`, `09:00` and `0123` stay text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from .load import Plain

ROOT = Path(__file__).resolve().parent.parent
PROFILE_SCHEMA = ROOT / "schemas" / "profile.schema.json"

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-\d{2})?")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
# An https link as the check accepts it and a page shows it (sanitise.safe_url is this rule): a host
# name, no user@ part, an optional port, then a path, query or fragment without spaces, quotes, angle
# brackets, backslashes or invisible characters (controls, zero-width and direction marks).
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\s\"<>`\\^{|}\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]*)?")


@lru_cache(maxsize=None)
def profile_schema() -> dict:
    return json.loads(PROFILE_SCHEMA.read_text(encoding="utf-8"))


def _date(value) -> bool:
    return not isinstance(value, str) or bool(_DATE.fullmatch(value)) and _is_date(value)


def _month(value) -> bool:
    return not isinstance(value, str) or bool(_MONTH.fullmatch(value)) and (len(value) == 7 or _is_date(value))


def _time(value) -> bool:
    return not isinstance(value, str) or bool(_TIME.fullmatch(value))


def _url(value) -> bool:
    return not isinstance(value, str) or is_https_url(value)


def is_https_url(value) -> bool:
    """The one rule for links in a profile: the https-url format of the schema, and what render links to."""
    return isinstance(value, str) and bool(_URL.fullmatch(value))


FORMATS = {"date": _date, "year-month": _month, "time-hm": _time, "https-url": _url}


def format_checker() -> FormatChecker:
    """Our own checker (Python's global one is left alone): dates, months, times, https links."""
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


def whole_value(pattern: str) -> str:
    """The pattern with each `$` (outside [...] and not escaped) written `\\Z`. Both validators run
    patterns with Python's re, where `$` also matches before a final line break: `photo: |` gives
    "profiles/photos/x.jpg\\n", which `^...$` accepts and every rule after it would read wrongly."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            if pattern[i + 1:i + 2] == "^":          # [^]...] and []...]: a first ']' is a character
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":
                out.append("]")
                i += 1
        elif c == "]" and in_class:
            in_class = False
            out.append(c)
        elif c == "$" and not in_class:
            out.append("\\Z")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _whole_values(schema):
    """A copy of the schema whose patterns all end where the value ends (whole_value)."""
    if isinstance(schema, dict):
        return {k: whole_value(v) if k == "pattern" and isinstance(v, str) else _whole_values(v)
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_whole_values(v) for v in schema]
    return schema


@lru_cache(maxsize=None)
def checked_schema() -> dict:
    """The schema both validators run: the profile schema, with patterns made exact (whole_value)."""
    return _whole_values(profile_schema())


@lru_cache(maxsize=None)
def profile_validator() -> Draft202012Validator:
    """The detailed validator: every error, with its path. Used on profiles that fail the fast check."""
    return Draft202012Validator(checked_schema(), format_checker=format_checker())


STORY_SCHEMA = ROOT / "schemas" / "story.schema.json"


@lru_cache(maxsize=None)
def story_schema() -> dict:
    """The front matter of a story (stories/<id>.md), read by stories.py like a profile by validate.py."""
    return json.loads(STORY_SCHEMA.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def story_validator() -> Draft202012Validator:
    """Every error in a story's front matter, with its path; patterns exact as for profiles (whole_value)."""
    return Draft202012Validator(_whole_values(story_schema()), format_checker=format_checker())


@lru_cache(maxsize=None)
def fast_check():
    """The same schema compiled to Python by fastjsonschema: ~20x faster, but stops at the first error.

    The keywords the schema uses mean the same in draft 7, which fastjsonschema compiles.
    """
    schema = dict(checked_schema(), **{"$schema": "http://json-schema.org/draft-07/schema#"})
    return fastjsonschema.compile(schema, formats=FORMATS)


def is_valid(data) -> bool:
    try:
        fast_check()(data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def to_date(value: str) -> dt.date:
    """A YYYY-MM-DD or YYYY-MM value (validated earlier) as a date; a month means its first day."""
    return dt.date.fromisoformat(value if len(value) == 10 else value + "-01")


def _types(schema: dict) -> set:
    t = schema.get("type", ())
    return {t} if isinstance(t, str) else set(t)


def _keeps_empty(schema: dict | None) -> bool:
    """A field written with nothing after the colon still counts: its schema allows null, or any value."""
    return schema is not None and ("null" in _types(schema) or "type" not in schema)


def apply_types(value, schema: dict):
    """Turn unquoted scalars into the numbers and booleans the schema expects; drop empty fields
    (those whose schema allows null or any value, like consent.withdrawn, are kept: written at all,
    they count)."""
    if isinstance(value, dict):
        return _typed_fields(value, schema.get("properties", {}))
    if isinstance(value, list):
        items = schema.get("items", {})
        return [apply_types(v, items) for v in value]
    if isinstance(value, Plain):
        return _typed_scalar(value, _types(schema))
    return value


def _typed_fields(value: dict, props: dict) -> dict:
    out = {}
    for k, v in value.items():
        if v is None and not _keeps_empty(props.get(k)):
            continue          # `end:` with nothing after it means the field is absent
        out[k] = apply_types(v, props.get(k, {}))
    return out


def _typed_scalar(value: Plain, types: set):
    """An unquoted scalar as the first of the types it can be read as: integer, number, boolean, else text."""
    if "integer" in types and _INT.fullmatch(value):
        return int(value)
    if "number" in types and _FLOAT.fullmatch(value):
        f = float(value)
        return int(f) if f.is_integer() and "." not in value and "e" not in value.lower() else f
    if "boolean" in types and value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value.lower() == "true"
    return str(value)


def subschema(schema: dict, path) -> dict:
    """The part of the schema that describes a path into the data ({} where it describes none)."""
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(part, {})
    return schema
