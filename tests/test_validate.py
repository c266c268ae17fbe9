"""validate.py: one failing fixture per code, each asserting exactly that code at its line."""

import datetime as dt
import re
from pathlib import Path

import pytest

from build_scripts.problems import CODES
from build_scripts.schema import apply_types, is_valid, profile_schema
from build_scripts.load import load_file
from build_scripts.validate import validate_paths
from conftest import FIXTURES, TODAY

PROBLEMS = FIXTURES / "problems"
FIXTURE_FILES = sorted(PROBLEMS.glob("*.yaml"))


def expectation(path: Path) -> tuple[str, int, int]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    m = re.fullmatch(r"# expect: ([A-Z][0-9]{3}) ([0-9]+):([0-9]+)", first)
    assert m, f"{path.name}: first line must be '# expect: CODE line:col'"
    return m.group(1), int(m.group(2)), int(m.group(3))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_code(path):
    code, line, col = expectation(path)
    result = validate_paths([path], root=PROBLEMS, today=TODAY)
    assert [(p.code, p.line, p.col) for p in result.problems] == [(code, line, col)]


def test_every_file_and_profile_code_has_a_fixture():
    covered = {expectation(p)[0] for p in FIXTURE_FILES}
    wanted = {c for c in CODES if c[0] in "PW"}
    assert wanted - covered == set(), "add a failing fixture for each of these codes"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fast_schema_check_agrees_with_the_detailed_one(path):
    # fastjsonschema is the gate: it must reject whatever jsonschema would report
    doc = load_file(path)
    if not doc.ok or not isinstance(doc.data, dict):
        return
    from build_scripts.schema import profile_validator
    data = apply_types(doc.data, profile_schema())
    assert is_valid(data) == (next(profile_validator().iter_errors(data), None) is None)


def variant(tmp_path, name: str, *replacements: tuple[str, str], append: str = "") -> Path:
    """A copy of a valid profile (the P004 fixture with its one problem fixed), changed as given."""
    text = (PROBLEMS / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text + append)
    return path


def problems_of(path: Path) -> list:
    return validate_paths([path], root=path.parent, today=TODAY).problems


def test_shipped_sample_profiles_have_no_errors():
    result = validate_paths(today=dt.date.today())
    assert result.checked >= 40
    assert result.errors == []


def test_all_problems_are_collected_in_one_pass(tmp_path):
    f = variant(tmp_path, "two-problems", ("timezone: Asia/Amman", "timezone: Mars/Base"),
                ("status: available", "status: maybe"), ("  - name: Python", "  - name: Pyhton"))
    assert sorted(p.code for p in problems_of(f)) == ["P004", "P006", "P011"]


def test_language_code_no_is_norwegian_not_false(tmp_path):
    f = variant(tmp_path, "norsk", ("  - code: ar\n    level: native", "  - code: ar\n    level: native\n  - code: no\n    level: B1"))
    result = validate_paths([f], root=tmp_path, today=TODAY)
    assert result.problems == []
    assert result.profiles[0].data["languages"][1]["code"] == "no"


def test_quoted_and_unquoted_times_and_numbers(tmp_path):
    f = variant(tmp_path, "hours", append="working_hours:\n  start: 09:00\n  end: '17:30'\n")
    result = validate_paths([f], root=tmp_path, today=TODAY)
    assert result.problems == []
    data = result.profiles[0].data
    assert data["working_hours"] == {"start": "09:00", "end": "17:30"}
    assert data["availability"]["hours_per_week"] == 20 and data["consent"]["photo"] is False


def test_impossible_calendar_date_is_bad_format(tmp_path):
    f = variant(tmp_path, "feb", ("updated: 2026-05-01", "updated: 2026-02-30"))
    assert [p.code for p in problems_of(f)] == ["P013"]


def test_one_changed_file_is_still_checked_against_every_other_login(tmp_path):
    (tmp_path / "profiles").mkdir()
    base = (PROBLEMS / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
    (tmp_path / "profiles" / "first.yaml").write_text(base)
    changed = tmp_path / "profiles" / "second.yaml"
    changed.write_text(base)
    result = validate_paths([changed], root=tmp_path, today=TODAY)
    assert [(p.code, p.file) for p in result.problems] == [("P016", "profiles/second.yaml")]


def test_did_you_mean_for_field_names_inside_lists(tmp_path):
    f = variant(tmp_path, "nested", ("    level: advanced", "    levle: advanced"))
    messages = [p.text() for p in problems_of(f)]
    assert any("P008 skills[0].levle: 'levle' is not a profile field; did you mean 'level'?" in m for m in messages)
    assert any("P009 skills[0]: the required field 'level' is missing" in m for m in messages)
