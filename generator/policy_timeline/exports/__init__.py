"""Open-data exports: pure functions from the catalog to files {docs path: bytes}.

One module per format; each exporter is `(catalog, options) -> dict[path, bytes]` with
paths from `policy_timeline.urls.Urls`. Output is deterministic (sorted, no clock): two exports
of the same records are byte-identical.

| format      | files                                                                  |
|-------------|------------------------------------------------------------------------|
| json        | data/{events,entities,threads,sources}.json, data/schema/*.schema.json  |
| csv         | data/*.csv (events, entities, threads, event_threads, participants,    |
|             | relations, reschedules, sources, citations)                            |
| datapackage | data/datapackage.json and the CSV files it describes                   |
| atom        | feeds/all.atom, feeds/threads/<id>.atom, feeds/entities/<id>.atom      |
| ics         | calendar/deadlines.ics, calendar/threads/<id>.ics                      |
| timelinejs  | data/timelinejs.json, assets/policy-timeline/timeline-view.js          |

Pages and <head> tags that go with the files: `pages.data_pages`, `pages.subscribe_links`,
`head.head_tags`.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Iterable, Iterator, Mapping

from ..catalog import Catalog
from ..errors import GeneratorError
from ..options import SiteOptions
from .atom import export_atom
from .csvdata import export_csv
from .datapackage import export_datapackage
from .ics import export_ics
from .jsondata import export_json
from .timelinejs import export_timelinejs

Exporter = Callable[[Catalog, SiteOptions], dict[str, bytes]]

EXPORTERS: Mapping[str, Exporter] = {
    "json": export_json,
    "csv": export_csv,
    "atom": export_atom,
    "ics": export_ics,
    "timelinejs": export_timelinejs,
    "datapackage": export_datapackage,
}


def export_files(catalog: Catalog, options: SiteOptions,
                 formats: Iterable[str] | None = None) -> dict[str, bytes]:
    """Every file of the chosen formats (None: `options.exports`), sorted by path."""
    return dict(sorted(iter_export_files(catalog, options, formats)))


def iter_export_files(catalog: Catalog, options: SiteOptions,
                      formats: Iterable[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """(path, data) of every file of the chosen formats, one format at a time, so a
    writer can write them as they are made and no more than one format is held at once
    (at 10,000 events the data files are a few hundred MB)."""
    chosen = set(options.exports if formats is None else formats)
    if "datapackage" in chosen:
        chosen.discard("csv")  # the data package carries the CSV files it describes
    unknown = chosen - set(EXPORTERS)
    if unknown:
        raise GeneratorError(f"unknown export format(s): {', '.join(sorted(unknown))};"
                             f" choose from {', '.join(EXPORTERS)}")
    given: dict[str, bytes] = {}  # path: digest of what was given for it
    for name in EXPORTERS:
        if name not in chosen:
            continue
        files = EXPORTERS[name](catalog, options)
        for path in sorted(files):
            data = files.pop(path)  # freed once the caller has written it
            digest = hashlib.sha256(data).digest()
            if path in given:
                if given[path] != digest:  # pragma: no cover - a bug
                    raise AssertionError(f"two exporters disagree on {path}")
                continue
            given[path] = digest
            yield path, data


__all__ = ["EXPORTERS", "Exporter", "export_files", "iter_export_files"]
