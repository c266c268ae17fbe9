"""Validate: profiles in, problems out. Schema, vocabularies, dates and cross-file rules.

Everything is collected in one pass; nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import images
from .clock import consent_today
from .load import Document, load_file
from .problems import Problem, sort_key
from .schema import apply_types, is_valid, profile_schema, profile_validator, subschema, to_date
from .vocab import (Vocabulary, advise_zone, closest, did_you_mean, load_vocabulary, offset_minutes, offset_name,
                    whole_hour_offset)

ROOT = Path(__file__).resolve().parent.parent
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")     # never a leading "-": a tool would read it as an option
# Names the site itself uses under talent/ (directory.py: the directory's index and page/N, cards.json)
# or next to it; a profile with one of these ids would replace a page. A test holds render to this list.
RESERVED_IDS = frozenset({"index", "page", "cards", "countries", "search", "assets", "pagefind", "sitemap", "talent", "404"})
TEMPLATE = ROOT / "docs" / "contributing" / "profile-template.yaml"
_BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*")
# The consent dates are written with the programme, never by the contributor (scaffold.py).
_CONSENT_DATES = ("given", "expires")
_CONSENT_DATE_HINT = ("Leave it empty: the programme fills in the consent dates with you when it records your "
                      "consent. Until then the pull request waits for that; there is nothing for you to change here.")
RENEW_WITHIN_DAYS = 30    # W001 warns, and a reminder issue goes out, this long before consent ends
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
                   vocab: Vocabulary | None = None, mapper=None) -> Result:
    """Check the named profile files (all of profiles/ when none), and the rules across files.
    mapper(func, items): func's results for chunks of items, in order (default: one chunk, here);
    the fast executor's spreads the chunks over the machine's cores."""
    today = today or consent_today()
    vocab = vocab or load_vocabulary()
    profiles_dir = root / "profiles"
    everything = paths is None
    refused: list[Problem] = []
    if paths is None:
        paths, refused = profile_files(profiles_dir, root)
        refused += orphan_photos(profiles_dir, paths, root)
    mapper = mapper or _in_one
    check = functools.partial(check_files, vocab=vocab, today=today, root=root)
    profiles = [p for chunk in mapper(check, list(paths)) for p in chunk]
    cross_file(profiles, [] if everything else _others(profiles_dir, paths, root, mapper))
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


PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


def photo_files(root: Path, pid: str) -> list[str]:
    """The photo files of an id present in the checkout (links included), as a photo line writes them."""
    folder = root / "profiles" / "photos"
    return [f"profiles/photos/{pid}.{ext}" for ext in PHOTO_EXTENSIONS if os.path.lexists(folder / f"{pid}.{ext}")]


def orphan_photos(profiles_dir: Path, profiles: list[Path], root: Path = ROOT) -> list[Problem]:
    """A problem at each file of profiles/photos/ whose profile is gone: it is still public in the
    repository, and would show on the page of whoever takes the id next."""
    folder = profiles_dir / "photos"
    if not folder.is_dir() or folder.is_symlink():
        return []
    ids = {p.name.removesuffix(".yaml") for p in profiles}
    out = []
    for path in sorted(folder.iterdir()):
        pid = path.name.split(".", 1)[0]
        if pid in ids:
            continue
        shown = shown_path(path, root)
        out.append(Problem(shown, 1, 1, "P032", f"no profile shows this photo: profiles/{pid}.yaml does not exist, "
                           "but the file is still public in the repository",
                           hint=f"Delete {shown}. Its profile was deleted without it; a later profile with the "
                                f"id '{pid}' must not show this person's photo."))
    return out


def check_files(paths: list[Path], vocab: Vocabulary, today: dt.date, root: Path) -> list[Profile]:
    """Load and check each file on its own; the rules across files come after (cross_file)."""
    return [check_profile(_load_profile(p, root), vocab, today, root) for p in paths]


def _in_one(func, items: list) -> list:
    """A mapper that makes one chunk of everything, in this process."""
    return [func(items)]


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
                    hint="Use 2 to 40 lowercase letters, digits and hyphens, starting with a letter or a digit and ending in "
                         ".yaml, like amal-h.yaml.")
    elif stem in RESERVED_IDS:
        doc.problem("P015", f"the id '{stem}' is reserved for the site's own pages",
                    hint=f"Choose another file name, for example {stem}-h.yaml with the first letter of your family name.")
    if not doc.checkable:     # a duplicate key or a tab does not hide the file's other problems
        return profile
    profile.data = apply_types(doc.data, profile_schema())
    _schema_problems(doc, profile.data)
    _vocabulary_problems(doc, profile.data, vocab, root, today)
    _public_file_problems(doc, profile.data)
    _unshown_photo_problems(doc, profile.data, stem, root)
    _text_problems(doc, profile.data)
    _contact_problems(doc, profile.data)
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
    describe = _DESCRIBE.get(err.validator, _other_error)
    yield from describe(err, path, err.schema.get("x-hint", ""))


# A required field that is not written: at the field, with an example from the schema when it has one.
def _missing_field(err, path, hint):
    sub, inst = err.schema, err.instance
    for name in err.validator_value:
        if name not in inst:
            example = subschema(sub, [name]).get("examples", [""])[0]
            ex = f" For example: {name}: {example}" if example not in ("", None) and not isinstance(example, (dict, list)) else ""
            hint = _CONSENT_DATE_HINT if path == ("consent",) and name in _CONSENT_DATES else f"Add a line '{name}: ...'.{ex}"
            yield "P009", f"the required field '{name}' is missing", path + (name,), True, hint


# A field the schema does not know, with the nearest known one.
def _unknown_field(err, path, hint):
    allowed = list(err.schema.get("properties", {}))
    for name in err.instance:
        if name not in allowed:
            yield ("P008", f"'{name}' is not a profile field{did_you_mean(name, allowed, 0.5)}",
                   path + (name,), True, "Known fields here: " + ", ".join(allowed) + ".")


def _wrong_type(err, path, hint):
    sub = err.schema
    want = sub["type"] if isinstance(sub["type"], str) else sub["type"][0]
    got = _KIND.get(_json_type(err.instance), "something else")
    yield "P010", f"this should be {_KIND[want]}, not {got}", path, False, hint or _TYPE_HINT.get(want, "")


def _not_a_choice(err, path, hint):
    choices = [str(c) for c in err.validator_value]
    yield ("P011", f"{_show(err.instance)} is not allowed{did_you_mean(str(err.instance), choices, 0.5)}",
           path, False, "Choose one of: " + ", ".join(choices) + ".")


def _too_long(err, path, hint):
    yield "P012", f"is {len(err.instance)} characters long; the limit is {err.validator_value}", path, False, "Shorten it."


def _empty(err, path, hint):
    yield "P009", "is empty", path, False, "Write something here, or remove the line if the field is optional."


def _too_many(err, path, hint):
    yield "P012", f"has {len(err.instance)} items; the limit is {err.validator_value}", path, False, "Keep the most relevant ones."


def _no_items(err, path, hint):
    yield "P009", "needs at least one item", path, False, hint or "Add an item starting with '- '."


def _out_of_range(err, path, hint):
    sub = err.schema
    yield "P012", f"{err.instance} is out of range ({sub.get('minimum', '')} to {sub.get('maximum', '')})", path, False, hint


def _repeated_item(err, path, hint):
    yield "P002", "the same item appears twice in this list", path, False, "Remove the repeated item."


NOT_BLANK = r"^\s*\S"      # the schema's pattern for a text that must hold more than spaces (no $: any end)


# A link must be https://; a text of spaces only is empty; any other format or pattern is described as
# not in the expected format.
def _bad_format(err, path, hint):
    if err.validator == "pattern" and err.validator_value == NOT_BLANK:
        yield from _empty(err, path, hint)
    elif err.validator == "format" and err.validator_value == "https-url":
        yield "P014", f"{_show(err.instance)} is not an https:// link", path, False, hint
    else:
        yield "P013", f"{_show(err.instance)} is not in the expected format", path, False, hint


def _other_error(err, path, hint):
    yield "P010", err.message, path, False, hint


# jsonschema's validator name -> how its errors read.
_DESCRIBE = {"required": _missing_field, "additionalProperties": _unknown_field, "type": _wrong_type,
             "enum": _not_a_choice, "maxLength": _too_long, "minLength": _empty, "maxItems": _too_many,
             "minItems": _no_items, "minimum": _out_of_range, "maximum": _out_of_range,
             "uniqueItems": _repeated_item, "format": _bad_format, "pattern": _bad_format}


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "array", str: "string", int: "integer", float: "number", type(None): "null"}.get(
        type(value), "string")


# --- vocabularies -------------------------------------------------------------------------------

def _vocabulary_problems(doc: Document, data: dict, vocab: Vocabulary, root: Path, today: dt.date) -> None:
    _skill_problems(doc, data, vocab)
    _track_problems(doc, data, vocab)
    _timezone_problems(doc, data, vocab, today)
    _language_problems(doc, data, vocab)
    _country_problems(doc, data, vocab)
    photo = data.get("photo")
    if isinstance(photo, str) and re.fullmatch(profile_schema()["properties"]["photo"]["pattern"], photo):
        _photo_problems(doc, photo, root)


def _skill_problems(doc: Document, data: dict, vocab: Vocabulary) -> None:
    """A skill the vocabulary does not know; one it knows by another name is a warning (select shows
    it by its name)."""
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


def _track_problems(doc: Document, data: dict, vocab: Vocabulary) -> None:
    """A track that is not one of the programme's, with the one meant (by its name, or nearly its id)."""
    for i, track in enumerate(_list(data.get("tracks"))):
        if isinstance(track, str) and track not in vocab.tracks:
            names = {t["name"].casefold(): tid for tid, t in vocab.tracks.items()}
            guess = names.get(track.casefold()) or (closest(track, vocab.tracks) or [None])[0]
            doc.problem("P005", f"'{track}' is not a programme track" + (f"; did you mean '{guess}'?" if guess else ""),
                        ("tracks", i), hint="Use a track id from the 'Skills and tracks' page.")


def _language_problems(doc: Document, data: dict, vocab: Vocabulary) -> None:
    for i, lang in enumerate(_list_of_dicts(data.get("languages"))):
        code = lang.get("code")
        if isinstance(code, str):
            _language_code_problem(doc, data, vocab, i, code)


def _language_code_problem(doc: Document, data: dict, vocab: Vocabulary, i: int, code: str) -> None:
    """A language code that is not BCP 47 or names no known language; a region (ar-SY: Arabic as
    spoken in Syria) names a country, refused when the country is kept private."""
    primary = code.split("-")[0].lower()
    if not _BCP47.fullmatch(code) or primary not in vocab.languages:
        by_name = {n.casefold(): c for c, n in vocab.languages.items()}
        guess = by_name.get(code.casefold()) or (closest(primary, vocab.languages) or [None])[0]
        doc.problem("P007", f"'{code}' is not a known language code" + (
            f"; did you mean '{guess}' ({vocab.languages[guess]})?" if guess else ""),
            ("languages", i, "code"), hint="Use a code like ar, en, fr, ku, ckb, ti or sw.")
    elif _BCP47.fullmatch(code).group(3) and not _country_shown(data):
        doc.problem("P025", f"this file is public, and the region in '{code}' names a country, though you keep "
                    "your country private", ("languages", i, "code"),
                    hint=f"Write the language alone: code: {primary}. (Or agree with the programme to show "
                         "your country, and set consent.country: true.)")


def _country_problems(doc: Document, data: dict, vocab: Vocabulary) -> None:
    """A country that is not an ISO 3166 alpha-2 code, with the one meant (by its code in lowercase, or its name)."""
    cc = data.get("country")
    if not isinstance(cc, str) or cc in vocab.countries:
        return
    by_name = {n.casefold(): c for c, n in vocab.countries.items()}
    guess = cc.upper() if cc.upper() in vocab.countries else by_name.get(cc.casefold())
    guess = guess or (closest(cc, by_name, cutoff=0.7) and by_name[closest(cc, by_name, cutoff=0.7)[0]])
    doc.problem("P011", f"'{cc}' is not a two-letter country code" + (
        f"; did you mean '{guess}' ({vocab.countries[guess]})?" if guess else ""),
        ("country",), hint="Use ISO 3166 codes like JO, LB, IQ, KE or DE.")


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


def _unshown_photo_problems(doc: Document, data: dict, pid: str, root: Path) -> None:
    """A photo file of this id that the profile does not show (consent.photo false, no photo line, or
    another file named) is still public in the repository: withdrawing the photo means deleting it."""
    consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    shown = data.get("photo") if consent.get("photo") is True else None
    at = ("photo",) if shown is not None else ("consent", "photo")
    why = ("the photo line names another file" if shown is not None else
           "consent.photo is not true" if consent.get("photo") is not True else "no photo line names it")
    for photo in photo_files(root, pid):
        if photo != shown:
            doc.problem("P032", f"'{photo}' is still in the repository, public to anyone, though this profile does "
                        f"not show it ({why})", at, key=True,
                        hint=f"Delete {photo} in the same pull request. Consent and the photo line decide only "
                             "what the site shows; the file stays public until it is deleted (and in the "
                             "repository's history: ask a maintainer privately to remove it from there).")


@functools.lru_cache(maxsize=1)
def _placeholders() -> dict:
    """The template's example values of the fields a person must write themselves."""
    data = load_file(TEMPLATE).data or {}
    return {k: str(data[k]).strip().casefold() for k in ("name", "headline", "github", "summary") if data.get(k)}


# Characters that are invisible or change how text reads: controls, line separators and every
# format character (direction marks and overrides, zero-width ones, tag characters, invisible
# operators, the soft hyphen...); letters and marks that show nothing (Hangul fillers, the blank
# Braille pattern, the combining grapheme joiner, Khmer inherent vowels), and variation selectors.
# Kept where they are how text is written: a zero-width (non-)joiner between two letters of the
# Arabic script, a joiner inside an emoji sequence, a presentation selector after an emoji (or in a
# keycap), an ideographic variation selector after a CJK ideograph, a Mongolian one after a Mongolian letter.
_BLANK = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\u2800")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_KEYCAP = "\u20e3"


def _hidden(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or c in _BLANK or _variation_selector(c)


def _variation_selector(c: str) -> bool:
    return "\ufe00" <= c <= "\ufe0f" or "\U000e0100" <= c <= "\U000e01ef" or "\u180b" <= c <= "\u180d" or c == "\u180f"


def _written_so(text: str, i: int) -> bool:
    """The hidden character at i is how this text is written (see above), not something slipped in."""
    c, before = text[i], text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    rule = next((rule for applies, rule in _WRITTEN_SO if applies(c)), None)
    return rule(c, before, after) if rule else False


# A zero-width (non-)joiner between two Arabic-script letters, or a joiner inside an emoji sequence.
def _joins(c: str, before: str, after: str) -> bool:
    if not before or not after:
        return False
    if _ARABIC.match(before) and _ARABIC.match(after):
        return True
    return c == "\u200d" and _emoji_part(before) and _emoji_part(after)


# A text or emoji presentation selector after a symbol, or in a keycap (1️⃣).
def _presents(c: str, before: str, after: str) -> bool:
    return bool(before) and (unicodedata.category(before).startswith("S") or before in "\u203c\u2049\u3030\u303d"
                             or before in "0123456789#*" and after == _KEYCAP)


# An ideographic variation selector after a CJK ideograph.
def _ideographic(c: str, before: str, after: str) -> bool:
    return unicodedata.name(before, "").startswith("CJK ")


# A Mongolian free variation selector after a Mongolian letter.
def _mongolian(c: str, before: str, after: str) -> bool:
    return "\u1820" <= before <= "\u18aa"


# (which characters, how they are written so), tried in order.
_WRITTEN_SO = ((lambda c: c in "\u200c\u200d", _joins),
               (lambda c: c in "\ufe0e\ufe0f", _presents),
               (lambda c: "\ufe00" <= c <= "\ufe0d" or "\U000e0100" <= c <= "\U000e01ef", _ideographic),
               (_variation_selector, _mongolian))


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
        at = hidden_character(value)
        if at is not None:
            doc.problem("P027", f"character {at + 1} is {character_label(value[at])}, which is invisible "
                        "or changes how the text reads", (name,),
                        hint="Retype this field by hand; do not paste it.")


def hidden_character(text: str) -> int | None:
    """Where text first holds a character that is invisible or changes how it reads (and is not how the
    text is written, above), or None: for profiles' names (P027) and the words of a story (S017)."""
    return next((i for i, c in enumerate(text) if _hidden(c) and not _written_so(text, i)), None)


def character_label(char: str) -> str:
    """'U+202E (right-to-left override)': a character as the problems name it."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'control character').lower()})"


# --- contact details ----------------------------------------------------------------------------
# The site publishes no phone numbers or addresses: introductions go through the programme.

_CONTACT_SCHEMES = re.compile(r"(?<![\w.+-])(mailto|tel|sms|callto|whatsapp|tg|sgnl):", re.I)
_MESSENGERS = {"Telegram": re.compile(r"(?<![\w.-])(?:www\.)?(t|telegram)\.me\b", re.I),
               "WhatsApp": re.compile(r"(?<![\w.-])(?:www\.)?(wa\.me|(api|chat|web)\.whatsapp\.com)\b", re.I),
               "Signal": re.compile(r"(?<![\w.-])(?:www\.)?signal\.(me|group)\b", re.I)}
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}")
# A run of digits with the separators phone numbers are written with (no comma, slash or colon:
# prices, dates written 15/01/2024 and times are split at them).
_DIGIT_RUN = re.compile(r"(?<![\w+.])(\+|00)?[\s(]*\d(?:[\s().-]{0,3}\d)*")
_CONTACT_SKIPPED = frozenset({"id", "github", "photo", "timezone", "country", "consent", "updated"})


def _phone_like(run: str) -> bool:
    """A phone number, not a year, a date range, a version or an amount. An international number
    (+ or 00) has 8 digits or more; another one 9 or more, unless it reads as dates (years and
    day or month numbers only) or as a plain amount (groups of three after the first)."""
    digits = re.sub(r"\D", "", run)
    if run.startswith(("+", "00")):
        return len(digits) >= 8
    if len(digits) < 9:
        return False
    groups = re.findall(r"\d+", run)
    if all(len(g) <= 2 or (len(g) == 4 and g[:2] in ("19", "20")) for g in groups) and any(len(g) == 4 for g in groups):
        return False
    return not (len(groups) > 1 and groups[0][0] != "0" and re.fullmatch(r"\d{1,3}( \d{3})+", run.strip()))


def contact_in(text: str) -> str | None:
    """What contact detail the text holds, in words (never the value itself), or None."""
    if m := _CONTACT_SCHEMES.search(text):
        return f"a {m.group(1).lower()}: link"
    if app := next((app for app, pattern in _MESSENGERS.items() if pattern.search(text)), None):
        return f"a {app} link"
    if _EMAIL.search(text):
        return "an email address"
    if any(_phone_like(m.group(0)) for m in _DIGIT_RUN.finditer(text)):
        return "a phone number"
    return None


def _contact_problems(doc: Document, data: dict) -> None:
    """A phone number, an email address or a messenger link anywhere a person writes text or links."""
    def walk(value, at: tuple):
        if isinstance(value, str):
            if kind := contact_in(value):
                doc.problem("P033", f"this holds {kind}: the site publishes no contact details", at,
                            hint="Delete it: employers ask the programme, and introductions go through the "
                                 "programme. If it was already pushed, it stays in the repository's history: "
                                 "write to the programme privately to have it removed.")
        elif isinstance(value, dict):
            for k, v in value.items():
                if not (at == () and k in _CONTACT_SKIPPED):
                    walk(v, at + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, at + (i,))
    walk(data, ())


def _timezone_problems(doc: Document, data: dict, vocab: Vocabulary, today: dt.date) -> None:
    """A place's zone (Region/City), UTC, or an offset written UTC+3; for someone who keeps their
    country private, a whole-hour offset only: the file is public, and a city names its country,
    as does an offset few countries use (select.public_zone publishes the same form)."""
    tz = data.get("timezone")
    if not isinstance(tz, str):
        return
    offset = offset_minutes(tz)
    if offset is None and tz not in vocab.timezones:   # never Etc/ (vocab.place_zones)
        advice = advise_zone(tz, today, vocab.timezones, vocab.countries)
        if _country_shown(data):
            _unknown_zone_problem(doc, tz, advice)
        else:
            _unknown_private_zone_problem(doc, tz, advice, today)
    elif not _country_shown(data):
        _private_zone_problem(doc, tz, offset, today)


def _unknown_zone_problem(doc: Document, tz: str, advice) -> None:
    """Not a zone a profile may name: the zones to choose from, and the one meant if there is one."""
    offers = "".join(f"; {label}: {', '.join(zones[:_SHOWN_ZONES])}" + (
        f" and {len(zones) - _SHOWN_ZONES} more" if len(zones) > _SHOWN_ZONES else "")
        for label, zones in advice.offers if zones)
    guess = f"; did you mean '{advice.guess}'?" if advice.guess else ""
    doc.problem("P006", f"'{tz}' {advice.reason}{offers}{guess}", ("timezone",),
                hint="Write the zone of the city you work from, as Region/City (like Asia/Amman or "
                     "Africa/Nairobi): it follows that place's summer time. If you keep your country "
                     "private, write your offset instead, like UTC+3. Write UTC only if you keep UTC hours.")


def _unknown_private_zone_problem(doc: Document, tz: str, advice, today: dt.date) -> None:
    """Not a zone a profile may name, for someone who keeps their country private: a city would
    name the country, so offer the whole-hour offset the zone meant has."""
    meant = advice.guess or next((zones[0] for _, zones in advice.offers if zones), None)
    whole = whole_hour_offset(meant, today) if meant else None
    doc.problem("P006", f"'{tz}' {advice.reason}" + (f"; write timezone: {whole}" if whole else ""),
                ("timezone",),
                hint=f"You keep your country private, so write your offset as a whole hour, like "
                     f"timezone: {whole or 'UTC+3'}: a city's zone would name your country in this public "
                     "file. (Or agree with the programme to show your country, and set consent.country: true.)")


def _private_zone_problem(doc: Document, tz: str, offset: int | None, today: dt.date) -> None:
    """A known zone or offset that names the country its writer keeps private: a city's zone, or
    an offset off the whole hour (few countries use one)."""
    whole = whole_hour_offset(tz, today)
    if offset is None and tz != "UTC":
        doc.problem("P025", f"this file is public, and '{tz}' names a place in the country you keep private",
                    ("timezone",), hint=f"Write your offset instead: timezone: {whole}. (Or agree with the "
                                        "programme to show your country, and set consent.country: true.)")
    elif offset is not None and offset % 60:
        lower = offset_name(60 * (offset // 60))
        upper = offset_name(60 * (offset // 60 + 1))
        doc.problem("P025", f"this file is public, and only one or two countries use '{tz}': it tells readers "
                    "the country you keep private", ("timezone",),
                    hint=f"Write the nearest whole hour instead: timezone: {lower} or timezone: {upper}.")


def _country_shown(data: dict) -> bool:
    consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    return consent.get("country") is True


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
    _consent_date_problems(doc, consent, today)
    _unpublished_problem(doc, consent, today)
    _experience_date_problems(doc, data, today)
    _certificate_date_problems(doc, data, today)
    _updated_problems(doc, data, today)


def _consent_date_problems(doc: Document, consent: dict, today: dt.date) -> None:
    """Consent given in the future, expiring before it was given or more than two years after;
    a warning a month before it expires (unless it is withdrawn)."""
    given, expires = _valid_date(consent.get("given")), _valid_date(consent.get("expires"))
    if given and given > today:
        doc.problem("P017", f"consent.given {given} is in the future", ("consent", "given"),
                    hint="Use the date consent was actually given.")
    if not (given and expires):
        return
    if expires <= given:
        doc.problem("P017", f"consent.expires {expires} is not after consent.given {given}", ("consent", "expires"))
    elif expires > _add_years(given, 2):
        doc.problem("P017", f"consent.expires {expires} is more than two years after consent.given {given}",
                    ("consent", "expires"), hint=f"Consent lasts at most two years: use {_add_years(given, 2)} or earlier.")
    elif "withdrawn" not in consent and today < expires <= today + dt.timedelta(days=RENEW_WITHIN_DAYS):
        days = (expires - today).days
        doc.problem("W001", f"consent expires on {expires}, in {days} day{'s' if days != 1 else ''}", ("consent", "expires"),
                    hint="Renew consent with the programme to stay listed.")


def _unpublished_problem(doc: Document, consent: dict, today: dt.date) -> None:
    """Consent withdrawn or expired: the profile is not published, though the file stays public."""
    expires = _valid_date(consent.get("expires"))
    is_withdrawn = "withdrawn" in consent          # with any value, empty included (select.consent_state):
    withdrawn = _valid_date(consent.get("withdrawn"))   # a withdrawal is never refused, whatever it says
    if not (is_withdrawn or (expires and expires <= today)):
        return
    why = (f"withdrawn on {withdrawn}" if withdrawn else "withdrawn") if is_withdrawn else f"expired on {expires}"
    doc.problem("W003", f"consent {why}: this profile is not published",
                ("consent", "withdrawn" if is_withdrawn else "expires"),
                hint="The site no longer shows it, but this file (and a photo file) stays public in the "
                     "repository: to remove it from there too, delete the file and your photo in one pull "
                     "request (older versions stay in the history until a maintainer removes them). To be "
                     "listed again, renew consent with the programme, update the consent dates and remove "
                     "the withdrawn line.")


def _experience_date_problems(doc: Document, data: dict, today: dt.date) -> None:
    for i, job in enumerate(_list_of_dicts(data.get("experience"))):
        start, end = _valid_date(job.get("start")), _valid_date(job.get("end"))
        if start and end and end < start:
            doc.problem("P018", f"end {job['end']} is before start {job['start']}", ("experience", i, "end"))
        if start and start > today:
            doc.problem("P018", f"start {job['start']} is in the future", ("experience", i, "start"))


def _certificate_date_problems(doc: Document, data: dict, today: dt.date) -> None:
    for i, cert in enumerate(_list_of_dicts(data.get("certificates"))):
        when = _valid_date(cert.get("date"))
        if when and when > today:
            doc.problem("P018", f"date {cert['date']} is in the future", ("certificates", i, "date"))


def _updated_problems(doc: Document, data: dict, today: dt.date) -> None:
    """An update date in the future, or more than a year ago (a warning)."""
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
    (BOM, CRLF, quotes and comments handled there). A file whose YAML did not load names nobody;
    one the build reads past an error in (a duplicate key keeps its first value) names that value."""
    data = doc.data if doc.checkable else None
    login = data.get("github") if isinstance(data, dict) else None
    return str(login) if isinstance(login, str) and login else None


def _others(profiles_dir: Path, named: list[Path], root: Path, mapper) -> list[tuple[str, str, str]]:
    """(id, file, github) for every profile not being checked, read as the build reads them."""
    named_set = {p.resolve() for p in named}
    paths = [p for p in profile_files(profiles_dir, root)[0] if p.resolve() not in named_set]
    read = functools.partial(_logins, root=root)
    return [entry for chunk in mapper(read, paths) for entry in chunk]


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
