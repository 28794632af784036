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

from typing import Callable, Iterable, Mapping

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
    chosen = set(options.exports if formats is None else formats)
    if "datapackage" in chosen:
        chosen.discard("csv")  # the data package carries the CSV files it describes
    unknown = chosen - set(EXPORTERS)
    if unknown:
        raise GeneratorError(f"unknown export format(s): {', '.join(sorted(unknown))};"
                             f" choose from {', '.join(EXPORTERS)}")
    files: dict[str, bytes] = {}
    for name in EXPORTERS:
        if name in chosen:
            for path, data in EXPORTERS[name](catalog, options).items():
                if path in files and files[path] != data:  # pragma: no cover - a bug
                    raise AssertionError(f"two exporters disagree on {path}")
                files[path] = data
    return dict(sorted(files.items()))


__all__ = ["EXPORTERS", "Exporter", "export_files"]
