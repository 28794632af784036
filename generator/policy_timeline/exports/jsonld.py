"""schema.org JSON-LD for event pages (`Event`) and entity pages (`Legislation` for laws,
`Organization`, `Person`... for the rest).

Decisions (documented on the data page):
- `startDate`/`endDate` are the ISO text as precise as the record: "2023", "2023-04" or
  "2023-04-12" (ISO 8601 reduced precision), never a made-up day.
- `eventStatus`: scheduled and happened -> EventScheduled (schema.org's status for an
  event that takes or took place as planned; there is no "happened" status),
  rescheduled -> EventRescheduled with every earlier date in `previousStartDate`,
  cancelled -> EventCancelled. A deadline whose date has passed unconfirmed (`overdue`)
  keeps its record's status (schema.org has no "date passed, not confirmed" status, and
  the event was scheduled, so EventScheduled/EventRescheduled stays true); its
  `description` starts with "Date passed, not yet confirmed (as of YYYY-MM-DD)." so that
  search engines and other readers of the data are warned.
- Participants: schema.org has no role-carrying "participant" on Event, so each
  organisation or person is a `contributor` wrapped in a schema.org `Role` whose
  `roleName` is the record's role; investors named in the money details are `funder`s;
  laws, models and countries the event is about are listed under `about`.
- Sources: schema.org defines `citation` on creative works only, so the sources are
  given as `subjectOf` (CreativeWork items with url, name, publisher, datePublished).
- `description` is the summary as plain text, without citation markers.
- Language: the page's (`language`, by default the tree's `options.language`): an Event
  says `inLanguage`; names, descriptions, roles and thread keywords are that language's
  texts (English where a record has no translation).
"""

from __future__ import annotations

import gettext
from typing import Any

from ..catalog import OVERDUE, Catalog
from ..models import Entity, Event, Source
from ..options import SiteOptions
from ..urls import Urls
from .common import (
    CELEX_URL,
    WIKIDATA_URL,
    absolute_or_none,
    page_language,
    page_link,
    plain_text,
    record_text,
    translator,
)

CONTEXT = "https://schema.org"
EVENT_STATUS = {
    "happened": "https://schema.org/EventScheduled",
    "scheduled": "https://schema.org/EventScheduled",
    "rescheduled": "https://schema.org/EventRescheduled",
    "cancelled": "https://schema.org/EventCancelled",
}
ENTITY_TYPES = {
    "company": "Organization",
    "investor": "Organization",
    "institution": "GovernmentOrganization",
    "government": "GovernmentOrganization",
    "organisation": "Organization",
    "political-group": "Organization",
    "person": "Person",
    "law": "Legislation",
    "model": "SoftwareApplication",
    "country": "Country",
}
AGENTS = ("Organization", "GovernmentOrganization", "Person")
CELEX_TYPES = {"R": "Regulation", "L": "Directive", "D": "Decision"}


def _with_id(options: SiteOptions, path: str, fragment: str) -> dict[str, str]:
    absolute = absolute_or_none(options, path)
    return {"@id": f"{absolute}#{fragment}"} if absolute else {}


def _same_as(entity: Entity) -> list[str]:
    out = []
    if entity.legal and entity.legal.eli:
        out.append(entity.legal.eli)
    if entity.legal and entity.legal.celex:
        out.append(CELEX_URL.format(entity.legal.celex))
    if entity.wikidata:
        out.append(WIKIDATA_URL.format(entity.wikidata))
    return out


def entity_ref(options: SiteOptions, from_path: str, entity: Entity,
               language: str = "en") -> dict[str, Any]:
    """A short node naming an entity (inside an Event)."""
    u = Urls(options)
    node: dict[str, Any] = {"@type": ENTITY_TYPES.get(entity.type, "Thing"),
                            **_with_id(options, u.entity(entity.id), "entity"),
                            "name": record_text(entity, "name", language),
                            "url": page_link(options, from_path, u.entity(entity.id))}
    same = _same_as(entity) + ([entity.url] if entity.url else [])
    if same:
        node["sameAs"] = same
    return node


def creative_work(source: Source) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "CreativeWork", "url": source.url,
                            "publisher": {"@type": "Organization", "name": source.publisher},
                            "inLanguage": source.language}
    if source.title is not None:  # a title not recorded is left out, never made up
        node["name"] = source.title
    if source.published is not None:
        node["datePublished"] = source.published.iso()
    if source.archive_url:
        node["archivedAt"] = source.archive_url
    return node


def _description(catalog: Catalog, event: Event, language: str = "en",
                 tr: gettext.NullTranslations | None = None) -> str:
    _ = (tr or gettext.NullTranslations()).gettext
    text = plain_text(record_text(event, "summary", language))
    if catalog.state(event) == OVERDUE and catalog.today is not None:
        text = _("Date passed, not yet confirmed (as of %(day)s): no source confirming this"
                 " %(status)s deadline has been recorded.") % {
                     "day": catalog.today.isoformat(), "status": _(event.status)} + f" {text}"
    return text


def event_jsonld(catalog: Catalog, options: SiteOptions, event: Event,
                 language: str | None = None) -> dict[str, Any]:
    """The Event node of an event's page in `language` (default: the tree's)."""
    u = Urls(options)
    language = language or page_language(options)
    tr = translator(options, language)
    path = u.event(event.id)
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        **_with_id(options, path, "event"),
        "identifier": event.id,
        "name": record_text(event, "title", language),
        "description": _description(catalog, event, language, tr),
        "inLanguage": language,
        "url": page_link(options, path, path),
        "startDate": event.date.iso(),
    }
    if event.end is not None:
        node["endDate"] = event.end.iso()
    node["eventStatus"] = EVENT_STATUS[event.status]
    if event.schedule_history:
        node["previousStartDate"] = [h.was.iso() for h in event.schedule_history]
    contributors, about = [], []
    for p in event.participants:
        entity = catalog.entities.get(p.entity)
        if entity is None:
            continue
        ref = entity_ref(options, path, entity, language)
        if ref["@type"] in AGENTS:
            contributors.append({"@type": "Role", "roleName": tr.gettext(p.role),
                                 "contributor": ref})
        else:
            about.append(ref)
    if contributors:
        node["contributor"] = contributors
    if event.money:
        funders = [catalog.entities[x] for x in
                   dict.fromkeys(event.money.lead_investors + event.money.investors)
                   if x in catalog.entities]
        if funders:
            node["funder"] = [entity_ref(options, path, f, language) for f in funders]
    if about:
        node["about"] = about
    threads = [record_text(catalog.threads[t], "title", language)
               for t in event.threads if t in catalog.threads]
    if threads:
        node["keywords"] = threads
    node["subjectOf"] = [creative_work(s) for s in event.sources]
    return node


def _first_event(catalog: Catalog, entity_id: str, kind: str) -> Event | None:
    for event, _ in catalog.by_entity.get(entity_id, ()):
        if event.kind == kind and event.status == "happened" and event.date.precision == "day":
            return event
    return None


def entity_jsonld(catalog: Catalog, options: SiteOptions, entity: Entity,
                  language: str | None = None) -> dict[str, Any]:
    """The node of an entity's page in `language` (default: the tree's)."""
    u = Urls(options)
    language = language or page_language(options)
    path = u.entity(entity.id)
    kind = ENTITY_TYPES.get(entity.type, "Thing")
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": kind,
        **_with_id(options, path, "entity"),
        "identifier": entity.id,
        "name": record_text(entity, "name", language),
    }
    if entity.short_name:
        node["alternateName"] = record_text(entity, "short_name", language)
    node["description"] = record_text(entity, "description", language)
    node["url"] = page_link(options, path, path)
    same = _same_as(entity) + ([entity.url] if entity.url else [])
    if same:
        node["sameAs"] = same
    if kind == "Legislation":
        legal = entity.legal
        ids = [x for x in (legal.celex, legal.eli, legal.procedure, legal.com) if x] if legal else []
        if ids:
            node["legislationIdentifier"] = ids[0] if len(ids) == 1 else ids
        if legal and legal.celex and len(legal.celex) > 5 and legal.celex[0] == "3":
            kind_letter = legal.celex[5:6]
            if kind_letter in CELEX_TYPES:
                node["legislationType"] = CELEX_TYPES[kind_letter]
        if entity.country:
            node["legislationJurisdiction"] = entity.country
        adopted = _first_event(catalog, entity.id, "adoption")
        if adopted is not None:
            node["legislationDate"] = adopted.date.iso()
        published = _first_event(catalog, entity.id, "publication")
        if published is not None:
            node["datePublished"] = published.date.iso()
    elif entity.country and kind in ("Organization", "GovernmentOrganization"):
        node["areaServed"] = entity.country
    if entity.part_of and entity.part_of in catalog.entities and kind in AGENTS:
        parent = entity_ref(options, path, catalog.entities[entity.part_of], language)
        node["parentOrganization" if kind != "Person" else "affiliation"] = parent
    return node
