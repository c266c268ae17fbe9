"""Ownership: a pull request may change only what its author owns.

An alum owns profiles/<id>.yaml whose `github` is their login (before and after the change)
and profiles/photos/<id>.*; maintainers, listed in portal.yml, may change anything.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
from pathlib import Path, PurePosixPath

from .config import load_config
from .problems import Problem

ROOT = Path(__file__).resolve().parent.parent
_GITHUB = re.compile(r"^github:[ \t]*['\"]?([A-Za-z0-9-]+)['\"]?[ \t]*(#.*)?$", re.MULTILINE)
_PHOTO = re.compile(r"profiles/photos/([a-z0-9-]+)\.[A-Za-z0-9]+")
_PROFILE = re.compile(r"profiles/([^/]+)\.yaml")


def owner_in(text: str | None) -> tuple[str | None, int]:
    """The GitHub login a profile names, and the line it is on."""
    if not text:
        return None, 1
    m = _GITHUB.search(text)
    return (m.group(1), text.count("\n", 0, m.start()) + 1) if m else (None, 1)


def _at_base(path: str, base: str | None, root: Path) -> str | None:
    if not base:
        return None
    r = subprocess.run(["git", "show", f"{base}:{path}"], cwd=root, capture_output=True)
    return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None


def _now(path: str, root: Path) -> str | None:
    try:
        return (root / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def check_pr(author: str, files: list[str], base: str | None = None, root: Path = ROOT) -> list[Problem]:
    config = load_config()
    if author.casefold() in {m.casefold() for m in config.maintainers}:
        return []
    me = author.casefold()
    problems = []
    for raw in files:
        path = PurePosixPath(raw).as_posix().removeprefix("./")
        if any(fnmatch.fnmatch(path, pat) for pat in config.maintainer_only):
            problems.append(Problem(path, 1, 1, "O004", f"only maintainers may change {path}",
                                    hint="Open an issue describing the change you need."))
        elif m := _PROFILE.fullmatch(path):
            owners = {(o, line) for o, line in (owner_in(_at_base(path, base, root)), owner_in(_now(path, root))) if o}
            for owner, line in sorted(owners):
                if owner.casefold() != me:
                    problems.append(Problem(path, line, 1, "O001",
                                            f"this profile belongs to '{owner}', not to '{author}'", where="github",
                                            hint="Change only the profile whose github field is your login."))
                    break
        elif m := _PHOTO.fullmatch(path):
            profile = f"profiles/{m.group(1)}.yaml"
            owner = owner_in(_at_base(profile, base, root))[0] or owner_in(_now(profile, root))[0]
            if owner is None or owner.casefold() != me:
                problems.append(Problem(path, 1, 1, "O002",
                                        f"this photo belongs to profile '{m.group(1)}'" + (f" (owner '{owner}')" if owner else "")
                                        + f", not to '{author}'",
                                        hint="Name your photo after your own profile id."))
        else:
            problems.append(Problem(path, 1, 1, "O003", "alumni pull requests may only change their own profile and photo",
                                    hint="Move other changes to a separate pull request or an issue."))
    return problems
