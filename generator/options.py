"""What a site build needs to know besides the records: where pages go, which to make.

The plugin fills this from its MkDocs config, the CLI from mkdocs.yml read as YAML; both
go through `site_options`, so `render --out` writes exactly what the plugin injects.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any, Mapping

PAGE_KINDS = ("home", "timeline", "years", "events", "entities", "threads", "sources", "data")
EXPORT_FORMATS = ("json", "csv", "atom", "ics", "timelinejs", "datapackage")


@dataclass(frozen=True)
class SiteOptions:
    """Options shared by rendering and exports."""

    prefix: str = ""
    """Folder (URL prefix) of generated pages inside the docs, e.g. `timeline`; empty for the root."""
    pages: frozenset[str] = frozenset(PAGE_KINDS)
    """Which page kinds to generate."""
    exports: frozenset[str] = frozenset(EXPORT_FORMATS)
    """Which data files to generate."""
    site_name: str = "Timeline"
    site_url: str | None = None
    """Absolute URL of the published site (feeds and calendars need it)."""
    edit_url: str | None = None
    """URL that a record's path (relative to the records folder) is appended to for editing."""
    build_date: dt.date | None = None
    """Only from SOURCE_DATE_EPOCH: output never reads the clock otherwise."""
    directory_urls: bool = True
    """MkDocs' `use_directory_urls`: pages published as `a/b/` (True) or `a/b.html`."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Free-form values the adapters pass to rendering; `home_intro` is the Markdown put
    at the top of the home page (read by the adapters from the plugin's `home_intro` file)."""


def build_date_from_env(environ: Mapping[str, str] = os.environ) -> dt.date | None:
    """The reproducible-builds date, if SOURCE_DATE_EPOCH is set to a valid number."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc).date()


def edit_url_for(repo_url: str | None, edit_uri: str | None, events_path: str) -> str | None:
    """Where an event file can be edited, as MkDocs builds its edit links for docs/."""
    if not repo_url or edit_uri == "":  # MkDocs: an empty edit_uri turns edit links off
        return None
    base = repo_url.rstrip("/") + "/"
    uri = (edit_uri or "edit/main/docs/").strip("/")
    # MkDocs' edit_uri points into docs/; records live beside docs/, in events_path.
    parts = uri.split("/")
    if parts and parts[-1] == "docs":
        parts = parts[:-1]
    return base + "/".join(parts + [events_path.strip("/")]) + "/"


def site_options(
    plugin: Mapping[str, Any],
    *,
    site_name: str | None = None,
    site_url: str | None = None,
    repo_url: str | None = None,
    edit_uri: str | None = None,
    events_path: str = "events",
    use_directory_urls: bool = True,
    home_intro: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> SiteOptions:
    """SiteOptions from the plugin's options and the site's own settings.

    `home_intro` is the text of the plugin's `home_intro` file (the adapters read it).
    """
    pages = plugin.get("pages")
    exports = plugin.get("exports")
    return SiteOptions(
        prefix=str(plugin.get("prefix") or "").strip("/"),
        pages=frozenset(pages) if pages is not None else frozenset(PAGE_KINDS),
        exports=frozenset(exports) if exports is not None else frozenset(EXPORT_FORMATS),
        site_name=site_name or "Timeline",
        site_url=(site_url.rstrip("/") + "/") if site_url else None,
        edit_url=plugin.get("edit_url") or edit_url_for(repo_url, edit_uri, events_path),
        build_date=build_date_from_env(environ),
        directory_urls=bool(use_directory_urls),
        extra={k: v for k, v in (("home_intro", home_intro),
                                  ("data_licence", plugin.get("data_licence"))) if v},
    )
