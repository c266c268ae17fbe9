"""Change: the form's outcome as a folder of files the workflow passes from its read-only job to the job
that may push; applied to a checkout there, and checked as every pull request is (check-pr, validate).

The folder holds result.json (what to do), files/ (the new profile and photo), comment.md,
commit-message.txt and pull-request.md; and, in the replies' language, the words the workflow adds to
the comment once it knows how the pull request went: comment-pull-request.md (before the pull request's
address), comment-not-made.md (when it could not be made) and comment-closed.md (before the address of
the earlier pull request it closed). result.json names the branch of that earlier pull request
(`replaces`, empty when the form is not its author's word) and the workflow's comment as it closes it
(`closing`, one line). It is read back as data: whatever it
says, only profiles/<id>.yaml and profiles/photos/<id>.<ext> of the ids it names are written or deleted,
and only from regular files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from .. import images
from ..ownership import check_pr
from ..problems import sort_key
from ..translate import LANGUAGES
from ..validate import ID_RE, PHOTO_EXTENSIONS, validate_paths
from . import comment, words
from .request import LOGIN, Outcome, waiting

RESULT = "result.json"
BRANCH_PREFIX = "profile-form/"


class ResultError(ValueError):
    """The result folder is not one the form wrote: nothing is applied."""


def branch(login: str) -> str:
    """The one branch the workflow keeps for a person's form: profile-form/<login>."""
    return BRANCH_PREFIX + login.lower()


def write_result(outcome: Outcome, out: Path, docs_url: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ids = ", ".join(outcome.ids)
    verb = "Remove profile" if outcome.action == "remove" else "Profile"
    title = f"{verb} {ids} (profile form, #{outcome.issue})"
    result = {"ready": outcome.ready, "action": outcome.action, "issue": outcome.issue, "login": outcome.login,
              "ids": outcome.ids, "branch": branch(outcome.login) if LOGIN.fullmatch(outcome.login) else "",
              "title": title, "write": sorted(outcome.write), "delete": sorted(outcome.delete), "lang": outcome.lang}
    said = words.in_language(outcome.lang).comment
    result["replaces"] = result["branch"] if outcome.replaces else ""
    result["closing"] = " ".join(said["pull-request-closed"].format(issue=outcome.issue).split())   # an output line
    (out / RESULT).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for path, content in outcome.write.items():
        target = out / "files" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (out / "comment.md").write_text(comment.render(outcome, docs_url), encoding="utf-8")
    (out / "comment-pull-request.md").write_text(said["pull-request"], encoding="utf-8")
    (out / "comment-not-made.md").write_text(said["not-made"] + "\n", encoding="utf-8")
    (out / "comment-closed.md").write_text(said["closed"], encoding="utf-8")
    (out / "commit-message.txt").write_text(f"{title}\n\nFrom the profile form in issue #{outcome.issue}, "
                                            f"sent by {outcome.login}.\n", encoding="utf-8")
    (out / "pull-request.md").write_text(
        f"Made by the profile form from #{outcome.issue}, sent by @{outcome.login}. Closes #{outcome.issue}.\n\n"
        "The check every pull request gets ran on this branch; its result is on the issue. Before merging, "
        "check the consent dates with the programme's records.\n", encoding="utf-8")


def read_result(out: Path) -> dict:
    """result.json, with every name in it checked; ResultError otherwise."""
    try:
        result = json.loads((out / RESULT).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ResultError(f"{out / RESULT} cannot be read ({type(e).__name__})") from e
    ids = result.get("ids") if isinstance(result, dict) else None
    if not (isinstance(ids, list) and ids and all(isinstance(i, str) and ID_RE.fullmatch(i) for i in ids)
            and isinstance(result.get("login"), str) and LOGIN.fullmatch(result["login"])
            and result.get("branch") == branch(result["login"]) and isinstance(result.get("issue"), int)
            and result.get("lang", "en") in LANGUAGES):
        raise ResultError("result.json does not name a login, its branch, an issue, profile ids and a language")
    allowed = re.compile(r"profiles/(?:(%s)\.yaml|photos/(%s)\.(?:%s))" % (
        "|".join(map(re.escape, ids)), "|".join(map(re.escape, ids)), "|".join(PHOTO_EXTENSIONS)))
    for key in ("write", "delete"):
        paths = result.get(key)
        if not isinstance(paths, list) or not all(isinstance(p, str) and allowed.fullmatch(p) for p in paths):
            raise ResultError(f"result.json: '{key}' names a file that is not a profile or photo of {', '.join(ids)}")
    return result


def apply_result(out: Path, repo: Path) -> list[str]:
    """Write and delete in the checkout what the result says; the paths changed."""
    result = read_result(out)
    for path in result["write"] + result["delete"]:
        if images.linked_part(repo, path):
            raise ResultError(f"{path}: a folder on the way is a symbolic link")
    for path in result["delete"]:
        (repo / path).unlink(missing_ok=True)
    for path in result["write"]:
        source = out / "files" / path
        if source.is_symlink() or not source.is_file():
            raise ResultError(f"files/{path} is not a regular file")
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, repo / path)
    return result["write"] + result["delete"]


def check_branch(out: Path, repo: Path, base: str, today: dt.date | None = None) -> str:
    """The check every pull request gets (check-pr for the form's sender, validate on what changed), on the
    branch's last commit against base; its result is added to comment.md. Returns open (a pull request may
    be opened or updated), unchanged (nothing differs from base) or failed."""
    result = read_result(out)
    review = check_pr(result["login"], base, head="HEAD", root=repo)
    problems = list(review.problems)
    if review.profiles:
        problems += validate_paths([repo / p for p in review.profiles], root=repo, today=today).problems
    problems.sort(key=sort_key)
    errors = [p for p in problems if p.is_error]
    if not review.changes:
        status = "unchanged"
    else:
        status = "failed" if any(not waiting(p) for p in errors) else "waiting" if errors else "passed"
    with open(out / "comment.md", "a", encoding="utf-8") as f:
        f.write("\n" + comment.check_section(status, problems, result.get("lang", "en")))
    return "open" if status in ("passed", "waiting") else status
