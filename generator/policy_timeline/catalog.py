"""The validated whole: indexes, cross-file rules and derived facts (backlinks, neighbours).

Built once from loaded records; immutable afterwards. Everything that spans files lives
here: unknown references, duplicate ids, one source per normalised URL, relation cycles,
and what depends on "today" (which deadlines have passed). Today is always passed in:
the catalog never reads the clock (`policy_timeline.clock` decides what today is).
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import hashlib
import os
import posixpath
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterator, Mapping
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from .errors import Problem, RecordsInvalid
from .loader import Document, Loaded, format_loc, load_folder
from .markup import relative_links
from .models import MONEY_KINDS, Entity, Event, Legal, Settings, Source, Thread
from .words import N_

# Relations with a direction: a cycle in one of these is a mistake.
DIRECTED = ("follows", "responds-to", "amends", "implements", "reschedules", "part-of",
            "announces", "closes")

# How a relation reads from the other side (the backlink).
INVERSE = {
    "follows": N_("followed by"),
    "responds-to": N_("prompted"),
    "amends": N_("amended by"),
    "implements": N_("implemented by"),
    "reschedules": N_("rescheduled by"),
    "part-of": N_("includes"),
    "same-day-as": N_("same day as"),
    "announces": N_("announced by"),
    "closes": N_("closed by"),
    "see-also": N_("see also"),
}

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")

# How a relation reads from its own side (catalog message ids, like INVERSE's).
FORWARD = {
    "follows": N_("follows"),
    "responds-to": N_("responds to"),
    "amends": N_("amends"),
    "implements": N_("implements"),
    "reschedules": N_("reschedules"),
    "part-of": N_("part of"),
    "same-day-as": N_("same day as"),
    "announces": N_("announces"),
    "closes": N_("closes"),
    "see-also": N_("see also"),
}

# How an event that does not name a law still concerns it (see `legal_reach`).
LEGAL_ROLE = N_("the act concerned")
REACHING_RELATIONS = {"amends": N_("an amendment"), "implements": N_("an implementing measure")}
_LEGAL_LABELS = (("celex", "CELEX"), ("eli", "ELI"), ("procedure", "procedure"), ("com", "COM"))


@lru_cache(maxsize=1 << 16)  # called for every citation by several rules and pages
def normalise_url(url: str) -> str:
    """One key per page: scheme, `www.`, default port, fragment and tracking dropped."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    )
    key = f"//{host}{':' + str(port) if port else ''}{path}"
    return key + ("?" + urlencode(query) if query else "")


def source_anchor(key: str) -> str:
    """A stable HTML id for a source, derived from its normalised URL."""
    return "source-" + hashlib.sha256(key.encode()).hexdigest()[:10]


def event_sort_key(event: Event) -> tuple[object, ...]:
    return (event.when.sort_key(), event.id)


DEADLINE_STATUSES = ("scheduled", "rescheduled")
"""Statuses of a deadline still waiting for its date."""
OVERDUE = "overdue"
"""The derived state of a deadline whose date has passed with no one confirming it."""
DEADLINE_KINDS = ("application-date", "entry-into-force")
"""Kinds of events whose date is set in advance (by law): deadlines even once happened."""


def is_overdue(event: Event, today: dt.date | None) -> bool:
    """Scheduled or rescheduled, and its last possible day (of `end`, if any) is before today.

    A partial date is overdue only once every day it could mean has passed ("December
    2026" on 1 January 2027); a circa or "after" date never surely has.
    """
    if today is None or event.status not in DEADLINE_STATUSES:
        return False
    return (event.end or event.when).is_before(today)


def is_deadline(event: Event) -> bool:
    """A date announced in advance: still to come, cancelled, or one that happened.

    A deadline that happened stays a deadline (calendars keep it, confirmed): the kind
    says so (a date of application, an entry into force), or the record still carries
    what deadlines carry (a `last_verified` date, a schedule history).
    """
    return (event.status != "happened" or event.kind in DEADLINE_KINDS
            or event.last_verified is not None or bool(event.schedule_history))


@dataclass(frozen=True)
class SourceEntry:
    """One source, however many events cite it."""

    key: str
    anchor: str
    source: Source
    citing: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """A relation seen from one event: its label, the other event and the direction."""

    type: str
    label: str
    other: str
    outgoing: bool
    note: str | None = None


@dataclass(frozen=True)
class Catalog:
    """Every valid record, sorted, with the indexes pages and exports need."""

    events: tuple[Event, ...]
    entities: Mapping[str, Entity]
    threads: Mapping[str, Thread]
    files: Mapping[str, str]
    sources: tuple[SourceEntry, ...]
    warnings: tuple[Problem, ...] = ()
    today: dt.date | None = None
    """The day the catalog was checked for (decides `overdue`); None: no day, none overdue."""
    settings: Settings = field(default_factory=Settings)
    by_id: Mapping[str, Event] = field(init=False)
    by_entity: Mapping[str, tuple[tuple[Event, tuple[str, ...]], ...]] = field(init=False)
    by_thread: Mapping[str, tuple[Event, ...]] = field(init=False)
    by_year: Mapping[int, tuple[Event, ...]] = field(init=False)
    links: Mapping[str, tuple[Link, ...]] = field(init=False)
    moved: Mapping[str, tuple[str, ...]] = field(init=False)
    source_by_key: Mapping[str, SourceEntry] = field(init=False)
    thread_position: Mapping[tuple[str, str], int] = field(init=False)
    members: Mapping[str, tuple[str, ...]] = field(init=False)
    overdue_ids: frozenset[str] = field(init=False)
    """Deadlines whose date has passed as of `today` without anyone confirming them."""
    laws: LawIndex = field(init=False)

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "overdue_ids", frozenset(e.id for e in self.events if is_overdue(e, self.today)))
        put(self, "by_id", MappingProxyType({e.id: e for e in self.events}))
        put(self, "laws", LawIndex(self.entities))
        by_entity: dict[str, list[tuple[Event, tuple[str, ...]]]] = defaultdict(list)
        by_thread: dict[str, list[Event]] = defaultdict(list)
        by_year: dict[int, list[Event]] = defaultdict(list)
        links: dict[str, list[Link]] = defaultdict(list)
        moved: dict[str, list[str]] = defaultdict(list)
        for event in self.events:
            roles: dict[str, list[str]] = defaultdict(list)
            for p in event.participants:
                roles[p.entity].append(p.role)
            if event.money:
                for e in event.money.lead_investors:
                    roles[e].append(N_("lead investor"))
                for e in event.money.investors:
                    roles[e].append(N_("investor"))
            for entity_id, names in self.laws.reach(event, self.by_id).items():
                roles[entity_id] += names
            for entity_id, names in roles.items():
                by_entity[entity_id].append((event, tuple(dict.fromkeys(names))))
            for thread in event.threads:
                by_thread[thread].append(event)
            by_year[event.date.year].append(event)
            for r in event.relations:
                links[event.id].append(Link(r.type, FORWARD[r.type], r.event, True, r.note))
                links[r.event].append(Link(r.type, INVERSE[r.type], event.id, False, r.note))
            for h in event.schedule_history:
                if h.changed_by:
                    moved[h.changed_by].append(event.id)
        order = {e.id: i for i, e in enumerate(self.events)}
        put(self, "by_entity", MappingProxyType({k: tuple(v) for k, v in sorted(by_entity.items())}))
        put(self, "by_thread", MappingProxyType({k: tuple(by_thread.get(k, ())) for k in self.threads}))
        put(self, "by_year", MappingProxyType({k: tuple(v) for k, v in sorted(by_year.items())}))
        put(self, "links", MappingProxyType({
            k: tuple(sorted(set(v), key=lambda link: (order.get(link.other, 0), link.type, not link.outgoing)))
            for k, v in sorted(links.items())
        }))
        put(self, "moved", MappingProxyType({k: tuple(sorted(set(v), key=order.get)) for k, v in sorted(moved.items())}))
        put(self, "source_by_key", MappingProxyType({s.key: s for s in self.sources}))
        members: dict[str, list[str]] = defaultdict(list)
        for entity in self.entities.values():
            if entity.part_of:
                members[entity.part_of].append(entity.id)
        put(self, "members", MappingProxyType({k: tuple(sorted(v)) for k, v in sorted(members.items())}))
        put(self, "thread_position", MappingProxyType({
            (thread, e.id): i for thread, events in self.by_thread.items() for i, e in enumerate(events)
        }))

    # -- derived facts ----------------------------------------------------------------

    def source_entry(self, url: str) -> SourceEntry:
        return self.source_by_key[normalise_url(url)]

    def neighbours(self, event_id: str, thread: str) -> tuple[Event | None, Event | None]:
        """The previous and next event in a thread."""
        events = self.by_thread.get(thread, ())
        i = self.thread_position[(thread, event_id)]
        return (events[i - 1] if i > 0 else None, events[i + 1] if i + 1 < len(events) else None)

    def co_entities(self, entity_id: str) -> list[tuple[str, int]]:
        """Entities that appear in the same events, most frequent first."""
        counts: Counter[str] = Counter()
        for event, _ in self.by_entity.get(entity_id, ()):
            others = {p.entity for p in event.participants}
            if event.money:
                others |= set(event.money.lead_investors) | set(event.money.investors)
            counts.update(others - {entity_id})
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def state(self, event: Event) -> str:
        """What readers are shown: the record's status, or `overdue` for a deadline whose
        date has passed as of the catalog's today and that nobody has confirmed yet."""
        return OVERDUE if event.id in self.overdue_ids else event.status

    def unreached(self) -> tuple[str, ...]:
        """Entities no event names or reaches by a legal reference: their page would be empty."""
        return tuple(x for x in self.entities if x not in self.by_entity)

    def upcoming(self) -> tuple[Event, ...]:
        """Deadlines still to come as of the catalog's today (passed ones: `overdue`)."""
        return tuple(e for e in self.events
                     if e.status in DEADLINE_STATUSES and e.id not in self.overdue_ids)

    def overdue(self) -> tuple[Event, ...]:
        """Deadlines whose date has passed, still scheduled: they need checking."""
        return tuple(e for e in self.events if e.id in self.overdue_ids)


# ---------------------------------------------------------------------------------------
# Laws reached by legal references


def _identifiers(legal: Legal | None) -> set[tuple[str, str]]:
    """(label, value) of each identifier of a law; COM numbers without spaces or `final`."""
    if legal is None:
        return set()
    out = set()
    for name, label in _LEGAL_LABELS:
        value = getattr(legal, name)
        if value:
            if name == "com":
                value = value.removesuffix(" final").replace(" ", "")
            elif name == "eli":
                value = value.rstrip("/").lower()
            out.add((label, value))
    return out


def _shown_identifier(label: str, value: str, legal: Legal) -> str:
    """`CELEX 32024R1689`, `procedure 2021/0106(COD)`, `COM(2025) 836`, `ELI <uri>`."""
    if label == "COM":
        return str(legal.com)
    return f"{label} {legal.eli if label == 'ELI' else value}"


class LawIndex:
    """The laws among the entities, by each of their identifiers (built once per catalog)."""

    def __init__(self, entities: Mapping[str, Entity]) -> None:
        self.laws: dict[tuple[str, str], list[Entity]] = defaultdict(list)
        for entity in entities.values():
            for ident in sorted(_identifiers(entity.legal)):
                self.laws[ident].append(entity)

    def reach(self, event: Event, events: Mapping[str, Event]) -> dict[str, list[str]]:
        """{law entity id: roles} for the laws an event concerns without naming them.

        An event reaches a law when its `legal` block shares an identifier with the law's
        (CELEX, ELI, procedure or COM number): it proposes, adopts, publishes or applies
        that act. It also reaches the laws of an event it `amends` or `implements` (one step).
        """
        out: dict[str, list[str]] = {}
        if not self.laws:
            return out
        shared: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for ident in sorted(_identifiers(event.legal)):
            for law in self.laws.get(ident, ()):
                shared[law.id].append(ident)
        for law_id, idents in sorted(shared.items()):
            law = next(x for x in self.laws[idents[0]] if x.id == law_id)
            assert law.legal is not None
            shown = ", ".join(_shown_identifier(lbl, v, law.legal) for lbl, v in idents)
            out[law_id] = [f"{LEGAL_ROLE} ({shown})"]
        for relation in event.relations:
            other = events.get(relation.event)
            if relation.type not in REACHING_RELATIONS or other is None:
                continue
            for ident in sorted(_identifiers(other.legal)):
                for law in self.laws.get(ident, ()):
                    out.setdefault(law.id, [REACHING_RELATIONS[relation.type]])
        return out


def legal_reach(event: Event, entities: Mapping[str, Entity],
                events: Mapping[str, Event]) -> dict[str, list[str]]:
    """{law entity id: roles} for the laws `event` reaches (see `LawIndex.reach`)."""
    return LawIndex(entities).reach(event, events)


# ---------------------------------------------------------------------------------------
# Cross-file checks


def _unknown(doc: Document, loc: tuple, what: str, value: str, known: Mapping[str, object]) -> Problem:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"add {value!r} to the {what} registry"
    if what == "event":
        hint = f"did you mean {close[0]!r}?" if close else "give the id of an existing event file"
    return doc.problem(loc, f"unknown {what} {value!r}", hint)


def _cycles(events: list[Event]) -> list[tuple[str, str, list[str]]]:
    """(relation type, first event, cycle) for each cycle in a directed relation type."""
    found = []
    ids = {e.id for e in events}
    graphs: dict[str, dict[str, set[str]]] = {rtype: {} for rtype in DIRECTED}
    for e in events:  # one pass: an event without relations of a type is no start of a cycle
        for r in e.relations:
            if r.type in graphs:
                graphs[r.type].setdefault(e.id, set()).add(r.event)
    for rtype in DIRECTED:
        graph = {k: sorted(v) for k, v in graphs[rtype].items()}
        state: dict[str, int] = {}
        for start in sorted(graph):
            if state.get(start):
                continue
            stack = [(start, iter(graph[start]))]
            path = [start]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node] = 2
                    stack.pop()
                    path.pop()
                elif state.get(child) == 1:
                    cycle = path[path.index(child):]
                    found.append((rtype, min(cycle), cycle))
                elif child in ids and not state.get(child):
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(graph.get(child, ()))))
    return found


@dataclass
class Records:
    """What the cross-file rules look at: the loaded records by id (the first of two
    definitions wins), each with the Document it came from, and "today"."""

    loaded: Loaded
    today: dt.date | None
    entities: dict[str, tuple[Entity, Document]]
    threads: dict[str, tuple[Thread, Document]]
    events: dict[str, tuple[Event, Document]]

    @cached_property
    def ordered(self) -> list[tuple[Event, Document]]:
        """The events in timeline order (the order their problems are reported in)."""
        return sorted(self.events.values(), key=lambda pair: event_sort_key(pair[0]))

    @cached_property
    def first_citations(self) -> dict[str, tuple[Source, Document, int, str]]:
        """{normalised URL: (source, document, index, event id)} of its first citation."""
        first: dict[str, tuple[Source, Document, int, str]] = {}
        for event, doc in self.ordered:
            for i, source in enumerate(event.sources):
                first.setdefault(normalise_url(source.url), (source, doc, i, event.id))
        return first


Rule = Callable[[Records], list[Problem]]


def index_records(loaded: Loaded, today: dt.date | None) -> tuple[Records, list[Problem]]:
    """Rule: ids are unique, per registry and among event files (a second one is reported)."""
    problems: list[Problem] = []

    def registry(items: list, what: str) -> dict:
        out: dict = {}
        for record, doc in items:
            if record.id in out:
                problems.append(doc.problem((record.id,), f"duplicate {what} id {record.id!r}"
                                            f" (also in {out[record.id][1].path})",
                                            "keep one definition"))
            else:
                out[record.id] = (record, doc)
        return out

    entities = registry(loaded.entities, "entity")
    threads = registry(loaded.threads, "thread")
    events: dict[str, tuple[Event, Document]] = {}
    for event, doc in loaded.events:
        if event.id in events:
            problems.append(doc.problem(("id",), f"duplicate event id {event.id!r} (also"
                                        f" {events[event.id][1].path})", "rename one of the files"))
        else:
            events[event.id] = (event, doc)
    return Records(loaded, today, entities, threads, events), problems


def entity_parents(records: Records) -> list[Problem]:
    """Rule: an entity's part_of names a known entity, and the chain of part_of ends
    (a page walking it up must stop): no entity is part of itself, directly or not."""
    problems = []
    entities = records.entities
    for entity, doc in entities.values():
        if entity.part_of and entity.part_of not in entities:
            problems.append(_unknown(doc, (entity.id, "part_of"), "entity", entity.part_of, entities))
        chain = [entity.id]
        while entity.part_of in entities and entity.part_of not in chain:
            chain.append(entity.part_of)
            entity = entities[entity.part_of][0]
        if entity.part_of in chain and chain[0] == min(chain[chain.index(entity.part_of):]):
            loop = chain[chain.index(entity.part_of):]
            first, first_doc = entities[chain[0]]
            problems.append(first_doc.problem(
                (first.id, "part_of"),
                "an entity cannot be part of itself" if len(loop) == 1
                else f"part_of forms a cycle: {' -> '.join(loop + [loop[0]])}",
                "name the larger organisation it belongs to, or remove part_of"))
    return problems


def known_threads(records: Records) -> list[Problem]:
    """Rule: every thread an event is in is defined in threads.yaml."""
    return [_unknown(doc, ("threads", i), "thread", thread, records.threads)
            for event, doc in records.ordered
            for i, thread in enumerate(event.threads) if thread not in records.threads]


def known_entities(records: Records) -> list[Problem]:
    """Rule: every entity an event names (participants, investors...) is in entities.yaml."""
    return [_unknown(doc, loc, "entity", ref, records.entities)
            for event, doc in records.ordered
            for loc, ref in event.entity_refs() if ref not in records.entities]


def known_events(records: Records) -> list[Problem]:
    """Rule: every event an event refers to (relations, schedule changes) exists and is
    another event."""
    problems = []
    for event, doc in records.ordered:
        for loc, ref in event.event_refs():
            if ref == event.id:
                problems.append(doc.problem(loc, "an event cannot refer to itself",
                                            "name another event"))
            elif ref not in records.events:
                problems.append(_unknown(doc, loc, "event", ref, records.events))
    return problems


def one_source_per_url(records: Records) -> list[Problem]:
    """Rule: a URL is one source: every citation of it gives the metadata of its first."""
    problems = []
    first_citations = records.first_citations
    for event, doc in records.ordered:
        for i, source in enumerate(event.sources):
            other, other_doc, j, other_id = first_citations[normalise_url(source.url)]
            if (other_id, j) == (event.id, i):
                continue
            mine, theirs = source.metadata(), other.metadata()
            for name in sorted(mine):
                if mine[name] != theirs[name]:
                    line = other_doc.where(("sources", j, name))[0]
                    problems.append(doc.problem(
                        ("sources", i, name),
                        f"the same source is cited in {other_doc.path}:{line} with {name}"
                        f" {_show(theirs[name])}, here {_show(mine[name])}",
                        "a URL is one source: make its metadata agree everywhere"))
    return problems


def plausible_dates(records: Records) -> list[Problem]:
    """Rule (warnings): a happened event is not dated after today; a deadline says when
    its date was last verified (see `_date_warnings`)."""
    return [p for event, doc in records.ordered for p in _date_warnings(event, doc, records.today)]


def canonical_hosts(records: Records) -> list[Problem]:
    """Rule (warnings): no citation of a mirror or staging host listed in settings.yaml
    without `via` and `via_reason` (see `_host_warnings`)."""
    settings = records.loaded.settings
    return [p for event, doc in records.ordered for p in _host_warnings(event, doc, settings)]


def acyclic_relations(records: Records) -> list[Problem]:
    """Rule: relations with a direction (follows, amends...) never loop back."""
    problems = []
    for rtype, first, cycle in _cycles([e for e, _ in records.events.values()]):
        event, doc = records.events[first]
        i = next(k for k, r in enumerate(event.relations) if r.type == rtype and r.event in cycle)
        problems.append(doc.problem(("relations", i, "event"), f"{rtype!r} relations form a cycle:"
                                    f" {' -> '.join(cycle + [cycle[0]])}",
                                    "a relation with a direction cannot loop back"))
    return problems


def links_land(records: Records) -> list[Problem]:
    """Rule: relative links in summaries and thread introductions land on a page the
    records make (see `relative_link_problems`)."""
    return relative_link_problems(records.events, records.entities, records.threads)


def reached_entities(records: Records) -> list[Problem]:
    """Rule (warnings, once there is no error): every entity is named or reached by a
    legal reference from some event, or its page would list no events."""
    events = tuple(e for e, _ in records.ordered)
    laws = LawIndex({k: v[0] for k, v in records.entities.items()})
    by_id = {e.id: e for e in events}
    reached = {ref for e in events for _, ref in e.entity_refs()}
    for event in events:
        reached.update(laws.reach(event, by_id))
    return [doc.problem((x,), f"no event names or reaches {x!r}: its page would list no events",
                        "name it as a participant of an event; for a law, give its identifier"
                        " (e.g. legal: {celex: ...}) on the events that apply it; or remove it",
                        "warning")
            for x, (_, doc) in sorted(records.entities.items()) if x not in reached]


def money_has_a_raiser(records: Records) -> list[Problem]:
    """Rule (warnings): the money of a funding round or investment is raised by someone the
    record names, or funding charts and totals leave it out."""
    return [doc.problem(("money",), "nobody in this record raises the money: funding charts"
                        " and totals leave it out",
                        "set money.raised_by: <entity id>, or give the participant raising it a"
                        " role that says so (\"company raising funds\", \"borrower\")",
                        "warning")
            for event, doc in records.ordered
            if event.money is not None and event.kind in MONEY_KINDS and not event.raisers()]


RULES: tuple[Rule, ...] = (entity_parents, known_threads, known_entities, known_events,
                           one_source_per_url, plausible_dates, canonical_hosts,
                           acyclic_relations, links_land, money_has_a_raiser)
"""The cross-file rules, in the order their problems are listed."""
RULES_ONCE_VALID: tuple[Rule, ...] = (reached_entities,)
"""Rules that only make sense when no rule found an error."""


def check_loaded(loaded: Loaded, today: dt.date | None) -> tuple[Catalog | None, list[Problem]]:
    """Cross-file rules over what the loader read; a Catalog when nothing is an error.

    `today` (None: no rule that needs a day) marks passed deadlines `overdue`: a state
    the site shows, never a problem (see `freshness` for the signal to editors).
    """
    records, problems = index_records(loaded, today)
    problems = list(loaded.problems) + problems
    for rule in RULES:
        problems += rule(records)
    if any(p.severity == "error" for p in problems):
        return None, problems
    for rule in RULES_ONCE_VALID:
        problems += rule(records)
    return build_catalog(records, problems), problems


def build_catalog(records: Records, problems: list[Problem]) -> Catalog:
    """The Catalog of records that passed the rules; its warnings are those of `problems`."""
    ordered = tuple(e for e, _ in records.ordered)
    citing: dict[str, list[str]] = defaultdict(list)
    for event in ordered:
        for s in event.sources:
            ids = citing[normalise_url(s.url)]
            if not ids or ids[-1] != event.id:  # events come in order: a repeat is the last
                ids.append(event.id)
    first = records.first_citations
    sources = tuple(sorted(
        (SourceEntry(k, source_anchor(k), first[k][0], tuple(ids)) for k, ids in citing.items()),
        key=lambda s: (s.source.kind, s.source.publisher.casefold(), s.source.label().casefold(), s.key),
    ))
    return Catalog(
        events=ordered,
        entities=MappingProxyType(dict(sorted((k, v[0]) for k, v in records.entities.items()))),
        threads=MappingProxyType(dict(sorted(((k, v[0]) for k, v in records.threads.items()),
                                             key=lambda kv: (kv[1].order, kv[0])))),
        files=MappingProxyType(dict(sorted(_record_files(records).items()))),
        sources=sources,
        warnings=tuple(p for p in problems if p.severity == "warning"),
        today=records.today,
        settings=records.loaded.settings,
    )


def _record_files(records: Records) -> dict[str, str]:
    """{event id: its file, relative to the records folder} (resolved: a symlink counts
    where it points), or the path as shown when it lies outside."""
    root = os.path.join(os.path.realpath(records.loaded.root), "")
    folders: dict[str, str] = {}  # each folder resolved once, not once per file
    out = {}
    for event, doc in records.events.values():
        folder, name = os.path.split(doc.path)
        if folder not in folders:
            folders[folder] = os.path.realpath(folder or ".")
        path = os.path.join(folders[folder], name)
        real = os.path.realpath(path) if os.path.islink(path) else path
        out[event.id] = (real[len(root):].replace(os.sep, "/") if real.startswith(root)
                         else doc.path)
    return out


def _host_warnings(event: Event, doc: Document, settings: Settings) -> list[Problem]:
    """A citation to a mirror, aggregator, reprint or unpublished (staging) host."""
    out = []
    for i, source in enumerate(event.sources):
        entry = settings.non_canonical(source)
        if entry is None or (source.via and source.via_reason):
            continue
        missing = " and ".join(f"`{k}:`" for k in ("via", "via_reason") if not getattr(source, k))
        out.append(doc.problem(
            ("sources", i, "url"), f"{urlsplit(source.url).hostname} is a non-canonical host"
            f" ({entry.kind}, listed in settings.yaml): cite the original publication",
            f"find the original by headline, author and date; if this copy is all there is,"
            f" add {missing} saying why", "warning"))
    return out


def _show(value: object) -> str:
    return repr(value.iso()) if hasattr(value, "iso") else repr(value)


def _date_warnings(event: Event, doc: Document, today: dt.date | None) -> list[Problem]:
    """Warnings about dates that time passing can only clear, never raise.

    A deadline whose date has passed is not among them: that is a state readers see
    (`Catalog.state`) and editors are told about by `freshness`, so no build and no
    strict check ever turns red because the calendar moved on.
    """
    out = []
    when = event.when
    if today is not None and event.status == "happened" and when.is_after(today):
        out.append(doc.problem(("status",), f"status is happened but the date {when.iso()} is"
                               f" after today ({today.isoformat()})",
                               "use status: scheduled for a future deadline", "warning"))
    if event.status in DEADLINE_STATUSES and event.last_verified is None:
        day = today.isoformat() if today is not None else "YYYY-MM-DD"
        out.append(doc.problem(("status",), "a deadline needs last_verified",
                               f"add `last_verified: {day}` once you have checked the date"
                               " against its sources", "warning"))
    return out


# ---------------------------------------------------------------------------------------
# Relative links in record text

# Folders the plugin fills (urls.Urls): a link into one must name something it makes.
_GENERATED_FOLDERS = frozenset({"events", "entities", "threads", "timeline", "data", "feeds",
                                "calendar", "interactive", "assets"})
_FILE_FOLDERS = frozenset({"data", "feeds", "calendar", "assets"})  # export files, per options
_OVERVIEWS = frozenset({"index.md", "sources.md", "timeline/index.md", "entities/index.md",
                        "threads/index.md", "data/index.md", "interactive/index.md"})
_LINK_HINT = ("link a page made from the records by its Markdown path, relative to this"
              " page, e.g. ../events/<event id>.md, ../entities/<entity id>.md or"
              " ../threads/<thread id>.md; or give a full https:// URL")


def relative_link_problems(
    events: Mapping[str, tuple[Event, Document]],
    entities: Mapping[str, tuple[object, Document]],
    threads: Mapping[str, tuple[Thread, Document]],
) -> list[Problem]:
    """Relative links in summaries and thread introductions that a build would break on,
    reported at the record's own file and line (not at a generated page).

    The text is shown on the record's page (`events/<id>.md`, `threads/<id>.md`), where
    MkDocs resolves a relative Markdown link against the pages of the site. A link is
    valid when it lands on a page made from these records (an event, entity or thread,
    a year of the timeline, an overview page) or on a file in the export folders. Into
    those folders anything else is an error, as is an absolute `/path` (it breaks on a
    site served from a sub-folder), a path without `.md` (MkDocs leaves it unchecked and
    it breaks without directory URLs). Warnings, which `--strict` makes errors: a link to
    any other page (a hand-written one in docs/, which check cannot see; the records then
    depend on one site's pages), an anchor other than an event's `#sources`/`#source-<n>`
    (generated anchors come from headings), and a link the page shows as text.
    """
    # the anchors a page is sure to have: an event page's source list and each source
    anchors = {f"events/{i}.md": {"sources", *(f"source-{n}" for n in range(1, len(e.sources) + 1))}
               for i, (e, _) in events.items()}
    pages = set(_OVERVIEWS)
    pages |= {f"events/{i}.md" for i in events} | {f"entities/{i}.md" for i in entities}
    pages |= {f"threads/{i}.md" for i in threads}
    pages |= {f"timeline/{e.date.year:04d}.md" for e, _ in events.values()}
    out: list[Problem] = []
    texts = [(f"events/{e.id}.md", doc, ("summary",), e.summary) for e, doc in events.values()]
    texts += [(f"threads/{t.id}.md", doc, (t.id, "introduction"), t.introduction)
              for t, doc in threads.values()]
    for page, doc, loc, text in texts:
        for offset, target, kept in relative_links(text):
            found = _relative_link_problem(page, target, kept, pages, anchors)
            if found is None:
                continue
            message, hint, severity = found
            line, column = doc.where_in_text(loc, offset, text)
            out.append(Problem(doc.path, line, column, format_loc(loc), message, hint,
                               severity))  # type: ignore[arg-type]
    return out


def _relative_link_problem(page: str, target: str, kept: bool, pages: set[str],
                           anchors: Mapping[str, set[str]]) -> tuple[str, str, str] | None:
    shown = repr(target[:80])
    if not kept:
        return (f"the link to {shown} cannot be a link on the page (it is shown as text)",
                "write the path without spaces or special characters, e.g."
                " ../events/<event id>.md, or give a full https:// URL", "warning")
    parts = urlsplit(target)
    path = unquote(parts.path)
    if not path:
        return _anchor_problem(page, parts.fragment, shown, anchors)
    if path.startswith("/"):
        return (f"the link to {shown} is an absolute path: it breaks when the site is"
                " served from a sub-folder", _LINK_HINT, "error")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    top = resolved.split("/", 1)[0]
    if resolved in pages:
        return _anchor_problem(resolved, parts.fragment, shown, anchors)
    if top in _FILE_FOLDERS and "." in resolved.rsplit("/", 1)[-1]:
        return None
    if "." not in resolved.rsplit("/", 1)[-1]:
        return (f"the link to {shown} does not name a page file: MkDocs leaves it"
                " unchecked, and it breaks on sites without directory URLs",
                _LINK_HINT, "error")
    if top in _GENERATED_FOLDERS or resolved in ("index.md", "sources.md"):
        close = difflib.get_close_matches(resolved, sorted(pages), n=1, cutoff=0.7)
        return (f"the link to {shown} goes to {resolved}, which no record makes: the"
                " build would fail on it",
                f"did you mean {posixpath.relpath(close[0], posixpath.dirname(page))!r}?"
                if close else _LINK_HINT, "error")
    return (f"the link to {shown} goes to {resolved}, which is not a page made from the"
            " records: check cannot tell whether it exists, and the build fails if not",
            _LINK_HINT + "; a hand-written page must exist in docs/", "warning")


def _anchor_problem(page: str, anchor: str, shown: str, anchors: Mapping[str, set[str]]
                    ) -> tuple[str, str, str] | None:
    """Generated pages take their anchors from headings (and counts: `events-6`), which
    change with the records; only an event's `#sources` and `#source-<n>` are stable."""
    if not anchor or anchor in anchors.get(page, ()):
        return None
    return (f"the link to {shown} names the anchor #{anchor}, which check cannot vouch for:"
            " anchors of generated pages come from their headings and change with the records",
            "link the page without the #anchor (an event's #sources and #source-<n> are"
            " stable)", "warning")


# ---------------------------------------------------------------------------------------
# The public entry points


def check_folder(root: Path, *, today: dt.date | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Load and check a records folder: the catalog (if no errors) and every problem.

    `today` decides which deadlines are overdue; without it none is (the clock is never
    read here: adapters get the day from `policy_timeline.clock.site_today`).
    """
    with _collector_paused():
        return check_loaded(load_folder(Path(root)), today)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while records load: 10,000 records make millions of
    objects and no garbage cycles, and its repeated passes over them cost a tenth of the
    check. Memory is the same: reference counting frees everything as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_catalog(root: Path, *, today: dt.date | None = None, strict: bool = False) -> Catalog:
    """The catalog of a records folder, or RecordsInvalid listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise RecordsInvalid([Problem(str(root), 1, 1, "", "the records folder does not exist",
                                      "point to the folder that holds your events")])
    catalog, problems = check_folder(root, today=today)
    if catalog is None or (strict and problems):
        raise RecordsInvalid([p.as_error() if strict else p for p in problems])
    return catalog
