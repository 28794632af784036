"""Translations that cannot go stale silently: what `check` reports and what the stamp writes.

Per record and language: a missing translation (an English text with no text in that
language), a stale one (its `source_hash` is not the hash of the English texts it sits
beside: the English changed after the translation was made, or the block was never
stamped) and a summary whose citation markers differ from the English ones. All are
warnings (errors with `check --strict`), each at the file, line and field concerned.

`stamp` writes `source_hash:` into each complete translation block by editing the one line
that holds it (or adding one line), so comments and layout stay as the translator wrote
them; every edited file is read back before it is written, and nothing is written when any
file would not read back right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import yaml

from .errors import Problem
from .loader import Loaded
from .models import Entity, Event, Thread
from .translations import (Translatable, citation_mismatch, english_texts, extra_paths,
                           is_stale, missing_paths, source_hash)
from .yamlnodes import Document, Loc, format_loc, read_document

STAMP_COMMAND = "policy-timeline translations --stamp"


@dataclass(frozen=True)
class Placed:
    """A record with the file it was read from and where its fields sit in that file."""

    record: Translatable
    doc: Document
    base: Loc
    """The record's location in its file: () for an event, (id,) in a registry."""


def placed_records(loaded: Loaded) -> Iterator[Placed]:
    """Every record read, events first, each with its document."""
    for event, doc in loaded.events:
        yield Placed(event, doc, ())
    for registry in (loaded.entities, loaded.threads):
        for record, doc in registry:
            yield Placed(record, doc, (record.id,))


def _loc(path: str) -> Loc:
    return tuple(int(p) - 1 if p.isdigit() and i == 1 else p
                 for i, p in enumerate(path.split(".")))


def translation_problems(loaded: Loaded, languages: Sequence[str]) -> list[Problem]:
    """Missing, stale and mis-cited translations in each of `languages` (the site's
    languages after the first), as warnings."""
    problems: list[Problem] = []
    for placed in placed_records(loaded):
        record, doc, base = placed.record, placed.doc, placed.base
        for language in languages:
            block = base + ("translations", language)
            missing = missing_paths(record, language)
            has_block = language in record.translations
            for path in missing:
                where = block if has_block else base + _loc(path)
                problems.append(_warning(
                    doc, where, f"translations.{language}.{path}",
                    f"no {language} text for {path!r}: readers of the {language} site read"
                    " it in English",
                    f"add `{path.split('.')[0]}:` (in English: {_quote(english_texts(record)[path])})"
                    f" under `translations: {language}:`, then run `{STAMP_COMMAND}`"))
            if not has_block:
                continue
            for path in extra_paths(record, language):
                problems.append(_warning(
                    doc, block + _path_loc(path), f"translations.{language}.{path}",
                    f"{path!r} has a {language} text but no English text to translate",
                    "remove it, or number it as the English list item it translates (from 1)"))
            if missing:
                continue  # stamped only when complete: the stale check waits for it
            if is_stale(record, language):
                stamped = record.translations[language].source_hash
                problems.append(_warning(
                    doc, block + (("source_hash",) if stamped else ()),
                    f"translations.{language}.source_hash",
                    (f"the {language} text was made from an older English text (the English"
                     " changed since it was stamped)") if stamped else
                    f"the {language} text is not stamped with the English text it translates",
                    f"bring the {language} text in line with the English, then run"
                    f" `{STAMP_COMMAND} --language {language}`"))
            mismatch = citation_mismatch(record, language)
            if mismatch:
                english, theirs = mismatch
                problems.append(_warning(
                    doc, block + ("summary",), f"translations.{language}.summary",
                    f"the citation markers differ from the English summary's: English has"
                    f" {' '.join(english) or 'none'}, {language} has {' '.join(theirs) or 'none'}",
                    "cite the same sources with the same numbers as the English summary"))
    return problems


def _path_loc(path: str) -> Loc:
    return tuple(path.split("."))


def _quote(text: str, limit: int = 60) -> str:
    one = " ".join(text.split())
    return repr(one if len(one) <= limit else one[: limit - 1] + "…")


def _warning(doc: Document, loc: Loc, field: str, message: str, hint: str) -> Problem:
    line, column = doc.where(loc)
    return Problem(doc.path, line, column, field, message, hint, "warning")


# ---------------------------------------------------------------------------------------
# Status: missing and stale counts per language


@dataclass(frozen=True)
class Status:
    language: str
    kind: str
    records: int
    translated: int
    missing: int
    """Records with at least one text missing."""
    stale: int
    """Complete translations whose stamp is missing or older than the English."""


def status(loaded: Loaded, languages: Sequence[str]) -> list[Status]:
    """One row per language and kind of record (events, entities, threads)."""
    rows = []
    kinds = (("events", Event), ("entities", Entity), ("threads", Thread))
    placed = list(placed_records(loaded))
    for language in languages:
        for name, model in kinds:
            records = [p.record for p in placed if isinstance(p.record, model)]
            missing = [r for r in records if missing_paths(r, language)]
            stale = [r for r in records if not missing_paths(r, language) and
                     language in r.translations and is_stale(r, language)]
            translated = [r for r in records if language in r.translations]
            rows.append(Status(language, name, len(records), len(translated), len(missing),
                               len(stale)))
    return rows


# ---------------------------------------------------------------------------------------
# The stamp


class StampFailed(Exception):
    """An edit would not read back as intended; nothing was written."""


_HASH_VALUE = re.compile(r"(source_hash:[ \t]*)(['\"]?)[0-9A-Za-z]*\2")


def _yaml_scalar(value: str) -> str:
    """`value` as YAML reads it back as the same text: quoted when it would read as a number
    (a hash of digits only, e.g. 3688705727)."""
    return value if yaml.safe_load(value) == value else f"'{value}'"


def _stamped_text(text: str, doc: Document, block: Loc, value: str) -> str:
    """`text` with `source_hash: value` in the translation block at `block`."""
    value = _yaml_scalar(value)
    lines = text.splitlines(keepends=True)
    key = block + ("source_hash",)
    if key in doc.positions:  # replace the value on its line
        line, column = doc.positions[key]
        i = line - 1
        head, tail = lines[i][: column - 1], lines[i][column - 1:]
        new_tail, count = _HASH_VALUE.subn(lambda m: m[1] + value, tail, count=1)
        if not count:
            raise StampFailed(f"{doc.path}:{line}: cannot read the source_hash value there")
        lines[i] = head + new_tail
        return "".join(lines)
    children = sorted(pos for loc, pos in doc.positions.items()
                      if len(loc) == len(block) + 1 and loc[: len(block)] == block)
    if not children:
        raise StampFailed(f"{doc.path}: {format_loc(block)} is empty")
    block_line = doc.positions[block][0]
    line, column = children[0]
    if line == block_line:  # flow style: `fr: {title: ..., ...}` -> first key of the braces
        i = line - 1
        brace = lines[i].find("{", doc.positions[block][1] - 1)
        if brace < 0 or brace > column - 1:
            raise StampFailed(f"{doc.path}:{line}: cannot find where the {block[-1]} block starts")
        lines[i] = lines[i][: brace + 1] + f"source_hash: {value}, " + lines[i][brace + 1:].lstrip(" ")
        return "".join(lines)
    # block style: a line of its own before the block's first key, at its indentation
    newline = "\r\n" if lines[line - 1].endswith("\r\n") else "\n"
    lines.insert(line - 1, " " * (column - 1) + f"source_hash: {value}" + newline)
    return "".join(lines)


def stamp(loaded: Loaded, languages: Iterable[str]) -> dict[Path, str]:
    """{file: its new text} for every file with a complete translation block whose
    `source_hash` is missing or differs from its English texts' hash. Raises StampFailed
    (and returns nothing) when any edited file would not read back with the new hashes."""
    languages = list(languages)
    edits: dict[str, list[tuple[Loc, str]]] = {}
    docs: dict[str, Document] = {}
    for placed in placed_records(loaded):
        record, doc = placed.record, placed.doc
        for language in languages:
            block = record.translations.get(language)
            if block is None or missing_paths(record, language):
                continue
            value = source_hash(english_texts(record))
            if block.source_hash == value:
                continue
            edits.setdefault(doc.path, []).append((placed.base + ("translations", language), value))
            docs[doc.path] = doc
    out: dict[Path, str] = {}
    for path, changes in sorted(edits.items()):
        file = _file_of(loaded, docs[path])
        text = file.read_text(encoding="utf-8")
        doc = docs[path]
        # bottom to top, so the line numbers of the blocks above stay right
        for block, value in sorted(changes, key=lambda c: doc.positions[c[0]], reverse=True):
            text = _stamped_text(text, doc, block, value)
        _read_back(file, text, docs[path].path, changes)
        out[file] = text
    return out


def _file_of(loaded: Loaded, doc: Document) -> Path:
    candidate = Path(doc.path)
    if candidate.is_file():
        return candidate
    return loaded.root / doc.path


def _read_back(file: Path, text: str, shown: str, changes: list[tuple[Loc, str]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / file.name
        copy.write_text(text, encoding="utf-8")
        doc, problems = read_document(copy, shown)
    if doc is None or problems:
        raise StampFailed(f"{shown}: the stamped file would not read back"
                          f" ({problems[0] if problems else 'unreadable'}); nothing was written")
    for block, value in changes:
        data = doc.data
        for part in block + ("source_hash",):
            data = data.get(part) if isinstance(data, dict) else None
        if data != value:
            raise StampFailed(f"{shown}: {format_loc(block)}.source_hash did not read back as"
                              f" {value}; nothing was written")
