"""The CLI end to end, as contributors and CI run it: exact output and exit codes."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli

P004 = "tests/fixtures/problems/p004-unknown-skill.yaml"
W004 = "tests/fixtures/problems/w004-skill-alias.yaml"
TODAY = ["--today", "2026-06-15"]


def test_validate_bad_file_prints_location_code_message_and_hint():
    r = run_cli("validate", P004, *TODAY)
    assert r.returncode == 1
    assert r.stdout == (
        f"{P004}:7:11: P004 skills[0].name: 'Pyhton' is not a known skill; did you mean 'Python'?\n"
        "    hint: Skills are listed on the 'Skills and tracks' page; to propose a new one, open an issue.\n"
        "1 error, 0 warnings in 1 file (1 checked).\n")
    assert r.stderr == ""


def test_warnings_pass_unless_strict():
    r = run_cli("validate", W004, *TODAY)
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == f"{W004}:7:11: W004 skills[0].name: 'Python3' is shown as 'Python'"
    assert r.stdout.splitlines()[-1] == "0 errors, 1 warning in 1 file (1 checked)."
    assert run_cli("validate", "--strict", W004, *TODAY).returncode == 1


def test_all_sample_profiles_validate():
    r = run_cli("validate")
    assert r.returncode == 0, r.stdout
    assert r.stdout.splitlines()[-1].startswith(("All good:", "0 errors"))


def test_github_format_annotations_and_step_summary(tmp_path):
    summary = tmp_path / "summary.md"
    r = run_cli("validate", P004, *TODAY, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == (
        f"::error file={P004},line=7,col=11,title=P004 unknown-skill::skills[0].name: 'Pyhton' is not a known skill; "
        "did you mean 'Python'?%0ASkills are listed on the 'Skills and tracks' page; to propose a new one, open an issue.")
    text = summary.read_text()
    assert "| ❌ | <code>" + P004.replace("/", "\\/").replace("-", "\\-").replace(".", "\\.") + "</code> | 7 | [P004](" in text
    assert "problem-codes/#p004" in text


def test_json_format_is_machine_readable():
    r = run_cli("validate", "--format", "json", P004, *TODAY)
    assert r.returncode == 1
    (problem,) = json.loads(r.stdout)
    assert problem == {"file": P004, "line": 7, "col": 11, "code": "P004", "severity": "error",
                       "where": "skills[0].name", "message": "'Pyhton' is not a known skill; did you mean 'Python'?",
                       "hint": "Skills are listed on the 'Skills and tracks' page; to propose a new one, open an issue."}


def test_missing_file_is_a_usage_error():
    r = run_cli("validate", "profiles/nobody-here.yaml")
    assert r.returncode == 2
    assert r.stderr == "error: no such file: profiles/nobody-here.yaml\n"


def test_unknown_command_is_a_usage_error():
    r = run_cli("frobnicate")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_hostile_files_never_produce_a_traceback(tmp_path):
    files = {
        "binary.yaml": bytes(range(256)),
        "bomb.yaml": b"a: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n",
        "deep.yaml": b"a: " + b"[" * 20000 + b"]" * 20000,
        "tag.yaml": b"a: !!python/object/apply:os.system ['echo hi']\n",
        "nul.yaml": b"name: a\x00b\n",
        "key-list.yaml": b"? [a, b]\n: c\n",
        "huge.yaml": b"a: " + b"x" * 100000,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    r = run_cli("validate", *[str(tmp_path / n) for n in files])
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    assert r.stdout.count(": P0") >= len(files)


def test_new_profile_scaffolds_a_profile_that_fails_until_filled_in(tmp_path):
    target = ROOT / "profiles" / "zz-scaffold-test.yaml"
    try:
        r = run_cli("new-profile", "zz-scaffold-test", "--github", "zz-scaffold-login")
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith("Created profiles/zz-scaffold-test.yaml.")
        text = target.read_text()
        assert text.startswith("# yaml-language-server: $schema=../schemas/profile.schema.json")
        assert "github: zz-scaffold-login" in text
        v = run_cli("validate", "profiles/zz-scaffold-test.yaml")
        assert v.returncode == 1 and "All good" not in v.stdout, v.stdout   # never published as "Your Name"
        assert ": P026 name: 'Your Name' is the template's example text" in v.stdout
        assert ": P009 consent.given: 'given' is required and has no value" in v.stdout
        again = run_cli("new-profile", "zz-scaffold-test")
        assert again.returncode == 2 and "already exists" in again.stderr
    finally:
        target.unlink(missing_ok=True)


def test_new_profile_refuses_a_bad_id():
    r = run_cli("new-profile", "Bad_Id")
    assert r.returncode == 2 and "not a valid id" in r.stderr


@pytest.mark.parametrize("login", ["@amal-h", "https://github.com/amal-h", "amal h", "amal-h\n", "-amal"])
def test_new_profile_refuses_what_is_not_a_github_login(tmp_path, login):
    from build_scripts.scaffold import new_profile
    with pytest.raises(ValueError, match="is not a GitHub login. Your GitHub login, without @"):
        new_profile("amal-h", github=login, root=tmp_path)
    assert not (tmp_path / "profiles" / "amal-h.yaml").exists()
    assert "\ngithub: amal-h " in new_profile("amal-h", github="amal-h", root=tmp_path).read_text()


def test_synth_writes_valid_distinct_profiles(tmp_path):
    r = run_cli("synth", "--count", "60", "--seed", "3", "--out", str(tmp_path))
    assert r.returncode == 0 and r.stdout == f"Wrote 60 synthetic profiles to {tmp_path}\n"
    files = sorted(tmp_path.glob("*.yaml"))
    assert len(files) == 60
    assert all(f.read_text().startswith("# SYNTHETIC SAMPLE") for f in files)
    v = run_cli("validate", *map(str, files))
    assert v.returncode == 0 and v.stdout.strip().endswith("60 files checked, no problems."), v.stdout
    again = tmp_path / "again"
    run_cli("synth", "--count", "60", "--seed", "3", "--out", str(again))
    assert [f.read_text() for f in files] == [f.read_text() for f in sorted(again.glob("*.yaml"))]


def _pull_request(repo, files: dict[str, bytes]) -> None:
    """A git repository whose main holds amal-r's sample profile, and a branch `pr` writing files."""
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    if not (repo / ".git").exists():
        (repo / "profiles").mkdir(parents=True)
        (repo / "profiles" / "amal-r.yaml").write_bytes((ROOT / "profiles" / "amal-r.yaml").read_bytes())
        subprocess.run(git + ["init", "-q", "-b", "main"], cwd=repo, check=True)
        subprocess.run(git + ["add", "-A"], cwd=repo, check=True)
        subprocess.run(git + ["commit", "-qm", "base"], cwd=repo, check=True)
        subprocess.run(git + ["checkout", "-qb", "pr"], cwd=repo, check=True)
    for name, content in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(content)
    subprocess.run(git + ["add", "-A"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-qm", "pull request"], cwd=repo, check=True)


def test_check_pr_cli_exit_codes(tmp_path):
    _pull_request(tmp_path, {"profiles/amal-r.yaml": (ROOT / "profiles" / "amal-r.yaml").read_bytes() + b"# hi\n"})
    owner = run_cli("check-pr", "--repo", str(tmp_path), "--base", "main", env={"PR_AUTHOR": "amal-r-demo"})
    assert (owner.returncode, owner.stdout) == (0, "All good: 1 file checked, no problems.\n")
    _pull_request(tmp_path, {"data/skills.yml": b"skills: []\n"})
    other = run_cli("check-pr", "--repo", str(tmp_path), "--base", "main", env={"PR_AUTHOR": "someone-else"})
    assert other.returncode == 1
    assert other.stdout.splitlines() == [
        "data/skills.yml:1:1: O004 only maintainers may change data/skills.yml",
        "    hint: Open an issue describing the change you need.",
        "profiles/amal-r.yaml:6:9: O001 github: this profile belongs to 'amal-r-demo', not to 'someone-else'",
        "    hint: Change only the profile whose github field is your login.",
        "2 errors, 0 warnings in 2 files (2 checked).",
    ]
    assert other.stderr == ""


def test_check_pr_prints_github_annotations_in_ci(tmp_path):
    _pull_request(tmp_path, {"-h": b"", "profiles/amal-r.yaml": b"github: someone-else\n"})
    r = run_cli("check-pr", "--repo", str(tmp_path), "--base", "main", env={"PR_AUTHOR": "someone-else",
                                                                           "GITHUB_ACTIONS": "true"})
    assert r.returncode == 1
    assert r.stdout.splitlines()[:2] == [
        "::error file=-h,line=1,col=1,title=O005 unsafe-file-name::the name '-h' starts with '-'%0A"
        "Rename it: start each name with a letter or a digit.",
        "::error file=profiles/amal-r.yaml,line=6,col=9,title=O001 not-your-profile::github: this profile belongs "
        "to 'amal-r-demo', not to 'someone-else'%0AChange only the profile whose github field is your login.",
    ]


def test_check_pr_help_says_how_to_run_it_locally():
    r = run_cli("check-pr", "--help")
    assert r.returncode == 0
    assert "PR_AUTHOR=amal-h python -m build_scripts check-pr --base origin/main" in r.stdout


def test_trusted_checker_reads_another_checkout(tmp_path):
    # CI runs the base revision's code with --repo pointing at the pull request's files
    bad = (ROOT / P004).read_bytes()
    _pull_request(tmp_path, {"profiles/someone.yaml": bad})
    r = run_cli("validate", "--repo", str(tmp_path), "profiles/someone.yaml", *TODAY)
    assert r.returncode == 1
    assert r.stdout.startswith("profiles/someone.yaml:7:11: P004 ")
    own = run_cli("check-pr", "--repo", str(tmp_path), "--base", "main", env={"PR_AUTHOR": "p004-unknown-skill"})
    assert own.returncode == 0, own.stdout


def test_validate_piped_into_head_exits_quietly(tmp_path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for i in range(1500):
        (profiles / f"p{i:04d}.yaml").write_text("name: A\nnot_a_field: 1\nanother_unknown: 2\n")
    proc = subprocess.Popen([sys.executable, "-m", "build_scripts", "validate", "--repo", str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()                                   # what `head -1` does after its line
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert first.startswith(b"profiles/p0000.yaml:")
    assert err == "" and proc.returncode == 141


# --- the job summary shows contributor text as text ----------------------------------------------

INJECTION = "SEO\n\n## Maintainer action needed\n[runbook](https://evil.example)\n| a"


def _summary_tokens(markdown: str):
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(markdown)
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    return tokens, inline, md.render(markdown)


def _assert_one_table_row_per_problem(markdown: str, rows: int, docs: str = ""):
    tokens, inline, html = _summary_tokens(markdown)
    kinds = [t.type for t in tokens]
    assert kinds.count("heading_open") == 1, markdown                  # "## Profile check" only
    assert kinds.count("tr_open") == rows + 1, markdown                 # the header and one row per problem
    assert kinds.count("td_open") == 5 * rows, markdown
    assert not {"html_block", "image"} & set(kinds + [c.type for c in inline]), markdown
    assert {c.content for c in inline if c.type == "html_inline"} <= {"<br>", "<code>", "</code>"}, markdown
    assert all(c.attrs.get("href", "").startswith(docs) for c in inline if c.type == "link_open") if docs else \
        not any(c.type == "link_open" for c in inline), markdown
    return html


def test_contributor_text_cannot_break_out_of_the_step_summary(tmp_path):
    source = (ROOT / P004).read_text().replace("Pyhton", json.dumps(INJECTION))
    (tmp_path / "inject-x.yaml").write_text(source)
    summary = tmp_path / "summary.md"
    r = run_cli("validate", str(tmp_path / "inject-x.yaml"), *TODAY,
                env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 1
    html = _assert_one_table_row_per_problem(summary.read_text(), 2, docs="https://")    # P004, and P012: too long
    assert "## Maintainer action needed" in html and "[runbook](https://evil.example)" in html   # shown, as text


def test_every_field_of_a_summary_row_is_escaped():
    from build_scripts.problems import Problem, summary_markdown

    nasty = "a`b``c|d\n# e\r\n*f* _g_ <img src=x onerror=alert(1)> ![i](https://x.example/i.png) \\| `"
    problems = [Problem(f"profiles/{nasty}.yaml", 3, 4, "P004", nasty, where=f"skills[0].{nasty}", hint=nasty),
                Problem("profiles/plain.yaml", 1, 1, "W002", "fine", hint="")]
    html = _assert_one_table_row_per_problem(summary_markdown(problems, 2), 2)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html


def test_a_broken_settings_file_is_a_message_and_exit_code_2_not_a_traceback(monkeypatch, capsys):
    from build_scripts import __main__ as cli, validate
    from build_scripts.config import SettingsError

    def broken():
        raise SettingsError("data/verified-tracks.yml: 'amal-h' needs github: and tracks:")
    monkeypatch.setattr(validate, "load_vocabulary", broken)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err == "error: data/verified-tracks.yml: 'amal-h' needs github: and tracks:\n" and "Traceback" not in err
