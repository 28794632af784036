"""What a page adds to its <head>: JSON-LD and feed autodiscovery links.

`head_tags(catalog, options, path)` returns raw HTML strings for the page whose docs
path is `path` (`events/<id>.md`, ...). The plugin injects them through a theme
template override; any other renderer can do the same.

- event pages: a schema.org `Event`; entity pages: `Legislation` for laws, an
  `Organization`/`Person`/... otherwise (see `jsonld`);
- every page: `<link rel="alternate" type="application/atom+xml">` to the site feed; a
  thread page also to its thread feed, an entity page to its entity feed.

JSON is escaped so that text from a record cannot close the <script> element; every
attribute is HTML-escaped; hrefs are relative to the page's published URL.
"""

from __future__ import annotations

import posixpath

from ..catalog import Catalog
from ..options import SiteOptions
from ..urls import Urls
from .common import escape, page_language, record_text, script_json, translator
from .jsonld import entity_jsonld, event_jsonld


def _match(folder: str, path: str) -> str | None:
    """The id in `path` if it is `<folder>/<id>.md`, else None."""
    start = f"{folder}/" if folder else ""
    if path.startswith(start) and path.endswith(".md"):
        ident = path[len(start):-len(".md")]
        if ident and "/" not in ident:
            return ident
    return None


def page_record(catalog: Catalog, options: SiteOptions, path: str) -> tuple[str, str] | None:
    """("events" | "entities" | "threads", id) when `path` is that record's page."""
    u = Urls(options)
    for kind, make, known in (
        ("events", u.event, catalog.by_id),
        ("entities", u.entity, catalog.entities),
        ("threads", u.thread, catalog.threads),
    ):
        ident = _match(posixpath.dirname(make("x")), path)
        if ident is not None and ident in known and make(ident) == path:
            return kind, ident
    return None


def jsonld_script(data: dict) -> str:
    return f'<script type="application/ld+json">{script_json(data)}</script>'


def feed_link(u: Urls, from_path: str, feed_path: str, title: str) -> str:
    href = escape(u.href(from_path, feed_path))
    return f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{href}">'


def head_tags(catalog: Catalog, options: SiteOptions, path: str,
              language: str | None = None) -> list[str]:
    """Raw HTML for the <head> of the page at docs path `path` (may be empty), in
    `language` (default: the tree's, `options.language`)."""
    record = page_record(catalog, options, path)
    return (feed_links(catalog, options, path, record, language)
            + page_jsonld(catalog, options, path, record, language))


def feed_links(catalog: Catalog, options: SiteOptions, path: str,
               record: tuple[str, str] | None = None, language: str | None = None) -> list[str]:
    """The feed autodiscovery `<link>`s of the page at docs path `path` (the feeds of the
    page's tree are in its language; their titles too)."""
    u = Urls(options)
    language = language or page_language(options)
    _ = translator(options, language).gettext
    tags: list[str] = []
    record = record or page_record(catalog, options, path)
    if "atom" in options.exports:
        tags.append(feed_link(u, path, u.feed(), _("%(site)s: all events") % {"site": options.site_name}))
        if record and record[0] == "threads":
            title = record_text(catalog.threads[record[1]], "title", language)
            tags.append(feed_link(u, path, u.feed("threads", record[1]),
                                  _("%(name)s: events") % {"name": title}))
        elif record and record[0] == "entities":
            name = record_text(catalog.entities[record[1]], "name", language)
            tags.append(feed_link(u, path, u.feed("entities", record[1]),
                                  _("%(name)s: events") % {"name": name}))
        elif path == u.changes() and options.extra.get("history") is not None:
            tags.append(feed_link(u, path, u.feed("changes"), _("%(site)s: what changed")
                                  % {"site": options.site_name}))
    return tags


def page_jsonld(catalog: Catalog, options: SiteOptions, path: str,
                record: tuple[str, str] | None = None, language: str | None = None) -> list[str]:
    """The JSON-LD `<script>` of the page at docs path `path` (event and entity pages).

    In `<head>` on the plugin's site; at the end of the body in `render --out`'s folder,
    whose renderer has no theme override to put it in the head.
    """
    record = record or page_record(catalog, options, path)
    if record and record[0] == "events":
        return [jsonld_script(event_jsonld(catalog, options, catalog.by_id[record[1]], language))]
    if record and record[0] == "entities":
        return [jsonld_script(entity_jsonld(catalog, options, catalog.entities[record[1]],
                                            language))]
    return []
