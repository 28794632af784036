"""One YAML file to plain data that remembers where each piece was written (line, column).

PyYAML's own construction loses line numbers, keeps the last of two duplicate keys and
expands aliases without limit. So the C parser only composes the node tree, and this
module builds plain data from the nodes itself: it records where every key and item
was, refuses duplicate keys, anchors and aliases, and notes scalars that YAML 1.1 turned
into something other than text (`no` read as false) to hint at quoting them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from .errors import Problem

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 20_000
MAX_DEPTH = 30

Loc = tuple[Union[str, int], ...]

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty (null)",
}


@dataclass
class Document:
    """One parsed file: plain data plus where each piece of it was written."""

    path: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    surprises: dict[Loc, tuple[str, str]] = field(default_factory=dict)
    # where each text value starts (line, column) and its YAML style (`|`, `>`, quotes or
    # None): locates something inside a long text, e.g. a link in a summary
    scalars: dict[Loc, tuple[int, int, str | None]] = field(default_factory=dict)

    def where(self, loc: Loc) -> tuple[int, int]:
        """Line and column of `loc`, or of the nearest enclosing thing that was written."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return (1, 1)

    def problem(self, loc: Loc, message: str, hint: str = "", severity: str = "error") -> Problem:
        line, column = self.where(loc)
        return Problem(self.path, line, column, format_loc(loc), message, hint, severity)  # type: ignore[arg-type]

    def where_in_text(self, loc: Loc, offset: int, text: str) -> tuple[int, int]:
        """Line (and column) of character `offset` of the text value at `loc`: the exact
        line in a literal block (`|`), else where the value starts (YAML folded the rest)."""
        if loc not in self.scalars:
            return self.where(loc)
        line, column, style = self.scalars[loc]
        if style == "|":
            return line + 1 + text[:offset].count("\n"), 1
        return line, column


def format_loc(loc: Loc) -> str:
    """`participants[0].entity` from `("participants", 0, "entity")`."""
    text = ""
    for part in loc:
        if isinstance(part, str) and len(part) > 60:  # a 100k-character key stays readable
            part = part[:60] + "..."
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Builder:
    """Turns a composed node tree into plain data, noting positions and refusing traps."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.count = 0
        self.aliases = 0
        self.too_big = False
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, loc: Loc, node: yaml.Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.doc.path, mark.line + 1, mark.column + 1, format_loc(loc), message, hint)
        )

    def _where(self, node: yaml.Node, loc: Loc, alias: bool) -> tuple[int, int]:
        # An alias is the anchored node itself: its mark is the anchor's, so point at the
        # key (or, in a list, the list) where the alias was used instead.
        if alias:
            return self.doc.where(loc if loc and isinstance(loc[-1], str) else loc[:-1])
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        self.count += 1
        alias = id(node) in self.seen
        if (node.tag == _STR and not alias and node.__class__ is yaml.ScalarNode
                and self.count <= MAX_NODES and depth <= MAX_DEPTH):
            # the usual value, taken first for speed: text as written, nothing to construct
            self.seen.add(id(node))
            mark = node.start_mark
            self.doc.scalars[loc] = (mark.line + 1, mark.column + 1, node.style or None)
            return node.value
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            if not self.too_big:
                self.problems.append(Problem(
                    self.doc.path, *self._where(node, loc, alias), format_loc(loc),
                    "the file is too large or too deeply nested for a record",
                    "split it; a record has a few dozen fields"))
            self.too_big = True
            return None
        if alias:
            self.aliases += 1
            if self.aliases <= 5:  # an alias bomb has thousands: the first few tell the story
                self.problems.append(Problem(self.doc.path, *self._where(node, loc, alias),
                                             format_loc(loc), "anchors and aliases (& and *) are not supported",
                                             "write the value out in full where it is used"))
            return None
        self.seen.add(id(node))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN:
            self.fail(loc, node, f"unsupported YAML tag {node.tag!r}", "remove the tag")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                if self.too_big:
                    break
                here = loc + (i,)
                if id(item) not in self.seen:
                    mark = item.start_mark
                    self.doc.positions[here] = (mark.line + 1, mark.column + 1)
                out.append(self.build(item, here, depth + 1))
            return out
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if self.too_big:
                break
            if key_node.tag == _MERGE:
                self.fail(loc, key_node, "merge keys (<<) are not supported",
                          "write the keys out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(loc, key_node, "a key must be plain text")
                continue
            key = key_node.value
            here = loc + (key,)
            if key in first:
                self.fail(here, key_node, f"duplicate key {key!r} (first given on line {first[key]})",
                          "YAML keeps only the last value: remove or merge one of them")
                continue
            mark = key_node.start_mark
            first[key] = mark.line + 1
            self.doc.positions[here] = (mark.line + 1, mark.column + 1)
            out[key] = self.build(value_node, here, depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        # (plain text, most values, is taken straight from the node in `build`)
        if node.tag == _TIMESTAMP:
            return node.value  # dates stay text: the date model reads their precision
        if node.tag != _STR and node.tag not in _NAMES:  # never construct other tags
            self.fail(loc, node, f"unsupported YAML tag {node.tag!r}", "remove the tag")
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.fail(loc, node, f"cannot read this value: {getattr(exc, 'problem', exc)}",
                      "quote the value")
            return None
        if node.tag in _NAMES and not node.style:
            self.doc.surprises[loc] = (node.value, _NAMES[node.tag])
        elif isinstance(value, str):
            self.doc.scalars[loc] = (node.start_mark.line + 1, node.start_mark.column + 1,
                                     node.style or None)
        return value


def _yaml_problem(path: str, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if isinstance(exc, yaml.reader.ReaderError):  # e.g. a NUL byte, at an offset (libyaml:
        before = (text[: exc.position] if SafeLoader is yaml.SafeLoader  # in bytes of UTF-8)
                  else text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    if isinstance(exc, yaml.MarkedYAMLError):
        message = ", ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
    else:
        message = str(exc).splitlines()[0]
    lines = text.splitlines()
    hint = "check indentation, colons and quotes on this line and the one before"
    if 0 < line <= len(lines) and "\t" in "".join(lines[max(0, line - 2) : line]):
        hint = "YAML does not allow tabs for indentation: use spaces"
    elif "expected a single document" in message:
        hint = "one record per file: remove the `---` separators"
    return Problem(path, line, column, "", f"YAML syntax error: {message}", hint)


def read_document(file: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file into a Document, or explain why it could not be read."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, 1, "", f"the file is {size:,} bytes; a record file"
                                  f" may have at most {MAX_FILE_BYTES:,}", "split or shorten it")]
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, "", f"cannot read the file: {exc.strerror or exc}",
                              "check its permissions")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(display, line, column, "", "the file is not valid UTF-8",
                              "save it as UTF-8")]
    text = text.removeprefix("\ufeff")  # a byte-order mark is harmless: accepted
    doc = Document(display, None, {(): (1, 1)})
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(display, exc, text)]
    except RecursionError:
        return None, [Problem(display, 1, 1, "", "the file is nested too deeply to be a record")]
    if node is None:
        return None, [Problem(display, 1, 1, "", "the file is empty",
                              "write a record, or delete the file")]
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if builder.too_big:  # validating a truncated tree would only add noise (and time)
        return None, builder.problems
    return doc, builder.problems
