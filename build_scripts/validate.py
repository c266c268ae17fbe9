"""Validate: profiles in, problems out. Schema, vocabularies, dates and cross-file rules.

Everything is collected in one pass; nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import images
from .clock import consent_today
from .load import Document, load_file
from .problems import Problem, sort_key
from .schema import apply_types, is_valid, profile_schema, profile_validator, subschema, to_date
from .vocab import Vocabulary, advise_zone, closest, did_you_mean, load_vocabulary
from .workers import map_chunks, no_gc

ROOT = Path(__file__).resolve().parent.parent
ID_RE = re.compile(r"[a-z0-9-]{2,40}")
# Names the site itself uses under talent/ (render.py: the directory's index and page/N, cards.json)
# or next to it; a profile with one of these ids would replace a page. A test holds render to this list.
RESERVED_IDS = frozenset({"index", "page", "cards", "search", "assets", "pagefind", "sitemap", "talent", "404"})
TEMPLATE = ROOT / "docs" / "contributing" / "profile-template.yaml"
_BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*")
_SHOWN_ZONES = 8          # zones offered for an offset; the rest are counted
_KIND = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
         "array": "a list", "object": "a set of fields", "null": "nothing"}
_TYPE_HINT = {"array": "Start each item on its own line with '- '.",
              "object": "Put the fields on the lines below, indented by two spaces.",
              "boolean": "Write true or false.",
              "integer": "Write a whole number without quotes.",
              "number": "Write a number without quotes.",
              "string": "Put the text on the same line, after the colon."}


@dataclass
class Profile:
    """A profile that loaded: its id, the typed data, and where each value was written."""
    id: str
    file: str
    data: dict
    doc: Document = field(repr=False)

    @property
    def ok(self) -> bool:
        return self.doc.ok


@dataclass
class Result:
    profiles: list[Profile]
    problems: list[Problem]
    checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@functools.lru_cache(maxsize=64)
def _resolved(root: Path) -> Path:
    return root.resolve()


def shown_path(path: Path, root: Path = ROOT) -> str:
    try:
        return path.absolute().relative_to(_resolved(root)).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(_resolved(root)).as_posix()
        except ValueError:
            return str(path)


def validate_paths(paths: list[Path] | None = None, *, root: Path = ROOT, today: dt.date | None = None,
                   vocab: Vocabulary | None = None) -> Result:
    """Check the named profile files (all of profiles/ when none), and the rules across files."""
    today = today or consent_today()
    vocab = vocab or load_vocabulary()
    profiles_dir = root / "profiles"
    everything = paths is None
    refused: list[Problem] = []
    if paths is None:
        paths, refused = profile_files(profiles_dir, root)
    check = functools.partial(check_files, vocab=vocab, today=today, root=root)
    with no_gc():
        profiles = [p for chunk in map_chunks(check, list(paths)) for p in chunk]
    cross_file(profiles, [] if everything else _others(profiles_dir, paths, root))
    problems = sorted([p for pr in profiles for p in pr.doc.problems] + refused, key=sort_key)
    return Result(profiles, problems, len(paths) + len(refused))


def profile_files(profiles_dir: Path, root: Path = ROOT) -> tuple[list[Path], list[Problem]]:
    """Every entry of profiles/: the profile files to check, and a problem for anything else.

    Only regular *.yaml files are profiles; photos/ is the photos' folder. A link, another folder
    or another kind of file is refused, never read and never merged.
    """
    paths, refused = [], []
    for path in sorted(profiles_dir.iterdir()) if profiles_dir.is_dir() else []:
        if path.name == "photos" and path.is_dir() and not path.is_symlink():
            continue
        if path.name.endswith(".yaml") and path.is_file() and not path.is_symlink():
            paths.append(path)
            continue
        kind = ("a symbolic link" if path.is_symlink() else "a folder" if path.is_dir()
                else "not a profile: its name does not end in .yaml")
        refused.append(Problem(shown_path(path, root), 1, 1, "P028", f"'{path.name}' is {kind}",
                               hint="profiles/ holds only profile files (<id>.yaml) and the photos/ folder; "
                                    "remove it, or rename a profile to end in .yaml."))
    return paths, refused


def check_files(paths: list[Path], vocab: Vocabulary, today: dt.date, root: Path) -> list[Profile]:
    """Load and check each file on its own; the rules across files come after (cross_file)."""
    with no_gc():
        profiles = [check_profile(_load_profile(p, root), vocab, today, root) for p in paths]
    for pr in profiles:   # travel light: the raw values are typed in pr.data; positions only for cross-file problems
        pr.doc.data = None
        if not pr.doc.problems:
            keep = {k: v for k, v in pr.doc.value_at.items() if k in ((), ("github",))}
            pr.doc.value_at, pr.doc.key_at = keep, {}
    return profiles


def _load_profile(path: Path, root: Path) -> Document:
    """A profile file's Document; a symbolic link is refused, not followed (it could show another file)."""
    if path.is_symlink():
        doc = Document(shown_path(path, root))
        doc.problem("P028", f"'{path.name}' is a symbolic link, not a profile file",
                    hint="Put the profile itself here, not a link to another file.")
        return doc
    return load_file(path, shown_path(path, root))


def check_profile(doc: Document, vocab: Vocabulary, today: dt.date, root: Path = ROOT) -> Profile:
    stem = Path(doc.file).name.removesuffix(".yaml")
    profile = Profile(stem, doc.file, {}, doc)
    if not ID_RE.fullmatch(stem) or not doc.file.endswith(".yaml"):
        doc.problem("P015", f"'{Path(doc.file).name}' is not a valid profile file name",
                    hint="Use 2 to 40 lowercase letters, digits and hyphens, ending in .yaml, like amal-h.yaml.")
    elif stem in RESERVED_IDS:
        doc.problem("P015", f"the id '{stem}' is reserved for the site's own pages",
                    hint=f"Choose another file name, for example {stem}-h.yaml with the first letter of your family name.")
    if not doc.checkable:     # a duplicate key or a tab does not hide the file's other problems
        return profile
    profile.data = apply_types(doc.data, profile_schema())
    _schema_problems(doc, profile.data)
    _vocabulary_problems(doc, profile.data, vocab, root, today)
    _public_file_problems(doc, profile.data)
    _text_problems(doc, profile.data)
    _date_problems(doc, profile.data, today)
    if "id" in profile.data and profile.data["id"] != stem:
        doc.problem("P015", f"id '{profile.data['id']}' does not match the file name '{stem}.yaml'", ("id",),
                    hint=f"Change it to id: {stem}, or remove the id line.")
    return profile


# --- schema -----------------------------------------------------------------------------------

def _schema_problems(doc: Document, data: dict) -> None:
    if is_valid(data):
        return
    schema = profile_schema()
    seen = set()
    for err in profile_validator().iter_errors(data):
        path = tuple(err.absolute_path)
        for code, msg, at, key, hint in _describe(err, path, schema):
            if err.validator == "required":   # absent: at the fields it belongs in; written but empty: at it
                if at in doc.key_at:
                    msg = f"'{at[-1]}' is required and has no value"
                else:
                    at, key = at[:-1], False
            if (code, at) in seen:
                continue
            seen.add((code, at))
            doc.problem(code, msg, at, hint=hint, key=key)


def _show(value, limit: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _describe(err, path, schema):
    """Turn one jsonschema error into (code, message, path, point-at-key, hint) tuples in plain words."""
    v, sub, inst = err.validator, err.schema, err.instance
    hint = sub.get("x-hint", "")
    if v == "required":
        for name in err.validator_value:
            if name not in inst:
                example = subschema(sub, [name]).get("examples", [""])[0]
                ex = f" For example: {name}: {example}" if example not in ("", None) and not isinstance(example, (dict, list)) else ""
                yield "P009", f"the required field '{name}' is missing", path + (name,), True, f"Add a line '{name}: ...'.{ex}"
    elif v == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        for name in inst:
            if name not in allowed:
                yield ("P008", f"'{name}' is not a profile field{did_you_mean(name, allowed, 0.5)}",
                       path + (name,), True, "Known fields here: " + ", ".join(allowed) + ".")
    elif v == "type":
        want = sub["type"] if isinstance(sub["type"], str) else sub["type"][0]
        got = _KIND.get(_json_type(inst), "something else")
        yield "P010", f"this should be {_KIND[want]}, not {got}", path, False, hint or _TYPE_HINT.get(want, "")
    elif v == "enum":
        choices = [str(c) for c in err.validator_value]
        yield ("P011", f"{_show(inst)} is not allowed{did_you_mean(str(inst), choices, 0.5)}",
               path, False, "Choose one of: " + ", ".join(choices) + ".")
    elif v == "maxLength":
        yield "P012", f"is {len(inst)} characters long; the limit is {err.validator_value}", path, False, "Shorten it."
    elif v == "minLength":
        yield "P009", "is empty", path, False, "Write something here, or remove the line if the field is optional."
    elif v == "maxItems":
        yield "P012", f"has {len(inst)} items; the limit is {err.validator_value}", path, False, "Keep the most relevant ones."
    elif v == "minItems":
        yield "P009", "needs at least one item", path, False, hint or "Add an item starting with '- '."
    elif v in ("minimum", "maximum"):
        yield "P012", f"{inst} is out of range ({sub.get('minimum', '')} to {sub.get('maximum', '')})", path, False, hint
    elif v == "uniqueItems":
        yield "P002", "the same item appears twice in this list", path, False, "Remove the repeated item."
    elif v == "format" and err.validator_value == "https-url":
        yield "P014", f"{_show(inst)} is not an https:// link", path, False, hint
    elif v in ("format", "pattern"):
        yield "P013", f"{_show(inst)} is not in the expected format", path, False, hint
    else:
        yield "P010", err.message, path, False, hint


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "array", str: "string", int: "integer", float: "number", type(None): "null"}.get(
        type(value), "string")


# --- vocabularies -------------------------------------------------------------------------------

def _vocabulary_problems(doc: Document, data: dict, vocab: Vocabulary, root: Path, today: dt.date) -> None:
    for i, skill in enumerate(_list_of_dicts(data.get("skills"))):
        name = skill.get("name")
        if not isinstance(name, str):
            continue
        canonical = vocab.skill(name)
        if canonical is None:
            doc.problem("P004", f"'{name}' is not a known skill{did_you_mean(name, vocab.skill_keys.values() | vocab.skills.keys(), 0.6)}",
                        ("skills", i, "name"), hint="Skills are listed on the 'Skills and tracks' page; to propose a new one, open an issue.")
        elif canonical != name:
            if name.casefold() != canonical.casefold():
                doc.problem("W004", f"'{name}' is shown as '{canonical}'", ("skills", i, "name"),
                            hint=f"Write name: {canonical}.")
            skill["name"] = canonical
    for i, track in enumerate(_list(data.get("tracks"))):
        if isinstance(track, str) and track not in vocab.tracks:
            names = {t["name"].casefold(): tid for tid, t in vocab.tracks.items()}
            guess = names.get(track.casefold()) or (closest(track, vocab.tracks) or [None])[0]
            doc.problem("P005", f"'{track}' is not a programme track" + (f"; did you mean '{guess}'?" if guess else ""),
                        ("tracks", i), hint="Use a track id from the 'Skills and tracks' page.")
    tz = data.get("timezone")
    if isinstance(tz, str) and tz not in vocab.timezones:   # a place's zone or UTC; never Etc/ (vocab.place_zones)
        advice = advise_zone(tz, today, vocab.timezones, vocab.countries)
        offers = "".join(f"; {label}: {', '.join(zones[:_SHOWN_ZONES])}" + (
            f" and {len(zones) - _SHOWN_ZONES} more" if len(zones) > _SHOWN_ZONES else "")
            for label, zones in advice.offers if zones)
        guess = f"; did you mean '{advice.guess}'?" if advice.guess else ""
        doc.problem("P006", f"'{tz}' {advice.reason}{offers}{guess}", ("timezone",),
                    hint="Write the zone of the city you work from, as Region/City (like Asia/Amman or "
                         "Africa/Nairobi): it follows that place's summer time. Write UTC only if you keep UTC hours.")
    for i, lang in enumerate(_list_of_dicts(data.get("languages"))):
        code = lang.get("code")
        if not isinstance(code, str):
            continue
        primary = code.split("-")[0].lower()
        if not _BCP47.fullmatch(code) or primary not in vocab.languages:
            by_name = {n.casefold(): c for c, n in vocab.languages.items()}
            guess = by_name.get(code.casefold()) or (closest(primary, vocab.languages) or [None])[0]
            doc.problem("P007", f"'{code}' is not a known language code" + (
                f"; did you mean '{guess}' ({vocab.languages[guess]})?" if guess else ""),
                ("languages", i, "code"), hint="Use a code like ar, en, fr, ku, ckb, ti or sw.")
    for field_name in ("country",):
        cc = data.get(field_name)
        if isinstance(cc, str) and cc not in vocab.countries:
            by_name = {n.casefold(): c for c, n in vocab.countries.items()}
            guess = cc.upper() if cc.upper() in vocab.countries else by_name.get(cc.casefold())
            guess = guess or (closest(cc, by_name, cutoff=0.7) and by_name[closest(cc, by_name, cutoff=0.7)[0]])
            doc.problem("P011", f"'{cc}' is not a two-letter country code" + (
                f"; did you mean '{guess}' ({vocab.countries[guess]})?" if guess else ""),
                (field_name,), hint="Use ISO 3166 codes like JO, LB, IQ, KE or DE.")
    photo = data.get("photo")
    if isinstance(photo, str) and re.fullmatch(profile_schema()["properties"]["photo"]["pattern"], photo):
        _photo_problems(doc, photo, root)


def _photo_problems(doc: Document, photo: str, root: Path) -> None:
    """The photo is this profile's own file (no link), a JPEG, PNG or WebP, with nothing hidden in it.

    Checked whatever the consent says: the file is public in the repository either way.
    """
    own = Path(doc.file).name.removesuffix(".yaml")
    if PurePosixPath(photo).stem != own:
        doc.problem("P029", f"'{photo}' is not this profile's photo: it must be named after the id '{own}'",
                    ("photo",), hint=f"Upload your own photo as profiles/photos/{own}.jpg (or .jpeg, .png, .webp) "
                                     f"and write photo: profiles/photos/{own}.jpg.")
    elif link := images.linked_part(root, photo):
        doc.problem("P029", f"'{link}' is a symbolic link: a photo must be the file itself", ("photo",),
                    hint=f"Upload the photo itself as {photo}.")
    elif not (root / photo).is_file():
        doc.problem("P024", f"the photo '{photo}' does not exist", ("photo",),
                    hint="Upload the photo in the same pull request, or remove the photo line.")
    else:
        for code, message, hint in photo_content_problems(photo, lambda: images.read_photo(root / photo)):
            doc.problem(code, message, ("photo",), hint=hint)


def photo_content_problems(photo: str, read) -> list[tuple[str, str, str]]:
    """(code, message, hint) for what a photo file holds: not a usable image (P030), or hidden
    information (P031). `read()` gives its bytes (from the working tree, or from git in check-pr)."""
    try:
        found = images.inspect_bytes(read(), PurePosixPath(photo).name)
    except images.PhotoError as e:
        return [("P030", f"the photo '{photo}' {e.reason}",
                 "Save it as JPEG, PNG or WebP, under 8 MB, and upload it again.")]
    if not found.metadata:
        return []
    return [("P031", f"the photo '{photo}' holds hidden information: {', '.join(found.metadata)}",
             f"Run python -m build_scripts clean-photo {photo} (or export the photo again without location and "
             "camera details) and upload the cleaned file. The first upload stays in the pull request's "
             "history: ask a maintainer privately if it must be removed.")]


# --- what a public file may hold -------------------------------------------------------------------

def _public_file_problems(doc: Document, data: dict) -> None:
    """A field whose consent is not given must not be written at all: the repository is public."""
    consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    for name in ("country", "photo"):
        if name in data and consent.get(name) is not True:
            doc.problem("P025", f"this file is public, but consent.{name} is not true: anyone can read "
                        f"'{name}' here even though the site hides it", (name,), key=True,
                        hint=f"Delete this line. To show your {name}, agree it with the programme and set "
                             f"consent.{name}: true.")


@functools.lru_cache(maxsize=1)
def _placeholders() -> dict:
    """The template's example values of the fields a person must write themselves."""
    data = load_file(TEMPLATE).data or {}
    return {k: str(data[k]).strip().casefold() for k in ("name", "headline", "github", "summary") if data.get(k)}


# Characters that are invisible or reorder what is shown: controls, line separators, bidi
# overrides and isolates, zero-width ones. A zero-width (non-)joiner between two letters of the
# Arabic script, and a joiner inside an emoji sequence, are how those are written, and stay.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def _allowed_joiner(text: str, i: int) -> bool:
    if text[i] not in "\u200c\u200d" or i == 0 or i + 1 == len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    if _ARABIC.match(before) and _ARABIC.match(after):
        return True
    return text[i] == "\u200d" and _emoji_part(before) and _emoji_part(after)


# A symbol, the emoji presentation selector or a skin-tone modifier: what a joiner joins in 👩‍💻.
def _emoji_part(c: str) -> bool:
    return unicodedata.category(c) == "So" or c == "\ufe0f" or "\U0001f3fb" <= c <= "\U0001f3ff"


def _text_problems(doc: Document, data: dict) -> None:
    """Placeholder text left from the template; invisible characters in what titles a profile."""
    for name, example in _placeholders().items():
        value = data.get(name)
        if isinstance(value, str) and value.strip().casefold() == example:
            doc.problem("P026", f"{_show(value.strip())} is the template's example text", (name,),
                        hint=f"Write your own {name} here.")
    for name in ("name", "headline", "pronouns"):
        value = data.get(name)
        if not isinstance(value, str):
            continue
        for m in _INVISIBLE.finditer(value):
            if _allowed_joiner(value, m.start()):
                continue
            char = m.group()
            label = unicodedata.name(char, "control character").lower()
            doc.problem("P027", f"character {m.start() + 1} is U+{ord(char):04X} ({label}), which is invisible "
                        "or changes how the text reads", (name,),
                        hint="Retype this field by hand; do not paste it.")
            break


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _list_of_dicts(value) -> list[dict]:
    return [v for v in _list(value) if isinstance(v, dict)]


# --- dates ---------------------------------------------------------------------------------------

def _valid_date(value) -> dt.date | None:
    try:
        return to_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _date_problems(doc: Document, data: dict, today: dt.date) -> None:
    consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    given, expires = _valid_date(consent.get("given")), _valid_date(consent.get("expires"))
    is_withdrawn = "withdrawn" in consent          # with any value, empty included (select.consent_state)
    withdrawn = _valid_date(consent.get("withdrawn"))
    if given and given > today:
        doc.problem("P017", f"consent.given {given} is in the future", ("consent", "given"),
                    hint="Use the date consent was actually given.")
    if given and expires:
        if expires <= given:
            doc.problem("P017", f"consent.expires {expires} is not after consent.given {given}", ("consent", "expires"))
        elif expires > _add_years(given, 2):
            doc.problem("P017", f"consent.expires {expires} is more than two years after consent.given {given}",
                        ("consent", "expires"), hint=f"Consent lasts at most two years: use {_add_years(given, 2)} or earlier.")
        elif not is_withdrawn and today < expires <= today + dt.timedelta(days=30):
            doc.problem("W001", f"consent expires on {expires}, in {(expires - today).days} days", ("consent", "expires"),
                        hint="Renew consent with the programme to stay listed.")
    if given and withdrawn and withdrawn < given:
        doc.problem("P017", f"consent.withdrawn {withdrawn} is before consent.given {given}", ("consent", "withdrawn"))
    if is_withdrawn or (expires and expires <= today):
        why = (f"withdrawn on {withdrawn}" if withdrawn else "withdrawn") if is_withdrawn else f"expired on {expires}"
        doc.problem("W003", f"consent {why}: this profile is not published",
                    ("consent", "withdrawn" if is_withdrawn else "expires"),
                    hint="To be listed again, renew consent with the programme, update the consent dates "
                         "and remove the withdrawn line.")
    for i, job in enumerate(_list_of_dicts(data.get("experience"))):
        start, end = _valid_date(job.get("start")), _valid_date(job.get("end"))
        if start and end and end < start:
            doc.problem("P018", f"end {job['end']} is before start {job['start']}", ("experience", i, "end"))
        if start and start > today:
            doc.problem("P018", f"start {job['start']} is in the future", ("experience", i, "start"))
    for i, cert in enumerate(_list_of_dicts(data.get("certificates"))):
        when = _valid_date(cert.get("date"))
        if when and when > today:
            doc.problem("P018", f"date {cert['date']} is in the future", ("certificates", i, "date"))
    updated = _valid_date(data.get("updated"))
    if updated and updated > today:
        doc.problem("P018", f"updated {updated} is in the future", ("updated",), hint="Use today's date or earlier.")
    elif updated and updated < _add_years(today, -1):
        doc.problem("W002", f"last updated on {updated}, more than 12 months ago", ("updated",),
                    hint="Check every field, then set updated to today's date.")


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:               # 29 February
        return d.replace(year=d.year + years, day=28)


# --- across files --------------------------------------------------------------------------------

def github_login(doc: Document) -> str | None:
    """The GitHub login a loaded profile names, or None: the one reading of `github` that
    ownership (check-pr) and the cross-file scan share, from the loader the build uses
    (BOM, CRLF, quotes and comments handled there). A file whose YAML did not load names nobody."""
    data = doc.data if doc.ok else None
    login = data.get("github") if isinstance(data, dict) else None
    return str(login) if isinstance(login, str) and login else None


def _others(profiles_dir: Path, named: list[Path], root: Path) -> list[tuple[str, str, str]]:
    """(id, file, github) for every profile not being checked, read as the build reads them."""
    named_set = {p.resolve() for p in named}
    paths = [p for p in profile_files(profiles_dir, root)[0] if p.resolve() not in named_set]
    read = functools.partial(_logins, root=root)
    return [entry for chunk in map_chunks(read, paths) for entry in chunk]


def _logins(paths: list[Path], root: Path) -> list[tuple[str, str, str]]:
    out = []
    for path in paths:
        shown = shown_path(path, root)
        out.append((path.stem, shown, github_login(load_file(path, shown)) or ""))
    return out


def cross_file(profiles: list[Profile], others: list[tuple[str, str, str]]) -> None:
    """One profile per id and per GitHub login: the second file that claims one gets the problem."""
    ids: dict[str, str] = {i: f for i, f, _ in others}
    logins: dict[str, str] = {g.casefold(): f for _, f, g in others if g}
    for pr in profiles:
        if pr.id in ids:
            pr.doc.problem("P016", f"the id '{pr.id}' is also used by {ids[pr.id]}",
                           hint="Each person has one profile; edit the existing one.")
        else:
            ids[pr.id] = pr.file
        login = pr.data.get("github") if isinstance(pr.data.get("github"), str) else None
        if not login:
            continue
        if login.casefold() in logins:
            pr.doc.problem("P016", f"the GitHub login '{login}' already owns {logins[login.casefold()]}", ("github",),
                           hint="Each person has one profile; edit the existing one instead of adding another.")
        else:
            logins[login.casefold()] = pr.file
