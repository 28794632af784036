"""What changed in the records, commit by commit: the "What changed" page and its feed.

Pure: from the catalog and a `history.History` (read by the adapters) to a list of
`Entry`s, newest first, each naming the records its commit added, changed or removed.
Files of the records folder that are not records a reader sees (settings.yaml, notes)
are left out; entities.yaml and threads.yaml count as the "who is who" and thread lists.
At most CHANGES_LIMIT record changes are listed; the repository keeps the whole history.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from .catalog import Catalog
from .history import Change, History
from .loader import REGISTRIES
from .options import SiteOptions
from .urls import Urls

CHANGES_LIMIT = 200
"""Record changes on the "What changed" page and in its feed (the latest)."""
RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class RecordChange:
    """One record a commit touched."""

    kind: str
    """"event", "entities" (entities.yaml) or "threads" (threads.yaml)."""
    action: str
    """added, changed or removed."""
    path: str
    """The file, relative to the records folder."""
    event_id: str | None = None
    """The event it holds now (None: removed since, or not an event file)."""


@dataclass(frozen=True)
class Entry:
    """One commit that changed records."""

    commit: str
    short: str
    when: dt.datetime
    day: dt.date
    subject: str
    records: tuple[RecordChange, ...]


def _record(change: Change, events_by_file: dict[str, str]) -> RecordChange | None:
    name = posixpath.basename(change.path)
    if name in REGISTRIES:
        return RecordChange(kind=name.removesuffix(".yaml"), action=change.action,
                            path=change.path)
    if change.path in events_by_file:
        return RecordChange(kind="event", action=change.action, path=change.path,
                            event_id=events_by_file[change.path])
    if name.endswith(RECORD_SUFFIXES) and change.path.count("/") and name != "settings.yaml":
        return RecordChange(kind="event", action=change.action, path=change.path)
    return None  # settings.yaml, a README, ...: nothing a reader sees as a record


def recent_changes(catalog: Catalog, history: History | None,
                   limit: int = CHANGES_LIMIT) -> list[Entry]:
    """The latest commits that changed records, newest first, with at most `limit`
    record changes in all (the last commit listed may be cut)."""
    if history is None:
        return []
    events_by_file = {path: eid for eid, path in catalog.files.items()}
    out: list[Entry] = []
    current: list[RecordChange] = []
    last: Change | None = None
    count = 0

    def close() -> None:
        if last is not None and current:
            out.append(Entry(commit=last.commit, short=last.short, when=last.when,
                             day=last.day, subject=last.subject, records=tuple(current)))

    for change in history.changes:
        if count >= limit:
            break
        if last is None or change.commit != last.commit:
            close()
            current, last = [], change
        record = _record(change, events_by_file)
        if record is not None:
            current.append(record)
            count += 1
    close()
    return out


def record_view(catalog: Catalog, options: SiteOptions, record: RecordChange
                ) -> tuple[str | None, str | None]:
    """(the title of the event the record holds, the docs path of the page to link): an
    event's page, the "who is who" or threads index; None where there is none (a record
    removed since, a page kind the site does not make)."""
    u, kinds = Urls(options), options.pages
    if record.event_id is not None and record.event_id in catalog.by_id:
        return (catalog.by_id[record.event_id].title,
                u.event(record.event_id) if "events" in kinds else None)
    if record.kind == "entities":
        return None, u.entities() if "entities" in kinds else None
    if record.kind == "threads":
        return None, u.threads() if "threads" in kinds else None
    return None, None


def last_changed(catalog: Catalog, history: History | None) -> dict[str, Change]:
    """{event id: the latest commit that changed its record}."""
    if history is None:
        return {}
    by_path = history.last_changed()
    return {eid: by_path[path] for eid, path in catalog.files.items() if path in by_path}


__all__ = ["CHANGES_LIMIT", "Entry", "RecordChange", "last_changed", "recent_changes",
           "record_view"]
