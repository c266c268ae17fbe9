"""The day consent is judged on: today's date where the day ends first, at UTC+14.

A consent that expires on 1 December ends as soon as it is 1 December anywhere on Earth
(10:00 UTC on 30 November), never hours later because a build ran on a server's date.
Every command's default "today" is this one.
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.timezone(dt.timedelta(hours=14))   # Kiribati's Line Islands: the first to start each day


def consent_today(now: dt.datetime | None = None) -> dt.date:
    """The date at UTC+14 at the moment `now` (default: this moment)."""
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(EARLIEST).date()
