"""What the pages that present the exports show: the data page and the interactive
timeline, plus the "Subscribe" links other pages show.

`data_pages(catalog, options)` -> {docs path: (template, title, description, context)},
drawn by `render.render_pages` (templates `data.html` and `interactive.html`) when "data"
is among the page kinds; `subscribe_links(options, kind, ident)` -> the `Link`s of a
home, thread or entity page. Nothing here reads the file system: whether TimelineJS is
vendored is the adapters' answer (`options.extra["timelinejs_vendored"]`, from
`vendored_timelinejs()`; absent: vendored).
"""

from __future__ import annotations

from pathlib import Path

from typing import Any

from ..catalog import Catalog
from ..markup import url as checked_url
from ..options import SiteOptions
from ..templating import Link
from ..urls import Urls
from ..words import N_
from .common import other_languages
from .csvdata import FORMULA_NOTE, TABLES
from .ics import calendar_events
from .timelinejs import VENDOR, VIEW_SCRIPT, VIEW_STYLESHEET, start_event

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def vendored_timelinejs(assets: Path = ASSETS) -> bool:
    """True when `make vendor` has copied TimelineJS into the package's assets/vendor/."""
    folder = assets / VENDOR
    return (folder / "js" / "timeline.js").is_file() and (folder / "css" / "timeline.css").is_file()


# ---------------------------------------------------------------------------------------
# Subscribe links


def subscribe_links(options: SiteOptions, kind: str, ident: str | None = None, *,
                    calendar: bool = True) -> list[Link]:
    """The feed and calendar links of a page (hrefs relative to it); [] if none is built.

    kind: "home" (site feed, deadlines calendar, data page), "threads" (the thread's feed
    and calendar) or "entities" (the entity's feed).
    `calendar=False`: the thread has no deadline, so it has no calendar to link.
    Labels are catalog message ids (English); the page translates them.
    """
    u = Urls(options)
    kind = {"thread": "threads", "entity": "entities", "index": "home"}.get(kind, kind)
    if kind == "home":
        page = u.home()
    elif kind == "threads" and ident:
        page = u.thread(ident)
    elif kind == "entities" and ident:
        page = u.entity(ident)
    else:
        raise ValueError(f"subscribe_links: unknown page kind {kind!r} (or missing id)")
    items: list[tuple[str, str]] = []
    atom = "atom" in options.exports
    ics = "ics" in options.exports
    if kind == "home":
        if atom:
            items.append((N_("Atom feed of all events"), u.feed()))
        if ics:
            items.append((N_("Calendar of deadlines (.ics)"), u.calendar()))
        if "data" in options.pages:
            items.append((N_("All data downloads"), u.data()))
    elif kind == "threads":
        if atom:
            items.append((N_("Atom feed of this thread"), u.feed("threads", ident)))
        if ics and calendar:
            items.append((N_("Calendar of this thread's deadlines (.ics)"), u.calendar(ident)))
    elif atom:
        items.append((N_("Atom feed of these events"), u.feed("entities", ident)))
    return [Link(label, u.href(page, target)) for label, target in items]


# ---------------------------------------------------------------------------------------
# The data page

_JSON_FILES = (
    ("events.json", N_("Every event: dates with their precision, status, threads, participants,"
     " summary, citations, relations, reschedules, money, votes, legal references")),
    ("entities.json", N_("Every entity, with the events it takes part in and its roles")),
    ("threads.json", N_("Every thread, with its events in order")),
    ("sources.json", N_("Every source once (deduplicated by normalised URL), with every event"
     " that cites it and the details of each citation")),
)


def data_page(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    """The data page's context (template `data.html`)."""
    u = Urls(options)
    ex = options.exports
    threads = [{
        "title": thread.title, "feed": u.feed("threads", tid), "calendar": u.calendar(tid),
        "deadlines": len(calendar_events(catalog.by_thread.get(tid, ()))) if "ics" in ex else 0,
    } for tid, thread in catalog.threads.items()]
    downloads: list[dict[str, str]] = []

    def row(name: str, what: str, fmt: str | None = None, of: str | None = None) -> None:
        """`what` is a catalog message id (the template translates it); `of` fills its
        %(of)s; `fmt` is said after it."""
        downloads.append({"path": u.data_file(name), "label": name, "what": what,
                          "format": fmt, "of": of})

    if "json" in ex:
        for name, what in _JSON_FILES:
            row(name, what, "JSON")
    if "csv" in ex or "datapackage" in ex:
        for table in TABLES:
            row(table.file, table.description, "CSV")
    if "datapackage" in ex:
        row("datapackage.json", N_("A Frictionless Data Package describing the CSV tables:"
            " column types, primary keys and foreign keys"))
    if "timelinejs" in ex:
        row("timelinejs.json", N_("The events as TimelineJS slides"))
    if "json" in ex:
        for name, what in (
            ("event", N_("JSON Schema of the YAML event records")),
            ("entities", N_("JSON Schema of the entities registry")),
            ("threads", N_("JSON Schema of the threads registry")),
            ("settings", N_("JSON Schema of the records' settings (the non-canonical hosts)")),
        ):
            row(f"schema/{name}.schema.json", what)
        for name in ("events", "entities", "threads", "sources"):
            row(f"schema/data-{name}.schema.json", N_("JSON Schema of %(of)s"), of=f"{name}.json")
    licence = options.extra.get("data_licence") if options.extra else None
    licence_link = None
    if licence:
        name = licence if isinstance(licence, str) else (licence.get("title") or licence.get("name"))
        path = None if isinstance(licence, str) else licence.get("path")
        target = None
        if path:
            try:
                checked_url(path)
                target = path
            except ValueError:
                target = None
        licence_link = Link(str(name), target)
    return {
        "exports": sorted(ex), "threads": threads, "downloads": downloads,
        "feed": u.feed(), "calendar": u.calendar(),
        "thread_feed": u.feed("threads", "<thread>"), "entity_feed": u.feed("entities", "<entity>"),
        "formula_note": FORMULA_NOTE if "csv" in ex or "datapackage" in ex else None,
        "state_tables": [name for fmt, name in (("json", "events.json"), ("csv", "events.csv"))
                         if fmt in ex],
        "interactive": u.interactive() if "timelinejs" in ex else None,
        "licence": licence_link, "site_url": options.site_url,
        "languages": other_languages(options),
    }


# ---------------------------------------------------------------------------------------
# The interactive timeline page


def interactive_page(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    """The interactive page's context (template `interactive.html`)."""
    u = Urls(options)
    return {
        "count": len(catalog.events),
        "plain": u.timeline() if "timeline" in options.pages else u.home(),
        "vendored": bool(options.extra.get("timelinejs_vendored", True)) if options.extra else True,
        "vendor": u.asset(VENDOR), "view": u.asset(VIEW_SCRIPT),
        "data": u.data_file("timelinejs.json"),
        "start": start.id if (start := start_event(catalog)) is not None else None,
        "start_title": start.title if start is not None else None,
        "stylesheet": u.asset(VIEW_STYLESHEET),
    }


def data_pages(catalog: Catalog, options: SiteOptions
               ) -> dict[str, tuple[str, str | None, str | None, dict[str, Any]]]:
    """The data page and, when the TimelineJS export is on, the interactive page:
    {path: (template, title, description, context)}."""
    u = Urls(options)
    pages = {u.data(): ("data.html", None, None, data_page(catalog, options))}
    if "timelinejs" in options.exports:
        pages[u.interactive()] = ("interactive.html", None, None,
                                  interactive_page(catalog, options))
    return pages
