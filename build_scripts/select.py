"""Select: who and what may be published. The only stage that decides; render trusts it.

A profile is published when it has no errors and its consent has been given, has not expired
and has not been withdrawn. Of a published profile only the fields in PUBLIC_FIELDS leave this
module, and the photo and country only with their own consent. Nothing else reaches a page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .schema import to_date
from .validate import Profile

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
    try:
        given, expires = to_date(consent["given"]), to_date(consent["expires"])
    except (KeyError, TypeError, ValueError):
        return "without valid consent dates"
    if consent.get("withdrawn") is not None:
        return "consent withdrawn"
    if given > today:
        return "consent not yet given"
    if expires <= today:
        return "consent expired"
    return None


def public_view(data: dict) -> dict:
    """The publishable fields of a profile, with photo and country only where consented.

    A new top-level dict holding only allowed keys; nested values are shared, not copied
    (nothing downstream changes them, and copying 10,000 profiles costs a second).
    """
    consent = data["consent"]
    out = {k: data[k] for k in PUBLIC_FIELDS if k in data}
    if consent.get("photo") is not True:
        out.pop("photo", None)
    if consent.get("country") is not True:
        out.pop("country", None)
    return out


def select(profiles: list[Profile], today: dt.date) -> Selection:
    sel = Selection(read=len(profiles))
    for p in profiles:
        if not p.ok:
            sel.left_out[WITH_ERRORS] += 1
            continue
        why = consent_state(p.data, today)
        if why:
            sel.left_out[why] += 1
            continue
        sel.published.append(Published(p.id, p.file, public_view(p.data)))
    return sel
