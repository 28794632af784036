"""Atom feeds: the whole site, each thread and each entity. Built with feedgen.

- Entry id: `urn:uuid:` of a uuid5 of the event id in the project's fixed namespace, so
  the same event is the same entry in every feed and in every build.
- Entry `updated`: from the data only (`common.event_updated`): a rescheduled deadline
  updates its entry on the date of the event that moved it. Feed `updated` is the
  latest entry's. Nothing reads the clock; feedgen's own defaults are overwritten.
- Links: absolute from `site_url`; without it, relative to the feed file (RFC 4287
  allows relative references, resolved against the feed's own URL).
- Summary: plain text (no HTML from the records). Content: HTML built here with every
  record value escaped, with the sources as links.
- At most FEED_LIMIT entries, the most recently updated; shown newest first (by the
  event's date, the site's order reversed).
- In the language of the tree being built (`common.page_language`: a site in English and
  French has `feeds/all.atom` and `fr/feeds/all.atom`): `xml:lang`, the interface's words
  from the catalog, the records' translated titles and summaries (English where a record
  has no translation). Entry ids differ per language (a reader may follow both).
"""

from __future__ import annotations

import gettext
import posixpath
from typing import Any
from xml.etree import ElementTree

from feedgen.feed import FeedGenerator

from ..catalog import Catalog
from ..l10n import format_date, format_range
from ..models import Event
from ..options import SiteOptions
from ..urls import Urls
from .common import (
    catalog_updated,
    escape,
    event_text,
    event_updated,
    midnight,
    page_language,
    page_link,
    plain_text,
    record_text,
    schedule_lines,
    state_text,
    stable_uuid,
    translator,
)

GENERATOR = "policy-timeline"
FEED_LIMIT = 100
"""Entries per feed: the events most recently updated (a feed tells what changed)."""


def entry_id(event_id: str, language: str = "en") -> str:
    if language == "en":
        return stable_uuid("event", event_id)
    return stable_uuid("event", event_id, language)


def feed_id(kind: str = "all", ident: str | None = None, language: str = "en") -> str:
    if language == "en":
        return stable_uuid("feed", kind, ident or "")
    return stable_uuid("feed", kind, ident or "", language)


def _source_item(n: int, s: Any, language: str = "en",
                 tr: gettext.NullTranslations | None = None) -> str:
    """One source of an entry: its title linked, or (title not recorded) its publisher first."""
    _ = (tr or gettext.NullTranslations()).gettext
    link = f'<a href="{escape(s.url)}">{escape(s.label())}</a>'
    if s.title is not None:
        text = f"[{n}] {link}, {escape(s.publisher)}"
    else:
        untitled = escape(_("title not recorded"))
        text = f"[{n}] {escape(s.publisher)}, {link} ({untitled})"
    if s.published:
        text += f", {escape(format_date(s.published, language))}"
    return f"<li>{text}</li>"


def _content_html(catalog: Catalog, options: SiteOptions, feed_path: str, event: Event,
                  language: str = "en", tr: gettext.NullTranslations | None = None) -> str:
    u = Urls(options)
    _ = (tr or gettext.NullTranslations()).gettext
    when = escape(format_range(event.when, event.end, language))
    state = escape(state_text(catalog, event, language, tr))
    parts = [f"<p><strong>{when}</strong> ({state})</p>"]
    parts += [f"<p>{escape(line)}</p>" for line in schedule_lines(catalog, event, language, tr)]
    summary = record_text(event, "summary", language)
    parts += [f"<p>{escape(p)}</p>" for p in plain_text(summary, markers=True).split("\n\n")]
    caveat = record_text(event, "caveat", language)
    note, sources, more = _("Note:"), _("Sources:"), _("Read the full record")
    if caveat:
        parts.append(f"<p><em>{escape(note)}</em> {escape(plain_text(caveat))}</p>")
    items = "".join(_source_item(n, s, language, tr) for n, s in enumerate(event.sources, start=1))
    parts.append(f"<p>{escape(sources)}</p><ol>{items}</ol>")
    link = page_link(options, feed_path, u.event(event.id))
    parts.append(f'<p><a href="{escape(link)}">{escape(more)}</a></p>')
    return "".join(parts)


def build_feed(catalog: Catalog, options: SiteOptions, events: list[Event] | tuple[Event, ...],
               *, path: str, page: str, title: str, subtitle: str, kind: str = "all",
               ident: str | None = None, cache: dict | None = None,
               language: str = "en") -> bytes:
    """One Atom feed of `events`, published at `path`, about the page `page`, in `language`.

    `cache` (optional) keeps each entry's texts between the feeds of one export: an event
    is in the site feed, its threads' and its entities' feeds.
    """
    u = Urls(options)
    tr = translator(options, language)
    cache = {} if cache is None else cache
    folder = posixpath.dirname(path)
    fg = FeedGenerator()
    fg.id(feed_id(kind, ident, language))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": options.site_name})
    fg.link(href=page_link(options, path, path), rel="self", type="application/atom+xml")
    fg.link(href=page_link(options, path, page), rel="alternate", type="text/html")
    fg.generator(GENERATOR)
    fg.language(language)
    fg.updated(midnight(catalog_updated(catalog, events, options)))
    recent = sorted(events, key=lambda e: (event_updated(catalog, e), e.when.sort_key(), e.id),
                    reverse=True)[:FEED_LIMIT]
    for event in sorted(recent, key=lambda e: (e.when.sort_key(), e.id), reverse=True):
        fe = fg.add_entry(order="append")
        fe.id(entry_id(event.id, language))
        fe.title(record_text(event, "title", language))
        fe.updated(midnight(event_updated(catalog, event)))
        fe.link(href=page_link(options, path, u.event(event.id)), rel="alternate",
                type="text/html")
        key = (event.id, folder, language)
        if key not in cache:
            cache[key] = (event_text(catalog, event, language, tr),
                          _content_html(catalog, options, path, event, language, tr))
        summary, content = cache[key]
        fe.summary(summary)
        fe.content(content, type="html")
        for thread in event.threads:
            if thread in catalog.threads:
                fe.category(term=thread,
                            label=record_text(catalog.threads[thread], "title", language))
    xml = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return xml if xml.endswith(b"\n") else xml + b"\n"


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def feed_sitemaps(options: SiteOptions, feeds: list[str]) -> dict[str, bytes]:
    """A `sitemap.xml` in each feed folder, listing that folder's feeds.

    Material for MkDocs (9.x) fetches `sitemap.xml` relative to every
    `<link rel="alternate">` of a page (meant for language versions; see
    squidfunk/mkdocs-material#8576, fixed in Zensical as zensical/ui#213). The feed
    autodiscovery links would make every page request `feeds/sitemap.xml` and get a 404.
    These small, valid sitemaps answer that request instead. Without `site_url` they
    list nothing (a sitemap needs absolute URLs).
    """
    u = Urls(options)
    folders: dict[str, list[str]] = {}
    for path in feeds:
        folders.setdefault(posixpath.dirname(path), []).append(path)
    out = {}
    for folder, paths in sorted(folders.items()):
        root = ElementTree.Element("urlset", xmlns=SITEMAP_NS)
        for path in sorted(paths):
            absolute = u.absolute(path)
            if absolute:
                ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = absolute
        ElementTree.indent(root)
        text = ElementTree.tostring(root, encoding="unicode", xml_declaration=False)
        out[f"{folder}/sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")
    return out


def export_atom(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """feeds/all.atom, feeds/threads/<id>.atom and feeds/entities/<id>.atom in the tree's
    language, feeds/changes.atom when the records' history is known (`changesfeed`), and
    the `sitemap.xml` of each feed folder (see `feed_sitemaps`)."""
    files = language_feeds(catalog, options, page_language(options))
    from .changesfeed import export_changes_feed  # the "What changed" page's feed

    files.update(export_changes_feed(catalog, options))
    files.update(feed_sitemaps(options, list(files)))
    return files


def language_feeds(catalog: Catalog, options: SiteOptions, language: str = "en"
                   ) -> dict[str, bytes]:
    """Every feed in `language`: {path: Atom bytes}, at the paths of `Urls`."""
    u = Urls(options)
    _ = translator(options, language).gettext
    cache: dict = {}
    files: dict[str, bytes] = {}
    site = options.site_name
    common = {"cache": cache, "language": language}
    path = u.feed()
    files[path] = build_feed(
        catalog, options, catalog.events, path=path, page=u.home(), title=site,
        subtitle=_("Every event on %(site)s, newest first.") % {"site": site}, **common)
    for tid, thread in catalog.threads.items():
        path = u.feed("threads", tid)
        title = record_text(thread, "title", language)
        files[path] = build_feed(
            catalog, options, catalog.by_thread.get(tid, ()), path=path, page=u.thread(tid),
            title=f"{title} — {site}",
            subtitle=_("Events in the thread “%(thread)s”, newest first.") % {"thread": title},
            kind="threads", ident=tid, **common)
    for eid, entity in catalog.entities.items():
        path = u.feed("entities", eid)
        events = [e for e, _roles in catalog.by_entity.get(eid, ())]
        name = record_text(entity, "name", language)
        files[path] = build_feed(
            catalog, options, events, path=path, page=u.entity(eid),
            title=f"{name} — {site}",
            subtitle=_("Events involving %(name)s, newest first.") % {"name": name},
            kind="entities", ident=eid, **common)
    return files


__all__ = ["build_feed", "entry_id", "export_atom", "feed_id", "feed_sitemaps", "language_feeds"]
