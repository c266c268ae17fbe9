"""Impact: outcomes microdata -> published aggregate data package, charts and the impact pages.

Only aggregate rows (with suppressed cells left empty) leave this module. The microdata folder
lives outside the staged docs and is deleted with the staging directory.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import jinja2
import numpy
import scipy

from . import aggregate as aggregate_module, outcomes as outcomes_module
from .aggregate import COUNTS, DIMENSIONS, FOLDED, MONTHS, PAIRS, RATES, aggregate
from .charts import bar_chart, line_chart
from .config import ROOT, Config, SettingsError
from .outcomes import load_microdata, tracked_by_git
from .problems import Problem
from .pages import write_whole

COLUMNS = (["months_after", "breakdown", *DIMENSIONS, *COUNTS, *RATES, "median_income_usd", "median_change_usd"])
DEFINITIONS = {
    "months_after": "Months after the cohort's programme ended when the survey was due.",
    "breakdown": "Which characteristics the row is broken down by ('overall' for everyone).",
    "cohort": "Intake, YYYY-A (January) or YYYY-B (July). Empty: all cohorts due at this point. "
              f"'{FOLDED}': the cohorts whose every count is hidden, together.",
    "track": f"Programme track. Empty: all tracks. '{FOLDED}': the tracks whose every count is hidden, together.",
    "site": f"Where the learner trained. Empty: all sites. '{FOLDED}': the sites whose every count is hidden, together.",
    "gender": f"Gender as learners reported it. Empty: everyone. '{FOLDED}': the genders whose every count is hidden, together.",
    "enrolled": "Learners enrolled in the cohorts due for this follow-up: everyone counts, finished or not.",
    "completed": "Of those enrolled, how many finished the programme.",
    "reached": "Of those enrolled, how many answered the follow-up survey.",
    "in_work": "Of those reached, how many were employed, freelancing or self-employed.",
    "remote": "Of those in work, how many worked remotely (employed remotely or freelancing remotely).",
    "completion_rate": "completed / enrolled, per cent.",
    "response_rate": "reached / enrolled, per cent.",
    "in_work_of_enrolled": "in_work / enrolled, per cent: a floor, counting everyone not reached as not in work.",
    "in_work_of_reached": "in_work / reached, per cent: among those who answered.",
    "remote_share_of_work": "remote / in_work, per cent.",
    "median_income_usd": "Median monthly income of those in work with an income, USD, rounded to 10.",
    "median_change_usd": "Median change in monthly income from enrolment, USD, rounded to 10.",
}


def outcomes_settings(config: Config) -> dict:
    """portal.yml's outcomes section; pairs are two-item lists, e.g. [[cohort, site], [site, gender]]."""
    o = config.extra.get("outcomes") or {}
    pairs = []
    for pair in o.get("pairs") or PAIRS:
        names = tuple(str(d) for d in pair) if isinstance(pair, (list, tuple)) else ()
        if len(names) != 2 or names[0] == names[1] or not set(names) <= set(DIMENSIONS):
            raise SettingsError(f"portal.yml: outcomes.pairs: {pair!r} is not two of {', '.join(DIMENSIONS)}")
        pairs.append(names)
    return {"source": os.environ.get("OUTCOMES_SOURCE") or str(o.get("source") or ""),
            "token_env": str(o.get("token_env") or "OUTCOMES_TOKEN"),
            "k": int(str(o.get("k") or 5)), "pairs": pairs}


def package_descriptor(k: int, synthetic: bool, extracted_on: str) -> dict:
    def kind(name):
        if name in ("months_after", *COUNTS, "median_income_usd", "median_change_usd"):
            return "integer"
        return "number" if name in RATES else "string"
    return {
        "name": "programme-outcomes",
        "title": ("SYNTHETIC SAMPLE: " if synthetic else "") + "Programme outcomes: employment after training",
        "description": f"Aggregate outcomes at 3, 6, 12 and 24 months. Counts from 1 to {k - 1} are suppressed, "
                       "with complementary suppression; suppressed values are empty. See method.md.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "synthetic": synthetic,
        "extracted_on": extracted_on,
        "resources": [{
            "name": "outcomes", "path": "outcomes.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": {"fields": [dict({"name": c, "type": kind(c), "description": DEFINITIONS[c]},
                                       **({"constraints": {"minimum": 0}} if kind(c) == "integer" and c != "median_change_usd" else {}))
                                  for c in COLUMNS],
                       "missingValues": [""]},
        }],
    }


def write_package(rows: list[dict], folder: Path, k: int, synthetic: bool, extracted_on: str, method: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({c: "" if row.get(c) is None else row[c] for c in COLUMNS})
    (folder / "outcomes.csv").write_text(buf.getvalue(), encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps(package_descriptor(k, synthetic, extracted_on), indent=2) + "\n",
                                             encoding="utf-8")
    (folder / "method.txt").write_text(method, encoding="utf-8")   # .md would become a page
    # stamped with the extraction date, not the build's clock: the same figures give the same bytes
    try:
        stamp = max(dt.date.fromisoformat(str(extracted_on)[:10]), dt.date(1980, 1, 1)).timetuple()[:6]
    except ValueError:
        stamp = (1980, 1, 1, 0, 0, 0)          # the earliest time a zip file can hold
    with zipfile.ZipFile(folder.parent / "programme-outcomes.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for source, name in (("datapackage.json", "datapackage.json"), ("outcomes.csv", "outcomes.csv"),
                             ("method.txt", "method.md")):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, (folder / source).read_bytes())


def figures(rows: list[dict]) -> dict:
    """What the charts, tables and summaries show: overall and by cohort, by follow-up point."""
    overall = {r["months_after"]: r for r in rows if r["breakdown"] == "overall"}
    cohorts = sorted({r["cohort"] for r in rows if r["breakdown"] == "cohort"})
    by_cohort = {c: {r["months_after"]: r for r in rows if r["breakdown"] == "cohort" and r["cohort"] == c} for c in cohorts}
    months = [m for m in MONTHS if m in overall]
    return {"overall": overall, "months": months, "cohorts": cohorts, "by_cohort": by_cohort}


def charts(f: dict) -> dict:
    labels = [f"{m} months" for m in f["months"]]
    lines = {c: [f["by_cohort"][c].get(m, {}).get("in_work_of_reached") for m in f["months"]] for c in f["cohorts"]}
    employment = line_chart(
        "In work after the programme, by cohort",
        "Share of learners reached by the survey who were in work, at each follow-up point, one line per cohort.",
        labels, {c: line for c, line in lines.items() if any(v is not None for v in line)},   # no empty legend entries
        "% of those reached")
    remote = bar_chart("Share of work that is remote", "Of learners in work, the share working remotely, by follow-up point.",
                       labels, [f["overall"][m]["remote_share_of_work"] for m in f["months"]], "% of those in work",
                       y_max=100, unit="%")
    income = bar_chart("Change in monthly income", "Median change in monthly income since enrolment, for those in work, USD.",
                       labels, [f["overall"][m]["median_change_usd"] for m in f["months"]], "USD a month", unit="")
    return {"employment": employment, "remote": remote, "income": income}


CACHE = ROOT / ".cache" / "outcomes"


def published_rows(micro, settings: dict, cache: Path = CACHE) -> list[dict]:
    """The aggregate table as published, remembered by what it was computed from.

    Auditing the suppression takes seconds while the data changes once a month, so the table is
    kept under .cache/ (git ignores it), named by a hash of the microdata, k, the pairs, the code
    that aggregates and the libraries that audit: any change to one of them computes it afresh.
    Only published rows (hidden cells empty) are stored, the same rows the site's data package
    holds. A remembered table is used only if git does not track it (a file committed under
    .cache/ would be a table nobody audited) and it still hides every count from 1 to k-1.
    """
    key = hashlib.sha256(json.dumps([micro.learners, micro.followups, settings["k"], settings["pairs"],
                                     [numpy.__version__, scipy.__version__]], sort_keys=True, default=str).encode())
    for module in (aggregate_module, outcomes_module):
        key.update(Path(module.__file__).read_bytes())
    path = cache / f"{key.hexdigest()}.json"
    remembered = _remembered(path, settings["k"])
    if remembered is not None:
        return remembered
    rows = aggregate(micro.learners, micro.followups, k=settings["k"], pairs=settings["pairs"]).rows()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        write_whole(path, json.dumps(rows))
    except OSError:
        pass           # a read-only checkout builds anyway, only slower
    return rows


def _remembered(path: Path, k: int) -> list[dict] | None:
    """The table kept at path, if it is one this build made: untracked, with the published columns,
    and no count from 1 to k-1."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    whole = isinstance(rows, list) and all(isinstance(r, dict) and list(r) == COLUMNS for r in rows)
    small = whole and any(isinstance(r[c], int) and 0 < r[c] < k for r in rows for c in COUNTS)
    if not whole or small or tracked_by_git([path]):
        return None
    return rows


# The pages render_impact always writes (with data or without), as MkDocs source paths, each with
# the folder of files it brings: the index page comes last, when everything under impact/ is written.
PAGES = (("impact/method.md", None), ("impact/index.md", "impact"))


def render_impact(docs: Path, env: jinja2.Environment, config: Config, workdir: Path, log=print,
                  stories=None) -> list[Problem]:
    """The impact page, the method page and the downloadable package; a page explaining the gap if no data.
    `stories`: the published stories (select_stories.StorySelection): the page links to those of each track."""
    settings = outcomes_settings(config)
    problems: list[Problem] = []
    context = {"k": settings["k"], "available": False, "pairs": settings["pairs"],
               "stories": stories.by_track() if stories is not None else {}}
    if settings["source"]:
        micro = load_microdata(settings["source"], workdir, settings["token_env"])
        problems = micro.problems
        if not problems:
            rows = published_rows(micro, settings)
            f = figures(rows)
            method = env.get_template("impact-method.md.j2").render(k=settings["k"], pairs=settings["pairs"],
                                                                    definitions=DEFINITIONS, synthetic=micro.synthetic,
                                                                    extracted_on=micro.extracted_on)
            write_package(rows, docs / "impact" / "data", settings["k"], micro.synthetic, str(micro.extracted_on),
                          method.split("\n---\n", 1)[-1])
            suppressed = sum(1 for r in rows for c in COUNTS if r[c] is None)
            context.update(available=True, f=f, charts=charts(f), synthetic=micro.synthetic,
                           extracted_on=micro.extracted_on, suppressed=suppressed, cells=len(rows) * len(COUNTS))
            (docs / "impact").mkdir(parents=True, exist_ok=True)
            write_whole(docs / "impact" / "method.md", method)
            # what the page says, no more: the number of learners, for one, may be a hidden count
            log(f"Outcomes: aggregated; {suppressed} of {len(rows) * len(COUNTS)} counts suppressed (k={settings['k']}).")
    if not context["available"]:
        (docs / "impact").mkdir(parents=True, exist_ok=True)
        write_whole(docs / "impact" / "method.md",
                    env.get_template("impact-method.md.j2").render(k=settings["k"], pairs=settings["pairs"],
                                                                   definitions=DEFINITIONS, synthetic=False,
                                                                   extracted_on=None))
        for p in problems:
            log(f"Outcomes: {p.text()}")
    # last, as MkDocs may be reading the pages while they are written: the files they link to come first
    write_whole(docs / "impact" / "index.md", env.get_template("impact.md.j2").render(**context))
    return problems
