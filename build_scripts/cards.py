"""Cards: what the directory says about a person, worked out once for the cards on the page, the
card index the directory's script filters (talent/cards.json) and the search results.

Enums and their labels come from the profile schema (`enum` and `x-labels`), so a status, an
engagement or a language level reads the same on a card, a profile, a filter and the field
reference. The script fills the same card template (_card.html.j2) from cards.json by the same
rules (overrides/assets/portal/cards.js: cardFacts is card_facts, read from a row); a browser test
holds the two to the same text. A card shows only what the profile says: no working hours, none shown.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from .schema import profile_schema, subschema
from .select import Published, offset_zone
from .vocab import Vocabulary


def _choices(*path) -> tuple[list[str], dict[str, str]]:
    """An enum of the profile schema and its labels (every value labelled: a test checks)."""
    node = subschema(profile_schema(), path)
    return list(node["enum"]), dict(node.get("x-labels", {}))


STATUS, STATUS_LABELS = _choices("availability", "status")
STATUS_FROM_LABELS = subschema(profile_schema(), ("availability", "status"))["x-labels-from"]   # "... {date}"
ENGAGEMENT, ENGAGEMENT_LABELS = _choices("availability", "engagement", 0)
CEFR, CEFR_LABELS = _choices("languages", 0, "level")

# Dates in words, the same in every locale the build may run in ("28 April 2027").
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(value: str) -> str:
    """A YYYY-MM-DD date in words: 28 April 2027."""
    d = dt.date.fromisoformat(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month_year(value) -> str:
    """A YYYY-MM (or YYYY-MM-DD) month in words: March 2024; anything else as it is."""
    if not isinstance(value, str):
        return ""
    try:
        d = dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return value
    return f"{MONTHS[d.month - 1]} {d.year}"


def _later(a: dict, today: dt.date) -> bool:
    return bool(a.get("from")) and a["from"] > today.isoformat()


def shown_status(a: dict, today: dt.date) -> str:
    """The status a card shows and the filters use: someone available from a later date is not available yet."""
    return "unavailable" if a["status"] == "available" and _later(a, today) else a["status"]


def availability_text(a: dict, today: dt.date) -> str:
    """'Available now', or with a start date still to come, 'Available from 28 April 2027'."""
    if _later(a, today):
        return STATUS_FROM_LABELS[a["status"]].replace("{date}", long_date(a["from"]))
    return STATUS_LABELS[a["status"]]


def zone_label(tz: str, today: dt.date) -> str:
    """'Nairobi, UTC+3'; 'Berlin, UTC+1 (UTC+2 in summer)' where clocks change; an offset as it is.

    Both offsets of the year, not today's alone: the page stays right after the clocks change."""
    if "/" not in tz:
        return tz                     # UTC, or an offset where the country is withheld (select.offset_zone)
    zone = zoneinfo.ZoneInfo(tz)
    offsets: dict[bool, str] = {}
    for month in (1, 7):
        noon = dt.datetime(today.year, month, 1, 12, tzinfo=dt.timezone.utc).astimezone(zone)
        offsets[bool(noon.dst())] = offset_zone(tz, noon.date())
    standard = offsets.get(False, offsets.get(True))
    summer = offsets.get(True, standard)
    city = tz.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city}, {standard}" + (f" ({summer} in summer)" if summer != standard else "")


def working_languages(languages: list[dict]) -> list[tuple[str, str]]:
    """(language, level) once per language (ar-SY and ar are Arabic), at its best level, in the profile's order."""
    best: dict[str, int] = {}
    for lang in languages:
        code, level = lang["code"].split("-")[0].lower(), CEFR.index(lang["level"])
        best[code] = max(best.get(code, level), level)
    return [(code, CEFR[level]) for code, level in best.items()]


def card_facts(p: Published, vocab: Vocabulary, today: dt.date) -> dict:
    """What a card shows, as text: the fields of _card.html.j2 (and of cards.js: cardFacts)."""
    d, a = p.data, p.data["availability"]
    hours = d.get("working_hours")
    return {
        "id": p.id, "name": d["name"], "headline": d["headline"],
        "status": shown_status(a, today), "availability": availability_text(a, today),
        "hours": a["hours_per_week"],
        "engagement": [ENGAGEMENT_LABELS[e] for e in ENGAGEMENT if e in a["engagement"]],
        "languages": [f"{vocab.language_name(code)} {level}" for code, level in working_languages(d["languages"])],
        "timezone": zone_label(d["timezone"], today),
        "working_hours": f"{hours['start']}–{hours['end']}" if hours else "",
        "skills": [s["name"] for s in d["skills"]],
        "verified": [vocab.tracks.get(t, {}).get("name", t) for t in d.get("tracks", []) if t in p.verified],
    }


# The card with every part present and empty: rendered into the <template> the script fills.
BLANK_FACTS = {"id": "", "name": "", "headline": "", "status": "", "availability": "", "hours": "",
               "engagement": [], "languages": [], "timezone": "", "working_hours": "", "skills": [""],
               "verified": []}


def directory_order(people: list[Published], today: dt.date) -> list[Published]:
    """Available people first, then open, placed and unavailable (schema order); then by name."""
    return sorted(people, key=lambda p: (STATUS.index(shown_status(p.data["availability"], today)),
                                         p.data["name"].casefold(), p.id))


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


# One row of cards.json per person, named by the file's `columns` header. Indices point into the
# header's lists; languages are language index * 8 + level index; engagement is a bit per kind;
# from is the start date (YYYY-MM-DD) or null; start and end, minutes after midnight or null.
COLUMNS = ("id", "name", "headline", "status", "from", "hours", "engagement", "skills", "languages", "tracks",
           "verified", "timezone", "start", "end")


def card_index(people: list[Published], vocab: Vocabulary, today: dt.date) -> dict:
    """Everything the directory's filters and cards need, compactly: vocabularies and labels once, people as rows."""
    skills, tracks, langs, zones = _card_lists(people)
    indices = [{v: i for i, v in enumerate(x)} for x in (skills, tracks, langs, zones)]
    rows = [_card_row(p, *indices) for p in people]
    return {"v": 2, "columns": list(COLUMNS),
            "status": STATUS, "status_labels": STATUS_LABELS, "status_from_labels": STATUS_FROM_LABELS,
            "engagement": ENGAGEMENT, "engagement_labels": ENGAGEMENT_LABELS, "levels": CEFR,
            "skills": skills, "tracks": tracks, "track_names": [vocab.tracks.get(t, {}).get("name", t) for t in tracks],
            "langs": langs, "lang_names": [vocab.language_name(c) for c in langs],
            "zones": zones, "zone_names": [zone_label(z, today) for z in zones], "people": rows}


# the skills, tracks, working languages and time zones anyone shown has, each sorted once
def _card_lists(people: list[Published]) -> tuple[list, list, list, list]:
    skills = sorted({s["name"] for p in people for s in p.data["skills"]}, key=str.casefold)
    tracks = sorted({t for p in people for t in p.data.get("tracks", [])})
    langs = sorted({code for p in people for code, _ in working_languages(p.data["languages"])})
    zones = sorted({p.data["timezone"] for p in people})
    return skills, tracks, langs, zones


# one person's row in COLUMNS order; si, ti, li, zi: skill, track, language and zone -> index
def _card_row(p: Published, si: dict, ti: dict, li: dict, zi: dict) -> list:
    d, a = p.data, p.data["availability"]
    hours = d.get("working_hours")
    row = {"id": p.id, "name": d["name"], "headline": d["headline"], "status": STATUS.index(a["status"]),
           "from": a.get("from"), "hours": a["hours_per_week"],
           "engagement": sum(1 << ENGAGEMENT.index(e) for e in a["engagement"]),
           "skills": [si[s["name"]] for s in d["skills"]],
           "languages": [li[code] * 8 + CEFR.index(level) for code, level in working_languages(d["languages"])],
           "tracks": [ti[t] for t in d.get("tracks", [])],
           "verified": [ti[t] for t in d.get("tracks", []) if t in p.verified],
           "timezone": zi[d["timezone"]],
           "start": _minutes(hours["start"]) if hours else None, "end": _minutes(hours["end"]) if hours else None}
    return [row[c] for c in COLUMNS]
