"""The pages that present the exports: the data page and the interactive timeline, plus
the "Subscribe" links other pages show.

`data_pages(catalog, options)` -> {docs path: Markdown} (rendered by `render.render_pages`
when "data" is among the page kinds); `subscribe_links(options, kind, ident)` -> one
Markdown paragraph for the home, thread and entity pages.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog
from ..markup import text as md_text
from ..markup import url as md_url
from ..options import SiteOptions
from ..urls import Urls, link
from .common import escape
from .csvdata import FORMULA_NOTE, TABLES
from .ics import calendar_events
from .timelinejs import VENDOR, VIEW_SCRIPT

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def vendored_timelinejs(assets: Path = ASSETS) -> bool:
    """True when `make vendor` has copied TimelineJS into the package's assets/vendor/."""
    folder = assets / VENDOR
    return (folder / "js" / "timeline.js").is_file() and (folder / "css" / "timeline.css").is_file()


# ---------------------------------------------------------------------------------------
# Subscribe links


def subscribe_links(options: SiteOptions, kind: str, ident: str | None = None, *,
                    calendar: bool = True) -> str:
    """A Markdown paragraph of feed and calendar links for a page; "" if none is built.

    kind: "home" (site feed, deadlines calendar, data page), "threads" (the thread's feed
    and calendar) or "entities" (the entity's feed). Links are relative to that page.
    `calendar=False`: the thread has no deadline, so it has no calendar to link.
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
    items: list[str] = []
    atom = "atom" in options.exports
    ics = "ics" in options.exports
    if kind == "home":
        if atom:
            items.append(f"[Atom feed of all events]({link(page, u.feed())})")
        if ics:
            items.append(f"[Calendar of deadlines (.ics)]({link(page, u.calendar())})")
        if "data" in options.pages:
            items.append(f"[All data downloads]({link(page, u.data())})")
    elif kind == "threads":
        if atom:
            items.append(f"[Atom feed of this thread]({link(page, u.feed('threads', ident))})")
        if ics and calendar:
            items.append(f"[Calendar of this thread's deadlines (.ics)]"
                         f"({link(page, u.calendar(ident))})")
    else:
        if atom:
            items.append(f"[Atom feed of these events]({link(page, u.feed('entities', ident))})")
    if not items:
        return ""
    return "**Subscribe:** " + " · ".join(items) + "\n"


# ---------------------------------------------------------------------------------------
# The data page

_JSON_FILES = (
    ("events.json", "Every event: dates with their precision, status, threads, participants,"
     " summary, citations, relations, reschedules, money, votes, legal references"),
    ("entities.json", "Every entity, with the events it takes part in and its roles"),
    ("threads.json", "Every thread, with its events in order"),
    ("sources.json", "Every source once (deduplicated by normalised URL), with every event"
     " that cites it and the details of each citation"),
)


def _row(page: str, target: str, label: str, what: str) -> str:
    """A row of the downloads table: the label and description escaped (a `<type>` or a
    `|` in a description must read as written, not vanish as a tag or split the row)."""
    return f"| [{md_text(label)}]({link(page, target)}) | {md_text(what)} |"


def data_page(catalog: Catalog, options: SiteOptions) -> str:
    u = Urls(options)
    page = u.data()
    ex = options.exports
    out = [
        "# Data",
        "",
        f"Everything on {md_text(options.site_name)} is also published as data, rebuilt with the"
        " site from the same records. The addresses below are stable: subscribe to them or"
        " download them, no scraping needed.",
        "",
    ]
    if "atom" in ex or "ics" in ex:
        out += ["## Subscribe", ""]
        if "atom" in ex:
            out += [
                f"- [Atom feed of all events]({link(page, u.feed())}), newest first.",
                "- Every thread and every entity has its own feed, linked from its page:"
                f" `{u.feed('threads', '<thread>')}` and `{u.feed('entities', '<entity>')}`.",
            ]
        if "ics" in ex:
            out.append(f"- [Calendar of deadlines]({link(page, u.calendar())}) (iCalendar):"
                       " every deadline: scheduled, rescheduled, cancelled, and those that"
                       " happened (kept, confirmed, so they stay in your calendar). A thread"
                       " has a calendar once it has a deadline.")
        out.append("")
        if catalog.threads:
            cols = ["Thread"] + (["Feed"] if "atom" in ex else []) + (["Calendar"] if "ics" in ex else [])
            out += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            for tid, thread in catalog.threads.items():
                cells = [str(md_text(thread.title))]  # record text: escaped, `|` too
                if "atom" in ex:
                    cells.append(f"[Atom]({link(page, u.feed('threads', tid))})")
                if "ics" in ex:
                    n = len(calendar_events(catalog.by_thread.get(tid, ())))
                    cells.append(f"[.ics]({link(page, u.calendar(tid))}) ({n} deadline{'s' * (n != 1)})"
                                 if n else "no deadlines")
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
        out += [
            "Feed entries keep the same id in every build (a UUID derived from the event id),"
            " and their *updated* date comes from the records: the latest of the event's date"
            " once it happened, its last verification, the dates of its sources and, for a"
            " moved deadline, the date of the event that moved it.",
            "",
        ]
        if "ics" in ex:
            out += [
                "In the calendars, a deadline known to the day is an all-day entry; one known"
                " only to the month spans that month and is marked tentative; one known only"
                " to the year is left out (it is in the feeds and the downloads). Each entry"
                " keeps its UID, and its SEQUENCE grows with every reschedule, so calendar"
                " apps move the entry instead of adding a new one. A deadline whose date"
                " has passed without a source confirming it is marked tentative, and its"
                " title starts with “Date passed, not yet confirmed”.",
                "",
            ]
    out += ["## Downloads", "", "| File | What it holds |", "|---|---|"]
    if "json" in ex:
        for name, what in _JSON_FILES:
            out.append(_row(page, u.data_file(name), name, what + " (JSON)"))
    if "csv" in ex or "datapackage" in ex:
        for table in TABLES:
            out.append(_row(page, u.data_file(table.file), table.file,
                            table.description + " (CSV)"))
    if "datapackage" in ex:
        out.append(_row(page, u.data_file("datapackage.json"), "datapackage.json",
                        "A Frictionless Data Package describing the CSV tables: column types,"
                        " primary keys and foreign keys"))
    if "timelinejs" in ex:
        out.append(_row(page, u.data_file("timelinejs.json"), "timelinejs.json",
                        "The events as TimelineJS slides"))
    if "json" in ex:
        for name, what in (
            ("event", "the YAML event records"), ("entities", "the entities registry"),
            ("threads", "the threads registry"),
            ("settings", "the records' settings (the non-canonical hosts)"),
        ):
            target = u.data_file(f"schema/{name}.schema.json")
            out.append(_row(page, target, f"schema/{name}.schema.json",
                            f"JSON Schema of {what}"))
        for name in ("events", "entities", "threads", "sources"):
            target = u.data_file(f"schema/data-{name}.schema.json")
            out.append(_row(page, target, f"schema/data-{name}.schema.json",
                            f"JSON Schema of {name}.json"))
    out.append("")
    if "csv" in ex or "datapackage" in ex:
        out += [md_text(FORMULA_NOTE), ""]
    out += [
        "## Dates",
        "",
        "A date is never more precise than its sources. In the JSON files a date is an"
        " object: `iso` (`2023`, `2023-04` or `2023-04-12`), `precision` (year, month or"
        " day), `qualifier` (circa, before, after or null), `display` (\"c. 2023\") and"
        " `first_day`/`last_day`, the first and last calendar day the written date covers."
        " The CSV tables have the same in columns: `date` (the text as written),"
        " `date_precision`, `date_qualifier`, `date_first_day` and `date_last_day`. Sort or"
        " filter on the bounds; show the text.",
        "",
        "Each event page also carries schema.org JSON-LD: an `Event` whose `startDate` has"
        " the record's precision, whose `eventStatus` is EventScheduled for events that"
        " happened or are scheduled (schema.org has no \"happened\" status),"
        " EventRescheduled with every earlier date in `previousStartDate`, or"
        " EventCancelled. A deadline whose date has passed with nobody confirming it"
        " keeps its status there (schema.org has no such status) and its `description`"
        " starts with \"Date passed, not yet confirmed\". Law pages carry a"
        " `Legislation` with its CELEX and ELI identifiers.",
        "",
    ]
    tables = [name for fmt, name in (("json", "`events.json`"), ("csv", "`events.csv`"))
              if fmt in ex]
    if tables:
        out += [
            f"In {' and '.join(tables)}, `status` is what the record says and `state` what the"
            " site shows: the status, or `overdue` for a scheduled or rescheduled deadline"
            " whose date has passed (in Brussels, as of the day the site was built) with"
            " nobody confirming it yet.",
            "",
        ]
    out += [
        "## Sources",
        "",
        "A source's `title` is the page's own title. When it is not known it is never"
        " invented: the title is empty (null in JSON) and `title_recorded` is false; the"
        " publisher, date, language and link still identify the source. `via` names the site"
        " a copy was read on when it is not the publisher's own, and `via_reason` says why"
        " that copy is cited rather than the original. `accessed` and `archive_url` are"
        " filled only when someone read the live page on that day or saved an archived copy.",
        "",
    ]
    if "timelinejs" in ex:
        out += [f"An [interactive timeline]({link(page, u.interactive())}) shows the same"
                " events with TimelineJS.", ""]
    out += ["## Licence and attribution", ""]
    licence = options.extra.get("data_licence") if options.extra else None
    if licence:
        name = licence if isinstance(licence, str) else (licence.get("title") or licence.get("name"))
        path = None if isinstance(licence, str) else licence.get("path")
        shown = f"[{md_text(name)}]({md_url(path)})" if path else md_text(name)
        out += [f"The data is published under {shown}.", ""]
    credit = md_text(options.site_name) + (f" ({md_text(options.site_url)})" if options.site_url else "")
    out += [
        "Summaries are written in the project's own words; each fact links to the sources"
        " that support it. Source titles and short quotes belong to their publishers: cite"
        f" the original source for its content. When you reuse the data, credit {credit}"
        " and link to the event pages.",
        "",
    ]
    if "timelinejs" in ex:
        out += ["The interactive view uses TimelineJS by Knight Lab (MPL-2.0), served from"
                " this site unmodified with its licence.", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# The interactive timeline page


def interactive_page(catalog: Catalog, options: SiteOptions, *, assets: Path = ASSETS) -> str:
    u = Urls(options)
    page = u.interactive()
    plain = u.timeline() if "timeline" in options.pages else u.home()
    plain_href = escape(u.href(page, plain))
    out = [
        "# Interactive timeline",
        "",
        f"The same {len(catalog.events)} events as the [plain timeline]({link(page, plain)}),"
        " in TimelineJS: drag or use the arrows to move between events.",
        "",
    ]
    if not vendored_timelinejs(assets):
        out += [
            '<div class="policy-timeline-interactive-missing">',
            "<p>The interactive view is not available in this build: the TimelineJS files"
            f' were not installed. The <a href="{plain_href}">plain timeline</a> lists every'
            " event.</p>",
            "</div>",
            "",
        ]
        return "\n".join(out)
    vendor = u.asset(VENDOR)
    css = escape(u.href(page, f"{vendor}/css/timeline.css"))
    js = escape(u.href(page, f"{vendor}/js/timeline.js"))
    view = escape(u.href(page, u.asset(VIEW_SCRIPT)))
    data = escape(u.href(page, u.data_file("timelinejs.json")))
    script_path = escape(u.href(page, f"{vendor}/js/timeline.js").rsplit("/", 1)[0] + "/")
    out += [
        f'<link rel="stylesheet" href="{css}">',
        "",
        f'<div id="policy-timeline-interactive" class="policy-timeline-interactive"'
        f' data-timeline="{data}" data-script-path="{script_path}"'
        ' style="height: 38rem; max-height: 85vh; min-height: 24rem;"></div>',
        "",
        '<p id="policy-timeline-interactive-fallback" class="policy-timeline-interactive-fallback">'
        "The interactive view needs JavaScript. The"
        f' <a href="{plain_href}">plain timeline</a> lists every event without it.</p>',
        "",
        f'<script src="{js}"></script>',
        f'<script src="{view}"></script>',
        "",
    ]
    return "\n".join(out)


def data_pages(catalog: Catalog, options: SiteOptions) -> dict[str, str]:
    """The data page and, when the TimelineJS export is on, the interactive page."""
    u = Urls(options)
    pages = {u.data(): data_page(catalog, options)}
    if "timelinejs" in options.exports:
        pages[u.interactive()] = interactive_page(catalog, options)
    return pages
