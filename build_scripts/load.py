"""Load: YAML files in, plain values out, with the line and column of every key and value kept.

Values are built from the parser's events rather than by PyYAML's constructors, so that
nothing is guessed: every scalar stays text until the schema says what type it is
(see schema.apply_types). `no` stays "no", `09:00` stays "09:00", `0123` stays "0123".
Anchors, aliases, tags, duplicate keys, several documents, deep nesting, oversized or
non-UTF-8 files become problems with a location, never exceptions.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_BYTES = 64 * 1024
MAX_DEPTH = 10
MAX_FLOW_DEPTH = 64           # [ and { deeper than this are refused before libyaml (quadratic in depth) sees them
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster; same events
NULLS = {"", "~", "null", "Null", "NULL"}


class Plain(str):
    """A scalar written without quotes: the only kind whose type the schema may change."""
    __slots__ = ()




@dataclass
class Document:
    file: str                      # the path as shown in messages
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    value_at: dict = field(default_factory=dict)   # path -> (line, col) of the value
    key_at: dict = field(default_factory=dict)     # path -> (line, col) of the key naming it
    read_past: list[Problem] = field(default_factory=list)   # errors that lost no other value

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def checkable(self) -> bool:
        """The rest of the file can still be checked: it is a set of fields, and every error the
        loader found is one it read past (a duplicate key keeps its first value; a tab in the
        indentation is read as spaces). Such a file still has errors: it is never published."""
        return isinstance(self.data, dict) and all(not p.is_error or p in self.read_past for p in self.problems)

    def position(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Where a path is written: the key when asked and known, else the value, else its parent."""
        path = tuple(path)
        while True:
            if key and path in self.key_at:
                return self.key_at[path]
            if path in self.value_at:
                return self.value_at[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, code: str, message: str, path=(), hint: str = "", key: bool = False) -> Problem:
        line, col = self.position(path, key=key)
        p = Problem(self.file, line, col, code, message, where=format_path(path), hint=hint)
        self.problems.append(p)
        return p


def format_path(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _mark(m) -> tuple[int, int]:
    return (m.line + 1, m.column + 1)


def _position_of_offset(text: str | bytes, offset: int) -> tuple[int, int]:
    nl = "\n" if isinstance(text, str) else b"\n"
    before = text[:offset]
    return before.count(nl) + 1, offset - (before.rfind(nl) + 1) + 1


def load_file(path: Path, shown_as: str | None = None) -> Document:
    shown = shown_as or str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        doc = Document(shown)
        doc.problem("P023", f"the file cannot be read ({e.strerror or e})")
        return doc
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, shown: str) -> Document:
    doc = Document(shown)
    if len(raw) > MAX_BYTES:
        doc.problem("P019", f"the file is {len(raw) / 1024:.0f} KiB; the limit is {MAX_BYTES // 1024} KiB")
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line, col = _position_of_offset(raw, e.start)
        doc.problems.append(Problem(shown, line, col, "P020",
                                    f"byte 0x{raw[e.start]:02x} is not UTF-8 text",
                                    hint="Save the file as UTF-8."))
        return doc
    return load_text(text, shown, doc)


def load_text(text: str, shown: str, doc: Document | None = None) -> Document:
    doc = doc or Document(shown)
    deep = _too_deep_flow(text)
    if deep is not None:
        doc.problems.append(Problem(shown, *_position_of_offset(text, deep), "P022",
                                    f"lists or fields in [ ] or {{ }} are nested more than {MAX_FLOW_DEPTH} deep",
                                    hint="Check the brackets around this position; a profile needs only a few."))
        return doc
    _parse(text, doc)
    _shape_problems(doc)
    return doc


def _parse(text: str, doc: Document) -> None:
    """Build the document's values; YAML that cannot be read becomes a P001 where the parser stopped."""
    shown = doc.file
    try:
        _build(yaml.parse(text, Loader=_Parser), doc)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = _mark(mark) if mark else (1, 1)
        what = (e.problem or "invalid YAML").strip()
        context = f" ({e.context.strip()})" if e.context else ""
        if not _read_tabs_as_spaces(text, doc):
            doc.problems.append(Problem(shown, line, col, "P001", what + context, hint=_syntax_hint(what, text, line)))
    except yaml.reader.ReaderError as e:
        line, col = _position_of_offset(text, e.position)
        doc.problems.append(Problem(shown, line, col, "P001",
                                    f"character {e.character!r} is not allowed in YAML",
                                    hint="Remove the invisible control character at this position."))
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as e:  # never a traceback
        doc.problems.append(Problem(shown, 1, 1, "P001", f"the file could not be read as YAML ({type(e).__name__})"))


def _shape_problems(doc: Document) -> None:
    """A file that loaded but holds nothing, or no 'field: value' lines."""
    if doc.data is None and not doc.problems:
        doc.problem("P023", "the file is empty", hint="Start from the profile template.")
    elif doc.data is not None and not isinstance(doc.data, dict) and doc.ok:
        doc.problem("P023", f"the file holds a {_kind(doc.data)}, not 'field: value' lines",
                    hint="A profile starts with lines like 'name: Amal H.'.")


_TAB_STOPS = (2, 4, 8)   # the template indents by 2; editors show a tab as 2, 4 or 8 columns


def _read_tabs_as_spaces(text: str, doc: Document) -> bool:
    """A file that failed to load because tabs indent some lines: one P001 at each such line, and,
    when the file loads with those tabs read as spaces (tab stops of 2, then 4, then 8), its
    values and other problems too, at the columns as written. False when that does not help."""
    tabs = _TabIndents(text)
    if not tabs.tabbed:
        return False
    for stop in _TAB_STOPS:
        widths = tabs.widths(stop)
        retry = load_text(tabs.spaced(widths), doc.file)
        if not any(p.code == "P001" for p in retry.problems):
            _adopt(doc, retry, tabs, widths)
            return True
    return False


class _TabIndents:
    """The lines of a text whose indentation holds a tab, and that text with the tabs read as spaces."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.indents = {i: len(line) - len(line.lstrip(" \t")) for i, line in enumerate(self.lines)}
        self.tabbed = [i for i, n in self.indents.items() if "\t" in self.lines[i][:n]]

    def widths(self, stop: int) -> dict[int, int]:
        """Line index -> the width of its indentation with tabs every `stop` columns."""
        return {i: len(self.lines[i][:self.indents[i]].expandtabs(stop)) for i in self.tabbed}

    def spaced(self, widths: dict[int, int]) -> str:
        return "\n".join(" " * widths[i] + line[self.indents[i]:] if i in widths else line
                         for i, line in enumerate(self.lines))

    def written(self, widths: dict[int, int], line: int, col: int) -> tuple[int, int]:
        """A position in the spaced text -> in the text as written."""
        i = line - 1
        if i not in widths:
            return line, col
        return line, (col - widths[i] + self.indents[i]) if col > widths[i] else self.lines[i].index("\t") + 1

    def problems(self, file: str, widths: dict[int, int]) -> list[Problem]:
        return [Problem(file, i + 1, self.lines[i].index("\t") + 1, "P001",
                        "a tab indents this line; YAML indentation is spaces only",
                        hint=f"Indent with spaces, never tabs. The other checks read this line as indented by "
                             f"{widths[i]} spaces; write the number of spaces you meant.")
                for i in self.tabbed]


def _adopt(doc: Document, retry: Document, tabs: _TabIndents, widths: dict[int, int]) -> None:
    """The spaced text's values and problems become the document's, at the columns as written,
    after a P001 at each tabbed line."""
    written = functools.partial(tabs.written, widths)
    found = tabs.problems(doc.file, widths)
    doc.data = retry.data
    doc.value_at = {k: written(*v) for k, v in retry.value_at.items()}
    doc.key_at = {k: written(*v) for k, v in retry.key_at.items()}
    moved = {id(p): dataclasses.replace(p, col=written(p.line, p.col)[1]) for p in retry.problems}
    doc.problems[:] = found + [moved[id(p)] for p in retry.problems]
    doc.read_past[:] = found + [moved[id(p)] for p in retry.read_past]


# Where the first [ or { deeper than MAX_FLOW_DEPTH opens, or None. A cheap scan of the text that
# skips quoted text, comments and block scalars and counts a bracket outside [ ] and { } only where
# a value may start (after an anchor, a tag or '---' too); it may count too much, never too little. Most files have too few brackets to scan.
def _too_deep_flow(text: str) -> int | None:
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    return _FlowScan(text).run()


class _FlowScan:
    """The scan's state, one character (or one skipped stretch) at a time: each rule below reads
    the character at i, moves i past what it read, and says whether a value may start next."""
    __slots__ = ("text", "n", "i", "depth", "at_node", "skip_deeper", "too_deep")

    def __init__(self, text: str):
        self.text, self.n, self.i = text, len(text), 0
        self.depth = 0
        self.at_node = True       # a value may start here
        self.skip_deeper = -1     # inside a block scalar: lines indented more than this are its text
        self.too_deep: int | None = None

    def run(self) -> int | None:
        rules = _FLOW_RULES
        while self.i < self.n and self.too_deep is None:
            rules.get(self.text[self.i], _FlowScan.other)(self)
        return self.too_deep

    def _blank_after(self) -> bool:
        """The character at i ends the text or is followed by a space or a line break."""
        i = self.i + 1
        return i >= self.n or self.text[i] in " \t\r\n"

    def _to_line_end(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = self.n if end < 0 else end

    # A line break: past the next line's indentation; block scalar text and blank lines are skipped.
    def newline(self) -> None:
        text, n, i = self.text, self.n, self.i + 1
        while True:
            j = _SPACES.match(text, i).end()
            if j < n and text[j] != "\n" and j - i <= self.skip_deeper:
                self.skip_deeper = -1          # a line indented no deeper ends the block scalar
            if not (j < n and (text[j] == "\n" or self.skip_deeper >= 0)):
                break
            end = text.find("\n", j)
            i = n if end < 0 else end + 1
        self.i, self.at_node = j, True

    # Blanks, and the byte order mark libyaml skips where a document starts.
    def blank(self) -> None:
        self.i += 1

    # A comment runs to the end of the line; '#' inside a word is text.
    def comment(self) -> None:
        if self.i == 0 or self.text[self.i - 1] in " \t\n":
            self._to_line_end()
        else:
            self.other()

    # A quoted scalar where a value starts: its brackets are text.
    def quoted(self) -> None:
        if self.at_node:
            self.i, self.at_node = _end_of_quoted(self.text, self.i), False
        else:
            self.other()

    # An anchor or a tag comes before the node it names: skip it.
    def node_property(self) -> None:
        if self.at_node:
            self.i = _end_of_property(self.text, self.i)
        else:
            self.other()

    # '---' at the start of a line starts a document, whose first node may follow on this line;
    # '- ' starts a list item, where a value may still start.
    def dash(self) -> None:
        text, i = self.text, self.i
        if not self.depth and text.startswith("---", i) and (i == 0 or text[i - 1] == "\n") \
                and (i + 3 >= self.n or text[i + 3] in " \t\r\n"):
            self.i, self.at_node = i + 3, True
            return
        self.question()

    # '? ' starts an explicit key, where a value may still start.
    def question(self) -> None:
        self.at_node = self.at_node and self._blank_after()
        self.i += 1

    # [ or { where a value starts, or inside another: one level deeper.
    def opens(self) -> None:
        if not (self.depth or self.at_node):
            self.other()
            return
        self.depth += 1
        if self.depth > MAX_FLOW_DEPTH:
            self.too_deep = self.i
        self.i += 1

    # ] or }: one level up; what follows is not a value's start.
    def closes(self) -> None:
        if self.depth:
            self.depth -= 1
        self.other()

    # A comma inside brackets: the next item may start.
    def comma(self) -> None:
        self.at_node = self.depth > 0
        self.i += 1

    # A colon inside brackets, or before a blank: a value may start.
    def colon(self) -> None:
        self.at_node = bool(self.depth) or self._blank_after()
        self.i += 1

    # | or > where a value starts, outside brackets: a block scalar, whose lines are skipped.
    def block(self) -> None:
        if not (self.at_node and not self.depth):
            self.other()
            return
        line = self.text.rfind("\n", 0, self.i) + 1
        self.skip_deeper = _key_column(self.text[line:self.i])
        self._to_line_end()

    # Any other character is text: no value starts right after it.
    def other(self) -> None:
        self.at_node = False
        self.i += 1


_SPACES = re.compile(" *")
_FLOW_RULES = {"\n": _FlowScan.newline, " ": _FlowScan.blank, "\t": _FlowScan.blank, "\r": _FlowScan.blank,
               "\ufeff": _FlowScan.blank, "#": _FlowScan.comment, "'": _FlowScan.quoted, '"': _FlowScan.quoted,
               "&": _FlowScan.node_property, "!": _FlowScan.node_property, "-": _FlowScan.dash,
               "?": _FlowScan.question, "[": _FlowScan.opens, "{": _FlowScan.opens, "]": _FlowScan.closes,
               "}": _FlowScan.closes, ",": _FlowScan.comma, ":": _FlowScan.colon, "|": _FlowScan.block,
               ">": _FlowScan.block}


def _key_column(line: str) -> int:
    """The column where the node holding a block scalar starts: past the indentation and any '- '."""
    col = 0
    while col < len(line) and line[col] in " -":
        col += 1
    return col


def _end_of_property(text: str, i: int) -> int:
    """The offset just past the anchor (&a) or tag (!, !!seq, !<...>) starting at i: at the first
    space, line break or bracket (an anchor or tag shorthand holds none; a verbatim tag ends at '>')."""
    n = len(text)
    if text.startswith("!<", i):
        end = text.find(">", i)
        return n if end < 0 else end + 1
    i += 1
    while i < n and text[i] not in " \t\r\n[]{},":
        i += 1
    return i


def _end_of_quoted(text: str, i: int) -> int:
    """The offset just past the quoted scalar starting at i ('' and \\" escapes included)."""
    quote, n = text[i], len(text)
    i += 1
    while i < n:
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and i + 1 < n and text[i + 1] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return n


def _syntax_hint(problem: str, text: str, line: int) -> str:
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here or "cannot start any token" in problem and "\t" in text:
        return "Indent with spaces, never tabs."
    if "mapping values are not allowed" in problem:
        return "A value that contains ': ' must be put in quotes, like headline: \"Design: web and print\"."
    if "could not find expected ':'" in problem or "simple key" in problem:
        return "Each line needs 'field: value' with a space after the colon; check the indentation too."
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return "Put the value in single quotes."
    return "Check the indentation and quotes on this line and the one above."


def _kind(value) -> str:
    return {dict: "set of fields", list: "list"}.get(type(value), "single value")


# Builds values from events with an explicit stack (no recursion, so no depth limit of Python's).
def _build(events, doc: Document) -> None:
    builder = _Builder(doc)
    for ev in events:
        if builder.skip_depth:
            builder.skip(ev)
        elif _ON_EVENT.get(type(ev), _Builder.ignore)(builder, ev):
            return


class _Builder:
    """The values built so far, and what each kind of event does to them (_ON_EVENT). A handler
    returns True when the rest of the file must not be read."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.stack: list[list] = []    # frames: [container, path, pending_key, start_mark]
        self.documents = 0
        self.skip_depth = 0            # > 0 while skipping a subtree that is nested too deep
        self.too_deep_reported = False

    def attach(self, value, mark, path_of_child) -> None:
        """Put a finished value where it belongs: the document, the list, or the key read before it."""
        doc = self.doc
        if not self.stack:
            doc.data = value
            doc.value_at[()] = mark
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
            doc.value_at[path_of_child] = mark
            return
        key = frame[2]
        frame[2] = None
        if key is _BAD_KEY:
            return
        container[key] = value
        doc.value_at[path_of_child] = mark

    def child_path(self) -> tuple:
        """The path of the next value: the next list index, or the key read before it."""
        if not self.stack:
            return ()
        container, path, key = self.stack[-1][0], self.stack[-1][1], self.stack[-1][2]
        if isinstance(container, list):
            return path + (len(container),)
        return path if key is None or key is _BAD_KEY else path + (key,)

    def awaits_key(self) -> list | None:
        """The innermost frame when it is a mapping waiting for a key, else None."""
        frame = self.stack[-1] if self.stack else None
        return frame if frame is not None and isinstance(frame[0], dict) and frame[2] is None else None

    def refuse(self, ev, code: str, message: str, path: tuple, hint: str) -> Problem:
        problem = Problem(self.doc.file, *_mark(ev.start_mark), code, message, where=format_path(path), hint=hint)
        self.doc.problems.append(problem)
        return problem

    def check_node(self, ev) -> None:
        """Report anchors and tags."""
        if getattr(ev, "anchor", None):
            self.refuse(ev, "P003", f"anchor '&{ev.anchor}' is not allowed in a profile", self.child_path(),
                        "Write the value out in full and remove '&" + ev.anchor + "'.")
        if _refused_tag(ev):
            self.refuse(ev, "P003", f"the tag '{ev.tag}' is not allowed in a profile", self.child_path(),
                        "Remove the '!' marker and write a plain value.")

    # Inside a subtree that is not kept: only its depth is counted.
    def skip(self, ev) -> None:
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.skip_depth += 1
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.skip_depth -= 1

    # The stream and the end of a document hold no value.
    def ignore(self, ev) -> None:
        pass

    # A profile is one document: the second one stops the reading.
    def document_start(self, ev) -> bool:
        self.documents += 1
        if self.documents > 1:
            self.refuse(ev, "P021", "a second YAML document starts here; a profile is one document", (),
                        "Remove the '---' line and what follows it, or merge it into the profile.")
            return True
        return False

    # An alias is refused; used as a key, its value is skipped.
    def alias(self, ev) -> None:
        path = self.child_path()
        self.refuse(ev, "P003", f"alias '*{ev.anchor}' is not allowed in a profile", path,
                    "Write the value out in full instead of '*" + ev.anchor + "'.")
        if self.awaits_key():
            self.stack[-1][2] = _BAD_KEY
        else:
            self.attach(None, _mark(ev.start_mark), path)

    # A scalar is a key, or a value (text, or None when written empty).
    def scalar(self, ev) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame[2] is not None and frame[2] is not _BAD_KEY and _untagged(ev):
            key = frame[2]             # the hot path: a plain value under a key already read
            frame[2] = None
            frame[0][key] = _scalar_value(ev)
            self.doc.value_at[frame[1] + (key,)] = (ev.start_mark.line + 1, ev.start_mark.column + 1)
            return
        self.check_node(ev)
        if frame := self.awaits_key():
            self.key(frame, ev)
        else:
            self.attach(_scalar_value(ev), _mark(ev.start_mark), self.child_path())

    def key(self, frame: list, ev) -> None:
        """A key (always text); a key written twice keeps its first value."""
        key = str(ev.value)
        kpath = frame[1] + (key,)
        if key in frame[0]:
            self.doc.read_past.append(self.refuse(       # the first value stays; nothing else is lost
                ev, "P002", f"'{key}' appears twice here (first on line {self.doc.key_at[kpath][0]})", kpath,
                "Keep one of the two and delete the other."))
            frame[2] = _BAD_KEY
            return
        self.doc.key_at[kpath] = _mark(ev.start_mark)
        frame[2] = key

    # A list or a set of fields opens; as a key, or nested too deep, it is skipped.
    def collection_start(self, ev) -> None:
        self.check_node(ev)
        if frame := self.awaits_key():
            self.refuse(ev, "P001", "a field name must be plain text, not a list or a set of fields", frame[1],
                        "Check the indentation: a '?' or '[' may have started a key.")
            frame[2] = _BAD_KEY
            self.skip_depth = 1
            return
        if len(self.stack) >= MAX_DEPTH:
            self.too_deep(ev)
            return
        container: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
        self.stack.append([container, self.child_path(), None, _mark(ev.start_mark)])

    def too_deep(self, ev) -> None:
        """Nesting past MAX_DEPTH: reported once, and the subtree reads as None."""
        if not self.too_deep_reported:
            self.refuse(ev, "P022", f"nesting is deeper than {MAX_DEPTH} levels", self.child_path(),
                        "Check the indentation around this line.")
            self.too_deep_reported = True
        self.skip_depth = 1
        self.attach(None, _mark(ev.start_mark), self.child_path())

    # A list or a set of fields closes: it is a value of the one around it.
    def collection_end(self, ev) -> None:
        container, path, _, mark = self.stack.pop()
        self.attach(container, mark, path)


_ON_EVENT = {yaml.StreamStartEvent: _Builder.ignore, yaml.StreamEndEvent: _Builder.ignore,
             yaml.DocumentStartEvent: _Builder.document_start, yaml.DocumentEndEvent: _Builder.ignore,
             yaml.AliasEvent: _Builder.alias, yaml.ScalarEvent: _Builder.scalar,
             yaml.MappingStartEvent: _Builder.collection_start, yaml.SequenceStartEvent: _Builder.collection_start,
             yaml.MappingEndEvent: _Builder.collection_end, yaml.SequenceEndEvent: _Builder.collection_end}


def _untagged(ev) -> bool:
    """A scalar with no anchor and no tag beyond the one its plain form implies: nothing to report."""
    return ev.anchor is None and (ev.tag is None or ev.implicit[0])


def _refused_tag(ev) -> bool:
    """A tag written on a node, other than '!' and !!str (which keep a scalar text)."""
    if not getattr(ev, "tag", None) or ev.tag in ("!", "tag:yaml.org,2002:str"):
        return False
    return not (ev.implicit[0] if isinstance(ev, yaml.ScalarEvent) else ev.implicit)


def _scalar_value(ev):
    """A scalar's value: quoted text as written; unquoted, None when empty or null, else Plain text."""
    if ev.style:
        return ev.value
    return None if ev.value in NULLS else Plain(ev.value)


class _BadKey:
    __slots__ = ()


_BAD_KEY = _BadKey()
