"""Ownership: a pull request may change only what its author owns.

The change is read from git, as data: every file that differs between the merge base of the
base revision and the head (file names never become command-line words). An alum owns
profiles/<id>.yaml whose `github` is their login, at the base and at the head, and
profiles/photos/<id>.<ext>; maintainers, listed in portal.yml, may change anything. `github` is
read through the project's YAML loader, exactly as the build reads it; when a profile exists
at the base and no owner can be read there, only a maintainer may change it.

Some changes are refused whoever makes them: a name starting with '-' or holding a control
character, a symbolic link or submodule, and any name under profiles/ other than a profile or
a profile photo. A photo belongs to the profile it was uploaded for, not to its id: deleting a
profile deletes its photo in the same pull request, and a new profile never inherits a photo
left at its id by an earlier one. Story photos and partner logos (maintainers' files) are held to
the same: each added or changed one is looked inside, one no story or partner is there to show is
refused, deleting a story or a partner deletes its photo or logo, and the story or partner a
changed, deleted or renamed photo or logo belongs to goes to validate.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .config import load_config
from .images import MAX_SOURCE_BYTES, PhotoError
from .load import load_bytes
from .problems import Problem
from .schema import profile_schema
from .validate import ID_RE, github_login, photo_content_problems

ROOT = Path(__file__).resolve().parent.parent
AUTHOR_ENV = "PR_AUTHOR"          # the workflow sets it from the pull request event, never from a file
_PROFILE = re.compile(r"profiles/([^/]+)\.yaml")
# Maintainers' files that validate checks too: a story or a partner.
_STORY_OR_PARTNER = re.compile(r"stories/[^/]+\.md|partners/[^/]+\.yaml")
_REGULAR = {"100644", "100755"}
_ABSENT = "000000"


class GitError(Exception):
    """git could not answer: not a repository, an unknown revision, no common history."""


@dataclass(frozen=True)
class Change:
    """One file a pull request changes, as git records it (modes are git's: 120000 is a symlink)."""
    path: str
    status: str                    # A added, M modified, D deleted, T type changed
    new_mode: str
    readable_name: bool = True     # False when git's bytes are not UTF-8

    @property
    def deleted(self) -> bool:
        return self.new_mode == _ABSENT


@dataclass
class Review:
    changes: list[Change]
    problems: list[Problem]
    photo_profiles: list[str] = field(default_factory=list)   # profiles at the head whose photo changed
    media_owners: list[str] = field(default_factory=list)     # stories and partners at the head whose photo or logo changed

    @property
    def profiles(self) -> list[str]:
        """What validate reads: the changed profiles present at the head as regular, well-named files,
        then those whose photo changed (a photo is checked against its profile's consent)."""
        changed = [c.path for c in self.changes if not c.deleted and c.new_mode in _REGULAR and _profile_id(c.path)]
        return list(dict.fromkeys(changed + self.photo_profiles))

    @property
    def validated(self) -> list[str]:
        """Everything validate reads: the profiles above, then the changed stories and partners present at the
        head as regular files, and those whose photo or logo changed (only maintainers may change them)."""
        changed = [c.path for c in self.changes if not c.deleted and c.new_mode in _REGULAR
                   and _STORY_OR_PARTNER.fullmatch(c.path)]
        return self.profiles + list(dict.fromkeys(changed + self.media_owners))


def check_pr(author: str, base: str, head: str = "HEAD", root: Path = ROOT) -> Review:
    """Every problem with the changes between the merge base of `base` and `head`, for `author`."""
    config = load_config()
    base_sha, head_sha = _commit(root, base), _commit(root, head)
    merge_base = _git(root, "merge-base", base_sha, head_sha).decode().strip()
    changes = changed_files(root, merge_base, head_sha)
    trees = _Trees(root, before=tuple(dict.fromkeys((merge_base, base_sha))), head=head_sha)
    me = author.casefold()
    maintainer = me in {m.casefold() for m in config.maintainers}
    problems, photo_profiles, media_owners = [], [], []
    touched = {c.path for c in changes}
    for change in changes:
        refused = _refused(change)
        if refused:
            problems.append(refused)
            continue
        if not maintainer:
            problems.extend(_not_owned(change, me, author, config.maintainer_only, trees))
        problems.extend(_photo_content(change, trees))
        problems.extend(_photo_left_behind(change, touched, trees))
        pid = _photo_id(change.path)
        if pid and not change.deleted and trees.is_file_at_head(f"profiles/{pid}.yaml"):
            photo_profiles.append(f"profiles/{pid}.yaml")
        problems.extend(_media_left_behind(change, touched, trees))
        if media := _media_of(change.path):
            owner = media.owner(media.id_of(change.path))
            shown = owner is not None and trees.is_file_at_head(owner)
            problems.extend(_media_problems(change, media, owner, shown or owner in touched, trees))
            if shown:
                media_owners.append(owner)
    return Review(changes, problems, photo_profiles, media_owners)


def _photo_left_behind(change: Change, touched: set[str], trees: _Trees) -> list[Problem]:
    """Whoever asks: a profile deleted without its photo (O009), or a new profile at an id whose photo an
    earlier profile left behind (O010). Either way that photo would show on a stranger's page."""
    pid = _profile_id(change.path)
    if not pid:
        return []
    if change.deleted:
        return [Problem(photo, 1, 1, "O009", f"this pull request deletes {change.path} but not its photo: the "
                        f"photo would stay public in the repository, and show on the page of whoever takes the id "
                        f"'{pid}' next", hint=f"Delete {photo} in this pull request too.")
                for photo in trees.photos_after_merge(pid, touched)]
    if trees.exists_before(change.path):
        return []
    return [Problem(change.path, 1, 1, "O010", f"the id '{pid}' already has a photo, {photo}, left by an earlier "
                    "profile: it shows someone else, and this profile would show it as its own",
                    hint=f"Choose another id (rename your file), or replace or delete {photo} in this pull "
                         "request, or ask a maintainer to remove it.")
            for photo in trees.photos_at_base(pid) if photo not in touched]


def _photo_content(change: Change, trees: _Trees) -> list[Problem]:
    """A photo added or changed, by anyone, is looked inside: once merged it is public for good,
    whether or not a profile names it yet."""
    if change.deleted or change.new_mode not in _REGULAR or not _photo_id(change.path):
        return []
    return [Problem(change.path, 1, 1, code, message, hint=hint)
            for code, message, hint in photo_content_problems(change.path, lambda: trees.photo(change.path))]


# --- story photos and partner logos -------------------------------------------------------------------

@dataclass(frozen=True)
class _Media:
    """Story photos or partner logos: maintainers' files, public once merged, each the file of the story or
    partner of its id (its name up to the first dot, as validate reads the folder)."""
    folder: str                  # stories/photos/
    owners: tuple[str, str]      # the file that shows one, around its id: stories/<id>.md
    noun: str                    # photo
    owner_noun: str              # story
    codes: dict[str, str]        # photo_content_problems' codes (not an image, hidden information) as the owner's
    unshown: str                 # validate's code for a file in the folder that nothing shows

    def id_of(self, path: str) -> str | None:
        """The id of a file directly in the folder; None for one in a folder inside it (nothing can show it)."""
        name = path.removeprefix(self.folder)
        return None if "/" in name else name.split(".", 1)[0]

    def owner(self, mid: str | None) -> str | None:
        return None if mid is None else self.owners[0] + mid + self.owners[1]

    def owner_id(self, path: str) -> str | None:
        """The id of a story or partner file, None for any other path."""
        first, last = self.owners
        mid = path[len(first):-len(last)] if path.startswith(first) and path.endswith(last) else ""
        return mid if mid and "/" not in mid else None


_MEDIA = (_Media("stories/photos/", ("stories/", ".md"), "photo", "story", {"P030": "S011", "P031": "S012"}, "S013"),
          _Media("partners/logos/", ("partners/", ".yaml"), "logo", "partner", {"P030": "R009", "P031": "R010"}, "R011"))


def _media_of(path: str) -> _Media | None:
    return next((m for m in _MEDIA if path.startswith(m.folder)), None)


def _media_problems(change: Change, media: _Media, owner: str | None, owned: bool, trees: _Trees) -> list[Problem]:
    """A story photo or partner logo added or changed, by anyone: looked inside as a profile photo is (the same
    check), and refused when no story or partner is there after the merge to show it (it would be public all the
    same); `owned` when it is, or when this pull request deletes it (O011 says so)."""
    if change.deleted or change.new_mode not in _REGULAR:
        return []
    out = [Problem(change.path, 1, 1, media.codes[code], message.replace("the photo ", f"the {media.noun} ", 1), hint=hint)
           for code, message, hint in photo_content_problems(change.path, lambda: trees.photo(change.path))]
    if not owned:
        what = (f"{owner} will not exist once this pull request is merged" if owner else
                f"it is in a folder inside {media.folder}, where no {media.owner_noun} can name it")
        out.append(Problem(change.path, 1, 1, media.unshown, f"no {media.owner_noun} shows this {media.noun}: {what}, "
                           f"yet the {media.noun} would be public in the repository",
                           hint=f"Add the {media.owner_noun} in the same pull request, or delete {change.path}."))
    return out


def _media_left_behind(change: Change, touched: set[str], trees: _Trees) -> list[Problem]:
    """A story or partner deleted (or renamed) without its photo or logo (O011), as a profile without its photo
    (O009): it would stay public, and show for whoever takes the id next."""
    media = next((m for m in _MEDIA if m.owner_id(change.path)), None)
    if media is None or not change.deleted:
        return []
    mid = media.owner_id(change.path)
    return [Problem(left, 1, 1, "O011", f"this pull request deletes {change.path} but not its {media.noun}: the "
                    f"{media.noun} would stay public in the repository, and show for whichever {media.owner_noun} "
                    f"takes the id '{mid}' next", hint=f"Delete {left} in this pull request too.")
            for left in trees.after_merge(media.folder, lambda p: media.id_of(p) == mid, touched)]


def changed_files(root: Path, old: str, new: str) -> list[Change]:
    """The files that differ between two commits, with their new git mode (`git diff --raw -z`)."""
    raw = _git(root, "diff", "--raw", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", old, new, "--")
    fields = raw.split(b"\0")
    out = []
    for meta, name in zip(fields[0::2], fields[1::2]):
        _, new_mode, _, _, status = meta.decode("ascii").lstrip(":").split(" ")
        try:
            path, readable = name.decode("utf-8"), True
        except UnicodeDecodeError:
            path, readable = name.decode("utf-8", "backslashreplace"), False
        out.append(Change(path, status, new_mode, readable))
    return out


# --- refused whoever asks --------------------------------------------------------------------------

def _refused(change: Change) -> Problem | None:
    path = change.path
    shown = _shown(path)
    if any(part.startswith("-") for part in path.split("/")):
        return Problem(shown, 1, 1, "O005", f"the name '{shown}' starts with '-'",
                       hint="Rename it: start each name with a letter or a digit.")
    if not change.readable_name or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in path):
        return Problem(shown, 1, 1, "O005", f"the name '{shown}' contains a control character",
                       hint="Rename it using letters, digits, hyphens and dots only.")
    if not change.deleted and change.new_mode not in _REGULAR:
        kind = "a symbolic link" if change.new_mode == "120000" else "a submodule" \
            if change.new_mode == "160000" else f"not a plain file (git mode {change.new_mode})"
        return Problem(shown, 1, 1, "O006", f"'{shown}' is {kind}",
                       hint="Add the file itself, not a link to another file.")
    if path.startswith("profiles/") and not change.deleted and not (_profile_id(path) or _photo_id(path)):
        return Problem(shown, 1, 1, "O007", f"'{shown}' is not a profile or a profile photo",
                       hint="profiles/ holds only <id>.yaml (lowercase letters, digits and hyphens, like "
                            "amal-h.yaml) and photos/<id>.jpg, .jpeg, .png or .webp.")
    return None


def _shown(path: str) -> str:
    """The path with control and formatting characters written as escapes, so a name cannot
    break a line of output or hide what it is."""
    return "".join(ch.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in path)


def _profile_id(path: str) -> str | None:
    m = _PROFILE.fullmatch(path)
    return m.group(1) if m and ID_RE.fullmatch(m.group(1)) else None


def _photo_id(path: str) -> str | None:
    """The profile id a photo path belongs to, when it is named as the profile format requires."""
    if not re.fullmatch(profile_schema()["properties"]["photo"]["pattern"], path):
        return None
    return path.removeprefix("profiles/photos/").rsplit(".", 1)[0]


# --- owned by the author -----------------------------------------------------------------------------

def _not_owned(change: Change, me: str, author: str, maintainer_only, trees: _Trees) -> list[Problem]:
    path = change.path
    if any(fnmatch.fnmatchcase(path, pat) for pat in maintainer_only):
        return [Problem(path, 1, 1, "O004", f"only maintainers may change {path}",
                        hint="Open an issue describing the change you need.")]
    if profile := _profile_id(path):
        return _profile_problems(path, profile, me, author, trees)
    if photo := _photo_id(path):
        return _photo_problems(change, photo, me, author, trees)
    return [Problem(path, 1, 1, "O003", "alumni pull requests may only change their own profile and photo",
                    hint="Move other changes to a separate pull request or an issue.")]


def _profile_problems(path: str, profile: str, me: str, author: str, trees: _Trees) -> list[Problem]:
    for owner in trees.owners(path):
        if owner.exists_before and owner.login is None:
            return [Problem(path, owner.line, owner.col, "O008",
                            f"no owner can be read from this profile at {owner.rev[:12]}, so only a maintainer "
                            "may change or delete it", hint="Ask a maintainer to make this change.")]
        if owner.login is not None and owner.login.casefold() != me and not owner.exists_before:
            return [Problem(path, owner.line, owner.col, "O001",   # added here: likely their own, mistyped
                            f"the github: line says '{owner.login}', but this pull request comes from '{author}'",
                            where="github", hint=f"If this is your profile, write github: {author}. If it is "
                                                 "someone else's, only they (or a maintainer) may add it.")]
        if owner.login is not None and owner.login.casefold() != me:
            return [Problem(path, owner.line, owner.col, "O001",
                            f"this profile belongs to '{owner.login}', not to '{author}'", where="github",
                            hint="Change only the profile whose github field is your login.")]
    return []


def _photo_problems(change: Change, profile: str, me: str, author: str, trees: _Trees) -> list[Problem]:
    path, profile_path = change.path, f"profiles/{profile}.yaml"
    owners = trees.owners(profile_path)
    before = [o for o in owners if o.exists_before]
    if any(o.login is None for o in before):
        return [Problem(path, 1, 1, "O008", f"no owner can be read from {profile_path}, so only a maintainer "
                                            "may change this photo", hint="Ask a maintainer to make this change.")]
    deciding = before or owners                  # the owner at the base; for a new profile, at the head
    if _photo_allowed(deciding, change.deleted, me):
        return []
    return [_not_your_photo(path, profile, author, deciding, new_profile=not before)]


def _photo_allowed(deciding: list[_Owner], deleted: bool, me: str) -> bool:
    """Every owner that decides is the author; with none, the photo is an orphan (its profile is
    gone) that anyone may remove."""
    if not deciding:
        return deleted
    return all(o.login is not None and o.login.casefold() == me for o in deciding)


def _not_your_photo(path: str, profile: str, author: str, deciding: list[_Owner], new_profile: bool) -> Problem:
    profile_path = f"profiles/{profile}.yaml"
    named = next((o.login for o in deciding if o.login), None)
    if new_profile and named:                     # the profile is added here too, with another github: line
        return Problem(path, 1, 1, "O002", f"this photo goes with {profile_path}, whose github: line says "
                       f"'{named}', not '{author}'",
                       hint=f"If {profile_path} is your profile, write github: {author} there; the photo is "
                            "then yours too.")
    return Problem(path, 1, 1, "O002", f"this photo belongs to profile '{profile}'"
                   + (f" (owner '{named}')" if named else "") + f", not to '{author}'",
                   hint="Name your photo after your own profile id.")


@dataclass(frozen=True)
class _Owner:
    rev: str
    exists_before: bool           # the profile exists at a base revision (not only at the head)
    login: str | None
    line: int = 1
    col: int = 1


class _Trees:
    """Profiles as they are at the base revisions and at the head, read from git objects."""

    def __init__(self, root: Path, before: tuple[str, ...], head: str):
        self.root, self.before, self.head = root, before, head
        self._listing: dict[tuple[str, str], list[str]] = {}

    def owners(self, path: str) -> list[_Owner]:
        """The owner at every revision where the profile exists: base revisions first, then the head."""
        out = []
        for rev in (*self.before, self.head):
            raw = self._blob(rev, path)
            if raw is None:
                continue
            doc = load_bytes(raw, path)
            line, col = doc.position(("github",)) if github_login(doc) else (1, 1)
            out.append(_Owner(rev, rev != self.head, github_login(doc), line, col))
        return out

    def is_file_at_head(self, path: str) -> bool:
        """The path is a regular file at the head (not a link, folder or submodule)."""
        listing = _git(self.root, "ls-tree", "-z", "--full-tree", self.head, "--", f":(literal){path}")
        return listing.split(b" ", 1)[0].decode("ascii") in _REGULAR if listing else False

    def exists_before(self, path: str) -> bool:
        return any(self._blob(rev, path) is not None for rev in self.before)

    def photos_at_base(self, pid: str) -> list[str]:
        """The photo files of an id on the base branch as it is now (the last base revision)."""
        return self._photos(self.before[-1], pid)

    def photos_after_merge(self, pid: str, touched: set[str]) -> list[str]:
        """The photo files of an id once merged."""
        return self.after_merge("profiles/photos/", lambda p: _photo_id(p) == pid, touched)

    def after_merge(self, folder: str, chosen, touched: set[str]) -> list[str]:
        """The chosen entries of a folder once merged: the pull request's version of each file it changes,
        the base branch's of the others."""
        return sorted({p for p in self._entries(self.head, folder) if p in touched and chosen(p)}
                      | {p for p in self._entries(self.before[-1], folder) if p not in touched and chosen(p)})

    def _photos(self, rev: str, pid: str) -> list[str]:
        return [p for p in self._entries(rev, "profiles/photos/") if _photo_id(p) == pid]

    def _entries(self, rev: str, folder: str) -> list[str]:
        """The names directly in a folder at rev (files, links and folders alike)."""
        if (rev, folder) not in self._listing:
            listing = _git(self.root, "ls-tree", "-z", "--name-only", "--full-tree", rev, "--", folder)
            self._listing[rev, folder] = [n.decode("utf-8", "backslashreplace") for n in listing.split(b"\0") if n]
        return self._listing[rev, folder]

    def photo(self, path: str) -> bytes:
        """A photo's bytes at the head, refused (PhotoError) above the size any photo may have."""
        listing = _git(self.root, "ls-tree", "-z", "-l", "--full-tree", self.head, "--", f":(literal){path}")
        size = int(listing.split(b"\t", 1)[0].split()[3])
        if size > MAX_SOURCE_BYTES:
            raise PhotoError(path, f"is larger than {MAX_SOURCE_BYTES // 2**20} MB")
        return self._blob(self.head, path) or b""

    def _blob(self, rev: str, path: str) -> bytes | None:
        """The file's bytes at rev, None when absent. A link or folder there reads as b'' (no owner)."""
        listing = _git(self.root, "ls-tree", "-z", "--full-tree", rev, "--", f":(literal){path}")
        if not listing:
            return None
        meta, _ = listing.split(b"\t", 1)
        mode, kind, sha = meta.decode("ascii").split(" ")
        if kind != "blob" or mode not in _REGULAR:
            return b""
        return _git(self.root, "cat-file", "blob", sha)


def _commit(root: Path, rev: str) -> str:
    if not rev or rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"'{rev}' is not a commit in {root}") from None


def _git(root: Path, *args: str) -> bytes:
    r = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if r.returncode != 0:
        what = r.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed in {root}" + (f": {what[-1]}" if what else ""))
    return r.stdout
