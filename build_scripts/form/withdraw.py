"""Withdraw: when the form withdraws consent to show the country, what else in the profile would name it is
rewritten, so that the withdrawal never waits for a fix: a city's time zone becomes the whole-hour offset it
has today, an offset of part of an hour the nearest whole hour, and a language code loses its region (ar-SY
becomes ar). These are the values validate refuses (P025) in a profile that keeps its country private. Each
change is a Note, which the comment says in plain words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..validate import _BCP47
from ..vocab import offset_minutes, offset_name, utc_offset, whole_hour_offset


@dataclass(frozen=True)
class Note:
    """A sentence of the comment (words.COMMENT[key]) with its values filled in."""
    key: str
    values: tuple = ()                # (name, value) pairs


def without_country(data: dict, today: dt.date, zones: frozenset) -> list[Note]:
    """Rewrite, in the profile `data`, the time zone and language codes that would name its country."""
    return _zone(data, today, zones) + _languages(data)


def _zone(data: dict, today: dt.date, zones: frozenset) -> list[Note]:
    tz = data.get("timezone")
    offset = offset_minutes(tz) if isinstance(tz, str) else None
    if isinstance(tz, str) and offset is None and tz in zones:
        exact = utc_offset(tz, today)
    elif offset is not None and offset % 60:
        exact = offset
    else:
        return []       # no time zone, UTC, a whole hour already, or no zone the check knows (it says so)
    whole = whole_hour_offset(tz, today)
    data["timezone"] = whole
    if not exact % 60:
        return [Note("zone-offset", (("zone", tz), ("offset", whole)))]
    # the whole hour on the other side of the exact offset, for the person to choose instead
    other = offset_name(offset_minutes(whole) + (60 if offset_minutes(whole) < exact else -60))
    return [Note("offset-half-hour" if offset is not None else "zone-half-hour",
                 (("zone", tz), ("exact", offset_name(exact)), ("offset", whole), ("other", other)))]


def _languages(data: dict) -> list[Note]:
    notes = []
    for item in data.get("languages") if isinstance(data.get("languages"), list) else []:
        code = item.get("code") if isinstance(item, dict) else None
        found = _BCP47.fullmatch(code) if isinstance(code, str) else None
        if found and found.group(2):          # the region subtag, with its hyphen: -SY
            item["code"] = code[:found.start(2)] + code[found.end(2):]
            notes.append(Note("language-region", (("code", code), ("language", item["code"]))))
    return notes
