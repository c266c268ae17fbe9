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
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/\S*)?")


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
    return not isinstance(value, str) or bool(_URL.fullmatch(value))


FORMATS = {"date": _date, "year-month": _month, "time-hm": _time, "https-url": _url}


def format_checker() -> FormatChecker:
    """Our own checker (Python's global one is left alone): dates, months, times, https links."""
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


@lru_cache(maxsize=None)
def profile_validator() -> Draft202012Validator:
    """The detailed validator: every error, with its path. Used on profiles that fail the fast check."""
    return Draft202012Validator(profile_schema(), format_checker=format_checker())


@lru_cache(maxsize=None)
def fast_check():
    """The same schema compiled to Python by fastjsonschema: ~20x faster, but stops at the first error.

    The keywords the schema uses mean the same in draft 7, which fastjsonschema compiles.
    """
    schema = dict(profile_schema(), **{"$schema": "http://json-schema.org/draft-07/schema#"})
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


def apply_types(value, schema: dict):
    """Turn unquoted scalars into the numbers and booleans the schema expects; drop empty fields
    (those whose schema allows null, like consent.withdrawn, are kept: written at all, they count)."""
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out = {}
        for k, v in value.items():
            if v is None and "null" not in _types(props.get(k, {})):
                continue          # `end:` with nothing after it means the field is absent
            out[k] = apply_types(v, props.get(k, {}))
        return out
    if isinstance(value, list):
        items = schema.get("items", {})
        return [apply_types(v, items) for v in value]
    if isinstance(value, Plain):
        types = _types(schema)
        if "integer" in types and _INT.fullmatch(value):
            return int(value)
        if "number" in types and _FLOAT.fullmatch(value):
            f = float(value)
            return int(f) if f.is_integer() and "." not in value and "e" not in value.lower() else f
        if "boolean" in types and value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return value.lower() == "true"
        return str(value)
    return value


def subschema(schema: dict, path) -> dict:
    """The part of the schema that describes a path into the data ({} where it describes none)."""
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(part, {})
    return schema
