"""Load: YAML files in, plain values out, with the line and column of every key and value kept.

Values are built from the parser's events rather than by PyYAML's constructors, so that
nothing is guessed: every scalar stays text until the schema says what type it is
(see schema.apply_types). `no` stays "no", `09:00` stays "09:00", `0123` stays "0123".
Anchors, aliases, tags, duplicate keys, several documents, deep nesting, oversized or
non-UTF-8 files become problems with a location, never exceptions.
"""

from __future__ import annotations

import dataclasses
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
    if doc.data is None and not doc.problems:
        doc.problem("P023", "the file is empty", hint="Start from the profile template.")
    elif doc.data is not None and not isinstance(doc.data, dict) and doc.ok:
        doc.problem("P023", f"the file holds a {_kind(doc.data)}, not 'field: value' lines",
                    hint="A profile starts with lines like 'name: Amal H.'.")
    return doc


_TAB_STOPS = (2, 4, 8)   # the template indents by 2; editors show a tab as 2, 4 or 8 columns


def _read_tabs_as_spaces(text: str, doc: Document) -> bool:
    """A file that failed to load because tabs indent some lines: one P001 at each such line, and,
    when the file loads with those tabs read as spaces (tab stops of 2, then 4, then 8), its
    values and other problems too, at the columns as written. False when that does not help."""
    lines = text.split("\n")
    indents = {i: len(line) - len(line.lstrip(" \t")) for i, line in enumerate(lines)}
    tabbed = [i for i, n in indents.items() if "\t" in lines[i][:n]]
    if not tabbed:
        return False
    for stop in _TAB_STOPS:
        widths = {i: len(lines[i][:indents[i]].expandtabs(stop)) for i in tabbed}
        spaced = "\n".join(" " * widths[i] + line[indents[i]:] if i in widths else line for i, line in enumerate(lines))
        retry = load_text(spaced, doc.file)
        if any(p.code == "P001" for p in retry.problems):
            continue

        def written(line: int, col: int) -> tuple[int, int]:   # a column in `spaced` -> in `text`
            i = line - 1
            if i not in widths:
                return line, col
            return line, (col - widths[i] + indents[i]) if col > widths[i] else lines[i].index("\t") + 1

        tabs = [Problem(doc.file, i + 1, lines[i].index("\t") + 1, "P001",
                        "a tab indents this line; YAML indentation is spaces only",
                        hint=f"Indent with spaces, never tabs. The other checks read this line as indented by "
                             f"{widths[i]} spaces; write the number of spaces you meant.")
                for i in tabbed]
        doc.data = retry.data
        doc.value_at = {k: written(*v) for k, v in retry.value_at.items()}
        doc.key_at = {k: written(*v) for k, v in retry.key_at.items()}
        moved = {id(p): dataclasses.replace(p, col=written(p.line, p.col)[1]) for p in retry.problems}
        doc.problems[:] = tabs + [moved[id(p)] for p in retry.problems]
        doc.read_past[:] = tabs + [moved[id(p)] for p in retry.read_past]
        return True
    return False


# Where the first [ or { deeper than MAX_FLOW_DEPTH opens, or None. A cheap scan of the text that
# skips quoted text, comments and block scalars and counts a bracket outside [ ] and { } only where
# a value may start (after an anchor, a tag or '---' too); it may count too much, never too little. Most files have too few brackets to scan.
def _too_deep_flow(text: str) -> int | None:
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth, i, n = 0, 0, len(text)
    at_node = True            # a value may start here
    skip_deeper = -1          # inside a block scalar: lines indented more than this are its text
    while i < n:
        c = text[i]
        if c == "\n":
            i += 1
            while True:       # the next line's indentation; block scalar text and blank lines are skipped
                j = i
                while j < n and text[j] == " ":
                    j += 1
                if j < n and text[j] != "\n" and j - i <= skip_deeper:
                    skip_deeper = -1
                if j < n and (text[j] == "\n" or skip_deeper >= 0):
                    end = text.find("\n", j)
                    i = n if end < 0 else end + 1
                    continue
                break
            i, at_node = j, True
            continue
        if c in " \t\r\ufeff":          # libyaml skips a byte order mark where a document starts
            i += 1
            continue
        if c == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if at_node and c in "'\"":
            i = _end_of_quoted(text, i)
            at_node = False
            continue
        if at_node and c in "&!":        # an anchor or a tag comes before the node it names: skip it
            i = _end_of_property(text, i)
            continue
        if c == "-" and not depth and text.startswith("---", i) and (i == 0 or text[i - 1] == "\n") \
                and (i + 3 >= n or text[i + 3] in " \t\r\n"):
            i, at_node = i + 3, True     # a document starts: its first node may follow on this line
            continue
        if c in "[{" and (depth or at_node):
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return i
        elif c in "]}" and depth:
            depth -= 1
            at_node = False
        elif c == "," and depth:
            at_node = True
        elif c == ":" and (depth or i + 1 >= n or text[i + 1] in " \t\r\n"):
            at_node = True
        elif c in "-?" and at_node and (i + 1 >= n or text[i + 1] in " \t\r\n"):
            pass              # a list item or an explicit key: a value may still start
        elif c in "|>" and at_node and not depth:
            line = text.rfind("\n", 0, i) + 1
            skip_deeper = _key_column(text[line:i])
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        else:
            at_node = False
        i += 1
    return None


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
    stack: list[list] = []       # frames: [container, path, pending_key, start_mark]
    documents = 0
    skip_depth = 0               # > 0 while skipping a subtree that is nested too deep
    too_deep_reported = False

    def attach(value, mark, path_of_child):
        if not stack:
            doc.data = value
            doc.value_at[()] = mark
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
            doc.value_at[path_of_child] = mark
        else:
            key = frame[2]
            frame[2] = None
            if key is _BAD_KEY:
                return
            container[key] = value
            doc.value_at[path_of_child] = mark

    def child_path():
        if not stack:
            return ()
        container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
        if isinstance(container, list):
            return path + (len(container),)
        return path if key is None or key is _BAD_KEY else path + (key,)

    def check_node(ev) -> bool:
        """Report anchors and tags; False when the node cannot be used."""
        if getattr(ev, "anchor", None):
            doc.problems.append(Problem(doc.file, *_mark(ev.start_mark), "P003",
                                        f"anchor '&{ev.anchor}' is not allowed in a profile",
                                        where=format_path(child_path()),
                                        hint="Write the value out in full and remove '&" + ev.anchor + "'."))
        if getattr(ev, "tag", None) and ev.tag not in ("!", "tag:yaml.org,2002:str") \
                and not (isinstance(ev, yaml.ScalarEvent) and ev.implicit[0]) \
                and not (not isinstance(ev, yaml.ScalarEvent) and ev.implicit):
            doc.problems.append(Problem(doc.file, *_mark(ev.start_mark), "P003",
                                        f"the tag '{ev.tag}' is not allowed in a profile",
                                        where=format_path(child_path()),
                                        hint="Remove the '!' marker and write a plain value."))
        return True

    for ev in events:
        cls = type(ev)
        if cls is _SCALAR and not skip_depth and ev.anchor is None and (ev.tag is None or ev.implicit[0]) \
                and stack and stack[-1][2] is not None and stack[-1][2] is not _BAD_KEY:
            # the hot path: a plain value under a key already read
            frame = stack[-1]
            key = frame[2]
            frame[2] = None
            v = ev.value
            value = (None if v in NULLS else Plain(v)) if not ev.style else v
            path = frame[1] + (key,)
            frame[0][key] = value
            doc.value_at[path] = (ev.start_mark.line + 1, ev.start_mark.column + 1)
            continue
        if skip_depth:
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                skip_depth += 1
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                skip_depth -= 1
            continue
        if isinstance(ev, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                doc.problems.append(Problem(doc.file, *_mark(ev.start_mark), "P021",
                                            "a second YAML document starts here; a profile is one document",
                                            hint="Remove the '---' line and what follows it, or merge it into the profile."))
                return
            continue
        if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(ev, yaml.AliasEvent):
            path = child_path()
            doc.problems.append(Problem(doc.file, *_mark(ev.start_mark), "P003",
                                        f"alias '*{ev.anchor}' is not allowed in a profile",
                                        where=format_path(path),
                                        hint="Write the value out in full instead of '*" + ev.anchor + "'."))
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                stack[-1][2] = _BAD_KEY   # an alias used as a key: skip its value
            else:
                attach(None, _mark(ev.start_mark), path)
            continue
        if isinstance(ev, yaml.ScalarEvent):
            check_node(ev)
            value = Plain(ev.value) if ev.style in ("", None) else ev.value
            if ev.style in ("", None) and ev.value in NULLS:
                value = None
            frame = stack[-1] if stack else None
            if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                key = str(ev.value)       # keys are always text
                kpath = frame[1] + (key,)
                if key in frame[0]:
                    doc.problems.append(Problem(doc.file, *_mark(ev.start_mark), "P002",
                                                f"'{key}' appears twice here (first on line {doc.key_at[kpath][0]})",
                                                where=format_path(kpath),
                                                hint="Keep one of the two and delete the other."))
                    doc.read_past.append(doc.problems[-1])   # the first value stays; nothing else is lost
                    frame[2] = _BAD_KEY
                    continue
                doc.key_at[kpath] = _mark(ev.start_mark)
                frame[2] = key
                continue
            attach(value, _mark(ev.start_mark), child_path())
            continue
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            check_node(ev)
            frame = stack[-1] if stack else None
            if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                # a list or mapping used as a key
                doc.problems.append(Problem(doc.file, *_mark(ev.start_mark), "P001",
                                            "a field name must be plain text, not a list or a set of fields",
                                            where=format_path(frame[1]),
                                            hint="Check the indentation: a '?' or '[' may have started a key."))
                frame[2] = _BAD_KEY
                skip_depth = 1
                continue
            if len(stack) >= MAX_DEPTH:
                if not too_deep_reported:
                    doc.problems.append(Problem(doc.file, *_mark(ev.start_mark), "P022",
                                                f"nesting is deeper than {MAX_DEPTH} levels",
                                                where=format_path(child_path()),
                                                hint="Check the indentation around this line."))
                    too_deep_reported = True
                skip_depth = 1
                attach(None, _mark(ev.start_mark), child_path())
                continue
            container: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
            path = child_path()
            mark = _mark(ev.start_mark)
            stack.append([container, path, None, mark])
            continue
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, path, _, mark = stack.pop()
            attach(container, mark, path)
            continue


_SCALAR = yaml.ScalarEvent


class _BadKey:
    __slots__ = ()


_BAD_KEY = _BadKey()
