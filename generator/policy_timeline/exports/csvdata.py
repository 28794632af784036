"""CSV tables of the records, each column typed once for both the CSV and its Table Schema.

A date known only to the year or month cannot be a Table Schema `date` (nor can one
column mix `year`, `yearmonth` and `date`). So each partial date is exported as:

- `<name>`: the date as written, a `string` with the pattern YYYY, YYYY-MM or YYYY-MM-DD;
- `<name>_precision`: `year`, `month` or `day`;
- `<name>_first_day` / `<name>_last_day`: typed `date` columns, the first and last calendar
  day the written date covers (bounds for filtering and sorting, never the date itself);
- for the event's own date, `date_qualifier`: `circa`, `before`, `after` or empty.

Lists become link tables with a `position` column (participants, relations, threads of an
event, reschedules, citations), tied to their parents by foreign keys in
`datapackage.json`. Text is UTF-8, comma-separated, LF line ends, quoted where needed.

Texts in other languages: after each translatable text column comes one column per other
language of the site (`tables(options)`): `title_fr`, `summary_fr`, `summary_text_fr`,
`description_fr`, `note_fr`... holding the record's translation, empty when it has none.

A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`,
a tab or a carriage return, after any spaces) is written with a `'` in front, as OWASP
advises against CSV injection; `FORMULA_NOTE` says so on the data page and in the package.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..catalog import OVERDUE, Catalog
from ..dates import PATTERN_TEXT, QUALIFIERS, PartialDate, Precision, display_range
from ..models import INSTRUMENTS, STATUSES, VALUATION_BASES, VERIFICATIONS, WEIGHTS
from ..obligations import obligations
from ..options import SiteOptions
from ..urls import Urls
from ..words import N_
from ..translations import translated_texts
from .common import absolute_or_none, event_updated, other_languages, plain_text

DATE_PATTERN = PATTERN_TEXT.removeprefix("^").removesuffix("$")  # Table Schema anchors it
FORMULA_NOTE = N_(
    "A text cell that begins with =, +, -, @, a tab or a carriage return (after any spaces)"
    " starts with an apostrophe ' in the CSV files, so that spreadsheets show it as text"
    " instead of running it as a formula (CSV injection); remove that first ' when you read"
    " the files with other tools. Numbers, dates and booleans are never changed, and the"
    " JSON files keep every text exactly as written."
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"
    description: str = ""
    required: bool = False
    constraints: dict[str, Any] = field(default_factory=dict)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.type == "date":
            out["format"] = "default"
        if self.description:
            out["description"] = self.description
        constraints = dict(self.constraints)
        if self.required:
            constraints["required"] = True
        if constraints:
            out["constraints"] = dict(sorted(constraints.items()))
        return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    rows: Callable[[Catalog, SiteOptions], Iterable[dict[str, Any]]] = lambda c, o: ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "fields": [c.schema() for c in self.columns],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            out["foreignKeys"] = [
                {"fields": list(local), "reference": {"resource": resource, "fields": list(remote)}}
                for local, resource, remote in self.foreign_keys
            ]
        out["missingValues"] = [""]
        return out


def _date_columns(name: str, label: str, *, required: bool = False, qualifier: bool = False
                  ) -> tuple[Column, ...]:
    cols = [
        Column(name, "string", f"{label} as written: YYYY, YYYY-MM or YYYY-MM-DD (the"
               " precision the sources support)", required, {"pattern": DATE_PATTERN}),
        Column(f"{name}_precision", "string", f"Precision of {name}", required,
               {"enum": list(Precision.__args__)}),
    ]
    if qualifier:
        cols.append(Column(f"{name}_qualifier", "string",
                           "circa, before or after when the sources are vague; empty if exact",
                           False, {"enum": list(QUALIFIERS)}))
    cols += [
        Column(f"{name}_first_day", "date", f"First calendar day {name} covers (a bound)", required),
        Column(f"{name}_last_day", "date", f"Last calendar day {name} covers (a bound)", required),
    ]
    return tuple(cols)


def _date_values(name: str, value: PartialDate | None, *, qualifier: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        name: value.iso() if value else None,
        f"{name}_precision": value.precision if value else None,
        f"{name}_first_day": value.first_day().isoformat() if value else None,
        f"{name}_last_day": value.last_day().isoformat() if value else None,
    }
    if qualifier:
        out[f"{name}_qualifier"] = value.qualifier if value else None
    return out


def _page_values(options: SiteOptions, path: str, anchor: str | None = None) -> dict[str, Any]:
    suffix = f"#{anchor}" if anchor else ""
    full = absolute_or_none(options, path)
    return {"page": Urls(options).url(path) + suffix, "page_url": full + suffix if full else None}


_PAGE_COLUMNS = (
    Column("page", "string", "Path of the record's page from the site root", True),
    Column("page_url", "string", "Full URL of the page; empty when the site URL is not set",
           constraints={"pattern": r"https?://.+"}),
)


def _number(value: int | float | None) -> Any:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else repr(float(value))


# ---------------------------------------------------------------------------------------
# Rows


def _event_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    u = Urls(options)
    for e in catalog.events:
        money = e.money
        yield {
            "id": e.id, "title": e.title, "kind": e.kind, "status": e.status,
            "state": catalog.state(e),
            **_date_values("date", e.when, qualifier=True),
            **_date_values("end", e.end),
            "display_date": display_range(e.when, e.end),
            **_date_values("last_verified", e.last_verified),
            "updated": event_updated(catalog, e).isoformat(),
            "threads": ";".join(e.threads),
            "summary": e.summary,
            "summary_text": plain_text(e.summary),
            "verification": e.verification,
            "caveat": e.caveat,
            "money_amount": _number(money.amount) if money else None,
            "money_currency": money.currency if money else None,
            "money_approximate": money.approximate if money else None,
            "money_at_least": money.at_least if money else None,
            "licence": e.licence,
            "weights": e.weights,
            "celex": e.legal.celex if e.legal else None,
            "procedure": e.legal.procedure if e.legal else None,
            **_page_values(options, u.event(e.id)),
            "file": catalog.files.get(e.id),
        }


def _entity_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    u = Urls(options)
    for x in catalog.entities.values():
        yield {
            "id": x.id, "name": x.name, "short_name": x.short_name, "type": x.type,
            "description": x.description, "country": x.country, "url": x.url,
            "wikidata": x.wikidata, "part_of": x.part_of,
            "celex": x.legal.celex if x.legal else None,
            "eli": x.legal.eli if x.legal else None,
            "event_count": len(catalog.by_entity.get(x.id, ())),
            **_page_values(options, u.entity(x.id)),
        }


def _thread_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    u = Urls(options)
    for t in catalog.threads.values():
        yield {"id": t.id, "title": t.title, "order": t.order, "introduction": t.introduction,
               "event_count": len(catalog.by_thread.get(t.id, ())),
               **_page_values(options, u.thread(t.id))}


def _event_thread_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, t in enumerate(e.threads, start=1):
            yield {"event_id": e.id, "position": i, "thread_id": t}


def _participant_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        items = [(p.entity, p.role, "participant") for p in e.participants]
        if e.money:
            items += [(x, "lead investor", "lead-investor") for x in e.money.lead_investors]
            items += [(x, "investor", "investor") for x in e.money.investors]
        for i, (entity, role, listed) in enumerate(items, start=1):
            yield {"event_id": e.id, "position": i, "entity_id": entity, "role": role,
                   "listed_as": listed}


def _relation_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, r in enumerate(e.relations, start=1):
            yield {"from_event": e.id, "position": i, "type": r.type, "to_event": r.event,
                   "note": r.note}


def _reschedule_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, h in enumerate(e.schedule_history, start=1):
            yield {"event_id": e.id, "position": i, **_date_values("was", h.was),
                   "changed_by": h.changed_by, "note": h.note,
                   "cite": ";".join(str(n) for n in h.cite or [])}


def _source_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    u = Urls(options)
    for entry in catalog.sources:
        s = entry.source
        yield {
            "id": entry.anchor, "url": s.url, "normalised_url": entry.key, "title": s.title,
            "title_recorded": s.title_recorded,
            "publisher": s.publisher, "kind": s.kind, "language": s.language,
            **_date_values("published", s.published),
            "cited_by_count": len(entry.citing),
            **_page_values(options, u.sources(), entry.anchor),
        }


def _citation_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for n, s in enumerate(e.sources, start=1):
            yield {"event_id": e.id, "number": n, "source_id": catalog.source_entry(s.url).anchor,
                   "url": s.url, **_date_values("accessed", s.accessed), "via": s.via,
                   "via_reason": s.via_reason,
                   "archive_url": s.archive_url, "quote": s.quote, "note": s.note}


# ---------------------------------------------------------------------------------------
# The tables

_EVENT_ID = Column("id", "string", "Event id: the record's file name without .yaml", True,
                   {"unique": True})

TABLES: tuple[Table, ...] = (
    Table(
        "events", "Events", N_("One row per event."),
        (
            _EVENT_ID,
            Column("title", "string", "What happened, in one line", True),
            Column("kind", "string", "Kind of event (proposal, funding-round, ...)", True),
            Column("status", "string", "happened, scheduled, rescheduled or cancelled", True,
                   {"enum": list(STATUSES)}),
            Column("state", "string", "What the site shows: the status, or overdue (a"
                   " deadline whose date has passed, not yet confirmed)", True,
                   {"enum": [*STATUSES, OVERDUE]}),
            *_date_columns("date", "The event's date", required=True, qualifier=True),
            *_date_columns("end", "Last day of a period, if the event spans one"),
            Column("display_date", "string", "The date as the site shows it, e.g. 'c. 2023'", True),
            *_date_columns("last_verified", "When a scheduled date was last checked"),
            Column("updated", "date", "Latest change of the record, derived from its dates"
                   " and its sources' dates", True),
            Column("threads", "string", "Thread ids separated by ';' (see event_threads.csv)"),
            Column("summary", "string", "Summary in Markdown, with [n] markers that are the"
                   " `number` of citations.csv", True),
            Column("summary_text", "string", "The summary as plain text, without markers", True),
            Column("verification", "string", "verified or partial", True,
                   {"enum": list(VERIFICATIONS)}),
            Column("caveat", "string", "What to read with care"),
            Column("money_amount", "number", "Amount as reported, in money_currency"),
            Column("money_currency", "string", "ISO 4217 code", constraints={"pattern": "[A-Z]{3}"}),
            Column("money_approximate", "boolean", "The amount is approximate"),
            Column("money_at_least", "boolean", "The amount is a minimum ('at least')"),
            Column("licence", "string", "Licence of a released product"),
            Column("weights", "string", "open, closed or mixed (model releases)",
                   constraints={"enum": list(WEIGHTS)}),
            Column("celex", "string", "EUR-Lex CELEX number of the act concerned"),
            Column("procedure", "string", "Legislative procedure reference"),
            *_PAGE_COLUMNS,
            Column("file", "string", "Path of the record file in the records folder"),
        ),
        ("id",),
        rows=_event_rows,
    ),
    Table(
        "entities", "Entities", N_("Organisations, people, institutions, laws and models."),
        (
            Column("id", "string", "Entity id", True, {"unique": True}),
            Column("name", "string", "Name", True),
            Column("short_name", "string", "Short name"),
            Column("type", "string", "company, institution, person, law, ...", True),
            Column("description", "string", "One paragraph", True),
            Column("country", "string", "ISO 3166 alpha-2 code or EU"),
            Column("url", "string", "Official website"),
            Column("wikidata", "string", "Wikidata item, e.g. Q123",
                   constraints={"pattern": r"Q\d+"}),
            Column("part_of", "string", "Id of the entity this one belongs to"),
            Column("celex", "string", "CELEX number (laws)"),
            Column("eli", "string", "European Legislation Identifier (laws)"),
            Column("event_count", "integer", "Number of events the entity takes part in", True),
            *_PAGE_COLUMNS,
        ),
        ("id",),
        ((("part_of",), "", ("id",)),),
        rows=_entity_rows,
    ),
    Table(
        "threads", "Threads", N_("Storylines that events belong to."),
        (
            Column("id", "string", "Thread id", True, {"unique": True}),
            Column("title", "string", "Title", True),
            Column("order", "integer", "Position among the threads", True),
            Column("introduction", "string", "Introduction in Markdown", True),
            Column("event_count", "integer", "Number of events in the thread", True),
            *_PAGE_COLUMNS,
        ),
        ("id",),
        rows=_thread_rows,
    ),
    Table(
        "event_threads", "Threads of each event", N_("One row per event and thread."),
        (
            Column("event_id", "string", "The event", True),
            Column("position", "integer", "Position in the event's thread list", True),
            Column("thread_id", "string", "The thread", True),
        ),
        ("event_id", "position"),
        ((("event_id",), "events", ("id",)), (("thread_id",), "threads", ("id",))),
        rows=_event_thread_rows,
    ),
    Table(
        "participants", "Participants", N_("Entities in each event, with the role on the link."
        " Investors named in an event's money details are included (listed_as)."),
        (
            Column("event_id", "string", "The event", True),
            Column("position", "integer", "Position in the event's list", True),
            Column("entity_id", "string", "The entity", True),
            Column("role", "string", "Role in this event", True),
            Column("listed_as", "string", "participant, lead-investor or investor", True,
                   {"enum": ["participant", "lead-investor", "investor"]}),
        ),
        ("event_id", "position"),
        ((("event_id",), "events", ("id",)), (("entity_id",), "entities", ("id",))),
        rows=_participant_rows,
    ),
    Table(
        "relations", "Relations", N_("Typed links between events (from_event <type> to_event)."),
        (
            Column("from_event", "string", "The event whose record states the relation", True),
            Column("position", "integer", "Position in that record's list", True),
            Column("type", "string", "follows, responds-to, amends, implements, ...", True),
            Column("to_event", "string", "The other event", True),
            Column("note", "string", "Note"),
        ),
        ("from_event", "position"),
        ((("from_event",), "events", ("id",)), (("to_event",), "events", ("id",))),
        rows=_relation_rows,
    ),
    Table(
        "reschedules", "Reschedules", N_("Earlier dates of deadlines and the events that moved"
        " them (an event's schedule_history)."),
        (
            Column("event_id", "string", "The deadline", True),
            Column("position", "integer", "Position in its schedule history (oldest first)", True),
            *_date_columns("was", "The date the deadline had before", required=True),
            Column("changed_by", "string", "The event that moved the deadline"),
            Column("note", "string", "Note"),
            Column("cite", "string", "Numbers of the deadline's citations, separated by ';'"),
        ),
        ("event_id", "position"),
        ((("event_id",), "events", ("id",)), (("changed_by",), "events", ("id",))),
        rows=_reschedule_rows,
    ),
    Table(
        "sources", "Sources", N_("One row per cited page (deduplicated by normalised URL)."),
        (
            Column("id", "string", "Stable source id, derived from the normalised URL", True,
                   {"unique": True, "pattern": "source-[0-9a-f]{10}"}),
            Column("url", "string", "The page, as first cited", True),
            Column("normalised_url", "string", "The key sources are deduplicated by", True),
            Column("title", "string", "The page's own title; empty when it was not recorded"),
            Column("title_recorded", "boolean", "false when the title is not recorded (never"
                   " invented)", True),
            Column("publisher", "string", "Original outlet or author", True),
            Column("kind", "string", "official, company, press, analysis, advocacy, reference",
                   True),
            Column("language", "string", "ISO 639-1 code", True),
            *_date_columns("published", "Publication date"),
            Column("cited_by_count", "integer", "Number of events citing it", True),
            *_PAGE_COLUMNS,
        ),
        ("id",),
        rows=_source_rows,
    ),
    Table(
        "citations", "Citations", N_("Each source of each event, numbered as the [n] markers"
        " in its summary."),
        (
            Column("event_id", "string", "The citing event", True),
            Column("number", "integer", "The marker number [n] in the event's summary", True),
            Column("source_id", "string", "The source (sources.csv)", True),
            Column("url", "string", "The URL as this event cites it", True),
            *_date_columns("accessed", "When this event's author read the page"),
            Column("via", "string", "Site a copy was read on"),
            Column("via_reason", "string", "Why that copy is cited rather than the original"),
            Column("archive_url", "string", "Archived copy"),
            Column("quote", "string", "Short quote"),
            Column("note", "string", "What the source supports here"),
        ),
        ("event_id", "number"),
        ((("event_id",), "events", ("id",)), (("source_id",), "sources", ("id",))),
        rows=_citation_rows,
    ),
)


# ---------------------------------------------------------------------------------------
# Details of events that have a list or an object of their own in events.json: money
# (instrument, valuation), votes, disagreements with each claim, legal references and
# articles, tags. Each is a table tied to events.csv by a foreign key.


def _money_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        m = e.money
        if m is None:
            continue
        v = m.valuation
        yield {"event_id": e.id, "amount": _number(m.amount), "currency": m.currency,
               "approximate": m.approximate, "at_least": m.at_least, "instrument": m.instrument,
               "valuation_amount": _number(v.amount) if v else None,
               "valuation_currency": v.currency if v else None,
               "valuation_basis": v.basis if v else None,
               "valuation_approximate": v.approximate if v else None,
               "note": m.note}


def _vote_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, v in enumerate(e.votes, start=1):
            yield {"event_id": e.id, "position": i, "body": v.body, "for": v.for_,
                   "against": v.against, "abstentions": v.abstentions}


def _disagreement_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, d in enumerate(e.disagreements, start=1):
            yield {"event_id": e.id, "position": i, "field": d.field, "note": d.note,
                   "claim_count": len(d.values)}


def _claim_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, d in enumerate(e.disagreements, start=1):
            for j, claim in enumerate(d.values, start=1):
                yield {"event_id": e.id, "disagreement": i, "position": j, "value": claim.value,
                       "cite": ";".join(str(n) for n in claim.cite)}


def _legal_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        x = e.legal
        if x is None:
            continue
        yield {"event_id": e.id, "celex": x.celex, "eli": x.eli, "procedure": x.procedure,
               "com": x.com, "oj": x.oj, "version": x.version,
               "article_count": len(x.articles)}


def _article_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, article in enumerate(e.legal.articles if e.legal else [], start=1):
            yield {"event_id": e.id, "position": i, "article": article}


def _tag_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    for e in catalog.events:
        for i, tag in enumerate(e.tags, start=1):
            yield {"event_id": e.id, "position": i, "tag": tag}


def _obligation_rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
    """What applies when: one row per dated obligation (`policy_timeline.obligations`)."""
    u = Urls(options)
    for ob in obligations(catalog):
        e = ob.event
        yield {
            "event_id": e.id, "title": e.title, "applies_to": e.applies_to,
            **_date_values("original_date", ob.original),
            **_date_values("current_date", ob.current),
            "moved_by": ";".join(m.by.id for m in ob.moves if m.by) or None,
            "kept_through": ";".join(k.id for k in ob.kept) or None,
            "status": e.status, "state": ob.state,
            "threads": ";".join(e.threads),
            "sources": ";".join(s.url for s in e.sources),
            **_page_values(options, u.event(e.id)),
        }


_TO_EVENT = ((("event_id",), "events", ("id",)),)
_CITE = Column("cite", "string", "Numbers of the event's citations (citations.csv `number`),"
               " separated by ';'", constraints={"pattern": r"\d+(;\d+)*"})

DETAIL_TABLES: tuple[Table, ...] = (
    Table(
        "money", "Money", N_("Amounts of funding rounds, investments and contracts, as"
        " reported: instrument and valuation included. One row per event with money."),
        (
            Column("event_id", "string", "The event", True, {"unique": True}),
            Column("amount", "number", "Amount as reported, in currency", True),
            Column("currency", "string", "ISO 4217 code", True, {"pattern": "[A-Z]{3}"}),
            Column("approximate", "boolean", "The amount is approximate", True),
            Column("at_least", "boolean", "The amount is a minimum ('at least')", True),
            Column("instrument", "string", "equity, debt, convertible, equity-and-debt, grant"
                   " or other; empty when the sources do not say",
                   constraints={"enum": list(INSTRUMENTS)}),
            Column("valuation_amount", "number", "Valuation as reported, in valuation_currency"),
            Column("valuation_currency", "string", "ISO 4217 code",
                   constraints={"pattern": "[A-Z]{3}"}),
            Column("valuation_basis", "string", "pre-money, post-money or unspecified",
                   constraints={"enum": list(VALUATION_BASES)}),
            Column("valuation_approximate", "boolean", "The valuation is approximate"),
            Column("note", "string", "Note"),
        ),
        ("event_id",), _TO_EVENT, rows=_money_rows,
    ),
    Table(
        "votes", "Votes", N_("Recorded votes of each event (a plenary, a committee, the Council)."),
        (
            Column("event_id", "string", "The event", True),
            Column("position", "integer", "Position in the event's list of votes", True),
            Column("body", "string", "Who voted", True),
            Column("for", "integer", "Votes for", True, {"minimum": 0}),
            Column("against", "integer", "Votes against", True, {"minimum": 0}),
            Column("abstentions", "integer", "Abstentions; empty when not reported",
                   constraints={"minimum": 0}),
        ),
        ("event_id", "position"), _TO_EVENT, rows=_vote_rows,
    ),
    Table(
        "disagreements", "Disagreements", N_("Points on which an event's sources disagree"
        " (the claims are in disagreement_claims.csv)."),
        (
            Column("event_id", "string", "The event", True),
            Column("position", "integer", "Position in the event's list of disagreements", True),
            Column("field", "string", "What the sources disagree on, e.g. date, money.amount",
                   True),
            Column("note", "string", "Note"),
            Column("claim_count", "integer", "Number of claims", True),
        ),
        ("event_id", "position"), _TO_EVENT, rows=_disagreement_rows,
    ),
    Table(
        "disagreement_claims", "Claims of disagreements", N_("Each value a source gives in a"
        " disagreement, with the citations that give it."),
        (
            Column("event_id", "string", "The event", True),
            Column("disagreement", "integer", "The disagreement (its position in"
                   " disagreements.csv)", True),
            Column("position", "integer", "Position of the claim", True),
            Column("value", "string", "The value this source gives", True),
            Column(_CITE.name, _CITE.type, _CITE.description, True, _CITE.constraints),
        ),
        ("event_id", "disagreement", "position"),
        (*_TO_EVENT, (("event_id", "disagreement"), "disagreements", ("event_id", "position"))),
        rows=_claim_rows,
    ),
    Table(
        "legal_references", "Legal references", N_("Official identifiers of the act or"
        " document an event concerns (the articles are in legal_articles.csv)."),
        (
            Column("event_id", "string", "The event", True, {"unique": True}),
            Column("celex", "string", "EUR-Lex CELEX number"),
            Column("eli", "string", "European Legislation Identifier URI"),
            Column("procedure", "string", "Procedure reference, e.g. 2021/0106(COD)"),
            Column("com", "string", "Commission document number, e.g. COM(2021) 206 final"),
            Column("oj", "string", "Official Journal reference"),
            Column("version", "string", "The text version the article numbers refer to"),
            Column("article_count", "integer", "Number of articles listed", True),
        ),
        ("event_id",), _TO_EVENT, rows=_legal_rows,
    ),
    Table(
        "legal_articles", "Legal articles", N_("Articles of the act an event concerns, in the"
        " record's order."),
        (
            Column("event_id", "string", "The event", True),
            Column("position", "integer", "Position in the event's list of articles", True),
            Column("article", "string", "The article, as written (e.g. Art. 5)", True),
        ),
        ("event_id", "position"),
        ((("event_id",), "legal_references", ("event_id",)),),
        rows=_article_rows,
    ),
    Table(
        "obligations", "What applies when", N_("Every dated obligation (events of kind"
        " application-date): what applies, to whom, the date first set, the current date,"
        " what moved it or what it kept its date through, its state and its sources."),
        (
            Column("event_id", "string", "The event (its title says what applies)", True,
                   {"unique": True}),
            Column("title", "string", "What applies, in one line", True),
            Column("applies_to", "string", "To whom or what it applies, in a few words; empty"
                   " when not recorded"),
            *_date_columns("original_date", "The date first set (before any move)",
                           required=True),
            *_date_columns("current_date", "The current date", required=True),
            Column("moved_by", "string", "Ids of the events that moved the date, oldest"
                   " first, separated by ';'; empty when it never moved"),
            Column("kept_through", "string", "For a date that never moved: ids of amending"
                   " acts (events that moved other deadlines) of a shared thread that came"
                   " before it and left it in place, separated by ';'"),
            Column("status", "string", "happened, scheduled, rescheduled or cancelled", True,
                   {"enum": list(STATUSES)}),
            Column("state", "string", "What the site shows: the status, or overdue (date"
                   " passed, not yet confirmed)", True,
                   {"enum": [*STATUSES, OVERDUE]}),
            Column("threads", "string", "Thread ids separated by ';'"),
            Column("sources", "string", "URLs of the event's sources, in citation order,"
                   " separated by ';' (details in citations.csv)", True),
            *_PAGE_COLUMNS,
        ),
        ("event_id",), _TO_EVENT, rows=_obligation_rows,
    ),
    Table(
        "event_tags", "Tags of each event", N_("One row per event and tag."),
        (
            Column("event_id", "string", "The event", True),
            Column("position", "integer", "Position in the event's tag list", True),
            Column("tag", "string", "The tag", True),
        ),
        ("event_id", "position"), _TO_EVENT, rows=_tag_rows,
    ),
)
TABLES = (*TABLES, *DETAIL_TABLES)


# ---------------------------------------------------------------------------------------
# Writing: formula injection neutralised (OWASP "CSV Injection")

# A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that starts with one of
# these as a formula: `=HYPERLINK(...)` in a title would leak data when clicked. Some
# trim leading spaces first, and some read the fullwidth forms as the ASCII ones.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def neutralise(value: str) -> str:
    """A text cell a spreadsheet would execute, made text: a `'` before it (OWASP).

    Only for text columns: numbers, dates and booleans are written as they are typed.
    """
    if value and (value[0] in FORMULA_START or value.lstrip()[:1] in FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_csv(table: Table, catalog: Catalog, options: SiteOptions) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    names = [c.name for c in table.columns]
    text = [c.type == "string" for c in table.columns]
    writer.writerow(names)
    for row in table.rows(catalog, options):
        missing = set(names) ^ set(row)
        if missing:  # a programming error: columns and rows must agree
            raise AssertionError(f"{table.name}: columns and row differ: {sorted(missing)}")
        writer.writerow([neutralise(_cell(row[n])) if t else _cell(row[n])
                         for n, t in zip(names, text)])
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------------
# Texts in other languages: a column per language after each translatable text column

# table -> (the row's record and the translation path of each text column, from a row)
_TRANSLATED: dict[str, Callable[[Catalog, dict[str, Any]], tuple[Any, dict[str, str]]]] = {
    "events": lambda c, r: (c.by_id[r["id"]], {"title": "title", "summary": "summary",
                                               "summary_text": "summary", "caveat": "caveat"}),
    "entities": lambda c, r: (c.entities[r["id"]], {
        "name": "name", "short_name": "short_name", "description": "description"}),
    "threads": lambda c, r: (c.threads[r["id"]], {"title": "title", "introduction": "introduction"}),
    "relations": lambda c, r: (c.by_id[r["from_event"]], {"note": f"relations.{r['position']}.note"}),
    "reschedules": lambda c, r: (c.by_id[r["event_id"]],
                                 {"note": f"schedule_history.{r['position']}.note"}),
    "citations": lambda c, r: (c.by_id[r["event_id"]], {"note": f"sources.{r['number']}.note"}),
}


def _localized(table: Table, languages: list[str]) -> Table:
    """`table` with a `<column>_<lang>` column after each translatable text column."""
    find = _TRANSLATED.get(table.name)
    if find is None or not languages:
        return table
    probe = {"title", "summary", "summary_text", "caveat", "name", "short_name", "description",
             "introduction", "note"}
    columns: list[Column] = []
    texts: list[str] = []
    for column in table.columns:
        columns.append(column)
        if column.name in probe:
            texts.append(column.name)
            columns += [Column(f"{column.name}_{lang}", "string",
                               f"{column.description} (in {lang}: the record's translation;"
                               " empty when it has none)") for lang in languages]
    base_rows = table.rows

    def rows(catalog: Catalog, options: SiteOptions) -> Iterable[dict[str, Any]]:
        for row in base_rows(catalog, options):
            record, paths = find(catalog, row)
            for lang in languages:
                found = translated_texts(record, lang)
                for name in texts:
                    value = found.get(paths[name])
                    if name == "summary_text" and value is not None:
                        value = plain_text(value)
                    row[f"{name}_{lang}"] = value
            yield row

    return Table(table.name, table.title, table.description, tuple(columns), table.primary_key,
                 table.foreign_keys, rows)


def tables(options: SiteOptions) -> tuple[Table, ...]:
    """The tables of this site: `TABLES` with the columns of its other languages."""
    languages = other_languages(options)
    return tuple(_localized(t, languages) for t in TABLES)


def export_csv(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """Every table as data/<name>.csv."""
    u = Urls(options)
    return {u.data_file(t.file): table_csv(t, catalog, options) for t in tables(options)}
