"""Which texts of a record readers read, and the same texts in another language.

The one place that knows which fields are translatable: a record's English texts and its
translated texts are both flat `{path: text}` maps with the same paths ("title",
"sources.2.note", "disagreements.1.field"...), so checks compare them, the stamp hashes
them and pages look a text up by path, falling back to English.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Union

from .models import CITATION, DISAGREEMENT_WORDS, Entity, Event, Thread

if TYPE_CHECKING:
    from .catalog import Catalog

Translatable = Union[Event, Entity, Thread]

_EVENT_FIELDS = ("title", "summary", "caveat", "applies_to", "licence")
_EVENT_LISTS = ("sources", "schedule_history", "relations")
_ENTITY_FIELDS = ("name", "short_name", "description")
_THREAD_FIELDS = ("title", "short_title", "introduction")


def _fields(record: Translatable) -> tuple[str, ...]:
    if isinstance(record, Event):
        return _EVENT_FIELDS
    if isinstance(record, Entity):
        return _ENTITY_FIELDS
    return _THREAD_FIELDS


def _is_words(field: str) -> bool:
    """A disagreement's `field` that names a record field ("money.valuation") is turned into
    words by the interface's catalog; any other is the editor's words, translated here."""
    return field.strip().casefold() not in DISAGREEMENT_WORDS


def english_texts(record: Translatable) -> dict[str, str]:
    """Every text of the record a reader reads, by path; absent fields are left out."""
    out = {name: getattr(record, name) for name in _fields(record)
           if getattr(record, name) is not None}
    if isinstance(record, Event):
        for key in _EVENT_LISTS:
            for n, item in enumerate(getattr(record, key), start=1):
                if item.note is not None:
                    out[f"{key}.{n}.note"] = item.note
        for n, p in enumerate(record.participants, start=1):
            out[f"participants.{n}.role"] = p.role
        for n, v in enumerate(record.votes, start=1):
            out[f"votes.{n}.body"] = v.body
        for n, d in enumerate(record.disagreements, start=1):
            if _is_words(d.field):
                out[f"disagreements.{n}.field"] = d.field
            if d.note is not None:
                out[f"disagreements.{n}.note"] = d.note
            for m, claim in enumerate(d.values, start=1):
                if any(ch.isalpha() for ch in claim.value):  # "44" reads the same everywhere
                    out[f"disagreements.{n}.values.{m}"] = claim.value
        if record.money is not None and record.money.note is not None:
            out["money.note"] = record.money.note
    return out


def translated_texts(record: Translatable, language: str) -> dict[str, str]:
    """The record's texts in `language`, by the same paths as `english_texts`."""
    block = record.translations.get(language)
    if block is None:
        return {}
    out = {name: getattr(block, name) for name in _fields(record)
           if getattr(block, name) is not None}
    if isinstance(record, Event):
        assert block is not None
        for key in (*_EVENT_LISTS, "participants", "votes", "disagreements"):
            for n, item in sorted(getattr(block, key).items(), key=lambda kv: int(kv[0])):
                for name in ("field", "note", "role", "body"):
                    value = getattr(item, name, None)
                    if value is not None:
                        out[f"{key}.{n}.{name}"] = value
                for m, value in sorted(getattr(item, "values", {}).items(),
                                       key=lambda kv: int(kv[0])):
                    out[f"{key}.{n}.values.{m}"] = value
        if block.money is not None:
            out["money.note"] = block.money.note
    return out


def text(record: Translatable, path: str, language: str) -> str | None:
    """The text at `path` in `language`, or in English when it has no translation."""
    return translated_texts(record, language).get(path, english_texts(record).get(path))


def source_hash(texts: dict[str, str]) -> str:
    """A short hash of English texts: kept beside a translation, it shows when the English
    changed after the translation was made."""
    blob = json.dumps(texts, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:10]


# ---------------------------------------------------------------------------------------
# Records in one language: the same record with its reader texts replaced

def _with_notes(items: list, language_items: dict, fields: tuple[str, ...] = ("note",)) -> list:
    out = []
    for n, item in enumerate(items, start=1):
        block = language_items.get(str(n))
        update = {name: getattr(block, name) for name in fields
                  if block is not None and getattr(block, name, None) is not None}
        out.append(item.model_copy(update=update) if update else item)
    return out


def localized(record: Translatable, language: str) -> Translatable:
    """The record as a reader of `language` reads it: every text that has a translation is
    replaced, the others (and all dates, amounts, sources, ids) stay as they are."""
    block = record.translations.get(language)
    if block is None:
        return record
    update: dict[str, object] = {name: getattr(block, name) for name in _fields(record)
                                 if getattr(block, name) is not None}
    if isinstance(record, Event):
        update["sources"] = _with_notes(record.sources, block.sources)
        update["schedule_history"] = _with_notes(record.schedule_history, block.schedule_history)
        update["relations"] = _with_notes(record.relations, block.relations)
        update["disagreements"] = [
            item if not _is_words(item.field) or str(n) not in block.disagreements
            or block.disagreements[str(n)].field is None
            else item.model_copy(update={"field": block.disagreements[str(n)].field})
            for n, item in enumerate(_with_notes(record.disagreements, block.disagreements), 1)]
        update["disagreements"] = [
            item if str(n) not in block.disagreements else item.model_copy(update={"values": [
                claim if block.disagreements[str(n)].values.get(str(m)) is None
                else claim.model_copy(update={"value": block.disagreements[str(n)].values[str(m)]})
                for m, claim in enumerate(item.values, start=1)]})
            for n, item in enumerate(update["disagreements"], start=1)]  # type: ignore[arg-type]
        update["participants"] = _with_notes(record.participants, block.participants, ("role",))
        update["votes"] = _with_notes(record.votes, block.votes, ("body",))
        money = record.money
        if money is not None:
            # who raises the money is read from the English roles: kept by id once they are
            # translated ("company raising funds" is "entreprise qui lève des fonds")
            raisers = record.raisers()
            if money.raised_by is None and len(raisers) == 1:
                money = money.model_copy(update={"raised_by": raisers[0]})
            if block.money is not None:
                money = money.model_copy(update={"note": block.money.note})
            update["money"] = money
    return record.model_copy(update=update)


def has_translation(record: Translatable, language: str) -> bool:
    """Whether the record has any text of its own in `language` (a page without any says
    so and links the English one)."""
    return bool(translated_texts(record, language))


# ---------------------------------------------------------------------------------------
# The state of a translation: what `check` reports and the stamp writes

OPTIONAL_PATHS = frozenset({"name", "short_name"})
"""Entity names are translated only when the language writes them differently."""


def missing_paths(record: Translatable, language: str) -> list[str]:
    """The English texts of the record that have no text in `language`, by path."""
    have = translated_texts(record, language)
    optional = OPTIONAL_PATHS if isinstance(record, Entity) else frozenset()
    return [path for path in english_texts(record) if path not in have and path not in optional]


def extra_paths(record: Translatable, language: str) -> list[str]:
    """Translated texts with no English text at that path (an item that no longer has a note,
    a number past the end of its list): they would never be shown."""
    english = english_texts(record)
    return [path for path in translated_texts(record, language) if path not in english]


def is_stale(record: Translatable, language: str) -> bool:
    """The translation was made from another English text than the record's (or was never
    stamped)."""
    block = record.translations.get(language)
    if block is None:
        return False
    return block.source_hash != source_hash(english_texts(record))


def citation_mismatch(record: Translatable, language: str) -> tuple[list[str], list[str]] | None:
    """(English markers, translated markers) of a summary when they differ, else None."""
    if not isinstance(record, Event):
        return None
    translated = translated_texts(record, language).get("summary")
    if translated is None:
        return None
    english = sorted({int(n) for n in CITATION.findall(record.summary)})
    theirs = sorted({int(n) for n in CITATION.findall(translated)})
    if english == theirs:
        return None
    return [f"[{n}]" for n in english], [f"[{n}]" for n in theirs]


def localized_catalog(catalog: "Catalog", language: str) -> "Catalog":
    """The catalog as read in `language`: the same records, indexes and sources, each
    record's texts in that language where it has them. Built from the loaded catalog (the
    records are read and checked once for all languages)."""
    from .catalog import Catalog

    return Catalog(
        events=tuple(localized(e, language) for e in catalog.events),  # type: ignore[misc]
        entities={k: localized(v, language) for k, v in catalog.entities.items()},  # type: ignore[misc]
        threads={k: localized(v, language) for k, v in catalog.threads.items()},  # type: ignore[misc]
        files=catalog.files, sources=catalog.sources, warnings=catalog.warnings,
        today=catalog.today, settings=catalog.settings)
