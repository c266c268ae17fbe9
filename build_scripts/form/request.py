"""Request: an `issues` event of the profile form, made into a change of its author's profile.

The event is read from the file GitHub gives the workflow, as data. The profile written is always
the issue author's: their login becomes its `github`, and its id is the profile that login already
owns, else the one written in the form or made from the name. A form that would touch a profile of
another login, or that someone other than its author sent, is refused; an event that does not name its
sender is no event GitHub sends. The answers meet the profile on file (an empty answer keeps what it
says; a consent box left empty too, unless the form chose to change consent), the result is written
as YAML by a safe dumper with every text quoted, and a copy of profiles/ with it in is checked by
validate, exactly as a pull request's profile is; each problem is then placed at the question of the
form to fix.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..clock import consent_today
from ..load import load_file
from ..problems import Problem
from ..schema import apply_types, profile_schema
from ..translate import LANGUAGES
from ..validate import ID_RE, RESERVED_IDS, github_login, photo_files, profile_files, shown_path, validate_paths
from ..vocab import Vocabulary, load_vocabulary
from . import photo as photos
from . import words
from .answers import CLEAR, Draft, FormProblem, Phrase, form_problem, read_form
from .fields import LABEL, form_fields
from .withdraw import without_country

LOGIN = re.compile(profile_schema()["properties"]["github"]["pattern"].replace("$", r"\Z"))


class EventError(ValueError):
    """The file is not an `issues` event GitHub sends: the command was used wrongly."""


@dataclass(frozen=True)
class Issue:
    number: int
    author: str
    sender: str
    labels: frozenset
    body: str


@dataclass
class Outcome:
    """What the form asks for, as a change of files, with every problem placed at a question."""
    issue: int
    login: str
    action: str = "update"            # update, remove, or ignored (not a form issue)
    ids: list = field(default_factory=list)            # the profiles changed
    write: dict = field(default_factory=dict)          # repository path -> bytes
    delete: list = field(default_factory=list)         # repository paths
    problems: list = field(default_factory=list)       # FormProblem
    notes: list = field(default_factory=list)          # what the form did besides the answers: keys of
    #                                                    words.COMMENT, or withdraw.Note (a key with values)
    ready: bool = False               # a pull request may be made
    replaces: bool = False            # sent by its author: a pull request made from their earlier form no longer
    #                                   stands for what they ask, and is closed unless this one replaces it
    lang: str = "en"                  # the language the issue's comments are written in (the form's choice)

    @property
    def refused(self) -> bool:
        return any(p.code in REFUSALS for p in self.problems)


REFUSALS = {"F001", "F004", "F005"}   # nothing is written: the form is for no profile we may change


def read_issue(event) -> Issue:
    """The facts of an `issues` event the form needs; EventError if it is not one. The sender is never
    guessed: without it, the check that only the author's own edit counts could not be made."""
    issue = event.get("issue") if isinstance(event, dict) else None
    user = issue.get("user") if isinstance(issue, dict) else None
    sender = event.get("sender") if isinstance(event, dict) else None
    if not (isinstance(issue, dict) and isinstance(user, dict) and isinstance(issue.get("number"), int)
            and isinstance(user.get("login"), str) and isinstance(issue.get("labels", []), list)):
        raise EventError("not an issues event: it needs issue.number, issue.user.login and issue.labels")
    if not (isinstance(sender, dict) and isinstance(sender.get("login"), str) and sender["login"]):
        raise EventError("not an issues event: it needs sender.login, the account that opened or edited the issue")
    labels = frozenset(str(label.get("name", "")) for label in issue.get("labels", []) if isinstance(label, dict))
    body = issue.get("body") if isinstance(issue.get("body"), str) else ""
    return Issue(issue["number"], user["login"], sender["login"], labels, body)


def handle(event, repo: Path, today: dt.date | None = None, vocab: Vocabulary | None = None,
           photo_policy: photos.Policy = photos.Policy()) -> Outcome:
    """The change the form in this event asks for, checked; `repo` is a checkout of the main branch."""
    issue = read_issue(event)
    today, vocab = today or consent_today(), vocab or load_vocabulary()
    outcome = Outcome(issue.number, issue.author)
    if LABEL not in issue.labels or not LOGIN.fullmatch(issue.author):
        outcome.action = "ignored"    # not the form, or a bot's issue: no answer
        return outcome
    draft = read_form(issue.body, vocab)
    outcome.lang = draft.reply
    if issue.sender.casefold() != issue.author.casefold():
        outcome.problems.append(form_problem("F001", "sender", sender=issue.sender, author=issue.author))
        return outcome
    outcome.replaces = True
    outcome.action = draft.action
    outcome.problems += draft.problems
    if outcome.refused:
        return outcome
    owners = profile_owners(repo)
    owned = sorted(pid for pid, login in owners.items() if login.casefold() == issue.author.casefold())
    if draft.action == "remove":
        _remove(outcome, repo, owned)
    else:
        _update(outcome, draft, repo, owners, owned, today, vocab, photo_policy)
    return outcome


def profile_owners(repo: Path) -> dict[str, str]:
    """id -> the GitHub login each profile of the checkout names ("" when none can be read), read as the build reads it."""
    paths, _ = profile_files(repo / "profiles", repo)
    return {p.stem: github_login(load_file(p, shown_path(p, repo))) or "" for p in paths}


def _remove(outcome: Outcome, repo: Path, owned: list[str]) -> None:
    """Remove: every profile the author's login owns, and its photos."""
    outcome.ids = owned
    for pid in owned:
        outcome.delete += [f"profiles/{pid}.yaml", *photo_files(repo, pid)]
    outcome.ready = bool(owned)


def _update(outcome: Outcome, draft: Draft, repo: Path, owners: dict, owned: list, today: dt.date,
            vocab: Vocabulary, photo_policy: photos.Policy) -> None:
    before = len(draft.problems)
    pid = choose_id(draft, outcome.login, owners, owned)
    outcome.problems += draft.problems[before:]
    if pid is None:
        return
    outcome.ids = [pid]
    existing = _existing(repo, pid) if pid in owned else {}
    data = merged(draft, existing, outcome.login, today)
    if draft.keep_consent and any(data["consent"][n] and not draft.consent.get(n) for n in CONSENT_FLAGS):
        outcome.notes.append("consent-kept")
    _country(outcome, draft, data, today, vocab)
    photo = _photo(outcome, draft, data, repo, pid, photo_policy)
    path = f"profiles/{pid}.yaml"
    outcome.write[path] = dump_profile(data, outcome.issue)
    if photo is not None:
        outcome.write[data["photo"]] = photo
    outcome.delete = [p for p in outcome.delete if p not in outcome.write]
    checked = check_staged(repo, outcome, pid, today, vocab)
    outcome.problems += [place(p, draft, data) for p in checked]
    outcome.ready = not any(p.is_error and not waiting(p) for p in outcome.problems)


# --- which profile ------------------------------------------------------------------------------------

def choose_id(draft: Draft, author: str, owners: dict, owned: list) -> str | None:
    """The id the form writes: the author's profile, else the id written, else one made from the name;
    None (with the problem in draft.problems) when it would be another person's, or none can be used."""
    wanted, where = draft.wanted_id, _field(("id",), draft.lang)
    question, name_question = where.label, _field(("name",), draft.lang).label
    if owned:
        if wanted and wanted != owned[0]:
            draft.problem("F004", "own-id", where, own=owned[0], question=question)
            return None
        return owned[0]
    if wanted:
        return _usable(draft, wanted, owners, Phrase("written-id", (("id", wanted),)))
    name = draft.values.get(("name",))
    made = id_from_name(name) if isinstance(name, str) else ""
    if not made:
        draft.problem("F004", "no-id" if isinstance(name, str) else "no-name-id", where, question=question,
                      name=name_question)
        return None
    return _usable(draft, made, owners, Phrase("made-id", (("id", made),)))


def _usable(draft: Draft, pid: str, owners: dict, what: Phrase) -> str | None:
    """pid, if it is a valid id no other person's profile has; else None with the problem."""
    where = _field(("id",), draft.lang)
    question = where.label
    if not ID_RE.fullmatch(pid) or pid in RESERVED_IDS:
        draft.problem("F004", "id-reserved" if pid in RESERVED_IDS else "id-invalid", where, what=what,
                      question=question)
        return None
    if pid in owners:
        draft.problem("F001", "taken" if owners[pid] else "taken-unreadable", where, what=what, id=pid,
                      question=question, free=free_id(pid, owners))
        return None
    return pid


def id_from_name(name: str) -> str:
    """amal-h for "Amal H.": the first name and the first letter of the last, in lowercase Latin letters."""
    latin = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", latin)
    if not parts:
        return ""
    made = parts[0][:38] if len(parts) == 1 else f"{parts[0][:38]}-{parts[-1][0]}"
    return made if ID_RE.fullmatch(made) else ""


def free_id(pid: str, owners: dict) -> str:
    n = 2
    while f"{pid[:37]}{n}" in owners or f"{pid[:37]}{n}" in RESERVED_IDS:
        n += 1
    return f"{pid[:37]}{n}"


def _field(path: tuple, lang: str):
    return next(f for f in form_fields(lang) if f.path == path)


# --- the profile --------------------------------------------------------------------------------------

def _existing(repo: Path, pid: str) -> dict:
    """The profile on file, its values typed by the schema as the build reads them; {} if it cannot be read."""
    doc = load_file(repo / "profiles" / f"{pid}.yaml", f"profiles/{pid}.yaml")
    return _plain(apply_types(doc.data, profile_schema())) if doc.checkable else {}


def _plain(value):
    """Values as plain Python: text as str (the loader's Plain too), lists and fields copied."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


CONSENT_FLAGS = ("photo", "country")


def merged(draft: Draft, existing: dict, login: str, today: dt.date) -> dict:
    """The profile on file with the form's answers in: an answer replaces a field, `none` removes it,
    no answer keeps it. The login is the author's; consent to photo and country is what is ticked, and,
    when the form keeps consent, what the profile already gives as well."""
    data = dict(existing)
    for path, value in draft.values.items():
        _put(data, path, value)
    data["github"] = login
    consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    kept = {n: draft.keep_consent and consent.get(n) is True for n in CONSENT_FLAGS}
    data["consent"] = {**consent, **{n: draft.consent.get(n, False) or kept[n] for n in CONSENT_FLAGS}}
    data["updated"] = today.isoformat()
    data.pop("id", None)              # the file name is the id
    return _in_schema_order(data, profile_schema())


def _put(data: dict, path: tuple, value) -> None:
    node = data
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if value is CLEAR:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def _in_schema_order(value, schema: dict):
    if isinstance(value, dict):
        props = schema.get("properties", {})
        order = [k for k in props if k in value] + [k for k in value if k not in props]
        return {k: _in_schema_order(value[k], props.get(k, {})) for k in order}
    if isinstance(value, list):
        return [_in_schema_order(v, schema.get("items", {})) for v in value]
    return value


def _country(outcome: Outcome, draft: Draft, data: dict, today: dt.date, vocab: Vocabulary) -> None:
    """A country that is not to be shown leaves the file (it is public). When the form withdraws that consent
    ("Change", its box empty), so does everything else that names it (withdraw.py), written in the form or on
    file: withdrawing never waits for a fix. Otherwise a country written in the form without the tick stays,
    for the check to say so at the question."""
    if data["consent"]["country"]:
        return
    withdrawn = not draft.keep_consent
    if "country" in data and (withdrawn or ("country",) not in draft.values):
        del data["country"]
        outcome.notes.append("country-removed")
    if withdrawn:
        outcome.notes += without_country(data, today, vocab.timezones)


def _photo(outcome: Outcome, draft: Draft, data: dict, repo: Path, pid: str, policy: photos.Policy) -> bytes | None:
    """The photo attached, remade, when its showing is ticked; the photo files of this id that the profile
    no longer shows are deleted (a file in the repository is public whatever consent says)."""
    current = photo_files(repo, pid)
    where, shown, new = _field(("photo",), draft.lang).label, data["consent"]["photo"], None
    try:
        url = photos.attachment(draft.photo)
    except photos.PhotoRefused as e:
        outcome.problems.append(form_problem("F003", e.key, where, photo=where, **e.values))
        url = None
    if url and not shown:
        outcome.problems.append(form_problem("F003", "photo-unticked", where,
                                             tick=words.in_language(draft.lang).places["photo-tick"],
                                             consent=_field(("consent",), draft.lang).label, photo=where))
    elif url:
        try:
            new = photos.download(url, policy)
        except photos.PhotoRefused as e:
            outcome.problems.append(form_problem("F003", e.key, where, photo=where, **e.values))
    if new is not None:
        data["photo"] = f"profiles/photos/{pid}.jpg"
    elif not shown or data.get("photo") not in current:
        data.pop("photo", None)
    kept = data.get("photo")
    outcome.delete += [p for p in current if p != kept]
    if current and kept is None:
        outcome.notes.append("photo-removed")
    return new


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _Quoted(str):
    """Text the profile file writes in double quotes: never read back as anything but this text."""
    __slots__ = ()


class _ProfileDumper(yaml.SafeDumper):
    """PyYAML's safe dumper (a subclass: the library's own is left as it is), lists indented under their key."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_ProfileDumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def _quoted(value):
    """Every text value quoted; a key too unless it is a plain name (a field the file had that the schema lacks)."""
    if isinstance(value, dict):
        return {(str(k) if _NAME.fullmatch(str(k)) else _Quoted(k)): _quoted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_quoted(v) for v in value]
    return _Quoted(value) if isinstance(value, str) else value


def _escape_invisible(text: str) -> str:
    """Characters that show nothing or turn the text around (format, private-use and unassigned ones) as
    \\u escapes. Every such character of the dump is inside a quoted text: the keys are the schema's."""
    return "".join(_escape(c) if unicodedata.category(c) in ("Cf", "Co", "Cn") else c for c in text)


def _escape(c: str) -> str:
    return f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}"


def dump_profile(data: dict, issue: int) -> bytes:
    # one line a value (no folding), so a later change shows in a pull request as the lines it changed
    text = yaml.dump(_quoted(data), Dumper=_ProfileDumper, sort_keys=False, allow_unicode=True, width=10**9)
    header = f"# Written by the profile form (issue #{int(issue)}). Change it with the form, or edit it here.\n"
    return (header + _escape_invisible(text)).encode("utf-8")


# --- the check ----------------------------------------------------------------------------------------

def check_staged(repo: Path, outcome: Outcome, pid: str, today: dt.date, vocab: Vocabulary) -> list[Problem]:
    """validate on a copy of profiles/ (every profile, this id's photos) with the change made in it."""
    with tempfile.TemporaryDirectory(prefix="profile-form-") as work:
        root = Path(work)
        (root / "profiles" / "photos").mkdir(parents=True)
        for path in profile_files(repo / "profiles", repo)[0]:
            shutil.copyfile(path, root / "profiles" / path.name)
        for photo in photo_files(repo, pid):
            if (repo / photo).is_file() and not (repo / photo).is_symlink():
                shutil.copyfile(repo / photo, root / photo)
        for path in outcome.delete:
            (root / path).unlink(missing_ok=True)
        for path, content in outcome.write.items():
            (root / path).write_bytes(content)
        return validate_paths([root / "profiles" / f"{pid}.yaml"], root=root, today=today, vocab=vocab).problems


def waiting(problem) -> bool:
    """A consent date left empty: the programme writes it with the person; nothing for them to fix."""
    where = getattr(problem, "where", "") or getattr(problem, "field", "")
    labels = [words.in_language(lang).labels[key] for lang in LANGUAGES for key in ("consent.given", "consent.expires")]
    dates = ("'given'", "'expires'", "consent.given", "consent.expires", *labels)
    return problem.code == "P009" and any(d in where or d in problem.message for d in dates)


_PATH = re.compile(r"[^.\[\]]+|\[\d+\]")
_MISSING = re.compile(r"the required field '([^']+)' is missing")     # validate's words for a field not written
_HINTED_P025 = (("country",), ("photo",))     # P025 elsewhere (a city's time zone) keeps validate's own hint


def place(problem: Problem, draft: Draft, data: dict) -> FormProblem:
    """A problem of validate's at the question of the form to fix, in validate's words."""
    where = problem.where
    if problem.code == "P009" and (missing := _MISSING.fullmatch(problem.message)):
        where = f"{where}.{missing[1]}" if where else missing[1]     # at its parent: name the field itself
    label, line = _question(where, draft)
    if waiting(problem):
        date = "consent.given" if "given" in problem.where + problem.message else "consent.expires"
        label = words.in_language(draft.lang).labels[date]
    hint, says = problem.hint, ()
    hinted = problem.code != "P025" or label in (_field(path, draft.lang).label for path in _HINTED_P025)
    if problem.code in words.FORM_HINTS and (label or problem.code == "P008") and hinted:
        says = ("form_hints", problem.code, (("label", label),))
        hint = words.FORM_HINTS[problem.code].format(label=label)
    return FormProblem(problem.code, problem.message, label, line, hint, says=says, anchor="file")


def _question(where: str, draft: Draft) -> tuple[str, int | None]:
    """The label of the question an answer at `where` (skills[1].name) came from, and its line; ("", None)
    when the form did not ask for it (a field only the file has, or the file itself)."""
    parts = tuple(int(p[1:-1]) if p.startswith("[") else p for p in _PATH.findall(where))
    for n in range(len(parts), 0, -1):
        if parts[:n] in draft.places:
            return draft.places[parts[:n]]
    asked = next((f for f in form_fields(draft.lang) if parts and f.path == parts[:len(f.path)]), None)
    return (asked.label if asked else ""), None
