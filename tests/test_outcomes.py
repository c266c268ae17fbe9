"""outcomes.py + impact.py: microdata is checked without echoing it, refused when tracked, and never published."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_scripts.build import build_site
from build_scripts.config import SettingsError
from conftest import ROOT, TODAY, run_cli
from sitefixtures import write_profiles

SAMPLE = ROOT / "outcomes" / "sample"
CANARIES = ["L31337", "L27182", "4242.42", "3131.31", "1717.17", "CANARY-GENDER-7731", "CANARYMONTHS"]


def copy_sample(dest: Path, synthetic: bool = True) -> Path:
    shutil.copytree(SAMPLE, dest)
    d = json.loads((dest / "datapackage.json").read_text())
    d["synthetic"] = synthetic
    (dest / "datapackage.json").write_text(json.dumps(d))
    return dest


def edit_csv(path: Path, change) -> None:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    rows = change(rows) or rows
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def plant_canaries(pkg: Path) -> None:
    """Unique values in fields that are never published: they must not appear anywhere."""
    def learners(rows):
        rows[0]["learner_id"], rows[1]["learner_id"] = "L31337", "L27182"
        rows[2]["baseline_income_usd"] = "1717.17"
    def followups(rows):
        for r in rows:
            r["learner_id"] = {"L00001": "L31337", "L00002": "L27182"}.get(r["learner_id"], r["learner_id"])
        worked = [r for r in rows if r["status"] in ("employed_remote", "employed_local")]
        worked[0]["monthly_income_usd"], worked[1]["monthly_income_usd"] = "4242.42", "3131.31"
    edit_csv(pkg / "learners.csv", learners)
    edit_csv(pkg / "followups.csv", followups)


def test_sample_package_is_valid_and_labelled_synthetic():
    r = run_cli("outcomes")
    assert r.returncode == 0, r.stdout
    assert r.stdout == "Outcomes data package is valid (synthetic).\n"       # no counts: they may be hidden ones
    assert json.loads((SAMPLE / "datapackage.json").read_text())["title"].startswith("SYNTHETIC SAMPLE")


def test_problems_name_file_row_and_field_but_never_the_value(tmp_path):
    pkg = copy_sample(tmp_path / "pkg")

    def learners(rows):
        rows[4]["gender"] = "CANARY-GENDER-7731"
        rows[6]["learner_id"] = rows[5]["learner_id"]

    def followups(rows):
        rows[2]["months_after"] = "CANARYMONTHS"
        rows[3]["learner_id"] = "L99999"

    edit_csv(pkg / "learners.csv", learners)
    edit_csv(pkg / "followups.csv", followups)
    r = run_cli("outcomes", str(pkg))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert "learners.csv:6:gender D002 the value breaks the field's rule (allowed values, pattern, range or required)" in lines
    assert "learners.csv:8:- D003 the key is repeated; each row needs its own" in lines
    assert "followups.csv:4:months_after D001 the value is not of the field's type" in lines
    assert "followups.csv:5:- D004 refers to a learner that is not in learners" in lines
    assert not any(c in r.stdout + r.stderr for c in CANARIES + ["L99999"])


def test_microdata_tracked_by_git_is_refused_unless_synthetic(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    pkg = copy_sample(repo / "data", synthetic=False)
    git = ["git", "-C", str(repo), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "oops"], check=True)
    r = run_cli("outcomes", str(pkg))
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == ("datapackage.json:-:- D007 microdata files are tracked by git and the package is not "
                                        "marked synthetic: refusing to use them")
    untracked = copy_sample(tmp_path / "outside", synthetic=False)
    assert run_cli("outcomes", str(untracked)).returncode == 0


@pytest.mark.slow
def test_canaries_appear_nowhere_in_the_site_or_the_build_output(tmp_path, monkeypatch):
    pkg = copy_sample(tmp_path / "pkg")
    plant_canaries(pkg)
    assert run_cli("outcomes", str(pkg)).returncode == 0
    monkeypatch.setenv("OUTCOMES_SOURCE", str(pkg))
    lines = []
    site = tmp_path / "site"
    assert build_site(site, today=TODAY, profiles_dir=write_profiles(tmp_path), log=lines.append) == 0
    assert any(line.startswith("Outcomes: aggregated; ") for line in lines)
    texts = ["\n".join(lines)]
    for p in site.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts.append(data.decode("utf-8", "replace"))
    for zipped in site.rglob("*.zip"):
        import zipfile
        with zipfile.ZipFile(zipped) as z:
            texts += [z.read(n).decode() for n in z.namelist()]
    everything = "\n".join(texts)
    assert "Programme outcomes" in everything          # the search really covered the published package
    for canary in CANARIES:
        assert canary not in everything, canary
    assert not (site / "impact" / "data" / "learners.csv").exists()
    assert "learner_id" not in (site / "impact" / "data" / "outcomes.csv").read_text()


@pytest.mark.slow
def test_published_package_passes_frictionless_validate(tmp_path):
    site = tmp_path / "site"
    assert build_site(site, today=TODAY, profiles_dir=write_profiles(tmp_path), log=lambda *_: None) == 0
    r = subprocess.run([str(Path(shutil.which("frictionless") or Path(__import__("sys").executable).parent / "frictionless")),
                        "validate", str(site / "impact" / "data" / "datapackage.json")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    rows = list(csv.DictReader(open(site / "impact" / "data" / "outcomes.csv")))
    counts = [int(r[c]) for r in rows for c in ("enrolled", "completed", "reached", "in_work", "remote") if r[c]]
    assert counts and all(c == 0 or c >= 5 for c in counts)
    html = (site / "impact" / "index.html").read_text()
    assert "<svg" in html and "Synthetic sample data" in html and "<script" not in html.split("<article")[1].split("</article>")[0]


@pytest.mark.slow
def test_no_outcomes_source_still_builds_an_explaining_page(tmp_path, monkeypatch):
    from build_scripts import impact
    monkeypatch.setattr(impact, "outcomes_settings", lambda config: {"source": "", "token_env": "X", "k": 5,
                                                                     "pairs": impact.PAIRS})
    site = tmp_path / "site"
    assert build_site(site, today=TODAY, profiles_dir=write_profiles(tmp_path), log=lambda *_: None) == 0
    assert "Outcome figures are not available" in (site / "impact" / "index.html").read_text()


def test_data_is_checked_against_our_contract_not_its_own_descriptor(tmp_path):
    pkg = copy_sample(tmp_path / "pkg")
    d = json.loads((pkg / "datapackage.json").read_text())
    for field in d["resources"][0]["schema"]["fields"]:
        if field["name"] == "cohort":
            field["name"] = "intake"             # the package's own schema agrees with its data...
    (pkg / "datapackage.json").write_text(json.dumps(d))
    text = (pkg / "learners.csv").read_text().replace("learner_id,cohort,", "learner_id,intake,", 1)
    (pkg / "learners.csv").write_text(text)
    r = run_cli("outcomes", str(pkg))
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr     # ...but not with ours
    assert r.stdout.splitlines()[0] == "learners.csv:-:cohort D005 a column has the wrong name or is out of order"


def test_resources_are_found_by_name_wherever_their_files_are(tmp_path):
    pkg = copy_sample(tmp_path / "pkg")
    (pkg / "tables").mkdir()
    for name in ("learners", "followups"):
        (pkg / f"{name}.csv").rename(pkg / "tables" / f"{name}.csv")
    d = json.loads((pkg / "datapackage.json").read_text())
    for r in d["resources"]:
        r["path"] = f"tables/{r['name']}.csv"
    (pkg / "datapackage.json").write_text(json.dumps(d))
    assert run_cli("outcomes", str(pkg)).returncode == 0


def test_a_missing_resource_is_a_problem(tmp_path):
    pkg = copy_sample(tmp_path / "pkg")
    d = json.loads((pkg / "datapackage.json").read_text())
    d["resources"] = d["resources"][:1]
    (pkg / "datapackage.json").write_text(json.dumps(d))
    r = run_cli("outcomes", str(pkg))
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == ("datapackage.json:-:- D006 the data package needs resources named learners "
                                        "and followups; missing: followups")


def test_the_configured_source_is_relative_to_the_repository_not_the_current_folder(tmp_path):
    r = run_cli("outcomes", cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stdout + r.stderr


def test_pairs_setting_takes_lists_and_refuses_unknown_dimensions():
    from dataclasses import replace

    from build_scripts.config import load_config
    from build_scripts.impact import outcomes_settings

    config = load_config()
    ok = replace(config, extra={"outcomes": {"pairs": [["site", "gender"], ["cohort", "track"]]}})
    assert outcomes_settings(ok)["pairs"] == [("site", "gender"), ("cohort", "track")]
    for bad in ([["site", "colour"]], [["site"]], [["site", "site"]], ["cohort x site"]):
        with pytest.raises(SettingsError, match="outcomes.pairs"):
            outcomes_settings(replace(config, extra={"outcomes": {"pairs": bad}}))


def test_the_build_log_says_no_more_than_the_impact_page(tmp_path, monkeypatch):
    # 57 learners of a cohort not yet due for any follow-up: the page counts none of them, so the
    # package's number of learners (657) is a figure the site does not show
    import re

    from build_scripts.config import load_config
    from build_scripts.impact import render_impact
    from build_scripts.render import environment
    from build_scripts.vocab import load_vocabulary

    pkg = copy_sample(tmp_path / "pkg")

    def later_cohort(rows):
        rows += [dict(rows[0], learner_id=f"L9{i:04d}", cohort="2026-A", enrolled_on="2026-01-01", completed="false",
                      graduated_on="") for i in range(57)]
    edit_csv(pkg / "learners.csv", later_cohort)
    monkeypatch.setenv("OUTCOMES_SOURCE", str(pkg))
    lines = []
    config, vocab = load_config(), load_vocabulary()
    problems = render_impact(tmp_path / "docs", environment(config, vocab), config, tmp_path / "work", lines.append)
    assert problems == []
    page = (tmp_path / "docs" / "impact" / "index.md").read_text()
    suppressed, cells = re.search(r"(\d+) of (\d+) counts are suppressed", page).groups()
    assert lines == [f"Outcomes: aggregated; {suppressed} of {cells} counts suppressed (k=5)."]
    assert "657" not in page


def test_a_package_that_cannot_be_fetched_is_d008(tmp_path):
    r = run_cli("outcomes", str(tmp_path / "no-such-package"))
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("datapackage.json:-:- D008 ")


def test_data_invalid_in_a_way_without_its_own_code_is_d009_and_names_no_value(tmp_path):
    pkg = copy_sample(tmp_path / "pkg")
    data = (pkg / "learners.csv").read_bytes().split(b"\n")
    data[5] = data[5].replace(b"L", b"\xff\xfeCANARY", 1)        # bytes that are not UTF-8
    (pkg / "learners.csv").write_bytes(b"\n".join(data))
    r = run_cli("outcomes", str(pkg))
    assert r.returncode == 1 and " D009 " in r.stdout, r.stdout
    assert "CANARY" not in r.stdout


def test_outcome_problems_print_as_github_annotations_and_json_too(tmp_path):
    pkg = copy_sample(tmp_path / "pkg")

    def learners(rows):
        rows[4]["gender"] = "CANARY-GENDER-7731"
    edit_csv(pkg / "learners.csv", learners)
    text = run_cli("outcomes", str(pkg)).stdout.splitlines()[0]
    assert text == "learners.csv:6:gender D002 the value breaks the field's rule (allowed values, pattern, range or required)"
    github = run_cli("outcomes", str(pkg), "--format", "github")
    assert github.returncode == 1
    assert github.stdout.splitlines()[0].startswith("::error file=learners.csv,line=6,title=D002 ")
    as_json = run_cli("outcomes", str(pkg), "--format", "json")
    [problem] = json.loads(as_json.stdout)
    assert (problem["file"], problem["line"], problem["col"], problem["where"], problem["code"]) == \
           ("learners.csv", 6, None, "gender", "D002")
    assert "CANARY" not in github.stdout + as_json.stdout
