"""A records folder to records: the folder walk, and each file read as its kind of record.

Every file is read with `yamlnodes.read_document` (plain data that knows the line and
column of each key), validated by its model (`models`), and pydantic's errors become
located problems with hints (`validation`). Every problem in every file is collected:
nothing stops at the first one. Cross-file rules come after, in `catalog`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import Problem
from .models import Entity, Event, Settings, Thread
from .validation import allowed_keys, validation_problems
from .yamlnodes import Document, Loc, format_loc, read_document

__all__ = ["Document", "Loaded", "Loc", "allowed_keys", "display_path", "format_loc",
           "load_folder", "read_document", "record_files", "validation_problems"]

REGISTRIES = {"entities.yaml": Entity, "threads.yaml": Thread}
SETTINGS_FILE = "settings.yaml"  # only at the top of a records folder
MAX_FILE_PROBLEMS = 50


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


def _display_in(folders: dict[Path, str], file: Path) -> str:
    """`display_path(file)`, with each folder's part worked out once (not once per file)."""
    if file.parent not in folders:
        folders[file.parent] = display_path(file.parent)
    folder = folders[file.parent]
    name = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), file.name)
    return name if folder == "." else os.path.join(folder, name)


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
    folders: dict[Path, str] = {}
    for file in record_files(root, loaded.problems):
        display = _display_in(folders, file)
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
