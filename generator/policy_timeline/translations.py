"""Which texts of a record readers read, and the same texts in another language.

The one place that knows which fields are translatable: a record's English texts and its
translated texts are both flat `{path: text}` maps with the same paths ("title",
"sources.2.note", "disagreements.1.field"...), so checks compare them, the stamp hashes
them and pages look a text up by path, falling back to English.
"""

from __future__ import annotations

import hashlib
import json
from typing import Union

from .models import DISAGREEMENT_WORDS, Entity, Event, Thread

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
