"""A Frictionless Tabular Data Package (`data/datapackage.json`) describing the CSV tables.

The package includes the CSV files it describes, so `datapackage` alone gives a complete,
valid package; `frictionless validate data/datapackage.json` checks types, primary keys
and foreign keys (participants.event_id -> events.id, relations.to_event -> events.id...).
The package description carries the CSV files' one rule of writing (`FORMULA_NOTE`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..catalog import Catalog
from ..options import SiteOptions
from ..urls import Urls
from .common import dump_json
from .csvdata import FORMULA_NOTE, export_csv, tables


def package_name(site_name: str) -> str:
    """A Data Package `name`: lowercase ASCII, digits, `-`, `_`, `.`."""
    text = unicodedata.normalize("NFKD", site_name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9._]+", "-", text).strip("-._") or "policy-timeline"


def licence_info(options: SiteOptions) -> dict[str, str] | None:
    """The data licence from the site options (`extra["data_licence"]`), if one is set.

    Accepts a mapping with `name` (an SPDX id such as CC-BY-4.0), `path` (its URL) and
    `title`, or a bare SPDX id.
    """
    value = options.extra.get("data_licence") if options.extra else None
    if not value:
        return None
    if isinstance(value, str):
        return {"name": value}
    return {k: str(v) for k, v in dict(value).items() if k in ("name", "path", "title") and v}


def descriptor(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    u = Urls(options)
    base = u.data_file("")
    out: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": package_name(options.site_name),
        "title": f"{options.site_name}: events, entities and sources",
        "description": (
            "Dated, sourced events with their participants, relations, threads, reschedules"
            " and sources. Dates keep their precision: the `date` column holds the date as"
            " written (YYYY, YYYY-MM or YYYY-MM-DD), `date_first_day`/`date_last_day` the"
            " days it covers. Money, votes, disagreements, legal references and articles, and"
            " tags have tables of their own, tied to events by foreign keys. " + FORMULA_NOTE
        ),
    }
    if options.site_url:
        out["homepage"] = options.site_url
    licence = licence_info(options)
    if licence:
        out["licenses"] = [licence]
    out["resources"] = []
    for table in tables(options):
        path = u.data_file(table.file)
        out["resources"].append({
            "name": table.name,
            "title": table.title,
            "description": table.description,
            "profile": "tabular-data-resource",
            "path": path[len(base):],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table.schema(),
        })
    return out


def export_datapackage(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """datapackage.json and the CSV files it describes."""
    u = Urls(options)
    files = export_csv(catalog, options)
    files[u.data_file("datapackage.json")] = dump_json(descriptor(catalog, options))
    return files
