"""A story's figure: one published cell of the outcomes table, in words. Never computed here.

The impact stage (impact.py) publishes the suppressed aggregate table as impact/data/outcomes.csv;
a story reads that table, as anyone can download it, and shows the cell of its track (all cohorts
due at that follow-up), or where that is hidden the cell of its cohort, FOLLOW_UP months after the
programme. A hidden count (an empty cell) shows no figure: nothing is worked out from other cells.
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
    sentence: str                 # "20 of the 40 people from the Data analysis track whom ... were in work."
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


def story_figure(table: PublishedTable | None, track: str, cohort: str, track_name: str) -> Figure | None:
    """The figure beside a story: its track's cell, else its cohort's, at FOLLOW_UP months; None when
    both are hidden (or absent, or there is no table)."""
    if table is None:
        return None
    for breakdown, value, group in (("track", track, f"the {track_name} track"), ("cohort", cohort, f"the {cohort} cohort")):
        row = next((r for r in table.rows if r["months_after"] == FOLLOW_UP and r["breakdown"] == breakdown
                    and r[breakdown] == value), None)
        if row is not None and row["in_work"] is not None:
            return Figure(_sentence(row, group), table.synthetic)
    return None


def _sentence(row: dict, group: str) -> str:
    n, after = row["in_work"], f"{FOLLOW_UP} months after the programme"
    were = "was" if n == 1 else "were"
    if row["reached"] is not None:
        return f"{n} of the {row['reached']} people from {group} whom the survey reached {after} {were} in work."
    if row["enrolled"] is not None:
        return f"{n} of the {row['enrolled']} people who enrolled in {group} {were} in work {after}."
    return f"{n} {'person' if n == 1 else 'people'} from {group} {were} in work {after}."
