"""Partners: the hiring partners' files (partners/<id>.yaml, written by maintainers) loaded, checked
and selected; partner_pages.py renders what select_partners lets through.

Each file is read with the project's YAML loader (line and column kept; YAML it refuses is reported
with the profiles' own codes, P001-P023), checked against schemas/partner.schema.json and the rules
below (R001-R012), and published only without errors. Of a published partner only PUBLIC_FIELDS
leave select_partners; a quote or a reference contact is a person's words or address, and leaves
only while that person's consent is current, by the profiles' own rule (select.consent_state).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from jsonschema import Draft202012Validator

from . import images
from .load import Document, load_file
from .problems import Problem, sort_key
from .schema import apply_types, format_checker, to_date, whole_value
from .select import consent_state
from .validate import ID_RE, shown_path
from .vocab import did_you_mean

ROOT = Path(__file__).resolve().parent.parent
PARTNER_SCHEMA = ROOT / "schemas" / "partner.schema.json"
LOGO_EXTENSIONS = ("png", "jpg", "jpeg", "webp")
# What a page may show of a partner, and of its quote and its reference contact; consent lines stay in the file.
PUBLIC_FIELDS = ("name", "about", "website", "kinds", "since", "logo", "synthetic")
PERSON_FIELDS = {"quote": ("text", "person", "role"), "contact": ("name", "role", "email")}
_CONSENTED = tuple(PERSON_FIELDS)
_ENDING_SOON = dt.timedelta(days=30)


@lru_cache(maxsize=None)
def partner_schema() -> dict:
    """The partner schema with its $refs written out (the type and empty-field rules of
    schema.apply_types read a field's own schema) and its patterns made exact."""
    schema = json.loads(PARTNER_SCHEMA.read_text(encoding="utf-8"))
    return _inline(schema, schema.get("$defs", {}))


def _inline(node, defs: dict):
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        base = defs[node["$ref"].rsplit("/", 1)[1]]
        node = {**base, **{k: v for k, v in node.items() if k != "$ref"}}
    return {k: whole_value(v) if k == "pattern" else _inline(v, defs) for k, v in node.items() if k != "$defs"}


@lru_cache(maxsize=None)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(partner_schema(), format_checker=format_checker())


def kind_labels() -> dict[str, str]:
    """Each kind of partnership and how a page says it, in the schema's order: the one vocabulary."""
    items = partner_schema()["properties"]["kinds"]["items"]
    return {k: items["x-labels"][k] for k in items["enum"]}


@dataclass
class Partner:
    """A partner file that loaded: its id, the typed data, and where each value was written."""
    id: str
    file: str
    data: dict
    doc: Document = field(repr=False)

    @property
    def ok(self) -> bool:
        return self.doc.ok


@dataclass
class Checked:
    partners: list[Partner]
    problems: list[Problem]
    checked: int


@dataclass(frozen=True)
class ShownPartner:
    """What a page may show of a partner (select_partners): PUBLIC_FIELDS, and a consented quote or contact."""
    id: str
    data: dict


def in_partners(path: Path, root: Path) -> bool:
    """Whether a path named on the command line is a partner's file (under root/partners/)."""
    return shown_path(path, root).startswith("partners/")


def check_partners(paths: list[Path] | None, root: Path, today: dt.date) -> Checked:
    """Check the named partner files, or (None) every entry of root/partners/: each file, and
    anything there that is not a partner file or the logo one of them names."""
    folder = root / "partners"
    refused: list[Problem] = []
    whole = paths is None
    if whole:
        paths, refused = partner_files(folder, root)
    partners = [check_partner(_load(p, root), root, today) for p in paths]
    if whole:
        refused += unshown_logos(folder, partners, root)
    problems = sorted([p for pr in partners for p in pr.doc.problems] + refused, key=sort_key)
    return Checked(partners, problems, len(paths) + len(refused))


def partner_files(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """Every entry of partners/: the partner files to check, and a problem for anything else.
    Only regular <id>.yaml files are partners; logos/ is their logos' folder (unshown_logos)."""
    paths, refused = [], []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name == "logos" and path.is_dir() and not path.is_symlink():
            continue
        if path.name.endswith(".yaml") and path.is_file() and not path.is_symlink():
            paths.append(path)
            continue
        kind = "a symbolic link" if path.is_symlink() else "a folder" if path.is_dir() else "not a partner file"
        refused.append(_stray(path, root, f"'{path.name}' is {kind}"))
    return paths, refused


def unshown_logos(folder: Path, partners: list[Partner], root: Path) -> list[Problem]:
    """A problem at each entry of partners/logos/ that no partner's logo line names: it would be
    published in the repository unchecked, and shown by whoever takes the id and names it."""
    logos = folder / "logos"
    if not logos.is_dir() or logos.is_symlink():
        return []
    named = {p.data.get("logo") for p in partners if isinstance(p.data.get("logo"), str)}
    out = []
    for path in sorted(logos.iterdir()):
        shown = shown_path(path, root)
        if shown in named and path.is_file() and not path.is_symlink():
            continue
        why = "a symbolic link" if path.is_symlink() else "a folder" if path.is_dir() else "a logo no partner shows"
        out.append(_stray(path, root, f"'{path.name}' is {why}"))
    return out


def _stray(path: Path, root: Path, message: str) -> Problem:
    return Problem(shown_path(path, root), 1, 1, "R011", message,
                   hint="partners/ holds only partner files (<id>.yaml) and, in logos/, the logo each names "
                        "(<id>.png, .jpg, .jpeg or .webp); delete it, or name it in its partner's logo line.")


def _load(path: Path, root: Path) -> Document:
    """A partner file's Document; a symbolic link is refused, not followed."""
    if path.is_symlink():
        doc = Document(shown_path(path, root))
        doc.problem("R011", f"'{path.name}' is a symbolic link, not a partner file",
                    hint="Put the partner file itself here, not a link to another file.")
        return doc
    return load_file(path, shown_path(path, root))


def check_partner(doc: Document, root: Path, today: dt.date) -> Partner:
    """Load problems, the schema, the kinds, the dates, each person's consent and the logo."""
    stem = PurePosixPath(doc.file).name.removesuffix(".yaml")
    partner = Partner(stem, doc.file, {}, doc)
    if not ID_RE.fullmatch(stem) or not doc.file.endswith(".yaml"):
        doc.problem("R007", f"'{PurePosixPath(doc.file).name}' is not a valid partner file name",
                    hint="Name it with 2 to 40 lowercase letters, digits and hyphens (the first a letter or a digit), ending in .yaml, "
                         "like nordlicht-translations.yaml: the name is the partner's id.")
    if not doc.checkable:
        return partner
    partner.data = apply_types(doc.data, partner_schema())
    _schema_problems(doc, partner.data)
    _since_problems(doc, partner.data, today)
    for part in _CONSENTED:
        if isinstance(partner.data.get(part), dict):
            _consent_problems(doc, part, partner.data[part], today)
    if _matches(partner.data.get("logo"), "logo"):
        _logo_problems(doc, stem, partner.data["logo"], root)
    return partner


# --- the schema --------------------------------------------------------------------------------

def _schema_problems(doc: Document, data: dict) -> None:
    seen = set()
    for err in _validator().iter_errors(data):
        path = tuple(err.absolute_path)
        for code, message, at, key, hint in _DESCRIBE.get(err.validator, _other)(err, path):
            if err.validator == "required" and at in doc.key_at:        # written, with nothing after the colon
                message = f"'{at[-1]}' is required and has no value"
            elif err.validator == "required":
                at, key = at[:-1], False
            if (code, at) not in seen:
                seen.add((code, at))
                doc.problem(code, message, at, hint=hint, key=key)


def _missing(err, path):
    for name in err.validator_value:
        if name not in err.instance:
            yield "R002", f"the required field '{name}' is missing", path + (name,), True, f"Add a line '{name}: ...'."


def _unknown(err, path):
    known = list(err.schema.get("properties", {}))
    for name in err.instance:
        if name not in known:
            yield ("R001", f"'{name}' is not a partner field{did_you_mean(name, known, 0.5)}", path + (name,), True,
                   "Known fields here: " + ", ".join(known) + ".")


def _not_a_choice(err, path):
    choices = [str(c) for c in err.validator_value]
    what = str(err.instance)
    code = "R005" if path[:1] == ("kinds",) else "R003"
    yield (code, f"'{what}' is not a kind of partnership{did_you_mean(what, choices, 0.5)}" if code == "R005"
           else f"'{what}' is not allowed", path, False, "Choose one of: " + ", ".join(choices) + ".")


def _wrong_type(err, path):
    want = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
    got = _KIND.get(type(err.instance), "something else")
    yield "R003", f"this should be {_KIND_NAMES.get(want, want)}, not {got}", path, False, err.schema.get("x-hint", "")


_KIND = {str: "text", list: "a list", dict: "a set of fields", bool: "true or false"}
_KIND_NAMES = {"string": "text", "array": "a list", "object": "a set of fields", "boolean": "true or false"}


def _bad_format(err, path):
    shown = str(err.instance)[:60]
    if err.validator == "format" and err.validator_value == "https-url":
        yield "R004", f"'{shown}' is not an https:// link", path, False, "Start the link with https://."
    else:
        yield "R003", f"'{shown}' is not in the expected format", path, False, err.schema.get("x-hint", "")


def _too_long(err, path):
    yield "R003", f"is {len(err.instance)} characters long; the limit is {err.validator_value}", path, False, "Shorten it."


def _empty(err, path):
    yield "R003", "is empty", path, False, "Write something here, or remove the line if the field is optional."


def _no_items(err, path):
    yield "R003", "needs at least one item", path, False, "Add an item starting with '- '."


def _repeated(err, path):
    yield "R003", "the same item appears twice in this list", path, False, "Remove the repeated item."


def _other(err, path):
    yield "R003", err.message, path, False, ""


# jsonschema's validator name -> how its errors read in a partner file
_DESCRIBE = {"required": _missing, "additionalProperties": _unknown, "enum": _not_a_choice, "type": _wrong_type,
             "format": _bad_format, "pattern": _bad_format, "maxLength": _too_long, "minLength": _empty,
             "minItems": _no_items, "uniqueItems": _repeated}


# --- dates and consent ---------------------------------------------------------------------------

def _matches(value, name: str) -> bool:
    """The value is text and matches its field's pattern (the schema reports it otherwise)."""
    return isinstance(value, str) and bool(re.fullmatch(partner_schema()["properties"][name]["pattern"], value))


def _date(value) -> dt.date | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD value as its first day, None when it is no such date."""
    try:
        return to_date(value + "-01" if len(value) == 4 else value) if isinstance(value, str) else None
    except ValueError:
        return None


def _day(value) -> dt.date | None:
    """A YYYY-MM-DD value as a date, None for anything else."""
    return _date(value) if isinstance(value, str) and len(value) == 10 else None


def _since_problems(doc: Document, data: dict, today: dt.date) -> None:
    since = data.get("since")
    if not _matches(since, "since"):          # the schema check reports it
        return
    day = _date(since)
    if day is None:
        doc.problem("R003", f"'{since}' is not a date", ("since",), hint="Write a year like 2022, or a real date like 2022-03-15.")
    elif day > today:
        doc.problem("R003", f"since {since} is in the future", ("since",),
                    hint="Write when the partnership started; add the partner once it has.")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:               # 29 February
        return day.replace(year=day.year + years, day=28)


def _consent_problems(doc: Document, part: str, block: dict, today: dt.date) -> None:
    """Impossible consent dates (R006); consent that has ended or ends within 30 days (R012, a warning:
    the quote or contact is then left out of the site, the partner stays)."""
    consent = block.get("consent") if isinstance(block.get("consent"), dict) else {}
    given, expires = _day(consent.get("given")), _day(consent.get("expires"))
    at = (part, "consent")
    if given and given > today:
        doc.problem("R006", f"{given} is in the future", at + ("given",),
                    hint="Write the day the person actually agreed.")
    elif given and expires and expires <= given:
        doc.problem("R006", f"{expires} is not after the day consent was given ({given})", at + ("expires",),
                    hint="Consent ends after it was given: check both dates.")
    elif given and expires and expires > _years_after(given, 2):
        doc.problem("R006", f"{expires} is more than two years after the day consent was given ({given})",
                    at + ("expires",), hint=f"Consent lasts at most two years: write {_years_after(given, 2)} or earlier, "
                                            "and ask the person again before then.")
    elif "consent" in block and given and expires:
        _ending_problem(doc, part, consent, expires, today)


def _ending_problem(doc: Document, part: str, consent: dict, expires: dt.date, today: dt.date) -> None:
    what = "quote" if part == "quote" else "reference contact"
    if "withdrawn" in consent or expires <= today:
        why = "was withdrawn" if "withdrawn" in consent else f"expired on {expires}"
        doc.problem("R012", f"consent to the {what} {why}: the site leaves it out", (part, "consent"), key=True,
                    hint=f"Ask the person again and write the new dates, or delete the {part} block: the file is "
                         "public in the repository even while the site leaves it out.")
    elif expires - today <= _ENDING_SOON:
        doc.problem("R012", f"consent to the {what} ends on {expires}, in {(expires - today).days} days",
                    (part, "consent", "expires"),
                    hint="Ask the person whether it may stay, and write the new dates; without them the site "
                         "leaves it out from that day.")


# --- the logo ------------------------------------------------------------------------------------

def _logo_problems(doc: Document, pid: str, logo: str, root: Path) -> None:
    """The logo is this partner's own file (no link), a JPEG, PNG or WebP with nothing hidden in it."""
    if PurePosixPath(logo).stem != pid:
        doc.problem("R008", f"'{logo}' is not this partner's logo: it must be named after the id '{pid}'", ("logo",),
                    hint=f"Name the file partners/logos/{pid}.png (or .jpg, .jpeg, .webp), and write that here.")
    elif link := images.linked_part(root, logo):
        doc.problem("R008", f"'{link}' is a symbolic link: a logo must be the file itself", ("logo",),
                    hint=f"Put the logo itself at {logo}.")
    elif not (root / logo).is_file():
        doc.problem("R008", f"the logo '{logo}' does not exist", ("logo",),
                    hint="Add the logo file in the same pull request, or remove the logo line.")
    else:
        try:
            found = images.inspect(root / logo)
        except images.PhotoError as e:
            doc.problem("R009", f"the logo '{logo}' {e.reason}", ("logo",),
                        hint="Save it as PNG (best for logos), WebP or JPEG, under 8 MB, and add it again.")
            return
        if found.metadata:
            doc.problem("R010", f"the logo '{logo}' holds hidden information: {', '.join(found.metadata)}", ("logo",),
                        hint=f"Run python -m build_scripts clean-photo {logo}, then commit the cleaned file.")


# --- select --------------------------------------------------------------------------------------

def select_partners(partners: list[Partner], today: dt.date) -> list[ShownPartner]:
    """The partners without errors, by name; of each, PUBLIC_FIELDS, and its quote and contact only
    while their person's consent is current, without the consent itself."""
    shown = []
    for p in sorted((p for p in partners if p.ok), key=lambda p: (p.data["name"].casefold(), p.id)):
        view = {k: p.data[k] for k in PUBLIC_FIELDS if k in p.data}
        for part, fields in PERSON_FIELDS.items():
            block = p.data.get(part)
            if isinstance(block, dict) and consent_state(block, today) is None:
                view[part] = {k: block[k] for k in fields if k in block}
        shown.append(ShownPartner(p.id, view))
    return shown
