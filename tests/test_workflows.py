"""The workflows: the pull-request gate reads the pull request only as data; deploy keeps its secret close.

A pull_request_target workflow runs the base branch's definition with a token that can read the
repository; anything the job executes from the pull request's head runs with that. These tests
read the workflow YAML and name every step that would execute code from the head, and each rule
is shown to catch the hostile variant it is written for (and the gate as it was before issue 9).
"""

from __future__ import annotations

import copy
import re
import shlex
import subprocess
from pathlib import PurePosixPath

import pytest
import yaml

from build_scripts.config import load_config
from conftest import FIXTURES, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
OLD_GATE = FIXTURES / "workflows" / "check-on-pull-request.yml"

# Programs that run code they are given (a script, a module, a requirements or build file).
_EXECUTOR = re.compile(r"(python|pip|pypy|pytest|ruby|perl|php|node|deno|bun)[0-9.]*|make|gmake|bash|sh|dash|zsh|"
                       r"source|\.|npm|npx|yarn|pnpm|uv|uvx|tox|nox|poetry|pipx|go|cargo|java|exec|eval|sudo|env|xargs")
# A checkout of the pull request's own commits (its head, its merge commit, its ref).
_HEAD_REF = re.compile(r"pull_request\.head|head_ref|refs/pull/|merge_commit_sha")
_WORKSPACE = re.compile(r"^(\$\{?GITHUB_WORKSPACE\}?|\$\{\{\s*github\.workspace\s*\}\})(/|$)")


def load(path) -> dict:
    """A workflow as GitHub reads it, every scalar kept as text (so `on` stays 'on')."""
    return yaml.load(path.read_text(), Loader=yaml.BaseLoader)


def triggers(workflow: dict) -> set[str]:
    on = workflow.get("on")
    return set(on) if isinstance(on, (dict, list)) else {on} if on else set()


# --- what makes a gate unsafe -------------------------------------------------------------------------

def gate_findings(workflow: dict) -> list[str]:
    """Every way this workflow could run the pull request's code or hand it a credential."""
    found = []
    if triggers(workflow) != {"pull_request_target"}:
        found.append(f"triggered by {sorted(triggers(workflow))}: the pull request would supply the workflow "
                     "(pull_request_target alone runs the base branch's definition)")
    found += _secrets("workflow", workflow)
    found += _permissions("workflow", workflow.get("permissions"), required=True)
    for name, job in workflow.get("jobs", {}).items():
        found += _permissions(f"job {name}", job.get("permissions"), required=False)
        heads = set()
        for step in job.get("steps", []):
            if not str(step.get("uses", "")).startswith("actions/checkout@"):
                continue
            options = step.get("with", {})
            if options.get("persist-credentials") != "false":
                found.append(f"job {name}: a checkout keeps its credentials in .git/config")
            if _HEAD_REF.search(options.get("ref", "") + options.get("repository", "")) or (
                    "pull_request" in triggers(workflow) and not options.get("ref")):
                folder = _folder(options.get("path", ""))
                if folder in ("", "."):
                    found.append(f"job {name}: the pull request's head is checked out as the workspace")
                heads.add(folder)
        if not heads:
            continue
        defaults = job.get("defaults", {}).get("run", {})
        if _mentions(defaults.get("working-directory", ""), heads):
            found.append(f"job {name}: every step runs inside the head folder")
        for step in job.get("steps", []):
            label = f"job {name}, step {step.get('name') or step.get('uses') or step.get('run', '')[:40]!r}"
            if _mentions(step.get("working-directory", ""), heads):
                found.append(f"{label}: works inside the head folder")
            if _mentions(str(step.get("uses", "")), heads):
                found.append(f"{label}: uses an action from the head")
            if "cache" in step.get("with", {}):
                found.append(f"{label}: restores a cache the pull request could have poisoned")
            found += [f"{label}: {why}" for why in _runs_head(step.get("run", ""), heads)]
    return found


def _folder(path: str) -> str:
    return PurePosixPath(_WORKSPACE.sub("", path.strip()) or ".").as_posix()


def _mentions(word: str, heads: set[str]) -> bool:
    """Whether a word names the head folder or something in it (also after = and :)."""
    for piece in re.split(r"[=:]", word):
        piece = _WORKSPACE.sub("", piece.strip("'\"")).removeprefix("./")
        if any(piece == h or piece.startswith(h + "/") for h in heads if h not in ("", ".")):
            return True
    return False


def _runs_head(script: str, heads: set[str]) -> list[str]:
    """What in a run: script would execute a file from the head folder."""
    script = re.sub(r"\$\{\{\s*github\.workspace\s*\}\}", "$GITHUB_WORKSPACE", script).replace("\\\n", " ")
    found = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            tokens = list(lexer)
        except ValueError:
            found.append(f"cannot read the shell line {line!r}")
            continue
        command: list[str] = []
        for token in tokens + [";"]:
            if token and set(token) <= set(";&|()"):
                found += _command_runs_head(command, heads)
                command = []
            else:
                command.append(token)
    return found


def _command_runs_head(words: list[str], heads: set[str]) -> list[str]:
    found = []
    while words and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", words[0]):
        if _mentions(words[0].split("=", 1)[1], heads):
            found.append(f"points {words[0].split('=')[0]} into the head folder")
        words = words[1:]
    if not words:
        return found
    if words[0] in ("cd", "pushd") and any(_mentions(w, heads) for w in words[1:]):
        found.append("changes into the head folder")
    elif _mentions(words[0], heads):
        found.append(f"runs {words[0]} from the head")
    elif any(_EXECUTOR.fullmatch(PurePosixPath(w).name) for w in words):
        data = {i + 1 for i, w in enumerate(words) if w == "--repo"}       # build_scripts reads it as data
        for i, w in enumerate(words):
            if i not in data and not w.startswith("--repo=") and _mentions(w, heads):
                found.append(f"hands {w} from the head to {' '.join(words[:3])}")
    if any("GITHUB_PATH" in w or "GITHUB_ENV" in w for w in words) and any(_mentions(w, heads) for w in words):
        found.append("puts the head folder on the PATH or into the environment of later steps")
    return found


def _secrets(where: str, node) -> list[str]:
    if isinstance(node, dict):
        return [f for k, v in node.items()
                for f in ([f"{where}: passes secrets on"] if k == "secrets" else []) + _secrets(where, v)]
    if isinstance(node, list):
        return [f for v in node for f in _secrets(where, v)]
    return [f"{where}: reads a secret ({node.strip()[:60]})"] if re.search(r"\bsecrets\.", str(node)) else []


def _permissions(where: str, permissions, required: bool) -> list[str]:
    if permissions is None:
        return [f"{where}: no permissions block, so the token gets the repository's defaults"] if required else []
    if not isinstance(permissions, dict):
        return [f"{where}: permissions: {permissions}"]
    return [f"{where}: {scope}: {level}" for scope, level in permissions.items() if level not in ("read", "none")]


# --- the gate as it is, and as it was ----------------------------------------------------------------

def test_the_gate_runs_from_the_base_and_reads_the_pull_request_only_as_data():
    gate = load(WORKFLOWS / "check.yml")
    assert triggers(gate) == {"pull_request_target"}
    assert gate_findings(gate) == []


def test_the_gate_as_it_was_before_issue_9_is_caught():
    found = gate_findings(load(OLD_GATE))
    assert any(f.startswith("triggered by ['pull_request']") for f in found)
    assert "job profiles: the pull request's head is checked out as the workspace" in found


def test_no_file_name_is_ever_a_command_line_word_in_the_gate():
    text = (WORKFLOWS / "check.yml").read_text()
    assert "changed.txt" not in text and "git diff" not in text      # check-pr asks git itself
    assert "--author" not in text and "PR_AUTHOR: ${{ github.event.pull_request.user.login }}" in text


def _mutated(change) -> dict:
    gate = copy.deepcopy(load(WORKFLOWS / "check.yml"))
    change(gate, gate["jobs"]["check"], {s.get("name"): s for s in gate["jobs"]["check"]["steps"]})
    return gate


def _run(script):
    return lambda gate, job, steps: steps["Check ownership"].__setitem__("run", script)


def _head_checkout(key, value):
    return lambda gate, job, steps: steps["The pull request, as data only"]["with"].__setitem__(key, value)


@pytest.mark.parametrize("change, expected", [
    (lambda gate, job, steps: gate.__setitem__("on", {"pull_request": ""}), "triggered by ['pull_request']"),
    (lambda gate, job, steps: gate["on"].__setitem__("workflow_run", ""), "triggered by"),
    (lambda gate, job, steps: steps["Check ownership"].__setitem__("working-directory", "pr"),
     "works inside the head folder"),
    (lambda gate, job, steps: steps["Check ownership"].__setitem__("working-directory", "${{ github.workspace }}/pr"),
     "works inside the head folder"),
    (lambda gate, job, steps: job.__setitem__("defaults", {"run": {"working-directory": "./pr/build_scripts"}}),
     "every step runs inside the head folder"),
    (_run("python -m pip install -r pr/requirements.txt"), "hands pr/requirements.txt from the head"),
    (_run("cd pr && make test"), "changes into the head folder"),
    (_run("cd \"$GITHUB_WORKSPACE/pr\"\npython -m build_scripts check-pr --base x"), "changes into the head folder"),
    (_run("python pr/build_scripts/__main__.py check-pr"), "hands pr/build_scripts/__main__.py from the head"),
    (_run("PYTHONPATH=pr python -m build_scripts check-pr --repo pr"), "points PYTHONPATH into the head folder"),
    (_run("bash pr/.ci/run"), "hands pr/.ci/run from the head"),
    (_run("source ./pr/env.sh; python -m build_scripts"), "hands ./pr/env.sh from the head"),
    (_run("./pr/tool --check"), "runs ./pr/tool from the head"),
    (_run("echo \"$GITHUB_WORKSPACE/pr/bin\" >> \"$GITHUB_PATH\""), "puts the head folder on the PATH"),
    (_run("xargs -0 -a pr/list.z python -m build_scripts validate --repo pr --"), "hands pr/list.z from the head"),
    (_head_checkout("persist-credentials", "true"), "keeps its credentials"),
    (lambda gate, job, steps: steps["The pull request, as data only"]["with"].pop("persist-credentials"),
     "keeps its credentials"),
    (lambda gate, job, steps: steps["The pull request, as data only"]["with"].pop("path"),
     "head is checked out as the workspace"),
    (_head_checkout("ref", "refs/pull/${{ github.event.number }}/merge"), None),     # still a head: rules hold
    (lambda gate, job, steps: gate.__setitem__("permissions", {"contents": "write"}), "workflow: contents: write"),
    (lambda gate, job, steps: gate.__setitem__("permissions", "write-all"), "workflow: permissions: write-all"),
    (lambda gate, job, steps: gate.pop("permissions"), "no permissions block"),
    (lambda gate, job, steps: job.__setitem__("permissions", {"pull-requests": "write"}),
     "job check: pull-requests: write"),
    (lambda gate, job, steps: job["env"].__setitem__("TOKEN", "${{ secrets.OUTCOMES_TOKEN }}"), "reads a secret"),
    (lambda gate, job, steps: job["steps"].append({"uses": "./pr/.github/actions/setup"}), "uses an action from the head"),
    (lambda gate, job, steps: job["steps"][1]["with"].__setitem__("cache", "pip"), "restores a cache"),
])
def test_each_rule_catches_what_it_is_written_for(change, expected):
    found = gate_findings(_mutated(change))
    if expected is None:
        assert found == []
    else:
        assert any(expected in f for f in found), found


@pytest.mark.parametrize("script", [
    "python -m build_scripts validate --format github --repo pr -- profiles/a.yaml",
    "python -m build_scripts check-pr --repo=pr --base \"$BASE_SHA\"",
    "xargs -0 -a \"$RUNNER_TEMP/profiles.z\" python -m build_scripts validate --repo pr --",
    "git -C pr log --oneline -1",
    "echo pr is the folder with the pull request",
])
def test_reading_the_head_as_data_is_allowed(script):
    assert gate_findings(_mutated(_run(script))) == []


# --- the gate run as GitHub runs it -------------------------------------------------------------------

def _git(repo, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                           *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def _put(repo, path: str, content) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_bytes(content if isinstance(content, bytes) else content.encode())


def run_gate(workspace, author: str) -> list[subprocess.CompletedProcess]:
    """The gate's own run: scripts, in order, from a workspace whose pr/ holds the pull request (base: main)."""
    import os
    import sys

    pr = workspace / "pr"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(PATH=f"{PurePosixPath(sys.executable).parent}:{env['PATH']}", PYTHONPATH=str(ROOT), PR_AUTHOR=author,
               RUNNER_TEMP=str(workspace / "runner"), GITHUB_SHA=_git(pr, "rev-parse", "main"),
               HEAD_SHA=_git(pr, "rev-parse", "HEAD"))
    (workspace / "runner").mkdir(exist_ok=True)
    steps = load(WORKFLOWS / "check.yml")["jobs"]["check"]["steps"]
    return [subprocess.run(["bash", "-e", "-c", s["run"]], cwd=workspace, env=env, capture_output=True, text=True,
                           timeout=300) for s in steps if "build_scripts" in s.get("run", "") and "pip" not in s["run"]]


def test_the_gate_validates_the_changed_stories_and_partners_and_the_story_a_changed_photo_belongs_to(tmp_path):
    from build_scripts.images import synthetic_photo

    story = (FIXTURES / "stories" / "stories" / "s004-story-bad-value.md").read_text().replace("cohort: 2024-C", "cohort: 2024-B")
    partner = (ROOT / "partners" / "bluewave-cloud.yaml").read_text()
    logo = (ROOT / "partners" / "logos" / "bluewave-cloud.png").read_bytes()
    pr = tmp_path / "pr"
    pr.mkdir()
    _git(pr, "init", "-q", "-b", "main")
    for path, content in {"stories/fine.md": story, "stories/pictured.md": story, "stories/untouched.md": story.replace(
            "cohort: 2024-B", "cohort: 2024-C"), "partners/bluewave-cloud.yaml": partner,
            "partners/logos/bluewave-cloud.png": logo, "profiles/.keep": ""}.items():
        _put(pr, path, content)
    _git(pr, "add", "-A")
    _git(pr, "commit", "-q", "-m", "base")
    _git(pr, "checkout", "-q", "-b", "pr")
    _put(pr, "stories/fine.md", story.replace("cohort: 2024-B", "cohort: 2024-C"))             # S004 at 9:9
    _put(pr, "stories/photos/pictured.jpg", synthetic_photo(4))          # shown by no story: S013, at its story
    _put(pr, "partners/bluewave-cloud.yaml", partner.replace("since: 2020", "since: 2020\nsinse: 2021"))      # R001
    _git(pr, "add", "-A")
    _git(pr, "commit", "-q", "-m", "pull request")

    ownership, validation = run_gate(tmp_path, "portal-maintainer")
    assert ownership.returncode == 0, ownership.stdout + ownership.stderr
    assert (tmp_path / "runner" / "validate.z").read_bytes() == (
        b"partners/bluewave-cloud.yaml\0stories/fine.md\0stories/pictured.md\0")
    assert validation.returncode != 0, validation.stdout + validation.stderr     # xargs: 123
    found = re.findall(r"^::(error|warning) file=([^,]+),line=(\d+),col=\d+,title=(\w+)", validation.stdout, flags=re.M)
    assert {(level, file, code) for level, file, _, code in found} == {
        ("error", "partners/bluewave-cloud.yaml", "R001"), ("error", "stories/fine.md", "S004"),
        ("error", "stories/pictured.md", "S013")}
    assert ("error", "stories/fine.md", "9", "S004") in found
    assert "untouched" not in validation.stdout               # an unchanged story's problem holds up no one

    # anyone else may not change them at all: the ownership step fails
    ownership, _ = run_gate(tmp_path, "alice")
    assert ownership.returncode == 1 and "title=O004 maintainer-only::only maintainers may change stories/fine.md" in \
        ownership.stdout


# --- deploy ------------------------------------------------------------------------------------------

def test_the_scheduled_rebuild_runs_every_hour():
    deploy = load(WORKFLOWS / "deploy.yml")
    crons = [s["cron"] for s in deploy["on"]["schedule"]]
    assert crons and all(re.fullmatch(r"[0-5]?[0-9] \* \* \* \*", c) for c in crons), crons


def test_the_outcomes_token_is_read_only_in_the_protected_environment():
    deploy = load(WORKFLOWS / "deploy.yml")
    readers = {name for name, job in deploy["jobs"].items() if _secrets(name, job)}
    assert readers == {"build"}
    env = deploy["jobs"]["build"]["environment"]
    assert (env["name"] if isinstance(env, dict) else env) == "outcomes"
    # and the credential signing key, held to its one step by test_credentials.py
    assert [f for f in _secrets("build", deploy["jobs"]["build"])
            if "OUTCOMES_TOKEN" not in f and "CREDENTIAL_SIGNING_KEY" not in f] == []


def test_each_deploy_job_has_only_the_permissions_it_needs():
    deploy = load(WORKFLOWS / "deploy.yml")
    assert deploy["permissions"] == {}
    assert {name: job["permissions"] for name, job in deploy["jobs"].items()} == {
        "build": {"contents": "read", "actions": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
        "report-failure": {"issues": "write"},
    }


def test_a_failed_scheduled_deploy_opens_an_issue():
    report = load(WORKFLOWS / "deploy.yml")["jobs"]["report-failure"]
    assert set(report["needs"]) == {"build", "deploy"}
    assert "failure()" in report["if"] and "github.event_name == 'schedule'" in report["if"]
    script = " ".join(s.get("run", "") for s in report["steps"])
    assert "gh issue create" in script and "gh issue comment" in script
    assert not any("uses" in s and "checkout" in s["uses"] for s in report["steps"])


# --- what a maintainer owns -------------------------------------------------------------------------

def _codeowners() -> dict[str, list[str]]:
    lines = (ROOT / ".github" / "CODEOWNERS").read_text().splitlines()
    return {line.split()[0]: line.split()[1:] for line in lines if line.strip() and not line.startswith("#")}


def test_codeowners_covers_every_maintainer_only_path_with_the_maintainers():
    config = load_config()
    owners = _codeowners()
    maintainers = sorted(f"@{m}" for m in config.maintainers)
    for pattern in config.maintainer_only:
        rule = "/" + (pattern.removesuffix("/**") + "/" if pattern.endswith("/**") else pattern)
        assert rule in owners, f"{pattern} (maintainer_only in portal.yml) has no CODEOWNERS line {rule}"
        assert sorted(owners[rule]) == maintainers, rule
    assert not any(rule.startswith("/profiles") for rule in owners)      # alumni own their profiles


def test_line_endings_are_normalised_and_images_kept_binary():
    out = subprocess.run(["git", "check-attr", "text", "eol", "--", "profiles/amal-r.yaml", "profiles/photos/a.jpg",
                          "profiles/photos/a.webp", "profiles/photos/a.png"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    assert "profiles/amal-r.yaml: text: auto" in out and "profiles/amal-r.yaml: eol: lf" in out
    assert {line for line in out if line.startswith("profiles/photos/") and ": text: " in line} == {
        f"profiles/photos/a.{ext}: text: unset" for ext in ("jpg", "webp", "png")}


def test_the_test_suite_runs_on_pull_requests_and_pushes_with_a_read_only_token():
    workflow = load(WORKFLOWS / "test.yml")
    assert triggers(workflow) == {"pull_request", "push"}          # never pull_request_target: it runs the PR's code
    assert workflow["permissions"] == {"contents": "read"}
    assert _secrets("workflow", workflow) == [] and _secrets("job", workflow["jobs"]["test"]) == []
    steps = workflow["jobs"]["test"]["steps"]
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", s["uses"]) for s in steps if "uses" in s)   # pinned
    assert any(s.get("run") == "bash .ci/run" for s in steps)      # what a developer runs: make test
    assert all(s.get("with", {}).get("persist-credentials") == "false"
               for s in steps if s.get("uses", "").startswith("actions/checkout@"))


# --- every workflow ---------------------------------------------------------------------------------

_PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}")
_EVENT_IN_EXPRESSION = re.compile(r"\$\{\{[^}]*\bgithub\.event\b")


def workflow_findings(workflow: dict) -> list[str]:
    """What no workflow may do: an action not pinned to a commit, a checkout that keeps its token,
    event data (an issue's title, a login...) expanded into a shell line, where it would be code."""
    found = []
    for name, job in workflow.get("jobs", {}).items():
        for step in job.get("steps", []):
            label = f"job {name}, step {step.get('name') or step.get('uses') or step.get('run', '')[:40]!r}"
            uses = str(step.get("uses", ""))
            if uses and not uses.startswith("./") and not _PINNED.fullmatch(uses):
                found.append(f"{label}: {uses} is not pinned to a commit")
            if uses.startswith("actions/checkout@") and step.get("with", {}).get("persist-credentials") != "false":
                found.append(f"{label}: keeps its credentials in .git/config")
            if _EVENT_IN_EXPRESSION.search(step.get("run", "")):
                found.append(f"{label}: expands github.event in a run line (pass it through env: instead)")
    return found


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda p: p.name)
def test_every_workflow_pins_its_actions_and_keeps_event_data_out_of_shell_lines(path):
    assert workflow_findings(load(path)) == []


@pytest.mark.parametrize("change, expected", [
    (lambda steps: steps[-1].__setitem__("run", 'gh issue comment "${{ github.event.issue.number }}"'),
     "expands github.event"),
    (lambda steps: steps[-1].__setitem__("run", "echo '${{github.event.issue.title}}'"), "expands github.event"),
    (lambda steps: steps.insert(0, {"uses": "actions/checkout@v4", "with": {"persist-credentials": "false"}}),
     "is not pinned"),
    (lambda steps: steps.insert(0, {"uses": "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"}),
     "keeps its credentials"),
])
def test_the_rules_for_every_workflow_catch_what_they_are_written_for(change, expected):
    workflow = copy.deepcopy(load(WORKFLOWS / "consent-reminders.yml"))
    change(workflow["jobs"]["open"]["steps"])
    assert any(expected in f for f in workflow_findings(workflow))


# --- consent reminders ------------------------------------------------------------------------------

def test_consent_reminders_run_daily_after_the_consent_day_begins():
    reminders = load(WORKFLOWS / "consent-reminders.yml")
    assert triggers(reminders) == {"schedule", "workflow_dispatch"}
    crons = [s["cron"].split() for s in reminders["on"]["schedule"]]
    # once a day, at or after 10:00 UTC (when a new day begins at UTC+14: clock.py)
    assert len(crons) == 1 and crons[0][2:] == ["*", "*", "*"] and 10 <= int(crons[0][1]) <= 23


def test_only_the_job_that_opens_issues_may_write_them_and_it_runs_no_repository_code():
    reminders = load(WORKFLOWS / "consent-reminders.yml")
    assert reminders["permissions"] == {}
    assert {name: job["permissions"] for name, job in reminders["jobs"].items()} == {
        "plan": {"contents": "read", "issues": "read"},
        "open": {"issues": "write"},
    }
    assert _secrets("workflow", reminders) == []
    opener = reminders["jobs"]["open"]
    assert not any("uses" in s for s in opener["steps"])                      # no checkout, no action
    script = " ".join(s["run"] for s in opener["steps"])
    assert "python" not in script and "gh api --method POST" in script and "--input -" in script
    assert "${{" not in " ".join(s.get("run", "") for job in reminders["jobs"].values() for s in job["steps"])


# --- the profile form ---------------------------------------------------------------------------------

def test_the_profile_form_runs_on_its_own_issues_with_least_privilege_per_job():
    from build_scripts.form.fields import LABEL, template
    form = load(WORKFLOWS / "profile-form.yml")
    assert triggers(form) == {"issues"} and form["on"]["issues"]["types"] == ["opened", "edited"]
    assert form["permissions"] == {}
    assert {name: job["permissions"] for name, job in form["jobs"].items()} == {
        "read": {"contents": "read"},
        "pull-request": {"contents": "write", "pull-requests": "write", "actions": "read"},
        "close": {"pull-requests": "write"},
        "comment": {"issues": "write", "actions": "read"},
    }
    assert f"contains(github.event.issue.labels.*.name, '{LABEL}')" in form["jobs"]["read"]["if"]
    assert template()["labels"] == [LABEL]
    assert form["concurrency"]["group"] == "profile-form-${{ github.event.issue.number }}"
    assert _secrets("workflow", form) == []


def test_the_profile_form_reads_the_issue_only_from_the_event_file():
    form = load(WORKFLOWS / "profile-form.yml")
    steps = [s for job in form["jobs"].values() for s in job["steps"]]
    assert [s["run"] for s in steps if "${{" in s.get("run", "")] == []          # no expression in any shell line
    read = " ".join(s.get("run", "") for s in form["jobs"]["read"]["steps"])
    assert 'form-to-profile "$GITHUB_EVENT_PATH"' in read
    from_event = [v for s in steps for v in s.get("env", {}).values() if "github.event" in v]
    assert from_event == ["${{ github.event.issue.number }}"]                  # a number, and only through env


def test_only_the_pull_request_job_pushes_and_only_to_the_persons_own_branch():
    from build_scripts.form.change import BRANCH_PREFIX
    form = load(WORKFLOWS / "profile-form.yml")
    scripts = {name: "\n".join(s.get("run", "") for s in job["steps"]) for name, job in form["jobs"].items()}
    assert [name for name, script in scripts.items() if "git push" in script or "git -c" in script] == ["pull-request"]
    assert 'push --force origin "HEAD:refs/heads/$branch"' in scripts["pull-request"]
    assert 'branch=$(jq -r .branch "$form/result.json")' in scripts["pull-request"]   # change.branch(): profile-form/<login>
    assert BRANCH_PREFIX == "profile-form/"
    assert "form-check" in scripts["pull-request"] and "form-apply" in scripts["pull-request"]
    comment = form["jobs"]["comment"]
    assert not any("uses" in s for s in comment["steps"]) and "python" not in scripts["comment"]
    assert "gh issue comment" in scripts["comment"] and "gh issue" not in scripts["pull-request"]
    assert not any(s.get("env", {}).get("GH_TOKEN") for s in form["jobs"]["read"]["steps"])


# The profile form's steps run as GitHub runs them (bash -e), with `gh` and `git` answered by stubs: what
# the issue is told comes from the files build_scripts/form/ wrote, in the replies' language. The stub
# lists the pull requests of STUB/prs.json whose branch is --head (as GitHub does, a fork's among them)
# through the step's own --jq, and writes every call to STUB/calls.jsonl.
_GH_STUB = """#!{python}
import json, os, shutil, subprocess, sys
args, stub = sys.argv[1:], os.environ["STUB"]
def opt(name):
    return args[args.index(name) + 1]
with open(os.path.join(stub, "calls.jsonl"), "a", encoding="utf-8") as calls:
    calls.write(json.dumps(args) + "\\n")
if args[:2] == ["run", "download"]:
    os.makedirs(opt("--dir"), exist_ok=True)
    shutil.copyfile(os.path.join(stub, opt("--name") + ".tar"), os.path.join(opt("--dir"), "artifact.tar"))
elif args[:2] == ["issue", "comment"]:
    shutil.copyfile(opt("--body-file"), os.path.join(stub, "posted.md"))
elif args[:2] == ["pr", "list"]:
    path = os.path.join(stub, "prs.json")
    prs = json.load(open(path, encoding="utf-8")) if os.path.exists(path) else []
    listed = json.dumps([pr for pr in prs if pr["headRefName"] == opt("--head")])
    sys.stdout.write(subprocess.run(["jq", "-r", opt("--jq")], input=listed, capture_output=True, text=True,
                                    check=True).stdout)
elif args[:2] == ["pr", "create"]:
    print("https://github.com/example/talent-portal/pull/7")
elif args[:2] not in (["pr", "edit"], ["pr", "close"]):
    sys.exit("unexpected: gh " + " ".join(args))
"""
PULL = "https://github.com/example/talent-portal/pull/"


def _run_step(tmp_path, job: str, name: str, python_args: tuple = (), **env: str) -> dict[str, str]:
    """Run one step's script in a checkout of this repository; the outputs it wrote to $GITHUB_OUTPUT.
    `python` is this interpreter, given python_args after the step's own (a fixed day, a test checkout)."""
    import os
    import sys
    step = next(s for s in load(WORKFLOWS / "profile-form.yml")["jobs"][job]["steps"] if s.get("name") == name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(_GH_STUB.format(python=sys.executable))
    (bin_dir / "git").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@" {shlex.join(python_args)}\n')
    for stub in ("gh", "git", "python"):
        (bin_dir / stub).chmod(0o755)
    output = tmp_path / "github-output"
    output.write_text("")
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "RUNNER_TEMP": str(tmp_path / "runner"), "STUB": str(tmp_path),
           "GITHUB_RUN_ID": "1", "GITHUB_REPOSITORY": "example/talent-portal", "GH_TOKEN": "t",
           "GITHUB_OUTPUT": str(output), **env}
    r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=env, cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())


def _open_pull_requests(tmp_path, *prs: tuple[int, str, bool]) -> None:
    """The open pull requests GitHub holds: (number, branch, from a fork)."""
    import json
    (tmp_path / "prs.json").write_text(json.dumps([{"url": f"{PULL}{n}", "headRefName": branch, "isCrossRepository": fork}
                                                   for n, branch, fork in prs]))


def _calls(tmp_path, *command: str) -> list[list[str]]:
    import json
    path = tmp_path / "calls.jsonl"
    calls = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return [c for c in calls if c[:len(command)] == list(command)]


def _kept(tmp_path, name: str, folder) -> None:
    """An artifact of the run, as `gh run download` gives it: the folder as artifact.tar."""
    subprocess.run(["tar", "-cf", str(tmp_path / f"{name}.tar"), "-C", str(folder), "."], check=True)


def _form_result(tmp_path, lang: str):
    """What the read job keeps for a ready form whose replies are in `lang`."""
    from build_scripts.form.change import write_result
    from build_scripts.form.request import Outcome
    outcome = Outcome(12, "leila-k", ids=["leila-k"], write={"profiles/leila-k.yaml": b"name: Leila K.\n"},
                      ready=True, lang=lang, replaces=True)
    out = tmp_path / "runner" / "form"
    write_result(outcome, out, "")
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pull_requests_address_is_added_to_the_comment_in_the_replies_language(tmp_path, lang):
    from build_scripts.form.words import in_language
    out = _form_result(tmp_path, lang)
    before = (out / "comment.md").read_text(encoding="utf-8")
    _run_step(tmp_path, "pull-request", "Push, and open or update the pull request")
    said = in_language(lang).comment["pull-request"]
    assert (out / "comment.md").read_text(encoding="utf-8") == f"{before}\n{said} {PULL}7\n"


def test_the_pull_request_updated_is_the_persons_own_never_a_forks_with_the_same_branch_name(tmp_path):
    out = _form_result(tmp_path, "en")
    _open_pull_requests(tmp_path, (5, "profile-form/leila-k", True))        # anyone may name a fork's branch so
    _run_step(tmp_path, "pull-request", "Push, and open or update the pull request")
    assert _calls(tmp_path, "pr", "edit") == [] and len(_calls(tmp_path, "pr", "create")) == 1
    assert (out / "comment.md").read_text(encoding="utf-8").endswith(f" {PULL}7\n")
    _open_pull_requests(tmp_path, (5, "profile-form/leila-k", True), (6, "profile-form/leila-k", False),
                        (8, "profile-form/someone-else", False))
    _run_step(tmp_path, "pull-request", "Push, and open or update the pull request")
    [edit] = _calls(tmp_path, "pr", "edit")
    assert edit[2] == f"{PULL}6" and len(_calls(tmp_path, "pr", "create")) == 1
    assert (out / "comment.md").read_text(encoding="utf-8").endswith(f" {PULL}6\n")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_pull_request_that_could_not_be_made_is_said_in_the_replies_language(tmp_path, lang):
    from build_scripts.form.words import in_language
    out = _form_result(tmp_path, lang)
    _kept(tmp_path, "profile-form", out)
    _run_step(tmp_path, "comment", "Comment on the issue", ISSUE="12", MADE="failure")
    posted = (tmp_path / "posted.md").read_text(encoding="utf-8")
    assert posted == (out / "comment.md").read_text(encoding="utf-8") + "\n" + in_language(lang).comment["not-made"] + "\n"
    assert ("could not be made" in posted) == (lang == "en")
    # a pull request made: the comment the pull-request job kept, as it is
    _run_step(tmp_path, "pull-request", "The comment, for the comment job")
    (tmp_path / "runner" / "comment" / "comment.md").write_text("made\n", encoding="utf-8")
    _kept(tmp_path, "profile-form-comment", tmp_path / "runner" / "comment")
    _run_step(tmp_path, "comment", "Comment on the issue", ISSUE="12", MADE="success")
    assert (tmp_path / "posted.md").read_text(encoding="utf-8") == "made\n"


# A job's `if:` as GitHub reads it, for these values: && || ! == != and parentheses, cancelled().
def _runs(condition: str, cancelled=False, **needs: dict) -> bool:
    from types import SimpleNamespace as NS
    expression = condition.strip().removeprefix("${{").removesuffix("}}").replace("needs.pull-request", "needs.pr")
    expression = re.sub(r"!(?!=)", " not ", expression.replace("&&", " and ").replace("||", " or "))
    jobs = {name.replace("pull-request", "pr"): NS(result=job.get("result", "success"),
                                                   outputs=NS(**{**dict.fromkeys(("ready", "replaces", "outcome"), ""),
                                                                 **job.get("outputs", {})}))
            for name, job in needs.items()}
    return eval(" ".join(expression.split()), {"__builtins__": {}},
                {"needs": NS(**jobs), "cancelled": lambda: cancelled})


@pytest.mark.parametrize("read, pull_request, cancelled, runs", [
    ({"outputs": {"ready": "false", "replaces": "profile-form/x"}}, {"result": "skipped"}, False, True),
    ({"outputs": {"ready": "true", "replaces": "profile-form/x"}}, {"outputs": {"outcome": "failed"}}, False, True),
    ({"outputs": {"ready": "true", "replaces": "profile-form/x"}}, {"result": "failure"}, False, True),
    ({"outputs": {"ready": "true", "replaces": "profile-form/x"}}, {"outputs": {"outcome": "open"}}, False, False),
    ({"outputs": {"ready": "true", "replaces": "profile-form/x"}}, {"outputs": {"outcome": "unchanged"}}, False, False),
    ({"outputs": {"ready": "false", "replaces": ""}}, {"result": "skipped"}, False, False),    # not its author's word
    ({"result": "failure"}, {"result": "skipped"}, False, False),
    ({"outputs": {"ready": "false", "replaces": "profile-form/x"}}, {"result": "skipped"}, True, False),
])
def test_the_earlier_pull_request_is_closed_whenever_the_authors_form_does_not_become_it(read, pull_request, cancelled,
                                                                                        runs):
    form = load(WORKFLOWS / "profile-form.yml")
    close = form["jobs"]["close"]
    assert close["needs"] == ["read", "pull-request"] and "close" in form["jobs"]["comment"]["needs"]
    assert _runs(close["if"], cancelled, read=read, **{"pull-request": pull_request}) == runs
    # the branch comes from result.json (change.py), through the read job's output: never from the issue
    assert close["steps"][0]["env"]["BRANCH"] == "${{ needs.read.outputs.replaces }}"
    assert form["jobs"]["read"]["outputs"]["replaces"] == "${{ steps.read.outputs.replaces }}"
    assert not any("uses" in s for s in close["steps"])


def _withdrawing_form(tmp_path, lang: str):
    """ahmad-m edits his form: his country is withdrawn, but 'Hours a week' is no number, so it is not ready."""
    import json
    import shutil

    from test_form import event, with_answer
    ev = with_answer(event("withdraw-country"), "Hours a week", "many")
    ev = with_answer(ev, "Language of our replies / لغة الرد", {"en": "English", "ar": "العربية"}[lang])
    ev["action"] = "edited"
    path = tmp_path / "event.json"
    path.write_text(json.dumps(ev), encoding="utf-8")
    repo = tmp_path / "checkout"
    (repo / "profiles" / "photos").mkdir(parents=True)
    for pid in ("amal-r", "ahmad-m"):
        shutil.copyfile(ROOT / "profiles" / f"{pid}.yaml", repo / "profiles" / f"{pid}.yaml")
    shutil.copyfile(ROOT / "profiles" / "photos" / "ahmad-m.jpg", repo / "profiles" / "photos" / "ahmad-m.jpg")
    return _run_step(tmp_path, "read", "Read the form, make the profile and check it",
                     python_args=("--today", "2026-12-01", "--repo", str(repo)), GITHUB_EVENT_PATH=str(path))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_edit_that_is_not_ready_closes_the_earlier_pull_request_and_the_issue_is_told_what_happened(tmp_path, lang):
    from build_scripts.form.words import in_language
    said = in_language(lang).comment
    read = _withdrawing_form(tmp_path, lang)
    assert read == {"ready": "false", "replaces": "profile-form/ahmad-m-demo",
                    "closing": said["pull-request-closed"].format(issue=110)}
    _open_pull_requests(tmp_path, (5, "profile-form/ahmad-m-demo", True), (6, "profile-form/ahmad-m-demo", False),
                        (8, "profile-form/amal-r-demo", False))
    closed = _run_step(tmp_path, "close", "Close the earlier pull request", BRANCH=read["replaces"],
                       CLOSING=read["closing"])
    assert closed == {"closed": f"{PULL}6"}
    assert _calls(tmp_path, "pr", "close") == [["pr", "close", f"{PULL}6", "--repo", "example/talent-portal",
                                                "--comment", read["closing"]]]
    # the issue: what to fix, that nothing changes until then, and which pull request was closed
    form = tmp_path / "runner" / "form"
    _kept(tmp_path, "profile-form", form)
    _run_step(tmp_path, "comment", "Comment on the issue", ISSUE="110", MADE="skipped", CLOSED=closed["closed"])
    posted = (tmp_path / "posted.md").read_text(encoding="utf-8")
    assert posted == (form / "comment.md").read_text(encoding="utf-8") + f"\n{said['closed']} {PULL}6\n"
    assert said["fix"].format(login="ahmad-m-demo") in posted and said["not-yet"] in posted
    assert "before it becomes a pull request" not in posted and ("is closed" in posted) == (lang == "en")


def test_without_an_open_pull_request_of_its_own_nothing_is_closed_and_the_comment_is_the_forms(tmp_path):
    read = _withdrawing_form(tmp_path, "en")
    _open_pull_requests(tmp_path, (5, "profile-form/ahmad-m-demo", True))
    closed = _run_step(tmp_path, "close", "Close the earlier pull request", BRANCH=read["replaces"],
                       CLOSING=read["closing"])
    assert closed == {} and _calls(tmp_path, "pr", "close") == []
    form = tmp_path / "runner" / "form"
    _kept(tmp_path, "profile-form", form)
    _run_step(tmp_path, "comment", "Comment on the issue", ISSUE="110", MADE="skipped", CLOSED="")
    assert (tmp_path / "posted.md").read_text(encoding="utf-8") == (form / "comment.md").read_text(encoding="utf-8")


def test_a_form_that_asks_for_what_main_has_closes_its_own_pull_request_and_says_so(tmp_path):
    from build_scripts.form.words import in_language
    out = _form_result(tmp_path, "ar")
    before = (out / "comment.md").read_text(encoding="utf-8")
    _open_pull_requests(tmp_path, (5, "profile-form/leila-k", True), (6, "profile-form/leila-k", False))
    _run_step(tmp_path, "pull-request", "Nothing to change, so no pull request")
    assert [c[2] for c in _calls(tmp_path, "pr", "close")] == [f"{PULL}6"]
    assert (out / "comment.md").read_text(encoding="utf-8") == f"{before}\n{in_language('ar').comment['closed']} {PULL}6\n"


def test_a_branch_whose_check_failed_closes_its_pull_request_and_the_issue_hears_it_after_the_check(tmp_path):
    from build_scripts.form.words import in_language
    out = _form_result(tmp_path, "en")
    with open(out / "comment.md", "a", encoding="utf-8") as f:        # what form-check adds when it fails
        f.write("\n" + in_language("en").comment["check"] + " " + in_language("en").comment["check-failed"] + "\n")
    _run_step(tmp_path, "pull-request", "The comment, for the comment job")
    _kept(tmp_path, "profile-form-comment", tmp_path / "runner" / "comment")
    _run_step(tmp_path, "comment", "Comment on the issue", ISSUE="12", MADE="success", CLOSED=f"{PULL}6")
    posted = (tmp_path / "posted.md").read_text(encoding="utf-8")
    assert posted == (out / "comment.md").read_text(encoding="utf-8") + \
        f"\n{in_language('en').comment['closed']} {PULL}6\n"


def test_the_profile_form_workflow_writes_no_words_of_its_own_to_the_issue():
    form = load(WORKFLOWS / "profile-form.yml")
    scripts = "\n".join(s.get("run", "") for name in ("pull-request", "comment") for s in form["jobs"][name]["steps"])
    assert "Pull request:" not in scripts and "could not be made" not in scripts
    assert "profile.yml" in (WORKFLOWS / "profile-form.yml").read_text() and \
        "profile-ar.yml" in (WORKFLOWS / "profile-form.yml").read_text()


# --- the link check -----------------------------------------------------------------------------------

def test_the_link_check_runs_weekly_and_by_hand_never_on_a_pull_request():
    links = load(WORKFLOWS / "check-links.yml")
    assert triggers(links) == {"schedule", "workflow_dispatch"}
    [cron] = [s["cron"].split() for s in links["on"]["schedule"]]
    assert cron[2:4] == ["*", "*"] and re.fullmatch(r"[0-6]", cron[4]), cron          # one day a week
    assert links["concurrency"]["group"] == "check-links"
    # a third-party site that is down never fails a pull request: no workflow a pull request runs checks links
    for path in WORKFLOWS.glob("*.y*ml"):
        workflow = load(path)
        if triggers(workflow) & {"pull_request", "pull_request_target", "push"}:
            # (deploy only reads the last report: it runs no check)
            assert "build_scripts check-links" not in path.read_text(), path.name
    assert "check-links" not in (ROOT / "Makefile").read_text() and "check-links" not in (ROOT / ".ci" / "run").read_text()


def test_only_the_job_that_tells_owners_may_write_issues_and_it_runs_no_repository_code():
    links = load(WORKFLOWS / "check-links.yml")
    assert links["permissions"] == {}
    assert {name: job["permissions"] for name, job in links["jobs"].items()} == {
        "check": {"contents": "read", "actions": "read", "issues": "read"},
        "tell": {"issues": "write"},
    }
    assert _secrets("workflow", links) == []
    tell = links["jobs"]["tell"]
    assert not any("uses" in s for s in tell["steps"])                          # no checkout, no action
    script = " ".join(s["run"] for s in tell["steps"])
    assert "python" not in script and "--input -" in script
    assert 'case "$number" in *[!0-9]*)' in script                              # a number, or nothing is written
    assert "${{" not in " ".join(s.get("run", "") for job in links["jobs"].values() for s in job["steps"])


def test_the_report_is_kept_as_an_artifact_and_read_back_the_next_week():
    check = load(WORKFLOWS / "check-links.yml")["jobs"]["check"]
    steps = {s.get("name"): s for s in check["steps"]}
    kept = steps["Keep the report for next week"]
    assert kept["with"]["name"] == "link-report" and 7 < int(kept["with"]["retention-days"]) <= 31
    assert "gh run list --workflow check-links.yml --branch main" in steps["Last week's report"]["run"]
    run = steps["Check the links"]["run"]
    assert "check-links" in run and '--previous "$RUNNER_TEMP/previous/link-report.json"' in run
    assert '--sent "$RUNNER_TEMP/issues.json"' in run and "--issues-out" in run
    assert not any("git push" in s.get("run", "") for s in check["steps"])       # nothing is committed anywhere


def test_a_link_report_is_read_only_from_the_link_checks_own_runs_on_main():
    # an artifact is found by name; a pull request's run could upload one called link-report too
    for name, job in (("deploy.yml", "build"), ("check-links.yml", "check")):
        script = " ".join(step.get("run", "") for step in load(WORKFLOWS / name)["jobs"][job]["steps"])
        assert "gh run download" in script and "--workflow check-links.yml --branch main" in script, name
        assert '.event == "schedule" or .event == "workflow_dispatch"' in script, name
        assert "actions/artifacts?name=" not in script, name
