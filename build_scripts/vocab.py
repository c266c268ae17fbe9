"""Vocabularies from data/: skills (with aliases), tracks, languages, countries, time zones.

Each lookup answers with the canonical value, or None and the closest known values.
"""

from __future__ import annotations

import difflib
import zoneinfo
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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

    def skill(self, name: str) -> str | None:
        return self.skill_keys.get(name.casefold())

    def language_name(self, tag: str) -> str:
        return self.languages.get(tag.split("-")[0].lower(), tag)


def _data(name: str, root: Path):
    doc = load_file(root / name)
    if not doc.ok:
        raise SystemExit("\n".join(p.text() for p in doc.problems))  # maintainer data: fail loudly
    return doc.data


def verified_registry(data: dict) -> dict:
    """data/verified-tracks.yml as id -> (login, tracks), from `id: {github: LOGIN, tracks: [...]}`.

    An entry without the login it was confirmed for (the old `id: [tracks]` form) stops the build:
    keyed on the id alone, it would verify whoever takes that id next."""
    registry = {}
    for pid, entry in ((data or {}).get("verified") or {}).items():
        if not isinstance(entry, dict) or not entry.get("github"):
            raise SystemExit(f"data/verified-tracks.yml: '{pid}' needs github: and tracks: (the login it was confirmed for)")
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
    v.verified_tracks = verified_registry(_data("verified-tracks.yml", root))
    v.timezones = frozenset(z for z in zoneinfo.available_timezones()
                            if ("/" in z or z == "UTC") and not z.startswith(("SystemV/", "posix/", "right/")))
    return v
