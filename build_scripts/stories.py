"""Stories: stories/<id>.md in, checked stories out. Front matter (the schema, the vocabularies, the
consent), the story's Markdown text and its photo, each problem located in the .md file.

A story is YAML front matter between two '---' lines, then the story in Markdown. The front matter
is read by the profiles' loader (load.py) from the first line of the file, so every line and column
is the file's own; its problems are the S-codes of problems.py. Nothing here prints or decides what
is published (select_stories.py does).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from markdown_it import MarkdownIt

from . import images
from .load import MAX_BYTES, Document, load_text
from .problems import Problem
from .schema import apply_types, is_https_url, story_schema, story_validator, to_date
from .validate import PHOTO_EXTENSIONS, character_label, contact_in, hidden_character, photo_content_problems, shown_path
from .vocab import Vocabulary, closest, did_you_mean

# A story id: its file name and its address; never starting with '-' (a tool could read it as an option).
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,59}")
# Names the stories' own pages use under stories/ (the filters, the feed, the photos' folder).
RESERVED_IDS = frozenset({"index", "track", "outcome", "site", "feed", "photos", "page", "assets"})
BODY_MAX = 3000               # characters of story text: with the rest, one A4 page in print
TWO_YEARS_HINT = "Consent lasts at most two years: use {} or earlier."
# The loader's codes for a file it cannot read, as a story's: too large, or front matter unreadable.
_LOADER_CODE = {"P019": "S007"}
# The story's Markdown as the check reads it: every link a link, whatever its scheme (the page's parser leaves
# javascript:, data: and the like as text, silently), each reference definition a token with its line.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "inline_definitions": True})
_MARKDOWN.validateLink = lambda url: True
_MARKDOWN.normalizeLink = lambda url: url
# The story's own words, shown as written on every page that lists it: the name rules of profiles (P027) apply.
WORDS = ("title", "person", "quote", "role", "organisation")
# Characters that override, embed or isolate the direction of text: invisible, they reorder what the story text
# shows (S018). Direction marks (U+200E, U+200F, U+061C) are how right-to-left text is written, and stay.
DIRECTION = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass
class Story:
    """A story file as read: its id, typed front matter, Markdown text and where each value was written."""
    id: str
    file: str
    data: dict
    body: str
    doc: Document = field(repr=False)

    @property
    def ok(self) -> bool:
        return self.doc.ok


@dataclass
class Checked:
    stories: list[Story]
    refused: list[Problem]             # entries of stories/ that are not stories, photos no story shows

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.stories for p in s.doc.problems] + self.refused

    @property
    def checked(self) -> int:
        return len(self.stories) + len(self.refused)


def in_stories(path: Path, root: Path) -> bool:
    """Whether a path named on the command line is a story file (under root/stories/)."""
    return shown_path(path, root).startswith("stories/")


def check_stories(root: Path, vocab: Vocabulary, today: dt.date, paths: list[Path] | None = None) -> Checked:
    """Every story under root/stories (or the named files), checked alone; and, for the whole folder,
    anything in it that is not a story, and photos no story shows."""
    folder = root / "stories"
    refused: list[Problem] = []
    if paths is None:
        paths, refused = story_files(folder, root)
        refused += orphan_photos(folder, paths, root)
    return Checked([check_story(p, vocab, today, root) for p in paths], refused)


def story_files(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The regular .md files of stories/; a problem at anything else but the photos/ folder."""
    paths, refused = [], []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name == "photos" and path.is_dir() and not path.is_symlink():
            continue
        if path.name.endswith(".md") and path.is_file() and not path.is_symlink():
            paths.append(path)
            continue
        kind = ("a symbolic link" if path.is_symlink() else "a folder" if path.is_dir()
                else "not a story: its name does not end in .md")
        refused.append(Problem(shown_path(path, root), 1, 1, "S010", f"'{path.name}' is {kind}",
                               hint="stories/ holds only stories (<id>.md) and the photos/ folder."))
    return paths, refused


def orphan_photos(folder: Path, stories: list[Path], root: Path) -> list[Problem]:
    """A problem at each file of stories/photos/ whose story is gone: it is still public in the repository."""
    photos = folder / "photos"
    if not photos.is_dir() or photos.is_symlink():
        return []
    ids = {p.name.removesuffix(".md") for p in stories}
    return [Problem(shown_path(path, root), 1, 1, "S013", f"no story shows this photo: stories/{path.name.split('.')[0]}.md "
                    "does not exist, but the file is still public in the repository",
                    hint=f"Delete {shown_path(path, root)}.")
            for path in sorted(photos.iterdir()) if path.name.split(".", 1)[0] not in ids]


def check_story(path: Path, vocab: Vocabulary, today: dt.date, root: Path) -> Story:
    shown = shown_path(path, root)
    stem = path.name.removesuffix(".md")
    doc = Document(shown)
    story = Story(stem, shown, {}, "", doc)
    _file_name_problems(doc, path, stem)
    text = _read(path, doc)
    if text is None:
        return story
    front, story.body, body_line = split_front_matter(text)
    if front is None:
        opened = text.split("\n", 1)[0].rstrip() == "---"
        doc.problem("S001", "the front matter has no closing '---' line" if opened else
                    "the file does not start with front matter: a line '---', the fields, then another '---'",
                    hint="Start the file with '---' on its own line; end the fields with another '---' line.")
        return story
    _load_front_matter(front, doc)
    if not doc.checkable:
        return story
    story.data = apply_types(doc.data, story_schema())
    _schema_problems(doc, story.data)
    _value_problems(doc, story.data, vocab, root, today)
    _photo_problems(doc, story.data, stem, root)
    _body_problems(doc, story.body, body_line, len(front.split("\n")))
    _character_problems(doc, story.data, story.body, body_line)
    return story


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter from the opening '---' line on, the story text, the line the text starts on);
    front matter None when the file does not open with '---' or never closes it."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "\n".join(lines[:i]) + "\n", "\n".join(lines[i + 1:]), i + 2
    return None, text, 1


def _read(path: Path, doc: Document) -> str | None:
    """The file's text; None, with the problem, when it is too large, a link or not UTF-8."""
    if path.is_symlink():
        doc.problem("S010", f"'{path.name}' is a symbolic link, not a story file")
        return None
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        doc.problem("S007", f"the file is {len(raw) / 1024:.0f} KiB; the limit is {MAX_BYTES // 1024} KiB")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = raw[:e.start]
        doc.problems.append(Problem(doc.file, before.count(b"\n") + 1, e.start - (before.rfind(b"\n") + 1) + 1, "S001",
                                    f"byte 0x{raw[e.start]:02x} is not UTF-8 text", hint="Save the file as UTF-8."))
        return None


def _load_front_matter(front: str, doc: Document) -> None:
    """The loader's values and positions; its problems as S-codes, at the same places."""
    loaded = load_text(front, doc.file)
    doc.data, doc.value_at, doc.key_at = loaded.data, loaded.value_at, loaded.key_at
    if loaded.data is None and not loaded.problems:
        doc.problem("S001", "the front matter is empty", hint="Write the story's fields between the two '---' lines.")
    elif loaded.data is not None and not isinstance(loaded.data, dict) and loaded.ok:
        doc.problem("S001", "the front matter is not 'field: value' lines", hint="Start with a line like 'title: ...'.")
    for p in loaded.problems:
        if p.code == "P023":
            continue                       # an empty front matter or not fields: said above, in a story's words
        moved = Problem(p.file, p.line, p.col, _LOADER_CODE.get(p.code, "S001"),
                        p.message.replace("in a profile", "in a story").replace("a profile is", "a story is"),
                        where=p.where, hint=p.hint)
        doc.problems.append(moved)
        if p in loaded.read_past:
            doc.read_past.append(moved)


def _file_name_problems(doc: Document, path: Path, stem: str) -> None:
    if not ID_RE.fullmatch(stem) or not path.name.endswith(".md"):
        doc.problem("S010", f"'{path.name}' is not a valid story file name",
                    hint="Use 2 to 60 lowercase letters, digits and hyphens, starting with a letter or a digit and "
                         "ending in .md, like rania-translator.md.")
    elif stem in RESERVED_IDS:
        doc.problem("S010", f"the id '{stem}' is used by the site's own pages under stories/",
                    hint="Choose another file name, for example one naming the person and the work.")


# --- the schema ----------------------------------------------------------------------------------

def _schema_problems(doc: Document, data: dict) -> None:
    seen = set()
    for err in story_validator().iter_errors(data):
        code, message, at, key, hint = _describe(err, tuple(err.absolute_path))
        if err.validator == "required":
            if at in doc.key_at:          # written, with nothing after the colon
                message = f"'{at[-1]}' is required and has no value"
            else:
                at, key = at[:-1], False
        if (code, at) not in seen:
            seen.add((code, at))
            doc.problem(code, message, at, hint=hint, key=key)


def _describe(err, path: tuple) -> tuple[str, str, tuple, bool, str]:
    """One jsonschema error as (code, message, path, point at the key, hint)."""
    hint, v = err.schema.get("x-hint", ""), err.validator
    if v == "required":
        name = next(n for n in err.validator_value if n not in err.instance)
        return "S003", f"the required field '{name}' is missing", path + (name,), True, f"Add a line '{name}: ...'."
    if v == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        name = next(n for n in err.instance if n not in allowed)
        return ("S002", f"'{name}' is not a story field{did_you_mean(name, allowed, 0.5)}", path + (name,), True,
                "Known fields here: " + ", ".join(allowed) + ".")
    if v == "enum":
        choices = [str(c) for c in err.validator_value]
        return ("S005", f"'{err.instance}' is not allowed{did_you_mean(str(err.instance), choices, 0.5)}", path, False,
                "Choose one of: " + ", ".join(choices) + ".")
    if v == "maxLength":
        return "S007", f"is {len(err.instance)} characters long; the limit is {err.validator_value}", path, False, "Shorten it."
    if v in ("minLength", "minItems"):
        return "S003", "is empty", path, False, "Write something here."
    if v == "uniqueItems":
        return "S004", "the same item appears twice in this list", path, False, "Remove the repeated item."
    if v in ("format", "pattern"):
        return "S004", f"'{err.instance}' is not in the expected format", path, False, hint
    return "S004", err.message, path, False, hint or "Write the kind of value the maintainers' page shows."


# --- values: track, dates, consent, profile -------------------------------------------------------

def _value_problems(doc: Document, data: dict, vocab: Vocabulary, root: Path, today: dt.date) -> None:
    track = data.get("track")
    if isinstance(track, str) and track and track not in vocab.tracks:
        names = {t["name"].casefold(): tid for tid, t in vocab.tracks.items()}
        guess = names.get(track.casefold()) or (closest(track, vocab.tracks) or [None])[0]
        doc.problem("S005", f"'{track}' is not a programme track" + (f"; did you mean '{guess}'?" if guess else ""),
                    ("track",), hint="Use a track id from data/tracks.yml (the 'Skills and tracks' page lists them).")
    profile = data.get("profile")
    if isinstance(profile, str) and ID_RE.fullmatch(profile) and not (root / "profiles" / f"{profile}.yaml").is_file():
        doc.problem("S006", f"there is no profile '{profile}' (profiles/{profile}.yaml)", ("profile",),
                    hint="Write the id of the person's profile, or remove the profile line.")
    when = _date(data.get("date"))
    if when and when > today:
        doc.problem("S004", f"date {when} is in the future", ("date",), hint="Use the day the outcome happened.")
    _consent_problems(doc, data.get("consent") if isinstance(data.get("consent"), dict) else {}, today)
    for name in WORDS:
        if isinstance(data.get(name), str) and (kind := contact_in(data[name])):
            doc.problem("S014", f"this holds {kind}: the site publishes no contact details", (name,),
                        hint="Delete it: employers write to the programme.")


def _consent_problems(doc: Document, consent: dict, today: dt.date) -> None:
    """Impossible dates (errors); ended, withdrawn, without web, or ending within 30 days (warnings)."""
    given, expires = _date(consent.get("given")), _date(consent.get("expires"))
    if given and given > today:
        doc.problem("S009", f"consent.given {given} is in the future", ("consent", "given"),
                    hint="Use the date consent was actually given.")
    if given and expires and expires <= given:
        doc.problem("S009", f"consent.expires {expires} is not after consent.given {given}", ("consent", "expires"))
    elif given and expires and expires > _add_years(given, 2):
        doc.problem("S009", f"consent.expires {expires} is more than two years after consent.given {given}",
                    ("consent", "expires"), hint=TWO_YEARS_HINT.format(_add_years(given, 2)))
    if "withdrawn" in consent:           # with any value, empty included (select.consent_state)
        on = f" on {_date(consent['withdrawn'])}" if _date(consent["withdrawn"]) else ""
        doc.problem("S015", f"consent withdrawn{on}: this story is published nowhere", ("consent", "withdrawn"), key=True,
                    hint="Delete the story file (and its photo) to remove it from the repository too.")
    elif expires and expires <= today:
        doc.problem("S015", f"consent expired on {expires}: this story is published nowhere", ("consent", "expires"),
                    hint="Renew consent with the person and update the dates, or delete the story.")
    elif expires and today < expires <= today + dt.timedelta(days=30):
        doc.problem("S016", f"consent expires on {expires}, in {(expires - today).days} days", ("consent", "expires"),
                    hint="Ask the person whether they agree to renew it.")
    scope = consent.get("scope")
    if isinstance(scope, list) and scope and "web" not in scope and "withdrawn" not in consent:
        doc.problem("S015", "consent.scope has no web: the story has no page, so it is in no feed and on no print "
                    "view either", ("consent", "scope"), hint="Add web to the scope if the person agrees to it.")


def _date(value) -> dt.date | None:
    try:
        return to_date(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:               # 29 February
        return d.replace(year=d.year + years, day=28)


# --- the photo ------------------------------------------------------------------------------------

def _photo_problems(doc: Document, data: dict, stem: str, root: Path) -> None:
    """The photo line: consented, this story's own file, an image with nothing hidden in it; and any
    photo file of this story that the story does not show (still public in the repository)."""
    consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    photo = data.get("photo") if isinstance(data.get("photo"), str) else None
    pattern = story_schema()["properties"]["photo"]["pattern"]
    if photo is not None and consent.get("photo") is not True:
        doc.problem("S011", "this file is public, but consent.photo is not true: the photo must not be named here",
                    ("photo",), key=True, hint="Delete the photo line (and the file), or set consent.photo: true "
                                                "if the person agreed to show it.")
    elif photo is not None and re.fullmatch(pattern, photo):
        _photo_file_problems(doc, photo, stem, root)
    shown = photo if consent.get("photo") is True else None
    for ext in PHOTO_EXTENSIONS:
        found = f"stories/photos/{stem}.{ext}"
        if found != shown and os.path.lexists(root / found):
            doc.problem("S013", f"'{found}' is in the repository, public to anyone, though this story does not show it",
                        ("photo",) if shown else ("consent", "photo"), key=True, hint=f"Delete {found}.")


def _photo_file_problems(doc: Document, photo: str, stem: str, root: Path) -> None:
    if PurePosixPath(photo).stem != stem:
        doc.problem("S011", f"'{photo}' is not this story's photo: it must be named after the id '{stem}'", ("photo",),
                    hint=f"Name the photo stories/photos/{stem}.jpg.")
    elif link := images.linked_part(root, photo):
        doc.problem("S011", f"'{link}' is a symbolic link: a photo must be the file itself", ("photo",))
    elif not (root / photo).is_file():
        doc.problem("S011", f"the photo '{photo}' does not exist", ("photo",),
                    hint="Add the photo in the same change, or remove the photo line.")
    else:
        for code, message, hint in photo_content_problems(photo, lambda: images.read_photo(root / photo)):
            doc.problem({"P030": "S011", "P031": "S012"}[code], message, ("photo",),
                        hint=hint.replace("profiles/photos", "stories/photos"))


# --- characters ----------------------------------------------------------------------------------

def _character_problems(doc: Document, data: dict, body: str, body_line: int) -> None:
    """The story's words (WORDS): no character that hides or reorders what they say, and not blank. Every text,
    front matter and story: no character a web page or the feed cannot hold (one would stop every build). The
    story text: no character that changes its direction (S018), at its line and column."""
    for at, value in strings(data):
        words = at in {(name,) for name in WORDS}
        found = [i for i in (unwritable_at(value), hidden_character(value) if words else None) if i is not None]
        if found:
            i = min(found)
            doc.problem("S017", f"character {i + 1} is {_label(value[i])}, which {_harm(value[i])}", at,
                        hint="Retype this text by hand; do not paste it.")
        elif words and not value.strip():
            doc.problem("S003", "is blank: it holds only spaces", at, hint="Write something here.")
    for n, line in enumerate(body.split("\n")):
        if (i := unwritable_at(line)) is not None:
            doc.problems.append(Problem(doc.file, body_line + n, i + 1, "S017", f"character {i + 1} of this line is "
                                        f"{_label(line[i])}, which {_harm(line[i])}",
                                        hint="Retype this line by hand; do not paste it."))
        if (i := next((i for i, c in enumerate(line) if c in DIRECTION), None)) is not None:
            doc.problems.append(Problem(doc.file, body_line + n, i + 1, "S018", f"character {i + 1} of this line is "
                                        f"{character_label(line[i])}, which reorders the text readers see",
                                        hint="Retype this line by hand; do not paste it. Arabic words need no "
                                             "direction character."))


def strings(value, at: tuple = ()):
    """(path, text) of every text in the front matter, in lists and mappings too."""
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, at + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, at + (i,))


def unwritable_at(text: str) -> int | None:
    """Where text first holds a character no web page or XML feed can hold, or None: a control character
    (but tab, line feed and carriage return), half of a surrogate pair, or a noncharacter (U+FDD0..U+FDEF,
    and the last two code points of every plane, U+FFFE and U+FFFF...)."""
    return next((i for i, c in enumerate(text) if _unwritable(c)), None)


def _unwritable(c: str) -> bool:
    o = ord(c)
    return (unicodedata.category(c) == "Cc" and c not in "\t\n\r" or 0xD800 <= o <= 0xDFFF
            or 0xFDD0 <= o <= 0xFDEF or o & 0xFFFE == 0xFFFE)


def _label(c: str) -> str:
    kind = {"Cc": None, "Cs": "half of a surrogate pair"}.get(unicodedata.category(c), "noncharacter")
    return f"U+{ord(c):04X} ({kind})" if _unwritable(c) and kind else character_label(c)


def _harm(c: str) -> str:
    return ("no web page or feed can hold" if _unwritable(c) else
            "is invisible or changes how the text reads")


# --- the story text ------------------------------------------------------------------------------

def _body_problems(doc: Document, body: str, first_line: int, closing_line: int) -> None:
    """Empty or too long; links that are not https (and images); contact details: at their line."""
    if not body.strip():
        doc.problems.append(Problem(doc.file, closing_line, 1, "S003", "the story has no text after the front matter",
                                    hint="Write the story below the closing '---' line."))
        return
    if len(body.strip()) > BODY_MAX:
        doc.problems.append(Problem(doc.file, first_line, 1, "S007",
                                    f"the story is {len(body.strip())} characters long; the limit is {BODY_MAX}",
                                    hint="Shorten it: a story prints on one A4 page."))
    for i, text in enumerate(body.split("\n")):
        if kind := contact_in(text):
            doc.problems.append(Problem(doc.file, first_line + i, 1, "S014", f"this line holds {kind}: the site "
                                        "publishes no contact details", hint="Delete it: employers write to the programme."))
    for line, col, target in _links(body):
        if contact_in(target):
            continue                    # said above, at its line
        if target.startswith("!"):
            doc.problems.append(Problem(doc.file, first_line + line, col, "S008", "an image in the story text is not shown",
                                        hint="Remove it; a photo of the person goes in the photo field."))
        elif not is_https_url(target):
            doc.problems.append(Problem(doc.file, first_line + line, col, "S008", f"'{target[:60]}' is not an https:// link",
                                        hint="Start the link with https://, or remove it."))


def _links(body: str):
    """(line within the body, column, target) of each link, each reference definition, and each image as
    '!' + its source; a link made from a definition is the definition's, at its line."""
    lines = body.split("\n")
    blocks = _MARKDOWN.parse(body)
    defined = {b.meta["url"] for b in blocks if b.type == "definition"}
    for block in blocks:
        if block.type == "definition":
            line = block.map[0] + next((i for i, text in enumerate(lines[block.map[0]:block.map[1]])
                                        if block.meta["url"] in text), 0)
            yield line, lines[line].find(block.meta["url"]) + 1 or 1, block.meta["url"]
        for token in block.children or ():
            if token.type not in ("link_open", "image"):
                continue
            target = token.attrGet("href") if token.type == "link_open" else "!" + str(token.attrGet("src"))
            first, last = block.map or (0, 1)
            # the line of the paragraph that holds it as written (an unchanged target), else its first
            line = next((i for i in range(first, last) if target.lstrip("!") in lines[i]), None)
            if line is None and target in defined:
                continue                # written in its definition, and reported there
            line = first if line is None else line
            yield line, lines[line].find(target.lstrip("!")) + 1 or 1, target
