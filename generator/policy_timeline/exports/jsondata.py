"""JSON downloads: events, entities, threads and sources, plus the JSON Schemas.

Every file is an object `{"format", "version", "site", "updated", "<items>": [...]}`.
Partial dates are objects with their ISO text, precision and qualifier (see
`common.date_fields`), never a made-up full date. The shapes are published as JSON
Schemas under `data/schema/` (`data-events.schema.json`...), beside the schemas of the
YAML record files (`event.schema.json`, `entities.schema.json`, `threads.schema.json`).

Texts in other languages: each event, entity and thread keeps its English texts in its
fields and carries `translations: {"fr": {"title": ..., "summary": ..., "sources.2.note":
...}}`: for each other language of the site that the record has texts in, its translated
texts by the paths of `policy_timeline.translations` (the field name; a list item's
note by its 1-based number), plus `summary_text` beside `summary`. Dates, amounts,
identifiers and citations are shared, so they are never repeated there.
"""

from __future__ import annotations

from typing import Any

from ..catalog import OVERDUE, Catalog
from ..dates import PATTERN_TEXT, QUALIFIERS, Precision, display_range
from ..models import (EVENT_ID_PATTERN, SLUG_PATTERN, STATUSES, VERIFICATIONS, WEIGHTS,
                      Event)
from ..options import SiteOptions
from ..schema import KINDS, schema_text
from ..translations import Translatable, translated_texts
from ..urls import Urls
from .common import (
    FORMAT_VERSION,
    absolute_or_none,
    catalog_updated,
    date_fields,
    dump_json,
    event_updated,
    other_languages,
    plain_text,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATA_KINDS = ("events", "entities", "threads", "sources")


def _envelope(catalog: Catalog, options: SiteOptions, kind: str, items: list) -> dict[str, Any]:
    return {
        "format": f"policy-timeline/{kind}",
        "version": FORMAT_VERSION,
        "site": {"name": options.site_name, "url": options.site_url},
        "updated": catalog_updated(catalog, options=options).isoformat(),
        kind: items,
    }


def _page(options: SiteOptions, path: str, anchor: str | None = None) -> dict[str, Any]:
    """Where a record is shown: its path from the site root and, if known, its full URL."""
    page = Urls(options).url(path) + (f"#{anchor}" if anchor else "")
    full = absolute_or_none(options, path)
    return {"page": page, "page_url": full + (f"#{anchor}" if anchor else "") if full else None}


def translations_data(options: SiteOptions, record: Translatable) -> dict[str, dict[str, str]]:
    """{language: {path: text}} of a record's translations into the site's other languages
    (languages it has no text in are left out); an event's `summary` comes with its
    `summary_text`, as in the English fields."""
    out = {}
    for language in other_languages(options):
        texts = translated_texts(record, language)
        if "summary" in texts and isinstance(record, Event):
            texts["summary_text"] = plain_text(texts["summary"])
        if texts:
            out[language] = dict(sorted(texts.items()))
    return out


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True) if model is not None else None


def event_data(catalog: Catalog, options: SiteOptions, event: Event) -> dict[str, Any]:
    """One event as data (the items of events.json)."""
    u = Urls(options)
    anchors = [catalog.source_entry(s.url).anchor for s in event.sources]
    return {
        "id": event.id,
        "title": event.title,
        **_page(options, u.event(event.id)),
        "kind": event.kind,
        "status": event.status,
        "state": catalog.state(event),
        "applies_to": event.applies_to,
        "date": date_fields(event.when),
        "end": date_fields(event.end),
        "display_date": display_range(event.when, event.end),
        "last_verified": date_fields(event.last_verified),
        "updated": event_updated(catalog, event).isoformat(),
        "threads": list(event.threads),
        "participants": [{"entity": p.entity, "role": p.role} for p in event.participants],
        "summary": event.summary,
        "summary_text": plain_text(event.summary),
        "citations": [
            {"number": i, "source": anchor, "url": s.url}
            for i, (anchor, s) in enumerate(zip(anchors, event.sources), start=1)
        ],
        "relations": [{"type": r.type, "event": r.event, "note": r.note} for r in event.relations],
        "schedule_history": [
            {"was": date_fields(h.was), "changed_by": h.changed_by, "note": h.note,
             "cite": list(h.cite or [])}
            for h in event.schedule_history
        ],
        "money": _dump(event.money),
        "votes": [_dump(v) for v in event.votes],
        "legal": _dump(event.legal),
        "disagreements": [_dump(d) for d in event.disagreements],
        "licence": event.licence,
        "weights": event.weights,
        "verification": event.verification,
        "caveat": event.caveat,
        "tags": list(event.tags),
        "file": catalog.files.get(event.id),
        "translations": translations_data(options, event),
    }


def events_json(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    return _envelope(catalog, options, "events",
                     [event_data(catalog, options, e) for e in catalog.events])


def entities_json(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    u = Urls(options)
    items = []
    for entity in catalog.entities.values():
        items.append({
            "id": entity.id,
            "name": entity.name,
            "short_name": entity.short_name,
            "type": entity.type,
            "description": entity.description,
            "country": entity.country,
            "url": entity.url,
            "wikidata": entity.wikidata,
            "legal": _dump(entity.legal),
            "part_of": entity.part_of,
            **_page(options, u.entity(entity.id)),
            "events": [{"event": e.id, "roles": list(roles)}
                       for e, roles in catalog.by_entity.get(entity.id, ())],
            "translations": translations_data(options, entity),
        })
    return _envelope(catalog, options, "entities", items)


def threads_json(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    u = Urls(options)
    items = []
    for thread in catalog.threads.values():
        items.append({
            "id": thread.id,
            "title": thread.title,
            "order": thread.order,
            "introduction": thread.introduction,
            **_page(options, u.thread(thread.id)),
            "events": [e.id for e in catalog.by_thread.get(thread.id, ())],
            "translations": translations_data(options, thread),
        })
    return _envelope(catalog, options, "threads", items)


def sources_json(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    """One item per source (normalised URL), with every citation of it."""
    u = Urls(options)
    citations: dict[str, list[dict[str, Any]]] = {s.key: [] for s in catalog.sources}
    for event in catalog.events:
        for number, s in enumerate(event.sources, start=1):
            entry = catalog.source_entry(s.url)
            citations[entry.key].append({
                "event": event.id,
                "number": number,
                "url": s.url,
                "accessed": date_fields(s.accessed),
                "via": s.via,
                "via_reason": s.via_reason,
                "archive_url": s.archive_url,
                "quote": s.quote,
                "note": s.note,
            })
    items = []
    for entry in catalog.sources:
        s = entry.source
        items.append({
            "id": entry.anchor,
            "url": s.url,
            "normalised_url": entry.key,
            "title": s.title,
            "title_recorded": s.title_recorded,
            "publisher": s.publisher,
            "kind": s.kind,
            "language": s.language,
            "published": date_fields(s.published),
            **_page(options, u.sources(), entry.anchor),
            "cited_by": list(entry.citing),
            "citations": citations[entry.key],
        })
    return _envelope(catalog, options, "sources", items)


# ---------------------------------------------------------------------------------------
# JSON Schemas of the downloads

_ID = {"type": "string", "pattern": SLUG_PATTERN}
_EVENT_ID = {"type": "string", "pattern": EVENT_ID_PATTERN}
_SOURCE_ID = {"type": "string", "pattern": r"^source-[0-9a-f]{10}$"}
_TEXT = {"type": "string"}
_OPT_TEXT = {"type": ["string", "null"]}
_DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_URL_OR_NULL = {"type": ["string", "null"], "format": "uri"}


def _obj(props: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    out = {"type": "object", "additionalProperties": False,
           "required": sorted(props), "properties": props}
    if description:
        out["description"] = description
    return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_PARTIAL_DATE = _obj({
    "iso": {"type": "string", "pattern": PATTERN_TEXT,
            "description": "YYYY, YYYY-MM or YYYY-MM-DD: as precise as the sources, no more."},
    "precision": {"enum": list(Precision.__args__)},
    "qualifier": {"enum": [*QUALIFIERS, None]},
    "display": {"type": "string", "description": "How the site shows it, e.g. 'c. 2023'."},
    "first_day": {**_DAY, "description": "First calendar day the written date covers."},
    "last_day": {**_DAY, "description": "Last calendar day the written date covers."},
}, "A date known to the year, the month or the day; first_day/last_day are bounds.")

_PAGE = {"page": {"type": "string", "description": "Path of the page from the site root."},
         "page_url": {**_URL_OR_NULL,
                      "description": "Full URL of the page; null when site_url is not set."}}


def _envelope_schema(kind: str, item: dict[str, Any], title: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DIALECT,
        "title": title,
        **_obj({
            "format": {"const": f"policy-timeline/{kind}"},
            "version": {"const": FORMAT_VERSION},
            "site": _obj({"name": _TEXT, "url": _URL_OR_NULL}),
            "updated": {**_DAY, "description": "Latest change of any record, from the data."},
            kind: {"type": "array", "items": {"$ref": "#/$defs/item"}},
        }),
        "$defs": {"partial_date": _PARTIAL_DATE, "item": item},
    }


_PD = {"$ref": "#/$defs/partial_date"}
_TRANSLATIONS = {
    "type": "object",
    "description": "The record's texts in other languages: {language code: {path: text}}."
    " A path is a field name (title, summary, summary_text, caveat, applies_to, name,"
    " short_name, description, introduction, money.note) or a list item's text by its"
    " 1-based number (sources.2.note, relations.1.note, schedule_history.1.note,"
    " disagreements.1.field, disagreements.1.note). Only translated texts are present;"
    " dates, amounts, identifiers and citations are shared with the English fields.",
    "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)?$"},
    "additionalProperties": {
        "type": "object",
        "propertyNames": {"pattern": r"^[a-z_]+(\.[0-9]+)?(\.[a-z_]+)?$"},
        "additionalProperties": {"type": "string"},
    },
}
_FREE = {"type": ["object", "null"], "description": "As in the record file (see event.schema.json)."}


def data_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `data/<kind>.json`."""
    if kind == "events":
        item = _obj({
            "id": _EVENT_ID, "title": _TEXT, **_PAGE,
            "kind": _TEXT, "status": {"enum": list(STATUSES)},
            "state": {"enum": [*STATUSES, OVERDUE],
                      "description": "What the site shows: the status, or overdue for a"
                      " scheduled or rescheduled deadline whose date has passed (Brussels"
                      " time, as of the build's today) with nobody confirming it yet."},
            "applies_to": {**_OPT_TEXT, "description": "For an application date: to whom or"
                           " what the rules apply, in a few words; null when not recorded."},
            "date": _PD, "end": _nullable(_PD), "display_date": _TEXT,
            "last_verified": _nullable(_PD), "updated": _DAY,
            "threads": {"type": "array", "items": _ID},
            "participants": {"type": "array", "items": _obj({"entity": _ID, "role": _TEXT})},
            "summary": {**_TEXT, "description": "Markdown as written, with [n] citation markers."},
            "summary_text": {**_TEXT, "description": "Plain text, without markers."},
            "citations": {"type": "array", "items": _obj({
                "number": {"type": "integer", "minimum": 1}, "source": _SOURCE_ID,
                "url": _TEXT})},
            "relations": {"type": "array", "items": _obj({
                "type": _TEXT, "event": _EVENT_ID, "note": _OPT_TEXT})},
            "schedule_history": {"type": "array", "items": _obj({
                "was": _PD, "changed_by": _nullable(_EVENT_ID), "note": _OPT_TEXT,
                "cite": {"type": "array", "items": {"type": "integer", "minimum": 1}}})},
            "money": _FREE, "votes": {"type": "array", "items": {"type": "object"}},
            "legal": _FREE, "disagreements": {"type": "array", "items": {"type": "object"}},
            "licence": _OPT_TEXT, "weights": {"enum": [*WEIGHTS, None]},
            "verification": {"enum": list(VERIFICATIONS)}, "caveat": _OPT_TEXT,
            "tags": {"type": "array", "items": _ID}, "file": _OPT_TEXT,
            "translations": _TRANSLATIONS,
        })
        return _envelope_schema(kind, item, "policy-timeline events.json")
    if kind == "entities":
        item = _obj({
            "id": _ID, "name": _TEXT, "short_name": _OPT_TEXT, "type": _TEXT,
            "description": _TEXT, "country": _OPT_TEXT, "url": _URL_OR_NULL,
            "wikidata": _OPT_TEXT, "legal": _FREE, "part_of": _nullable(_ID),
            **_PAGE,
            "events": {"type": "array", "items": _obj({
                "event": _EVENT_ID, "roles": {"type": "array", "items": _TEXT}})},
            "translations": _TRANSLATIONS,
        })
        return _envelope_schema(kind, item, "policy-timeline entities.json")
    if kind == "threads":
        item = _obj({
            "id": _ID, "title": _TEXT, "order": {"type": "integer"}, "introduction": _TEXT,
            **_PAGE, "events": {"type": "array", "items": _EVENT_ID},
            "translations": _TRANSLATIONS,
        })
        return _envelope_schema(kind, item, "policy-timeline threads.json")
    if kind == "sources":
        item = _obj({
            "id": _SOURCE_ID, "url": _TEXT, "normalised_url": _TEXT, "title": _OPT_TEXT,
            "title_recorded": {"type": "boolean"}, "publisher": _TEXT, "kind": _TEXT, "language": _TEXT,
            "published": _nullable(_PD), **_PAGE,
            "cited_by": {"type": "array", "items": _EVENT_ID, "minItems": 1},
            "citations": {"type": "array", "minItems": 1, "items": _obj({
                "event": _EVENT_ID, "number": {"type": "integer", "minimum": 1}, "url": _TEXT,
                "accessed": _nullable(_PD), "via": _OPT_TEXT, "via_reason": _OPT_TEXT,
                "archive_url": _OPT_TEXT,
                "quote": _OPT_TEXT, "note": _OPT_TEXT})},
        })
        return _envelope_schema(kind, item, "policy-timeline sources.json")
    raise ValueError(f"unknown data kind {kind!r}")


def schema_path(u: Urls, name: str) -> str:
    return u.data_file(f"schema/{name}.schema.json")


def export_json(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """events.json, entities.json, threads.json, sources.json and all the JSON Schemas."""
    u = Urls(options)
    builders = {"events": events_json, "entities": entities_json,
                "threads": threads_json, "sources": sources_json}
    files = {u.data_file(f"{k}.json"): dump_json(f(catalog, options), compact=True)
             for k, f in builders.items()}
    for kind in DATA_KINDS:
        files[schema_path(u, f"data-{kind}")] = dump_json(data_schema(kind))
    for kind in KINDS:
        files[schema_path(u, kind)] = schema_text(kind).encode("utf-8")
    return files
