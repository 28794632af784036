"""YAML files to records, with every problem located at `path:line:column` in a field.

PyYAML's own construction loses line numbers, keeps the last of two duplicate keys and
expands aliases without limit. So the C parser only composes the node tree, and this
module builds plain data from the nodes itself: it records where every key and item
was, refuses duplicate keys, anchors and aliases, and notes scalars that YAML 1.1 turned
into something other than text (`no` read as false) to hint at quoting them.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem
from .models import Entity, Event, Settings, Thread

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REGISTRIES = {"entities.yaml": Entity, "threads.yaml": Thread}
SETTINGS_FILE = "settings.yaml"  # only at the top of a records folder
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 20_000
MAX_DEPTH = 30
MAX_FILE_PROBLEMS = 50

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

    def build(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        self.count += 1
        alias = id(node) in self.seen
        # An alias is the anchored node itself: its mark is the anchor's, so point at the
        # key (or, in a list, the list) where the alias was used instead.
        where = (self.doc.where(loc if loc and isinstance(loc[-1], str) else loc[:-1]) if alias
                 else (node.start_mark.line + 1, node.start_mark.column + 1))
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            if not self.too_big:
                self.problems.append(Problem(
                    self.doc.path, *where, format_loc(loc),
                    "the file is too large or too deeply nested for a record",
                    "split it; a record has a few dozen fields"))
            self.too_big = True
            return None
        if alias:
            self.aliases += 1
            if self.aliases <= 5:  # an alias bomb has thousands: the first few tell the story
                self.problems.append(Problem(self.doc.path, *where, format_loc(loc),
                                             "anchors and aliases (& and *) are not supported",
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
                if id(item) not in self.seen:
                    self.doc.positions[loc + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                out.append(self.build(item, loc + (i,), depth + 1))
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
            first[key] = key_node.start_mark.line + 1
            self.doc.positions[here] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, here, depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
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


# ---------------------------------------------------------------------------------------
# Validation errors to problems


def _unwrap(tp: Any) -> list[Any]:
    """The candidate types behind Annotated / Optional / Union."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (Union, types.UnionType):
        out = []
        for arg in typing.get_args(tp):
            out += _unwrap(arg)
        return out
    return [tp]


def _field_type(model: type[BaseModel], name: str) -> Any:
    for key, info in model.model_fields.items():
        if name in (key, info.alias):
            return info.annotation
    return None


def allowed_keys(model: type[BaseModel], loc: Loc, hide: tuple[str, ...] = ("id",)) -> list[str]:
    """The keys the record model accepts at `loc` (for "did you mean" hints)."""
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for tp in current:
            for cand in _unwrap(tp):
                if isinstance(part, int) and typing.get_origin(cand) is list:
                    following.append(typing.get_args(cand)[0])
                elif isinstance(part, str) and isinstance(cand, type) and issubclass(cand, BaseModel):
                    found = _field_type(cand, part)
                    if found is not None:
                        following.append(found)
        current = following
    for tp in current:
        for cand in _unwrap(tp):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                return [info.alias or name for name, info in cand.model_fields.items()
                        if name not in hide]
    return []


_DATE_FIELDS = {"date", "end", "published", "accessed", "was", "last_verified"}
_DATE_HINT = "write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-02-26"


def _clean_loc(doc: Document, model: type[BaseModel], loc: tuple[Any, ...]) -> Loc:
    """Drop pydantic's union and validator tags from an error location."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            out.append(part)
        elif tuple(out) + (part,) in doc.positions or part in allowed_keys(model, tuple(out), ()):
            out.append(part)
    return tuple(out)


def validation_problems(
    doc: Document, exc: ValidationError, model: type[BaseModel], prefix: Loc = ()
) -> list[Problem]:
    """One located problem per pydantic error, with a hint that says how to fix it."""
    problems = []
    seen: set[Loc] = set()
    for err in exc.errors(include_url=False):
        inner = _clean_loc(doc, model, err["loc"])
        loc = prefix + inner
        kind = err["type"]
        message = str(err["msg"]).removeprefix("Value error, ")
        hint = ""
        if kind == "extra_forbidden":
            key = str(inner[-1]) if inner else ""
            allowed = allowed_keys(model, inner[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            message = f"unknown key {key[:60]!r}" + ("..." if len(key) > 60 else "")
            hint = (f"did you mean {close[0]!r}?" if close
                    else "allowed keys: " + ", ".join(sorted(allowed)))
        elif kind == "too_long" and isinstance(err.get("input"), str):
            ctx = err.get("ctx", {})
            message = (f"too long: at most {ctx.get('max_length')} characters (this has"
                       f" {ctx.get('actual_length', len(err['input']))})")
            hint = "shorten it; the page links the sources for the details"
        elif kind == "missing":
            message = f"{inner[-1] if inner else 'field'} is required"
            hint = f"add `{inner[-1]}:`" if inner else ""
        elif kind == "literal_error":
            expected = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
            close = difflib.get_close_matches(str(err.get("input")), expected, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else ""
        elif loc in doc.surprises or (prefix + inner) in doc.surprises:
            raw, what = doc.surprises[loc]
            message += f" (YAML read {raw!r} as {what})"
            hint = (f"put it in quotes: '{raw}'" if raw else "give a value after the colon")
        elif inner and inner[-1] in _DATE_FIELDS:
            hint = _DATE_HINT
        if not hint:  # a models.RecordValueError carries its own hint
            hint = str(getattr(err.get("ctx", {}).get("error"), "hint", "") or "")
        if kind in ("missing",) and loc in seen:
            continue
        seen.add(loc)
        problems.append(doc.problem(loc, message, hint))
    return problems


# ---------------------------------------------------------------------------------------
# Files to records


@dataclass
class Loaded:
    """Everything read from a records folder, valid or not, before cross-file checks."""

    root: Path
    events: list[tuple[Event, Document]] = field(default_factory=list)
    entities: list[tuple[Entity, Document]] = field(default_factory=list)
    threads: list[tuple[Thread, Document]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    settings_doc: Document | None = None


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def display_path(file: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it.

    Control characters in a file name are shown escaped, so a name cannot start a new
    line in a CI log (where `::command::` lines are obeyed) or drive the terminal.
    """
    try:
        rel = os.path.relpath(file)
    except ValueError:
        rel = str(file)
    text = str(file) if rel.startswith("..") else rel
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def record_files(root: Path, unreadable: list[Problem] | None = None) -> list[Path]:
    """Every visible file under `root`, sorted, so runs are repeatable.

    A folder that cannot be listed is not skipped in silence: it becomes a problem in
    `unreadable` (or raises, when no list is given), since its records would be missing.
    """
    def failed(exc: OSError) -> None:
        if unreadable is None:
            raise exc
        where = display_path(Path(exc.filename)) if exc.filename else display_path(root)
        unreadable.append(Problem(where, 1, 1, "", f"cannot read this folder: {exc.strerror or exc}",
                                  "check its permissions (the records in it would be missing)"))

    files = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failed):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        files += [Path(dirpath) / f for f in filenames if not f.startswith((".", "_"))]
        # A folder named like a record file is a mistake: reported, not silently walked past.
        files += [Path(dirpath) / d for d in dirnames if d.endswith((".yaml", ".yml"))]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _load_event(doc: Document, stem: str) -> tuple[Event | None, list[Problem]]:
    data = doc.data
    if not isinstance(data, dict):
        return None, [doc.problem((), f"an event file holds a mapping of fields, not"
                                  f" {type(data).__name__ if data is not None else 'nothing'}",
                                  "start with `title:`, `date:`, `kind:`...")]
    problems: list[Problem] = []
    if "id" in data and data["id"] != stem:
        problems.append(doc.problem(("id",), f"id {data['id']!r} does not match the file name"
                                    f" {stem + '.yaml'!r}", "rename the file, or remove `id:`"))
    try:
        event = Event.model_validate({**data, "id": stem})
    except ValidationError as exc:
        for p in validation_problems(doc, exc, Event):
            if p.field == "id" and "id" not in data:
                p = Problem(p.path, 1, 1, "id", f"the file name {stem + '.yaml'!r} is not a valid"
                            " event id", "name the file like 2024-02-26-short-title.yaml"
                            " (lowercase, date first)")
            problems.append(p)
        return None, problems
    for loc, message, hint in event.rule_problems():
        problems.append(doc.problem(loc, message, hint))
    return (None if problems else event), problems


def _load_registry(doc: Document, model: type[Entity] | type[Thread]) -> tuple[list[Any], list[Problem]]:
    if not isinstance(doc.data, dict):
        return [], [doc.problem((), "a registry file holds a mapping from id to record",
                                "write `some-id:` followed by its indented fields")]
    records, problems = [], []
    for key, value in doc.data.items():
        if not isinstance(value, dict):
            problems.append(doc.problem((key,), f"{key!r} must hold a mapping of fields",
                                        "indent `name:`, `type:`... under the id"))
            continue
        try:
            records.append(model.model_validate({**value, "id": key}))
        except ValidationError as exc:
            for p in validation_problems(doc, exc, model, (key,)):
                if p.field == f"{key}.id" or p.field == key:
                    p = Problem(p.path, p.line, p.column, key, f"{key!r} is not a valid id:"
                                " use lowercase letters, digits and single hyphens", "e.g. mistral-ai")
                problems.append(p)
    return records, problems


def _load_settings(doc: Document) -> tuple[Settings | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "the settings file holds a mapping of settings",
                                  "start with `non_canonical_hosts:`")]
    try:
        settings = Settings.model_validate(doc.data)
    except ValidationError as exc:
        return None, validation_problems(doc, exc, Settings)
    twice = [doc.problem(("non_canonical_hosts", i, "host"), f"the host"
                         f" {settings.non_canonical_hosts[i].host!r} is listed twice",
                         "keep one entry per host (a leading www. is ignored)")
             for i in settings.duplicates()]
    return (None if twice else settings), twice


def _inside(file: Path, root: Path) -> bool:
    try:
        return file.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop: let read_document report it
        return True


def load_folder(root: Path) -> Loaded:
    """Read every record file under `root`; collect every problem; never stop early."""
    loaded = Loaded(root)
    for file in record_files(root, loaded.problems):
        display = display_path(file)
        if file.is_dir():
            loaded.problems.append(Problem(display, 1, 1, "", "this is a folder, not a record file",
                                           "rename the folder so it does not end in .yaml"))
            continue
        if file.suffix == ".yml":
            loaded.problems.append(Problem(display, 1, 1, "", "record files end in .yaml",
                                           f"rename it to {Path(display).stem}.yaml"))
            continue
        if file.suffix != ".yaml":
            continue
        if file.is_symlink() and not _inside(file, root):
            loaded.problems.append(Problem(display, 1, 1, "", "a symbolic link to a file outside"
                                           " the records folder is not read",
                                           "copy the record into the folder instead"))
            continue
        if file.name == SETTINGS_FILE and file.parent != root:
            loaded.problems.append(Problem(display, 1, 1, "", f"{SETTINGS_FILE} is read only at the"
                                           " top of the records folder",
                                           f"move it to {display_path(root / SETTINGS_FILE)}"))
            continue
        doc, problems = read_document(file, display)
        if doc is not None:
            if file.name == SETTINGS_FILE:
                settings, more = _load_settings(doc)
                if settings is not None:
                    loaded.settings, loaded.settings_doc = settings, doc
            elif file.name in REGISTRIES:
                records, more = _load_registry(doc, REGISTRIES[file.name])
                target = loaded.entities if file.name == "entities.yaml" else loaded.threads
                target += [(r, doc) for r in records]
            else:
                event, more = _load_event(doc, file.stem)
                if event is not None:
                    loaded.events.append((event, doc))
            problems += more
        loaded.problems += _capped(problems, display)
    return loaded


def _capped(problems: list[Problem], display: str) -> list[Problem]:
    """At most MAX_FILE_PROBLEMS per file: a file of 10,000 wrong keys needs no 10,000 lines."""
    if len(problems) <= MAX_FILE_PROBLEMS:
        return problems
    kept = sorted(set(problems))[:MAX_FILE_PROBLEMS]
    last = kept[-1]
    return kept + [Problem(display, last.line, last.column, "",
                           f"{len(problems) - len(kept)} more problems in this file are not listed",
                           "fix the ones above, then check again")]
