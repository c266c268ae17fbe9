"""Vocabularies from data/: skills (with aliases), tracks, languages, countries, time zones.

Each lookup answers with the canonical value, or None and the closest known values. Time zones
come from the tz database itself (the tzdata package): its zone names and its tables of
countries and zones, which also turn "GMT+3", "Jordan" or "Berlin" into zones to offer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib.resources
import math
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import SettingsError
from .credentials import Registry, read_registry
from .load import load_file

DATA = Path(__file__).resolve().parent.parent / "data"


def closest(word: str, choices, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Did-you-mean: the nearest choices, compared without case."""
    folded: dict[str, str] = {}
    for c in choices:
        folded.setdefault(c.casefold(), c)
    hits = difflib.get_close_matches(word.casefold(), list(folded), n=n, cutoff=cutoff)
    return [folded[h] for h in hits]


def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    hits = closest(word, choices, cutoff=cutoff)
    return f"; did you mean '{hits[0]}'?" if hits else ""


@dataclass
class Vocabulary:
    skills: dict = field(default_factory=dict)        # name -> {name, category, aliases}
    skill_keys: dict = field(default_factory=dict)    # casefolded name or alias -> canonical name
    categories: dict = field(default_factory=dict)
    tracks: dict = field(default_factory=dict)        # id -> {id, name, ...}
    languages: dict = field(default_factory=dict)     # code -> English name
    countries: dict = field(default_factory=dict)     # alpha-2 -> English name
    timezones: frozenset = frozenset()
    verified_tracks: dict = field(default_factory=dict)  # profile id -> (GitHub login, frozenset of track ids)
    credentials: Registry | None = None  # the same registry's completions and revoked credentials (credentials.py)

    def skill(self, name: str) -> str | None:
        return self.skill_keys.get(name.casefold())

    def language_name(self, tag: str) -> str:
        return self.languages.get(tag.split("-")[0].lower(), tag)


def _data(name: str, root: Path):
    doc = load_file(root / name)
    if not doc.ok:
        raise SettingsError("\n".join(p.text() for p in doc.problems))  # maintainer data: fail loudly
    return doc.data


def verified_registry(data: dict) -> dict:
    """data/verified-tracks.yml as id -> (login, tracks), from `id: {github: LOGIN, tracks: [...]}`.

    An entry without the login it was confirmed for (the old `id: [tracks]` form) stops the build:
    keyed on the id alone, it would verify whoever takes that id next."""
    registry = {}
    for pid, entry in ((data or {}).get("verified") or {}).items():
        if not isinstance(entry, dict) or not entry.get("github"):
            raise SettingsError(f"data/verified-tracks.yml: '{pid}' needs github: and tracks: (the login it was confirmed for)")
        registry[str(pid)] = (str(entry["github"]), frozenset(str(t) for t in entry.get("tracks") or []))
    return registry


@lru_cache(maxsize=None)
def load_vocabulary(root: Path = DATA) -> Vocabulary:
    v = Vocabulary()
    skills = _data("skills.yml", root)
    v.categories = dict(skills["categories"])
    for s in skills["skills"]:
        entry = {"name": str(s["name"]), "category": str(s["category"]), "aliases": [str(a) for a in s.get("aliases") or []]}
        v.skills[entry["name"]] = entry
        v.skill_keys[entry["name"].casefold()] = entry["name"]
        for a in entry["aliases"]:
            v.skill_keys.setdefault(a.casefold(), entry["name"])
    v.tracks = {str(t["id"]): {k: str(x) for k, x in t.items()} for t in _data("tracks.yml", root)["tracks"]}
    v.languages = {str(k): str(n) for k, n in _data("languages.yml", root).items()}
    v.countries = {str(k): str(n) for k, n in _data("countries.yml", root).items()}
    registry = _data("verified-tracks.yml", root)
    v.verified_tracks = verified_registry(registry)
    v.credentials = read_registry(registry)
    v.timezones = place_zones()
    return v


# --- time zones ----------------------------------------------------------------------------------

def place_zones() -> frozenset:
    """The zones a profile may name: a place's zone (Region/City), or plain UTC.

    Etc/ zones name no place, so they lose summer time, and their sign is inverted (Etc/GMT+3 is
    UTC-3); bare names (EET, EST, GMT) are offsets or aliases in disguise."""
    return frozenset(z for z in zoneinfo.available_timezones()
                     if z == "UTC" or "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))


@dataclass(frozen=True)
class ZoneTables:
    """The tz database's own tables, as shipped in the tzdata package."""
    by_country: dict        # alpha-2 -> zones, the country's main zone first (zone.tab)
    names: dict             # alpha-2 -> English name (iso3166.tab)
    canonical: tuple        # one zone per region whose clocks agree since 1970 (zone1970.tab)
    representative: tuple   # one zone per set of clocks that agree from now on (zonenow.tab)


def _tab(name: str) -> list[list[str]]:
    try:
        text = importlib.resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:   # zonenow.tab is newer than the others; without it no zone is put first
        return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def zone_tables() -> ZoneTables:
    by_country: dict = {}
    for row in _tab("zone.tab"):
        by_country.setdefault(row[0], []).append(row[2])
    return ZoneTables({c: tuple(z) for c, z in by_country.items()}, {row[0]: row[1] for row in _tab("iso3166.tab")},
                      tuple(row[2] for row in _tab("zone1970.tab")), tuple(row[2] for row in _tab("zonenow.tab")))


def _fold(text: str) -> str:
    """Compared without case, accents, underscores or extra spaces: 'São_Paulo' ~ 'sao paulo'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("_", " ").casefold().split())


def utc_offset(zone: str, day: dt.date) -> int:
    """Minutes east of UTC in `zone` at noon UTC on `day`."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)
    return round(noon.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset().total_seconds() / 60)


def offset_name(minutes: int) -> str:
    """How a profile and the site write an offset: UTC, UTC+3, UTC-2:30, UTC+5:45."""
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")


def whole_hour_offset(zone_or_offset: str, day: dt.date) -> str:
    """A zone's offset on `day` (or a written offset), rounded to the nearest whole hour: UTC+5 for Asia/Kabul."""
    minutes = offset_minutes(zone_or_offset)
    minutes = utc_offset(zone_or_offset, day) if minutes is None else minutes
    return offset_name(60 * math.floor(minutes / 60 + 0.5))


_WRITTEN_OFFSET = re.compile(r"UTC([+-])([1-9]\d?)(?::([0-5]\d))?")


def offset_minutes(text: str) -> int | None:
    """The minutes east of UTC an offset written as offset_name writes it stands for (None if it is not one)."""
    if text == "UTC":
        return 0
    m = _WRITTEN_OFFSET.fullmatch(text)
    if not m:
        return None
    minutes = (-1 if m.group(1) == "-" else 1) * (int(m.group(2)) * 60 + int(m.group(3) or 0))
    return minutes if -12 * 60 <= minutes <= 14 * 60 else None


@dataclass(frozen=True)
class ZoneAdvice:
    """Why a time-zone value is not a zone a profile may name, and the zones to offer instead."""
    reason: str                  # follows the value: 'GMT+3' "is an offset, not a place's time zone"
    offers: tuple = ()           # (label, zones): ("zones at UTC+3 now", ("Europe/Istanbul", ...))
    guess: str = ""              # the one zone meant, when there is one: "did you mean 'Asia/Amman'?"


_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*h?", re.I)
_ETC_GMT = re.compile(r"etc/gmt([+-])0*([1-9][0-9]?)", re.I)
_PARTS = re.compile(r"[,;()/]")
_LONGEST_GUESSED = 64       # characters; the longest zone name has 32


def advise_zone(text: str, day: dt.date, zones: frozenset, countries: dict | None = None) -> ZoneAdvice:
    """What to offer for a time-zone value that is not one of `zones` (place_zones): for an offset
    the zones at that offset on `day`, for a country its zones, for a city or a near miss its zone.
    countries: alpha-2 -> name, more names to know countries by (data/countries.yml)."""
    text = text.strip()
    for advise in _ADVISERS:
        if advice := advise(text, day, zones, countries or {}):
            return advice
    return ZoneAdvice("is not a known time zone")


# No place is named at such length; matching it would only cost time.
def _advise_too_long(text: str, day: dt.date, zones: frozenset, countries: dict) -> ZoneAdvice | None:
    return ZoneAdvice("is not a known time zone") if len(text) > _LONGEST_GUESSED else None


# Etc/GMT-3 means UTC+3: offer the zones at the offset meant, then at the one written.
def _advise_etc_gmt(text: str, day: dt.date, zones: frozenset, countries: dict) -> ZoneAdvice | None:
    if not (m := _ETC_GMT.fullmatch(text)):
        return None
    meant = (1 if m.group(1) == "-" else -1) * int(m.group(2)) * 60
    return ZoneAdvice(f"names no place, and its sign is inverted: it means {offset_name(meant)}, "
                      f"not {offset_name(-meant)}", (_at_offset(meant, zones, day), _at_offset(-meant, zones, day)))


# An offset (GMT+3, +03:00, UTC-5h): the zones at it.
def _advise_offset(text: str, day: dt.date, zones: frozenset, countries: dict) -> ZoneAdvice | None:
    if not (m := _OFFSET.fullmatch(text)):
        return None
    sign = -1 if m.group(1) in "-\u2212" else 1
    minutes = sign * (int(m.group(2)) * 60 + int(m.group(3) or 0))
    return ZoneAdvice("is an offset, not a place's time zone", (_at_offset(minutes, zones, day),))


# A zone of the tz database that names no place (Etc/UTC, GMT, EET, EST; but Egypt, Japan are
# countries): the zones at its offset now.
def _advise_placeless(text: str, day: dt.date, zones: frozenset, countries: dict) -> ZoneAdvice | None:
    known = text in zoneinfo.available_timezones()
    if not (known or _fold(text) in ("gmt", "z", "zulu")):
        return None
    if found := _advise_place(text, zones, countries, parts=False):
        return found
    minutes = utc_offset(text, day) if known else 0
    return ZoneAdvice(f"names no place (it is {offset_name(minutes)} now)", (_at_offset(minutes, zones, day),),
                      guess="UTC" if minutes == 0 else "")


# A zone, a country or a city, named exactly or nearly.
def _advise_named(text: str, day: dt.date, zones: frozenset, countries: dict) -> ZoneAdvice | None:
    return _advise_place(text, zones, countries) or _advise_place(text, zones, countries, near=True)


# Tried in order; the first advice found is given.
_ADVISERS = (_advise_too_long, _advise_etc_gmt, _advise_offset, _advise_placeless, _advise_named)


def _advise_place(text: str, zones: frozenset, countries: dict, near: bool = False,
                  parts: bool = True) -> ZoneAdvice | None:
    """A zone, a country or a city named exactly (or, when near, nearly), in the whole value or
    (with parts) in a part of it: 'Amman, Jordan', 'Jordan/Amman'."""
    tables = zone_tables()
    by_zone = {_fold(z): z for z in zones}
    by_city: dict = {}
    for z in sorted(zones, key=lambda z: (z not in tables.canonical, z)):   # a city's canonical zone first
        by_city.setdefault(_fold(z.rsplit("/", 1)[-1]), z)
    by_country = _country_names(tuple(countries.items()))
    for part in dict.fromkeys(map(_fold, [text, *(_PARTS.split(text) if parts else ())])):
        if not part:
            continue
        if zone := _lookup(part, by_zone, near, 0.8):
            return ZoneAdvice("is not a known time zone", guess=zone)
        if code := _lookup(part, by_country, near and len(part) > 3, 0.75):
            name = countries.get(code) or tables.names.get(code, code)
            return ZoneAdvice("is a country, not a time zone",
                              ((f"time zones in {name}", tuple(z for z in tables.by_country.get(code, ()) if z in zones)),))
        if zone := _lookup(part, by_city, near and len(part) > 3, 0.8):
            return ZoneAdvice("is not a known time zone", guess=zone)
    return None


@lru_cache(maxsize=4)
def _country_names(countries: tuple, typed: bool = False) -> dict:
    """Casefolded name or code -> alpha-2, from iso3166.tab and data/countries.yml: whole names,
    then codes, then the parts of names like "Britain (UK)" or "Korea (South)". A name that
    could be two countries ("Korea", "Congo") names neither. typed: only whole names and the part
    before a bracket, as people type a country, never a code or a bracket's contents ("is",
    "French")."""
    pairs = [*zone_tables().names.items(), *countries]
    before = [(n.split(" (")[0], c) for c, n in pairs]
    tiers = ([(n, c) for c, n in pairs], before) if typed else \
        ([(n, c) for c, n in pairs], [(c, c) for c, _ in pairs], before + [(b, c) for c, n in pairs for b in re.findall(r"\((.+?)\)", n)])
    out: dict = {}
    for tier in tiers:
        codes: dict = {}
        for alias, code in tier:
            codes.setdefault(_fold(alias), set()).add(code)
        for alias, found in codes.items():
            if len(found) == 1:
                out.setdefault(alias, found.pop())
    return out


# Names employers write that the tables lack or find ambiguous ("UK" is also the Virgin Islands').
_SHORT_NAMES = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB", "usa": "US",
                "uae": "AE", "ivory coast": "CI", "bosnia and herzegovina": "BA"}


def country_zones(countries: dict) -> dict:
    """For the directory's time-zone field (talent/countries.json): "germany", "uk" -> alpha-2, and
    alpha-2 -> [name, its zones], from the same tables validate advises from. Only whole names (and
    the part before a bracket: "Korea" of "Korea (South)" when only one country is so named), never
    a bracket's contents or a code: "French" or "is" must not be a country. Folded as the script
    folds what is typed: no accents, apostrophes or case, hyphens as spaces ("guinea bissau")."""
    tables = zone_tables()
    names = {" ".join(name.replace("'", "").replace("-", " ").split()): code
             for name, code in _country_names(tuple(countries.items()), typed=True).items() if code in tables.by_country}
    names.update(_SHORT_NAMES)
    return {"names": names, "countries": {code: [countries.get(code) or tables.names.get(code, code), list(zones)]
                                          for code, zones in sorted(tables.by_country.items())}}


def _lookup(key: str, table: dict, near: bool, cutoff: float):
    if not near:
        return table.get(key)
    hit = difflib.get_close_matches(key, list(table), n=1, cutoff=cutoff)
    return table[hit[0]] if hit else None


def _at_offset(minutes: int, zones: frozenset, day: dt.date) -> tuple[str, tuple]:
    """The zones at this offset on `day`. Those at it all year come before those at it only in
    summer time (people give their standard offset more often than a summer one); within each,
    the tz database's representatives (zonenow.tab), then the rest of zone1970.tab, alphabetically."""
    tables = zone_tables()
    order = dict.fromkeys(tables.representative + tuple(sorted(tables.canonical)))
    found = [z for z in order if z in zones and utc_offset(z, day) == minutes]
    half_a_year_on = day + dt.timedelta(days=182)
    found.sort(key=lambda z: utc_offset(z, half_a_year_on) != minutes)
    return (f"zones at {offset_name(minutes)} now", tuple(found))
