"""The catalog as Markdown pages: `render_pages(catalog, options) -> {docs path: Markdown}`.

Pure and deterministic: records in catalog order, dictionaries sorted, no clock, no file
reading (the home page's introduction arrives as `options.extra["home_intro"]`). Every
path comes from `policy_timeline.urls`; every piece of record text goes through
`policy_timeline.markup`, so no record can put HTML, script or Markdown syntax in a page.

Links between pages are Markdown links (MkDocs rewrites and checks them) except inside
raw HTML blocks (event lists, source lists), which use `Urls.href`; the built site's
links are checked by `policy_timeline.sitecheck` in the tests.

Page kinds (`options.pages`): home `index.md`; timeline `timeline/index.md`; years
`timeline/<YYYY>.md`; events `events/<id>.md`; entities `entities/index.md` and
`entities/<id>.md`; threads `threads/index.md` and `threads/<id>.md`; sources
`sources.md`; data `data/index.md` and `interactive/index.md`, written by
`policy_timeline.exports.pages` (when that module is installed), which also gives the
"Subscribe" links of the home, thread and entity pages.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote, urlsplit

from . import markup
from .catalog import LEGAL_ROLE, OVERDUE, Catalog, SourceEntry
from .dates import MONTHS, PartialDate, display_range
from .markup import Safe, h, text
from .models import Entity, Event, Legal, Money, Thread, short_link
from .options import SiteOptions
from .svg import timeline_svg
from .urls import Urls

from .exports.ics import calendar_events
from .exports.pages import data_pages, subscribe_links

__all__ = [
    "edit_url",
    "edit_urls",
    "expand_nav",
    "format_amount",
    "format_money",
    "render_pages",
    "nav_inclusion",
]

LATEST = 8
"""How many of the latest events the home page lists."""
STRIP_LIMIT = 300
"""At most this many events (the latest) in an SVG strip: it stays a readable picture and a
page of reasonable size (the SVG of 10,000 events would weigh over 5 MB)."""

STATUS_LABELS = {
    "happened": "Happened",
    "scheduled": "Scheduled",
    "rescheduled": "Rescheduled",
    "cancelled": "Cancelled",
    OVERDUE: "Date passed, not yet confirmed",
}
"""Badge texts, by state (`Catalog.state`: the status, or `overdue` for a passed deadline)."""
SOURCE_KIND_LABELS = {
    "official": "Official sources",
    "company": "Company sources",
    "press": "Press",
    "analysis": "Analysis",
    "advocacy": "Advocacy",
    "reference": "Reference works",
}
ENTITY_TYPE_LABELS = {
    "company": "Companies",
    "investor": "Investors",
    "institution": "Institutions",
    "government": "Governments",
    "country": "Countries",
    "person": "People",
    "political-group": "Political groups",
    "organisation": "Organisations",
    "law": "Laws",
    "model": "Models",
}
ENTITY_TYPE_SINGULAR = {
    "company": "Company", "investor": "Investor", "institution": "Institution",
    "government": "Government", "country": "Country", "person": "Person",
    "political-group": "Political group", "organisation": "Organisation", "law": "Law",
    "model": "Model",
}
INSTRUMENTS = {
    "equity": "equity",
    "debt": "debt",
    "convertible": "convertible note",
    "equity-and-debt": "equity and debt",
    "grant": "grant",
    "other": "other",
}
WEIGHTS = {
    "open": "published (open weights)",
    "closed": "not published (closed model)",
    "mixed": "some published, some not",
}
LANGUAGES = {
    "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French",
    "ga": "Irish", "hr": "Croatian", "hu": "Hungarian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mt": "Maltese", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish", "uk": "Ukrainian", "zh": "Chinese",
}
MONEY_KINDS = ("funding-round", "investment")
# Relations saying two money events are one deal (an announcement and its closing).
SAME_DEAL = ("closes", "announces", "part-of")
COUNTRIES = {"EU": "European Union", "FR": "France", "DE": "Germany", "US": "United States",
             "GB": "United Kingdom", "IT": "Italy", "ES": "Spain", "NL": "Netherlands",
             "BE": "Belgium", "SE": "Sweden", "CN": "China", "AE": "United Arab Emirates"}


def kind_label(kind: str) -> str:
    return kind.replace("-", " ")


# ---------------------------------------------------------------------------------------
# Money


def format_amount(value: float | int) -> str:
    """385000000 -> "385 million", 1.7e9 -> "1.7 billion", 1234567 -> "1,234,567"."""
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            scaled = round(value / size, 3)
            if math.isclose(scaled * size, value, rel_tol=0, abs_tol=0.5):
                number = f"{scaled:,.3f}".rstrip("0").rstrip(".")
                return f"{number} {word}"
            break
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_money(amount: float | int, currency: str, *, approximate: bool = False,
                 at_least: bool = False) -> str:
    """ "about EUR 385 million", "at least USD 2 billion": the currency kept as reported."""
    words = ("at least " if at_least else "") + ("about " if approximate else "")
    return f"{words}{currency} {format_amount(amount)}"


# ---------------------------------------------------------------------------------------
# Legal identifiers

_COM = re.compile(r"^COM\((\d{4})\) ?(\d{1,4}) final$")


def celex_url(celex: str) -> str:
    return "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:" + quote(celex, safe="")


_CELEX_IN_URL = re.compile(r"(?:^|[?&])uri=CELEX(?::|%3A)([0-9CE][0-9]{4}[A-Z]{1,2}[0-9A-Z()_]{1,12})",
                           re.IGNORECASE)


def celex_in_url(url: str) -> str | None:
    """The CELEX number an EUR-Lex link names (`...TXT/?uri=CELEX:32024R1689`), or None."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() != "eur-lex.europa.eu":
        return None
    match = _CELEX_IN_URL.search(parts.query)
    return match[1].upper() if match else None


def procedure_url(procedure: str) -> str:
    return ("https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference="
            + quote(procedure, safe="/()"))


def com_celex(com: str, kind: str | None) -> str | None:
    """The CELEX number of a Commission proposal, `COM(2021) 206 final` -> `52021PC0206`.

    Only for proposals: other COM documents (communications, reports) use other sector
    letters that the number alone does not tell.
    """
    match = _COM.match(com)
    if not match or kind != "proposal":
        return None
    return f"5{match[1]}PC{int(match[2]):04d}"


# ---------------------------------------------------------------------------------------
# Navigation and page options (used by the plugin; pure)


def nav_inclusion(path: str, options: SiteOptions) -> str:
    """"listed" for overview pages a nav should show; "hidden" for pages reached by links.

    Year, thread and interactive pages are "hidden" too: `expand_nav` places them under
    the timeline and threads entries, so they never cause "not in nav" messages.
    """
    u = Urls(options)
    listed = u.index_pages() - {u.interactive()}
    return "listed" if path in listed else "hidden"


def expand_nav(nav: Any, catalog: Catalog, options: SiteOptions,
               pages: Iterable[str]) -> Any:
    """A MkDocs `nav` with the timeline and threads entries turned into sections.

    Where the nav names the timeline page, it becomes a "Timeline" section (or the title
    the nav gives it) holding that page, the interactive view and one page per year;
    the threads page, a section with one page per thread. Only pages in `pages` (the
    generated ones) are added. Anything else is left as written; no nav stays None.
    """
    u = Urls(options)
    made = set(pages)
    children: dict[str, list[dict[str, str]]] = {
        u.timeline(): [{"Interactive view": u.interactive()}]
        + [{str(y): u.year(y)} for y in sorted(catalog.by_year)],
        u.threads(): [{str(text(t.title)): u.thread(tid)} for tid, t in catalog.threads.items()],
    }
    children = {k: [i for i in v if next(iter(i.values())) in made] for k, v in children.items()}
    titles = {u.timeline(): "Timeline", u.threads(): "Threads"}

    def walk(item: Any) -> Any:
        if isinstance(item, list):
            return [walk(i) for i in item]
        if isinstance(item, str) and children.get(item):
            return {titles[item]: [item, *children[item]]}
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if isinstance(value, str) and children.get(value):
                return {title: [value, *children[value]]}
            return {title: walk(value)}
        return item

    return None if nav is None else walk(nav)


def edit_urls(catalog: Catalog, options: SiteOptions) -> dict[str, str]:
    """{event page path: URL to edit its record}, when the site has an edit URL."""
    if not options.edit_url or "events" not in options.pages:
        return {}
    urls = Urls(options)
    out = {}
    for event in catalog.events:
        link = edit_url(options, catalog, event)
        if link:
            out[urls.event(event.id)] = link
    return out


# ---------------------------------------------------------------------------------------
# Pages


def render_pages(catalog: Catalog, options: SiteOptions) -> dict[str, str]:
    """Every generated page, {docs-relative path: Markdown}, sorted by path."""
    r = _Renderer(catalog, options)
    return dict(sorted(r.pages().items()))


def _front_matter(title: str | None = None, description: str | None = None,
                  exclude_from_search: bool = False) -> str:
    lines = ["---"]
    if title:
        lines.append(f"title: {markup.yaml_str(title)}")
    if description:
        lines.append(f"description: {markup.yaml_str(_cut(description, 200))}")
    if exclude_from_search:
        lines += ["search:", "  exclude: true"]
    return "\n".join(lines + ["---", "", ""])


def _cut(value: str, limit: int) -> str:
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _month_group(event: Event) -> tuple[int, int]:
    """(year, month) of the group an event is listed under; month 13: month not known."""
    return (event.date.year, event.date.month or 13)


def _group_title(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}" if month <= 12 else f"{year} (month not known)"


class _Renderer:
    def __init__(self, catalog: Catalog, options: SiteOptions) -> None:
        self.c = catalog
        self.o = options
        self.u = Urls(options)
        self.kinds = options.pages
        self.entity_names = {k: e.name for k, e in catalog.entities.items()}
        u, kinds = self.u, self.kinds
        self._event_paths = {e.id: u.event(e.id) for e in catalog.events} if "events" in kinds else {}
        self._entity_paths = {x: u.entity(x) for x in catalog.entities} if "entities" in kinds else {}
        self._thread_paths = {t: u.thread(t) for t in catalog.threads} if "threads" in kinds else {}
        self._order = {e.id: i for i, e in enumerate(catalog.events)}
        self._dates: dict[str, str] = {}
        self._li_parts: dict[str, tuple[Safe, Safe, Safe, Safe, list[tuple[str, Safe]]]] = {}
        self._entries: dict[str, SourceEntry] = {}
        self._source_cache: dict[Any, tuple[Safe, Safe]] = {}

    # -- the page set ------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        u, k, c = self.u, self.kinds, self.c
        out: dict[str, str] = {}
        if "home" in k:
            out[u.home()] = self.home()
        if "timeline" in k:
            out[u.timeline()] = self.timeline()
        if "years" in k:
            for year in c.by_year:
                out[u.year(year)] = self.year(year)
        if "events" in k:
            for event in c.events:
                out[u.event(event.id)] = self.event(event)
        if "entities" in k:
            out[u.entities()] = self.entity_index()
            for entity in c.entities.values():
                out[u.entity(entity.id)] = self.entity(entity)
        if "threads" in k:
            out[u.threads()] = self.thread_index()
            for thread in c.threads.values():
                out[u.thread(thread.id)] = self.thread(thread)
        if "sources" in k:
            out[u.sources()] = self.sources()
        if "data" in k:
            out.update(data_pages(c, self.o))
        return out

    def _subscribe(self, kind: str, ident: str | None = None) -> str:
        calendar = True  # a thread's calendar exists only when it has deadlines
        if kind == "threads" and ident is not None:
            calendar = bool(calendar_events(self.c.by_thread.get(ident, ())))
        return subscribe_links(self.o, kind, ident, calendar=calendar).strip()

    def _shown(self, event: Event) -> str:
        """An event's date as readers see it ("c. 2023", "6–8 December 2023")."""
        shown = self._dates.get(event.id)
        if shown is None:
            shown = self._dates[event.id] = display_range(event.when, event.end)
        return shown

    # -- links -------------------------------------------------------------------------
    # Targets are docs paths from Urls (slugs: nothing to escape); labels go through text.

    def _md(self, here: str, there: str | None, label: object, anchor: str | None = None) -> Safe:
        """A Markdown link, or the label alone when the target page is not generated."""
        if there is None:
            return text(label)
        return Safe(f"[{text(label)}]({self.u.link(here, there, anchor)})")

    def _a(self, here: str, there: str | None, label: object, anchor: str | None = None,
           cls: str | None = None) -> Safe:
        """A raw-HTML link (inside HTML blocks, which MkDocs does not rewrite)."""
        if there is None:
            return text(label)
        klass = f' class="{cls}"' if cls else ""
        return Safe(f'<a{klass} href="{self.u.href(here, there, anchor)}">{text(label)}</a>')

    def _ext(self, url: str, label: object) -> Safe:
        """A link to another site; nothing but the label if the URL is not http(s)."""
        try:
            return h('<a href="{}" rel="noopener nofollow">{}</a>', markup.url(url), label)
        except ValueError:
            return text(label)

    def event_page(self, event_id: str) -> str | None:
        """The page of an event, entity or thread; None when such pages are not made."""
        return self._event_paths.get(event_id)

    def entity_page(self, entity_id: str) -> str | None:
        return self._entity_paths.get(entity_id)

    def thread_page(self, thread_id: str) -> str | None:
        return self._thread_paths.get(thread_id)

    def year_page(self, year: int) -> str | None:
        return self.u.year(year) if "years" in self.kinds and year in self.c.by_year else None

    def entity_name(self, entity_id: str) -> str:
        return self.entity_names.get(entity_id, entity_id)

    # -- shared fragments --------------------------------------------------------------

    def _time(self, event: Event) -> Safe:
        end = f' data-end="{event.end.iso()}"' if event.end else ""
        return h('<time datetime="{}"{}>{}</time>', event.date.iso(), Safe(end),
                 self._shown(event))

    def _date(self, date: PartialDate) -> Safe:
        return h('<time datetime="{}">{}</time>', date.iso(), date.display())

    def _badge(self, status: str) -> Safe:
        return h('<span class="pt-badge pt-badge--{}">{}</span>', status, STATUS_LABELS[status])

    def _event_li(self, here: str, event: Event, extra: Safe = Safe("")) -> Safe:
        """One event in a list: date, link, kind, status, threads; data-* for the filters."""
        parts = self._li_parts.get(event.id)
        if parts is None:
            parts = self._li_parts[event.id] = self._event_li_parts(event)
        opening, date, title, tail, threads = parts
        link = self._a(here, self.event_page(event.id), title, cls="pt-title")
        if threads:
            links = " ".join(self._a(here, self.thread_page(t), name, cls="pt-thread")
                             for t, name in threads)
            tail = Safe(f'{tail} <span class="pt-threads">{links}</span>')
        return Safe(f"{opening}{date} {link} {tail}{' ' + extra if extra else ''}</li>")

    def _event_li_parts(self, event: Event) -> tuple[Safe, Safe, Safe, Safe, list[tuple[str, Safe]]]:
        """What an event's list item says whatever page it is on (links come per page)."""
        entities = sorted({ref for _, ref in event.entity_refs()})
        opening = h('<li class="pt-event" data-kind="{}" data-status="{}" data-threads="{}"'
                    ' data-entities="{}">', event.kind, event.status, " ".join(event.threads),
                    " ".join(entities))
        tail = h('<span class="pt-kind">{}</span>', kind_label(event.kind))
        state = self.c.state(event)
        if state != "happened":
            tail = h("{} {}", tail, self._badge(state))
        threads = [(t, text(self.c.threads[t].title)) for t in event.threads if t in self.c.threads]
        return opening, self._time(event), text(event.title), tail, threads

    def _event_list(self, here: str, events: Iterable[Event], *, filterable: bool = False,
                    extras: Mapping[str, Safe] | None = None) -> str:
        attr = " data-pt-list" if filterable else ""
        items = [self._event_li(here, e, (extras or {}).get(e.id, Safe(""))) for e in events]
        if not items:
            return ""
        return f'<ol class="pt-events"{attr}>\n' + "\n".join(items) + "\n</ol>"

    def _grouped(self, here: str, events: Sequence[Event], *, level: int = 2,
                 filterable: bool = True) -> list[str]:
        """Events under year headings, then month headings (honest about month-less dates)."""
        out: list[str] = []
        by_group: dict[tuple[int, int], list[Event]] = defaultdict(list)
        for event in events:
            by_group[_month_group(event)].append(event)
        year = None
        for (y, m) in sorted(by_group):
            if y != year and level:
                out.append(f"{'#' * level} {y}")
                year = y
            out.append(f"{'#' * (level + 1 if level else 2)} {_group_title(y, m)}")
            out.append(self._event_list(here, by_group[(y, m)], filterable=filterable))
        return out

    def _filters(self, events: Sequence[Event]) -> str:
        """The filter form: hidden until the script shows it (no dead controls without JS)."""
        threads = {t for e in events for t in e.threads}
        kinds = sorted({e.kind for e in events}, key=kind_label)
        entities = sorted({ref for e in events for _, ref in e.entity_refs()},
                          key=lambda x: (self.entity_name(x).casefold(), x))

        def select(name: str, label: str, everything: str, options: list[tuple[str, str]]) -> Safe:
            opts = [h('<option value="">{}</option>', everything)]
            opts += [h('<option value="{}">{}</option>', value, shown) for value, shown in options]
            return h('<label>{} <select name="{}">{}</select></label>', label, name,
                     markup.join(opts, ""))

        fields = [
            select("thread", "Thread", "All threads",
                   [(t, self.c.threads[t].title) for t in self.c.threads if t in threads]),
            select("kind", "Kind", "All kinds", [(k, kind_label(k)) for k in kinds]),
            select("entity", "Who", "Everyone", [(x, self.entity_name(x)) for x in entities]),
        ]
        return "\n".join([
            '<form class="pt-filters" data-pt-filters hidden>',
            *fields,
            '<button type="reset" class="md-button">Show all</button>',
            "</form>",
            '<p class="pt-count" data-pt-count aria-live="polite" hidden></p>',
        ])

    def _cite(self, n: int, event: Event) -> Safe | None:
        if not 1 <= n <= len(event.sources):
            return None
        source = event.sources[n - 1]
        return h('<sup class="pt-cite"><a href="#source-{}" title="{}">{}</a></sup>',
                 n, f"{source.publisher}: {source.label()}", f"[{n}]")

    def _cites(self, numbers: Iterable[int], event: Event) -> Safe:
        return markup.join([self._cite(n, event) or text(f"[{n}]") for n in numbers], "")

    def _svg(self, here: str, events: Sequence[Event], title: str,
             lanes: Sequence[str] | None = None) -> str:
        """The SVG strip of `events`; of the latest STRIP_LIMIT of them when there are more
        (the strip is a picture of the recent story; the lists on the page hold them all)."""
        if "events" not in self.kinds or not events:
            return ""
        note = ""
        if len(events) > STRIP_LIMIT:
            events = events[-STRIP_LIMIT:]
            note = h('<p class="pt-strip-note">The strip shows the latest {} events, from {}.</p>\n',
                     STRIP_LIMIT, self._shown(events[0]))
        svg = timeline_svg(self.c, events, page_path=here, urls=self.u, lanes=lanes, title=title)
        if not svg.strip():
            return ""
        svg = "\n".join(line for line in svg.splitlines() if line.strip())
        return f'<div class="pt-strip">\n{note}{svg}\n</div>'

    # -- home --------------------------------------------------------------------------

    def home(self) -> str:
        here, c = self.u.home(), self.c
        intro = str(self.o.extra.get("home_intro") or "").strip()
        out: list[str] = []
        if not intro.startswith("# "):
            out.append(h("# {}", self.o.site_name))
        if intro:
            out.append(intro)  # written by the site's editors, like any page in docs/
        out.append(self._svg(here, c.events, "All events by thread"))
        happened = [e for e in c.events if e.status == "happened"]
        if happened:
            out.append("## Latest events")
            out.append(self._event_list(here, list(reversed(happened[-LATEST:]))))
            if "timeline" in self.kinds:
                out.append(self._md(here, self.u.timeline(),
                                    f"All {len(c.events)} events in date order") + " →")
        upcoming = c.upcoming()
        if upcoming:
            out.append("## Coming up")
            out.append("Deadlines set in law or announced, with their current date. A"
                       " rescheduled deadline shows its earlier dates on its page.")
            out.append(self._event_list(here, upcoming))
        overdue = c.overdue()
        if overdue:
            out.append("## Deadlines to check")
            out.append(h("These dates have passed (as of {}, Brussels time), but no source"
                         " confirming what happened has been recorded yet: each is marked"
                         " “{}” until an editor checks it.", self._today(),
                         STATUS_LABELS[OVERDUE]))
            out.append(self._event_list(here, overdue))
        if c.threads:
            out.append("## Threads")
            out.append(self._thread_items(here))
        out.append(self._subscribe("home"))
        return _front_matter(description=f"{self.o.site_name}: dated, sourced events") + \
            "\n\n".join(p for p in out if p) + "\n"

    def _thread_items(self, here: str) -> str:
        items = []
        for tid, thread in self.c.threads.items():
            events = self.c.by_thread.get(tid, ())
            span = ""
            if events:
                span = h(" ({}, {} to {})", _plural(len(events), "event"),
                         self._shown(events[0]), self._shown(events[-1]))
            items.append(h("- {}{}: {}", self._md(here, self.thread_page(tid), thread.title),
                           span, markup.first_sentence(thread.introduction)))
        return "\n".join(items)

    # -- timeline and years --------------------------------------------------------------

    def timeline(self) -> str:
        here, c = self.u.timeline(), self.c
        out = [h("# Timeline")]
        if c.events:
            first, last = c.events[0], c.events[-1]
            out.append(h("{} from {} to {}, in date order. Each date is shown as precisely as the"
                         " sources give it: events known only to the month or the year come"
                         " after the days of that month or year.", _plural(len(c.events), "event"),
                         self._shown(first), self._shown(last)))
        else:
            out.append("No events yet.")
        years = [self._md(here, self.year_page(y), str(y)) for y in c.by_year]
        if years and "years" in self.kinds:
            out.append("By year: " + markup.join(years, " · "))
        if c.events:
            out.append(self._filters(c.events))
        out += self._grouped(here, c.events)
        return _front_matter("Timeline", "Every event in date order, with filters by thread,"
                             " kind and who took part.", exclude_from_search=True) + \
            "\n\n".join(p for p in out if p) + "\n"

    def year(self, year: int) -> str:
        here = self.u.year(year)
        events = self.c.by_year[year]
        years = list(self.c.by_year)
        i = years.index(year)
        nav = []
        if i > 0:
            nav.append("← " + self._md(here, self.u.year(years[i - 1]), str(years[i - 1])))
        if "timeline" in self.kinds:
            nav.append(self._md(here, self.u.timeline(), "All years"))
        if i + 1 < len(years):
            nav.append(self._md(here, self.u.year(years[i + 1]), str(years[i + 1])) + " →")
        out = [h("# {}", year), h("{} in {}.", _plural(len(events), "event"), year),
               " · ".join(nav), self._filters(events)]
        out += self._grouped(here, events, level=0)
        if nav:
            out.append(" · ".join(nav))
        return _front_matter(str(year), f"Events of {year}, in date order.",
                             exclude_from_search=True) + "\n\n".join(p for p in out if p) + "\n"

    # -- one event ---------------------------------------------------------------------

    def event(self, e: Event) -> str:
        here, c = self.u.event(e.id), self.c
        out: list[str] = [h("# {}", e.title)]
        meta = [self._time(e), self._badge(c.state(e)), h('<span class="pt-kind">{}</span>',
                                                           kind_label(e.kind))]
        if e.last_verified and e.status in ("scheduled", "rescheduled"):
            meta.append(h('<span class="pt-verified">date last checked {}</span>',
                          e.last_verified.display()))
        out.append(h('<p class="pt-meta">{}</p>', markup.join(meta, " ")))
        if c.state(e) == OVERDUE:
            out.append(self._overdue_note(e))
        if e.verification == "partial" or e.caveat:
            lead = "Partly verified." if e.verification == "partial" else "Read with care."
            body = markup.paragraphs(e.caveat) if e.caveat else text(
                "Some details of this record could not be checked against a source.")
            out.append(h('<div class="pt-caveat" role="note">\n<p><strong>{}</strong> {}</p>\n</div>',
                         lead, Safe(body.replace("\n\n", "</p>\n<p>"))))
        out.append(markup.summary(e.summary, cite=lambda n: self._cite(n, e)))
        if e.disagreements:
            out.append("## Sources disagree")
            for d in e.disagreements:
                items = [h("- {} {}", claim.value, self._cites(claim.cite, e)) for claim in d.values]
                block = [h("On **{}**:", d.field), "\n".join(items)]
                if d.note:
                    block.append(markup.paragraphs(d.note))
                out.append("\n\n".join(block))
        if e.schedule_history:
            out.append("## Schedule history")
            out.append(self._history(here, e))
        out += self._details(here, e)
        if e.participants:
            out.append("## Who took part")
            out.append("\n".join(
                h("- {}, {}", self._md(here, self.entity_page(p.entity), self.entity_name(p.entity)),
                  p.role) for p in e.participants))
        threads = [t for t in e.threads if t in c.threads]
        if threads:
            out.append("## Threads")
            out.append("\n".join(self._thread_line(here, e, t) for t in threads))
        links = c.links.get(e.id, ())
        if links:
            out.append("## Related events")
            lines = []
            for link in links:
                other = c.by_id[link.other]
                note = h(": {}", link.note) if link.note else ""
                lines.append(h("- {} {} ({}){}", link.label.capitalize() + ":",
                               self._md(here, self.event_page(other.id), other.title),
                               self._shown(other), note))
            out.append("\n".join(lines))
        moved = c.moved.get(e.id, ())
        if moved:
            out.append("## Deadlines this event moved")
            lines = []
            for other_id in moved:
                other = c.by_id[other_id]
                was = [item.was.display() for item in other.schedule_history
                       if item.changed_by == e.id]
                lines.append(h("- {}: now {} (was {})",
                               self._md(here, self.event_page(other.id), other.title),
                               self._shown(other), ", ".join(was)))
            out.append("\n".join(lines))
        out.append("## Sources")
        out.append(self._source_list(here, e))
        edit = edit_url(self.o, c, e)
        if edit:
            out.append(h('<p class="pt-edit"><a href="{}" rel="nofollow">Edit this record</a>'
                         ' (<code>{}</code>)</p>', markup.url(edit), c.files[e.id]))
        description = f"{self._shown(e)}. {markup.plain(e.summary)}"
        return _front_matter(e.title, description) + "\n\n".join(p for p in out if p) + "\n"

    def _today(self) -> str:
        """The catalog's today as readers see it ("3 December 2026")."""
        return PartialDate.parse(self.c.today).display() if self.c.today else ""

    def _overdue_note(self, e: Event) -> Safe:
        """Why a passed deadline still reads "scheduled" in its record, and what it means."""
        last = e.end or e.when
        verified = (h(" Its date was last checked against the sources on {}.",
                      e.last_verified.display()) if e.last_verified else "")
        return h('<div class="pt-overdue" role="note">\n<p><strong>{}.</strong> This deadline'
                 ' was {} for {}, a date that has passed (as of {}, Brussels time), but no'
                 ' source confirming that it took place, or giving a new date, has been'
                 ' recorded yet.{} Until an editor checks it, read it as unconfirmed.</p>\n</div>',
                 STATUS_LABELS[OVERDUE], e.status, last.display(), self._today(), verified)

    def _thread_line(self, here: str, e: Event, tid: str) -> Safe:
        before, after = self.c.neighbours(e.id, tid)
        parts = [self._md(here, self.thread_page(tid), self.c.threads[tid].title)]
        if before:
            parts.append(h("previous: {} ({})", self._md(here, self.event_page(before.id), before.title),
                           self._shown(before)))
        if after:
            parts.append(h("next: {} ({})", self._md(here, self.event_page(after.id), after.title),
                           self._shown(after)))
        return h("- {}", markup.join(parts, " · "))

    def _history(self, here: str, e: Event) -> str:
        items = e.schedule_history
        lines = [h("- Originally {}.", items[0].was.display())]
        for i, item in enumerate(items):
            to = items[i + 1].was if i + 1 < len(items) else e.when
            mover = self.c.by_id.get(item.changed_by or "")
            by = (h(" by {} ({})", self._md(here, self.event_page(mover.id), mover.title),
                    self._shown(mover)) if mover else Safe(""))
            cites = self._cites(item.cite, e) if item.cite else Safe("")
            note = h(" {}", item.note) if item.note else Safe("")
            verb = "Cancelled" if e.status == "cancelled" and i + 1 == len(items) else "Moved to"
            target = Safe("") if verb == "Cancelled" else h(" {}", to.display())
            lines.append(h("- {}{}{}{}.{}", verb, target, by, cites, note))
        return "\n".join(lines)

    def _details(self, here: str, e: Event) -> list[str]:
        out: list[str] = []
        if e.money:
            out += ["## Money", self._money(here, e.money)]
        if e.votes:
            rows = ["| Who voted | For | Against | Abstentions |", "|---|---:|---:|---:|"]
            for v in e.votes:
                abst = str(v.abstentions) if v.abstentions is not None else "not reported"
                rows.append(h("| {} | {} | {} | {} |", v.body, v.for_, v.against, abst))
            out += ["## Votes", "\n".join(rows)]
        if e.legal:
            out += ["## Legal references", self._legal(e.legal, e.kind)]
            laws = self._laws(here, e)
            if laws:
                out[-1] = h("- **Act concerned:** {}\n{}", laws, Safe(out[-1]))
        if e.licence or e.weights:
            lines = []
            if e.licence:
                lines.append(h("- **Licence:** {}", e.licence))
            if e.weights:
                lines.append(h("- **Weights:** {}", WEIGHTS[e.weights]))
            out += ["## Release", "\n".join(lines)]
        return out

    def _laws(self, here: str, e: Event) -> Safe:
        """Links to the laws in the entities whose identifiers this event's `legal` shares."""
        laws = [x for x, roles in self.c.laws.reach(e, self.c.by_id).items()
                if any(r.startswith(LEGAL_ROLE) for r in roles)]
        return markup.join([self._md(here, self.entity_page(x), self.entity_name(x))
                            for x in sorted(laws)], ", ")

    def _money(self, here: str, m: Money) -> str:
        lines = [h("- **Amount:** {}", format_money(m.amount, m.currency, approximate=m.approximate,
                                                     at_least=m.at_least))]
        if m.instrument:
            lines.append(h("- **Instrument:** {}", INSTRUMENTS[m.instrument]))
        if m.valuation:
            v = m.valuation
            basis = "" if v.basis == "unspecified" else f", {v.basis}"
            lines.append(h("- **Valuation:** {}{}", format_money(v.amount, v.currency,
                                                                   approximate=v.approximate), basis))
        for label, ids in (("Lead investors", m.lead_investors), ("Investors", m.investors)):
            if ids:
                links = [self._md(here, self.entity_page(x), self.entity_name(x)) for x in ids]
                lines.append(h("- **{}:** {}", label, markup.join(links, ", ")))
        if m.note:
            lines.append(h("- **Note:** {}", m.note))
        return "\n".join(lines)

    def _legal(self, legal: Legal, kind: str | None) -> str:
        lines = []
        if legal.celex:
            lines.append(h("- **CELEX:** {} (EUR-Lex)", self._ext(celex_url(legal.celex), legal.celex)))
        if legal.procedure:
            lines.append(h("- **Procedure:** {} (Legislative Observatory)",
                           self._ext(procedure_url(legal.procedure), legal.procedure)))
        if legal.eli:
            lines.append(h("- **ELI:** {}", self._ext(legal.eli, legal.eli)))
        if legal.com:
            celex = com_celex(legal.com, kind)
            more = h(" (EUR-Lex: {})", self._ext(celex_url(celex), celex)) if celex else ""
            lines.append(h("- **Commission document:** {}{}", legal.com, more))
        if legal.oj:
            lines.append(h("- **Official Journal:** {}", legal.oj))
        if legal.articles:
            lines.append(h("- **Articles:** {}", ", ".join(legal.articles)))
        if legal.version:
            lines.append(h("- **Text version:** {}", legal.version))
        return "\n".join(lines)

    def _source_list(self, here: str, e: Event) -> str:
        """The numbered sources; `#source-n` is what the citation markers point to."""
        items = []
        for n, source in enumerate(e.sources, 1):
            body, after = self._source_parts(source)
            if "sources" in self.kinds:
                entry = self._entries.get(source.url)
                if entry is None:
                    entry = self._entries[source.url] = self.c.source_entry(source.url)
                link = self._a(here, self.u.sources(), "in the bibliography", entry.anchor)
                body = Safe(f"{body} · {link}")
            items.append(Safe(f'<li id="source-{n}">{body}{after}</li>'))
        return '<ol class="pt-sources">\n' + "\n".join(items) + "\n</ol>"

    def _source_parts(self, source: Any) -> tuple[Safe, Safe]:
        """A source as an event page lists it, before and after its bibliography link."""
        parts = self._source_cache.get(source)
        if parts is None:
            body = h('{} · <span class="pt-source-kind">{}</span>', self._source_text(source),
                     source.kind)
            if source.archive_url:
                body = h("{} · {}", body, self._ext(source.archive_url, "archived copy"))
            after = Safe("")
            if source.quote:
                after = h(" <q>{}</q>", source.quote)
            if source.note:
                after = h('{} <span class="pt-note">({})</span>', after, source.note)
            parts = self._source_cache[source] = (body, after)
        return parts

    def _source_text(self, source: Any) -> Safe:
        """Title (linked), publisher, site read on, dates and language.

        A source whose title is not recorded is shown by what is known: its publisher,
        then its link (host and path, shortened) marked "title not recorded".
        A source `check --links` found gone (`options.extra["dead_urls"]`) links its
        archived copy instead, when it has one."""
        target = source.url
        if source.archive_url and source.url in self.o.extra.get("dead_urls", ()):
            target = source.archive_url
        publisher = text(source.publisher)
        if source.via:
            publisher = h("{} (read on {}{})", source.publisher, source.via,
                          h(": {}", source.via_reason) if source.via_reason else "")
        if source.title is not None:
            link = h("<cite>{}</cite>", self._ext(target, source.title))
            if target != source.url:
                link = h("{} (the original page is gone)", link)
            parts = [link, publisher]
        else:
            link = h('{} <span class="pt-untitled">(title not recorded)</span>',
                     self._ext(target, short_link(source.url)))
            if target != source.url:
                link = h("{} (the original page is gone; archived copy linked)", link)
            parts = [publisher, link]
        celex = celex_in_url(source.url)
        if celex:
            parts.append(h("CELEX {}", celex))
        if source.published:
            parts.append(h("published {}", self._date(source.published)))
        if source.accessed:
            parts.append(h("accessed {}", self._date(source.accessed)))
        parts.append(text(f"in {LANGUAGES.get(source.language, source.language)}"))
        return markup.join(parts, ", ")

    # -- entities ----------------------------------------------------------------------

    def entity_index(self) -> str:
        here = self.u.entities()
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.c.entities.values():
            groups[entity.type].append(entity)
        out = [h("# Who is who"), h("{} named in the records: companies, institutions, people,"
                                    " laws and models. Each page lists the events its entity"
                                    " took part in, with its role.",
                                    _plural(len(self.c.entities), "entity", "entities"))]
        order = list(ENTITY_TYPE_LABELS)
        for etype in sorted(groups, key=lambda t: (order.index(t) if t in order else 99, t)):
            out.append(h("## {}", ENTITY_TYPE_LABELS.get(etype, etype)))
            lines = []
            for entity in sorted(groups[etype], key=lambda x: (x.name.casefold(), x.id)):
                count = len(self.c.by_entity.get(entity.id, ()))
                lines.append(h("- {} ({})", self._md(here, self.entity_page(entity.id), entity.name),
                               _plural(count, "event")))
            out.append("\n".join(lines))
        return _front_matter("Who is who", "Companies, institutions, people, laws and models in"
                             " the timeline.") + "\n\n".join(out) + "\n"

    def entity(self, entity: Entity) -> str:
        here, c = self.u.entity(entity.id), self.c
        out = [h("# {}", entity.name)]
        meta = [text(ENTITY_TYPE_SINGULAR.get(entity.type, entity.type))]
        if entity.short_name:
            meta.append(h("also “{}”", entity.short_name))
        if entity.country:
            meta.append(text(COUNTRIES.get(entity.country, entity.country)))
        if entity.url:
            meta.append(self._ext(entity.url, "website"))
        if entity.wikidata:
            meta.append(self._ext(f"https://www.wikidata.org/wiki/{entity.wikidata}",
                                  f"Wikidata {entity.wikidata}"))
        out.append(h('<p class="pt-meta">{}</p>', markup.join(meta, " · ")))
        out.append(markup.paragraphs(entity.description))
        out.append(self._subscribe("entities", entity.id))
        if entity.part_of and entity.part_of in c.entities:
            out.append(h("Part of {}.", self._md(here, self.entity_page(entity.part_of),
                                                 self.entity_name(entity.part_of))))
        members = [c.entities[x] for x in c.members.get(entity.id, ())]
        if members:
            out.append(h("Includes {}.", markup.join(
                [self._md(here, self.entity_page(x.id), x.name) for x in members], ", ")))
        if entity.legal:
            out += ["## Legal references", self._legal(entity.legal, None)]
        roles = c.by_entity.get(entity.id, ())
        out.append(h("## Events ({})", len(roles)))
        if roles:
            extras = {ev.id: h('<span class="pt-role">as {}</span>', ", ".join(names))
                      for ev, names in roles}
            out.append(self._event_list(here, [ev for ev, _ in roles], extras=extras))
        else:
            out.append("No event names it yet.")
        out += self._money_tables(here, entity)
        co = c.co_entities(entity.id)
        if co:
            out.append("## Appears with")
            out.append(markup.join([h("{} ({})", self._md(here, self.entity_page(x), self.entity_name(x)), n)
                                    for x, n in co], ", "))
        return _front_matter(entity.name, markup.plain(entity.description)) + \
            "\n\n".join(p for p in out if p) + "\n"

    def _money_tables(self, here: str, entity: Entity) -> list[str]:
        raised, invested = [], []
        for event, _ in self.c.by_entity.get(entity.id, ()):
            m = event.money
            if not m or event.kind not in MONEY_KINDS:
                continue
            if entity.id in m.lead_investors or entity.id in m.investors:
                invested.append(event)
            elif any(p.entity == entity.id and "investor" not in p.role.casefold()
                     for p in event.participants):
                raised.append(event)
        out: list[str] = []
        if raised and entity.type == "company":
            out += ["## Money raised", self._money_table(here, raised, totals=True)]
        if invested:
            out += ["## Rounds it invested in",
                    "Amounts are the whole round as reported, not this investor's share.",
                    self._money_table(here, invested, totals=False)]
        return out

    def _money_table(self, here: str, events: list[Event], *, totals: bool) -> str:
        ids = {e.id for e in events}
        order = self._order
        superseded: dict[str, str] = {}  # event id -> the later event of the same deal
        for e in events:
            for r in e.relations:
                if r.type in SAME_DEAL and r.event in ids:
                    early, late = sorted((e.id, r.event), key=order.__getitem__)
                    superseded[early] = late
        rows = ["| Date | Event | Amount | Instrument | Valuation | Lead investors |",
                "|---|---|---|---|---|---|"]
        sums: dict[str, list[Any]] = {}
        for e in events:
            m = e.money
            assert m is not None
            amount = format_money(m.amount, m.currency, approximate=m.approximate, at_least=m.at_least)
            if totals and e.id in superseded:
                amount += " (same deal as a later row; counted once)"
            elif totals:
                total = sums.setdefault(m.currency, [0, False, False, 0])
                total[0] += m.amount
                total[1] |= m.approximate
                total[2] |= m.at_least
                total[3] += 1
            valuation = ""
            if m.valuation:
                v = m.valuation
                valuation = format_money(v.amount, v.currency, approximate=v.approximate)
                if v.basis != "unspecified":
                    valuation += f" ({v.basis})"
            leads = markup.join([self._md(here, self.entity_page(x), self.entity_name(x))
                                 for x in m.lead_investors], ", ")
            rows.append(h("| {} | {} | {} | {} | {} | {} |", self._shown(e),
                          self._md(here, self.event_page(e.id), e.title), amount,
                          INSTRUMENTS.get(m.instrument or "", "not reported"), valuation or "—",
                          leads or "—"))
        out = ["\n".join(rows)]
        if totals and sums:
            lines = [h("- {}: {} over {}", currency,
                       format_money(s[0], currency, approximate=s[1], at_least=s[2]),
                       _plural(s[3], "event")) for currency, s in sorted(sums.items())]
            out.append("Totals, by currency as reported (amounts in different currencies are"
                       " never added together or converted):\n\n" + "\n".join(lines))
        return "\n\n".join(out)

    # -- threads -----------------------------------------------------------------------

    def thread_index(self) -> str:
        here = self.u.threads()
        out = [h("# Threads"), "Storylines through the timeline. An event can belong to"
               " several threads.", self._thread_items(here)]
        return _front_matter("Threads", "The storylines of the timeline.") + "\n\n".join(out) + "\n"

    def thread(self, thread: Thread) -> str:
        here = self.u.thread(thread.id)
        events = self.c.by_thread.get(thread.id, ())
        out = [h("# {}", thread.title), markup.summary(thread.introduction),
               self._subscribe("threads", thread.id)]
        out.append(self._svg(here, events, f"{thread.title}: events", lanes=[thread.id]))
        out.append(h("## Events ({})", len(events)))
        if events:
            by_year: dict[int, list[Event]] = defaultdict(list)
            for event in events:
                by_year[event.date.year].append(event)
            for year in sorted(by_year):
                out.append(h("### {}", year))
                out.append(self._event_list(here, by_year[year]))
        else:
            out.append("No events yet.")
        return _front_matter(thread.title, markup.first_sentence(thread.introduction)) + \
            "\n\n".join(p for p in out if p) + "\n"

    # -- sources -----------------------------------------------------------------------

    def sources(self) -> str:
        here = self.u.sources()
        c = self.c
        out = [h("# Sources"), h("Every source cited in the timeline, once, grouped by kind and"
                                 " publisher, with the events that cite it. {} in all.",
                                 _plural(len(c.sources), "source"))]
        by_kind: dict[str, dict[str, list[SourceEntry]]] = defaultdict(lambda: defaultdict(list))
        for entry in c.sources:
            by_kind[entry.source.kind][entry.source.publisher].append(entry)
        order = list(SOURCE_KIND_LABELS)
        for kind in sorted(by_kind, key=lambda k: (order.index(k) if k in order else 99, k)):
            out.append(h("## {}", SOURCE_KIND_LABELS.get(kind, kind)))
            for publisher in sorted(by_kind[kind], key=lambda p: (p.casefold(), p)):
                out.append(h("### {}", publisher))
                items = [self._bib_item(here, entry) for entry in by_kind[kind][publisher]]
                out.append('<ul class="pt-bibliography">\n' + "\n".join(items) + "\n</ul>")
        return _front_matter("Sources", "Every source cited in the timeline, with the events"
                             " that cite it.") + "\n\n".join(out) + "\n"

    def _bib_item(self, here: str, entry: SourceEntry) -> Safe:
        s = entry.source
        body = self._source_text(s)
        if s.archive_url:
            body = h("{} · {}", body, self._ext(s.archive_url, "archived copy"))
        citing = [self._a(here, self.event_page(x), self.c.by_id[x].title) for x in entry.citing]
        return h('<li id="{}">{}. Cited by: {}.</li>', entry.anchor, body, markup.join(citing, "; "))


def edit_url(options: SiteOptions, catalog: Catalog, event: Event) -> str | None:
    """Where the record of `event` can be edited (`options.edit_url` + its file)."""
    if not options.edit_url:
        return None
    link = options.edit_url + quote(catalog.files[event.id])
    try:
        markup.url(link)
    except ValueError:
        return None
    return link
