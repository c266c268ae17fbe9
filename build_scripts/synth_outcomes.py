"""synth-outcomes: an invented follow-up data package (learners + follow-ups), labelled synthetic.

Realistic in shape, not in people: six cohorts, three sites, drop-out, surveys that reach fewer
people as time passes, and work that grows slowly after the programme.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

from .outcomes import AGE_BANDS, GENDERS, MONTHS, REMOTE, SITES, STATUSES, WORK, schema

TRACKS = ["web-development", "data-analysis", "digital-marketing", "graphic-design", "virtual-assistance",
          "translation-localisation", "it-support", "data-annotation"]
PROGRAMME_MONTHS = 6


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, min(d.day, 28))


def cohorts(extracted_on: dt.date, n: int = 6) -> list[tuple[str, dt.date]]:
    """n cohorts, one every six months, the last one finished before the extraction date."""
    last_start = add_months(dt.date(extracted_on.year, 1 if extracted_on.month <= 6 else 7, 1), -PROGRAMME_MONTHS * 2)
    starts = [add_months(last_start, -6 * i) for i in reversed(range(n))]
    return [(f"{s.year}-{'A' if s.month <= 6 else 'B'}", s) for s in starts]


def descriptor(extracted_on: dt.date, synthetic: bool) -> dict:
    tables = schema()
    return {
        "name": "programme-outcomes-microdata",
        "title": ("SYNTHETIC SAMPLE: " if synthetic else "") + "Programme outcomes microdata",
        "description": "Learners and their follow-up surveys. Confidential: never published; the site shows "
                       "aggregates with small cells suppressed." + (" Every row is invented." if synthetic else ""),
        "synthetic": synthetic,
        "extracted_on": str(extracted_on),
        "resources": [
            {"name": name, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "profile": "tabular-data-resource", "schema": tables[name]}
            for name in ("learners", "followups")
        ],
    }


def make(rng: random.Random, learners: int, extracted_on: dt.date):
    """(learner rows, follow-up rows) as dicts of strings."""
    intake = cohorts(extracted_on)
    lrows, frows = [], []
    for i in range(learners):
        name, start = intake[i * len(intake) // learners]
        end = add_months(start, PROGRAMME_MONTHS)
        completed = rng.random() < 0.74
        baseline = rng.choices(STATUSES, [2, 12, 3, 6, 10, 45, 22])[0]
        row = _learner(rng, f"L{i + 1:05d}", name, (start, end), completed, baseline)
        lrows.append(row)
        frows += _followups(rng, row["learner_id"], end, completed, baseline, extracted_on)
    return lrows, frows


# one learner's row: who they are, when they enrolled and graduated, and their work before
def _learner(rng: random.Random, learner_id: str, cohort: str, dates: tuple[dt.date, dt.date], completed: bool,
             baseline: str) -> dict:
    site_weights = [40, 35, 25, 0]
    start, end = dates
    base_income = 0 if baseline not in WORK else round(rng.uniform(80, 420), 2)
    return {
        "learner_id": learner_id, "cohort": cohort, "track": rng.choice(TRACKS),
        "site": rng.choices(SITES, site_weights)[0], "gender": rng.choices(GENDERS, [55, 43, 2])[0],
        "age_band": rng.choices(AGE_BANDS, [38, 42, 15, 5])[0], "enrolled_on": str(start),
        "completed": "true" if completed else "false",
        "graduated_on": str(end) if completed else "",
        "baseline_status": baseline, "baseline_income_usd": f"{base_income:.2f}" if baseline in WORK or rng.random() < 0.9 else "",
    }


# a learner's follow-up rows: one for each survey month due by the extraction date
def _followups(rng: random.Random, learner_id: str, end: dt.date, completed: bool, baseline: str,
               extracted_on: dt.date) -> list[dict]:
    rows = []
    for m in MONTHS:
        due = add_months(end, m)
        if due > extracted_on:
            continue
        reach = {3: 0.86, 6: 0.79, 12: 0.68, 24: 0.56}[m] * (1 if completed else 0.7)
        reached = rng.random() < reach
        f = {"learner_id": learner_id, "months_after": str(m),
             "survey_date": str(due + dt.timedelta(days=rng.randint(0, 40))),
             "reached": "true" if reached else "false", "status": "", "monthly_income_usd": "",
             "hours_per_week": "", "uses_training": ""}
        if reached:
            f.update(_answers(rng, m, completed, baseline))
        rows.append(f)
    return rows


# what a reached learner says m months after: in work (more often later, and after completing) or not
def _answers(rng: random.Random, m: int, completed: bool, baseline: str) -> dict:
    p_work = (0.30 + 0.05 * MONTHS.index(m)) * (1.0 if completed else 0.55) + (0.1 if baseline in WORK else 0)
    if rng.random() < p_work:
        status = rng.choices(sorted(WORK), [30, 28, 25, 17])[0]
        income = rng.lognormvariate(5.9 + 0.08 * MONTHS.index(m) + (0.25 if status in REMOTE else 0), 0.45)
        hours = rng.choice([10, 15, 20, 25, 30, 40, 40, 45])
    else:
        status = rng.choices(["studying", "seeking_work", "not_seeking"], [25, 55, 20])[0]
        income, hours = 0.0, 0
    return dict(status=status, monthly_income_usd=f"{income:.2f}", hours_per_week=str(hours),
                uses_training="true" if status in WORK and rng.random() < 0.8 else "false")


def write_package(out: Path, learners: int = 600, seed: int = 1, extracted_on: dt.date | None = None,
                  synthetic: bool = True) -> Path:
    extracted_on = extracted_on or dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    lrows, frows = make(random.Random(seed), learners, extracted_on)
    for name, rows in (("learners", lrows), ("followups", frows)):
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=[fd["name"] for fd in schema()[name]["fields"]])
            w.writeheader()
            w.writerows(rows)
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor(extracted_on, synthetic), indent=2) + "\n", encoding="utf-8")
    return path
