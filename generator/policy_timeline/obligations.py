"""What applies when: the dated obligations of a thread, each with its date history.

An obligation is an event whose kind is in `models.OBLIGATION_KINDS` (the day rules start
to apply). Pure: the thread page, the event pages and the `obligations.csv` table all read
these rows, so the three never disagree.

"Kept its date" is said by one simple rule (docs/methodology.md): an amending act is an
event that moved at least one deadline (a `changed_by` of some `schedule_history`). A
deadline that never moved kept its date through such an act when the act shares a thread
with it, came before the deadline's date (so it could still have moved it), and is not
related to it (an obligation the act itself created is related to it, e.g. `follows`).
A deadline that moved tells its story by its history instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog
from .dates import PartialDate
from .models import OBLIGATION_KINDS, Event

__all__ = ["Move", "Obligation", "is_obligation", "kept_through", "obligation", "obligations"]


@dataclass(frozen=True)
class Move:
    """One change of date: from `was` to `to` (None: cancelled), by the event `by`."""

    was: PartialDate
    to: PartialDate | None
    by: Event | None
    cite: tuple[int, ...]
    note: str | None


@dataclass(frozen=True)
class Obligation:
    event: Event
    original: PartialDate
    """The date first set (before any move): the date in the act as adopted."""
    current: PartialDate
    moves: tuple[Move, ...]
    kept: tuple[Event, ...]
    """Amending acts that could have moved the date and did not."""
    state: str
    """`Catalog.state`: the status, or `overdue`."""


def is_obligation(event: Event) -> bool:
    return event.kind in OBLIGATION_KINDS


def moves(catalog: Catalog, event: Event) -> tuple[Move, ...]:
    """Each move of the event's date, oldest first; the last ends at its current date."""
    items = event.schedule_history
    out = []
    for i, item in enumerate(items):
        last = i + 1 == len(items)
        to = None if last and event.status == "cancelled" else (
            event.when if last else items[i + 1].was)
        out.append(Move(item.was, to, catalog.by_id.get(item.changed_by or ""),
                        tuple(item.cite or ()), item.note))
    return tuple(out)


def kept_through(catalog: Catalog, event: Event) -> tuple[Event, ...]:
    """The amending acts (see the module's rule) the event kept its date through."""
    if event.status == "cancelled" or event.schedule_history:
        return ()
    related = {link.other for link in catalog.links.get(event.id, ())}
    threads = set(event.threads)
    out = []
    for mover_id in catalog.moved:
        act = catalog.by_id.get(mover_id)
        if (act is None or act.id == event.id or act.id in related
                or not threads & set(act.threads)):
            continue
        if (act.end or act.when).last_day() < event.date.first_day():
            out.append(act)
    order = {e.id: i for i, e in enumerate(catalog.events)}
    return tuple(sorted(out, key=lambda e: order[e.id]))


def obligation(catalog: Catalog, event: Event) -> Obligation:
    history = event.schedule_history
    return Obligation(
        event=event, original=history[0].was if history else event.when,
        current=event.when, moves=moves(catalog, event),
        kept=kept_through(catalog, event), state=catalog.state(event))


def obligations(catalog: Catalog, thread_id: str | None = None) -> list[Obligation]:
    """The obligations of a thread (of every thread when None), in date order."""
    events = catalog.events if thread_id is None else catalog.by_thread.get(thread_id, ())
    return [obligation(catalog, e) for e in events if is_obligation(e)]
