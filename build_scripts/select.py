"""Select: who and what may be published. The only stage that decides; render trusts it.

A profile is published when it has no errors and its consent has been given, has not expired
and has not been withdrawn ("today" is the consent day of clock.py). Of a published profile only
the fields in PUBLIC_FIELDS leave this module, and the photo and country only with their own
consent; without the country, the time zone leaves as its UTC offset, never as a city. Tracks
show as verified only where the maintainers' registry names this id and this GitHub login.
Nothing else reaches a page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .schema import to_date
from .validate import Profile
from .vocab import offset_minutes, offset_name, utc_offset, whole_hour_offset

# The fields a page may show. consent and github stay in the repository.
PUBLIC_FIELDS = ("name", "pronouns", "headline", "summary", "skills", "languages", "timezone", "working_hours",
                 "availability", "tracks", "experience", "education", "certificates", "portfolio", "links",
                 "photo", "country", "updated", "synthetic")


WITH_ERRORS = "with errors (run: python -m build_scripts validate)"


@dataclass
class Published:
    id: str
    file: str
    data: dict
    verified: frozenset = frozenset()     # track ids the programme confirmed for this id and login


@dataclass
class Selection:
    published: list[Published] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)   # reason -> count
    read: int = 0

    def report(self) -> str:
        lines = [f"Profiles: {self.read} read, {len(self.published)} published, {sum(self.left_out.values())} left out"]
        for reason, n in sorted(self.left_out.items()):
            lines.append(f"  {n} {reason}")
        return "\n".join(lines)


def consent_state(data: dict, today: dt.date) -> str | None:
    """None when consent is current, else why the profile may not be published."""
    consent = data.get("consent")
    if not isinstance(consent, dict):
        return "without consent"
    if "withdrawn" in consent:          # with any value, empty included
        return "consent withdrawn"
    try:
        given, expires = to_date(consent["given"]), to_date(consent["expires"])
    except (KeyError, TypeError, ValueError):
        return "without valid consent dates"
    if given > today:
        return "consent not yet given"
    if expires <= today:
        return "consent expired"
    return None


def public_view(data: dict, today: dt.date, skill_name=None) -> dict:
    """The publishable fields of a profile, with photo and country only where consented, and
    the time zone as a whole-hour offset where the country is not (public_zone). skill_name:
    a skill's name as the site shows it, from the name written ("Python3" -> "Python").

    A new top-level dict holding only allowed keys; nested values are shared, not copied
    (nothing downstream changes them, and copying 10,000 profiles costs a second).
    """
    consent = data["consent"]
    out = {k: data[k] for k in PUBLIC_FIELDS if k in data}
    if consent.get("photo") is not True:
        out.pop("photo", None)
    if consent.get("country") is not True:
        out.pop("country", None)
        if "timezone" in out:
            out["timezone"] = public_zone(out["timezone"], today)
    if skill_name and "skills" in out:
        out["skills"] = [{**s, "name": skill_name(s["name"]) or s["name"]} for s in out["skills"]]
    return out


def offset_zone(tz: str, today: dt.date) -> str:
    """A time zone (or a written offset) as its UTC offset on `today`: UTC+3, UTC-2:30, UTC."""
    minutes = offset_minutes(tz)
    return offset_name(utc_offset(tz, today) if minutes is None else minutes)


def public_zone(tz: str, today: dt.date) -> str:
    """The time zone of someone who keeps their country private: a whole-hour offset.

    A city names a country, and so does an offset few countries use (UTC+4:30 is Afghanistan's,
    UTC+5:45 Nepal's): half and quarter hours are rounded to the nearest hour, which moves the
    overlap employers see by at most half an hour. validate asks for this form in the file itself.
    """
    return whole_hour_offset(tz, today)


def verified_tracks(pid: str, login, registry: dict) -> frozenset:
    """The tracks the registry confirms for this id, when it confirmed them for this GitHub login too."""
    owner, tracks = registry.get(pid, ("", frozenset()))
    same = isinstance(login, str) and bool(owner) and owner.casefold() == login.casefold()
    return frozenset(tracks) if same else frozenset()


def select(profiles: list[Profile], today: dt.date, verified: dict | None = None, skill_name=None) -> Selection:
    """verified: the maintainers' registry, profile id -> (GitHub login, track ids); skill_name:
    see public_view (vocab.skill)."""
    sel = Selection(read=len(profiles))
    for p in profiles:
        if not p.ok:
            sel.left_out[WITH_ERRORS] += 1
            continue
        why = consent_state(p.data, today)
        if why:
            sel.left_out[why] += 1
            continue
        sel.published.append(Published(p.id, p.file, public_view(p.data, today, skill_name),
                                       verified_tracks(p.id, p.data.get("github"), verified or {})))
    return sel
