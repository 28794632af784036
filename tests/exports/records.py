"""The shared fixture records (tests/fixtures/valid/events) as data, for the export tests.

They hold every date precision, a reschedule, a cancellation, shared sources, money, an
empty thread, and hostile text. `EVENTS`, `ENTITIES` and `THREADS` are the records as
YAML reads them (tests copy and change them); `write_records` writes them back as a
records folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from policy_timeline.catalog import Catalog, load_catalog

from ..conftest import TODAY, VALID  # noqa: E402  (the one pinned today, the one record set)


def _read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


ENTITIES: dict[str, dict] = _read(VALID / "entities.yaml")
THREADS: dict[str, dict] = _read(VALID / "threads.yaml")
EVENTS: dict[str, dict] = {
    path.stem: _read(path) for path in sorted(VALID.glob("*/*.yaml"))
}
"""{event id: record}: the id is the file name; the file lives in the folder of its year."""


def write_records(root: Path, events: dict[str, dict] | None = None) -> Path:
    folder = root / "events"
    folder.mkdir(parents=True, exist_ok=True)
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True)  # noqa: E731
    (folder / "entities.yaml").write_text(dump(ENTITIES), encoding="utf-8")
    (folder / "threads.yaml").write_text(dump(THREADS), encoding="utf-8")
    for event_id, record in (EVENTS if events is None else events).items():
        year = folder / event_id[:4]
        year.mkdir(exist_ok=True)
        (year / f"{event_id}.yaml").write_text(dump(record), encoding="utf-8")
    return folder


def make_catalog(root: Path, events: dict[str, dict] | None = None,
                 today: dt.date = TODAY) -> Catalog:
    return load_catalog(write_records(root, events), today=today)
