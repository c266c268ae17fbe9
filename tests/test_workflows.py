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
    assert [f for f in _secrets("build", deploy["jobs"]["build"]) if "OUTCOMES_TOKEN" not in f] == []


def test_each_deploy_job_has_only_the_permissions_it_needs():
    deploy = load(WORKFLOWS / "deploy.yml")
    assert deploy["permissions"] == {}
    assert {name: job["permissions"] for name, job in deploy["jobs"].items()} == {
        "build": {"contents": "read"},
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
