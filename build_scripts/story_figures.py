"""A story's figure: one published cell of the outcomes table, in words. Never computed here.

The impact stage (impact.py) publishes the suppressed aggregate table as impact/data/outcomes.csv;
a story reads that table, as anyone can download it, and shows the cell of its track (all cohorts
due at that follow-up), or where that is hidden the cell of its cohort, FOLLOW_UP months after the
programme. A hidden count (an empty cell) shows no figure: nothing is worked out from other cells.

One sentence, always built the same way, says what the number of people in work is out of: those who
answered the survey (the table's `reached`, which `in_work` counts among), within those who enrolled
when the table publishes both. Where `reached` is hidden it says so rather than give another base.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

FOLLOW_UP = 12                    # months after the programme: most cohorts are due, and it is what employers ask
_COUNTS = ("enrolled", "reached", "in_work")


@dataclass(frozen=True)
class PublishedTable:
    rows: list[dict]              # months_after as int, the counts as int or None (hidden), the rest as text
    synthetic: bool


@dataclass(frozen=True)
class Figure:
    sentence: str                 # "Of the 60 people who enrolled in ..., 41 answered ...; 23 of them were in work."
    synthetic: bool


def published_table(folder: Path) -> PublishedTable | None:
    """The table impact.py wrote into folder (outcomes.csv and datapackage.json); None when there is none."""
    try:
        text = (folder / "outcomes.csv").read_text(encoding="utf-8")
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = []
    for row in csv.DictReader(text.splitlines()):
        row["months_after"] = int(row["months_after"])
        for c in _COUNTS:
            row[c] = int(row[c]) if row[c] != "" else None
        rows.append(row)
    return PublishedTable(rows, package.get("synthetic") is True)


def story_figure(table: PublishedTable | None, track: str, cohort: str, track_name: str,
                 cohort_name: str = "") -> Figure | None:
    """The figure beside a story: its track's cell, else its cohort's, at FOLLOW_UP months; None when
    both are hidden (or absent, or there is no table). cohort_name: the cohort as the page says it
    ('the July 2024 intake'), else 'the 2024-B cohort'."""
    if table is None:
        return None
    for breakdown, value, group in (("track", track, f"the {track_name} track"),
                                    ("cohort", cohort, cohort_name or f"the {cohort} cohort")):
        row = next((r for r in table.rows if r["months_after"] == FOLLOW_UP and r["breakdown"] == breakdown
                    and r[breakdown] == value), None)
        if row is not None and row["in_work"] is not None:
            return Figure(_sentence(row, group), table.synthetic)
    return None


def _sentence(row: dict, group: str) -> str:
    """'[Of the E people who enrolled in G | From G], R answered the outcome survey M months after the
    programme; N of them were in work.' Without R: 'N answered ... and were in work; how many answered in all
    is not published.'"""
    n, enrolled, reached = row["in_work"], row["enrolled"], row["reached"]
    whom = f"Of the {enrolled} {_people(enrolled)} who enrolled in {group}" if enrolled is not None else f"From {group}"
    asked = f"answered the outcome survey {FOLLOW_UP} months after the programme"
    if reached is not None:
        return f"{whom}, {reached} {asked}; {n} of them {'was' if n == 1 else 'were'} in work."
    return f"{whom}, {n} {asked} and {'was' if n == 1 else 'were'} in work; how many answered in all is not published."


def _people(n: int) -> str:
    return "person" if n == 1 else "people"
