"""Outcomes microdata in: fetched, validated with frictionless, typed. Never published, never echoed.

Problems are reported as `file:row:field CODE message`, built from the error's type and place
only: frictionless's own messages quote cell values, and microdata must not reach a CI log.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .fetch import FetchError, Policy, fetch_package
from .problems import Problem

ROOT = Path(__file__).resolve().parent.parent

# The data contract: what real microdata must look like. The sample and the aggregation follow it.
STATUSES = ["employed_remote", "employed_local", "freelance_remote", "self_employed", "studying", "seeking_work",
            "not_seeking"]
WORK = {"employed_remote", "employed_local", "freelance_remote", "self_employed"}
REMOTE = {"employed_remote", "freelance_remote"}
MONTHS = [3, 6, 12, 24]
SITES = ["jordan", "lebanon", "iraq", "online"]
GENDERS = ["female", "male", "undisclosed"]
AGE_BANDS = ["18-24", "25-34", "35-44", "45+"]


def schema() -> dict:
    """The package descriptor: table schemas with types, enums, keys. Shared by sample and real data."""
    def field(name, type_, desc, **constraints):
        f = {"name": name, "type": type_, "description": desc}
        if constraints:
            f["constraints"] = constraints
        return f
    learners = {
        "fields": [
            field("learner_id", "string", "Pseudonymous id; never published.", required=True, unique=True,
                  pattern="L[0-9]{5}"),
            field("cohort", "string", "Intake, YYYY-A (January) or YYYY-B (July).", required=True, pattern="20[0-9]{2}-[AB]"),
            field("track", "string", "Programme track id (data/tracks.yml).", required=True),
            field("site", "string", "Where the learner trained.", required=True, enum=SITES),
            field("gender", "string", "As the learner reported it.", required=True, enum=GENDERS + ["other"]),
            field("age_band", "string", "Age at enrolment.", required=True, enum=AGE_BANDS),
            field("enrolled_on", "date", "First day of the programme.", required=True),
            field("completed", "boolean", "Finished the programme.", required=True),
            field("graduated_on", "date", "Graduation date; empty when not completed."),
            field("baseline_status", "string", "Work status at enrolment.", required=True, enum=STATUSES),
            field("baseline_income_usd", "number", "Monthly income at enrolment, USD.", minimum=0),
        ],
        "primaryKey": ["learner_id"],
    }
    followups = {
        "fields": [
            field("learner_id", "string", "The learner surveyed.", required=True, pattern="L[0-9]{5}"),
            field("months_after", "integer", "Months after the cohort's programme ended.", required=True, enum=MONTHS),
            field("survey_date", "date", "When the survey was attempted.", required=True),
            field("reached", "boolean", "Whether the learner answered.", required=True),
            field("status", "string", "Work status; empty when not reached.", enum=STATUSES),
            field("monthly_income_usd", "number", "Monthly income, USD; empty when not reached.", minimum=0),
            field("hours_per_week", "integer", "Hours worked a week.", minimum=0, maximum=100),
            field("uses_training", "boolean", "Uses what the programme taught in their work."),
        ],
        "primaryKey": ["learner_id", "months_after"],
        "foreignKeys": [{"fields": ["learner_id"], "reference": {"resource": "learners", "fields": ["learner_id"]}}],
    }
    return {"learners": learners, "followups": followups}


# frictionless error type -> (our code, what it means, in words that quote no value)
_ERRORS = {
    "type-error": ("D001", "the value is not of the field's type"),
    "constraint-error": ("D002", "the value breaks the field's rule (allowed values, pattern, range or required)"),
    "missing-cell": ("D002", "a required value is missing"),
    "primary-key": ("D003", "the key is repeated; each row needs its own"),
    "unique-error": ("D003", "the value is repeated but must be unique"),
    "foreign-key": ("D004", "refers to a learner that is not in learners"),
    "missing-label": ("D005", "a column is missing"),
    "extra-label": ("D005", "there is a column the schema does not have"),
    "incorrect-label": ("D005", "a column has the wrong name or is out of order"),
    "duplicate-label": ("D005", "a column name is repeated"),
    "blank-label": ("D005", "a column has no name"),
    "extra-cell": ("D005", "the row has more cells than there are columns"),
    "blank-row": ("D005", "the row is empty"),
}


# A problem in the outcomes tables, located by file, row and field: DataProblem(file, row, field,
# code, message) is a problems.Problem, so it prints as text, GitHub annotations or JSON alike.
DataProblem = Problem.in_table


@dataclass
class Microdata:
    learners: list[dict]
    followups: list[dict]
    synthetic: bool
    extracted_on: dt.date
    problems: list[Problem] = field(default_factory=list)


def frictionless_problems(descriptor: Path) -> list[Problem]:
    from frictionless import validate

    try:
        report = validate(str(descriptor))
    except Exception as e:                    # a broken descriptor: say so, without its content
        return [DataProblem(descriptor.name, None, "", "D006", f"the data package cannot be read ({type(e).__name__})")]
    problems = []
    for error in report.errors:               # package-level
        problems.append(DataProblem(descriptor.name, None, "", "D006", f"the data package is invalid ({error.type})"))
    for task in report.tasks:
        name = Path(task.place or task.name or "?").name
        for error in task.errors:
            code, words = _ERRORS.get(error.type, ("D009", f"the data is invalid ({error.type})"))
            problems.append(DataProblem(name, getattr(error, "row_number", None), getattr(error, "field_name", "") or "",
                                        code, words))
    return problems


def tracked_by_git(paths: list[Path]) -> list[Path]:
    """Those of paths that a git repository (whichever holds them) tracks."""
    tracked = []
    for p in paths:
        r = subprocess.run(["git", "-C", str(p.resolve().parent), "ls-files", "--error-unmatch", p.name],
                           capture_output=True)
        if r.returncode == 0:
            tracked.append(p)
    return tracked


def _is_url(source: str) -> bool:
    return str(source).startswith(("http://", "https://"))


def _impose_contract(descriptor: Path) -> dict[str, str] | Problem:
    """Replace the package's own table schemas by ours, so the data is checked against the contract
    (a renamed or missing column is a problem, not a crash later). Returns resource name -> path."""
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    resources = {r.get("name"): r for r in package.get("resources", []) if isinstance(r, dict)}
    missing = [name for name in schema() if name not in resources]
    if missing:
        return DataProblem(descriptor.name, None, "", "D006",
                           f"the data package needs resources named {' and '.join(schema())}; missing: {', '.join(missing)}")
    for name, table in schema().items():
        resources[name]["schema"] = table
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    return {name: resources[name]["path"] for name in schema()}


def load_microdata(source: str, workdir: Path, token_env: str = "OUTCOMES_TOKEN", policy: Policy = Policy()) -> Microdata:
    """Fetch, refuse, validate, type. On any problem the Microdata has no rows and lists why.

    A relative local source is relative to the repository, wherever the command runs from.
    """
    empty = Microdata([], [], False, dt.date.today())
    if not _is_url(source) and not Path(source).is_absolute():
        source = str(ROOT / source)
    try:
        descriptor = fetch_package(source, workdir, token_env, policy)
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        paths = _impose_contract(descriptor)
    except (FetchError, ValueError) as e:
        empty.problems.append(DataProblem("datapackage.json", None, "", "D008", str(e)))
        return empty
    if isinstance(paths, Problem):
        empty.problems.append(paths)
        return empty
    synthetic = package.get("synthetic") is True
    if not _is_url(source):
        folder = Path(source) if Path(source).is_dir() else Path(source).parent
        if not synthetic and tracked_by_git([folder / p for p in paths.values()]):
            empty.problems.append(DataProblem("datapackage.json", None, "", "D007",
                                              "microdata files are tracked by git and the package is not marked "
                                              "synthetic: refusing to use them"))
            return empty
    problems = frictionless_problems(descriptor)
    if problems:
        empty.problems = problems
        return empty
    try:
        extracted = dt.date.fromisoformat(package.get("extracted_on", ""))
    except ValueError:
        extracted = dt.date.today()
    return Microdata(_read(workdir / paths["learners"]), _read(workdir / paths["followups"]), synthetic, extracted)


def _read(path: Path) -> list[dict]:
    """Rows with the types aggregation needs; the package was validated, so conversion cannot fail."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for k, v in r.items():
                if v == "":
                    r[k] = None
                elif k in ("completed", "reached", "uses_training"):
                    r[k] = v == "true"
            for k in ("months_after", "hours_per_week"):
                if r.get(k) is not None:
                    r[k] = int(r[k])
            for k in ("monthly_income_usd", "baseline_income_usd"):
                if r.get(k) is not None:
                    r[k] = float(r[k])
            rows.append(r)
    return rows
