"""The catalog as pages: `render_pages(catalog, options) -> {docs path: PageOut}`.

Python builds each page's context (plain data: strings, dicts, `Link`s and a `Here` that
gives the href of any page from this one); the Jinja templates in `templates/` draw it
(`policy_timeline.templating`; a site overrides any of them in its `templates_dir`).
Autoescaping escapes record text; record summaries, which are Markdown, are made safe by
`markup.summary` and converted to HTML once, by the `markdown` function the caller gives.

Pure and deterministic: records in catalog order, dictionaries sorted, no clock, no file
reading (the home page's introduction arrives as `options.extra["home_intro"]`). Every
path comes from `policy_timeline.urls`. Links are final hrefs (`Urls.href`): MkDocs
never parses these pages, so the plugin checks their links itself.

Page kinds (`options.pages`): home `index.md`; timeline `timeline/index.md`; years
`timeline/<YYYY>.md`; events `events/<id>.md`; entities `entities/index.md` and
`entities/<id>.md`; threads `threads/index.md` and `threads/<id>.md`; sources
`sources.md`; data `data/index.md` and `interactive/index.md`, whose contexts come
from `policy_timeline.exports.pages`, which also gives the "Subscribe" links of the home,
thread and entity pages.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote, unquote, urlsplit

import jinja2
from markupsafe import Markup

from . import markup
from .catalog import LEGAL_ROLE, OVERDUE, Catalog, SourceEntry
from .dates import PartialDate
from .l10n import format_date, format_range, month_name, typography, typography_html
from .words import N_
from . import l10n
from .markup import Safe, text
from .models import MONEY_KINDS, Entity, Event, Legal, Money, Thread, disagreement_words, short_link
from .obligations import is_obligation, kept_through, moves, obligations
from .options import SiteOptions
from .svg import strip_parts
from .errors import GeneratorError
from . import funding
from .changes import CHANGES_LIMIT, last_changed, recent_changes, record_view
from .citation import citation
from .funding import format_amount, format_money
import gettext as _gettext
from .templating import Link, PageOut, environment, heading_ids, template_problem
from .urls import Urls

from .exports.ics import calendar_events
from .exports.pages import data_pages, subscribe_links

__all__ = [
    "edit_url",
    "edit_urls",
    "expand_nav",
    "format_amount",
    "format_money",
    "contact_block",
    "render_pages",
    "nav_inclusion",
]

LATEST = 8
"""How many of the latest events the home page lists."""
STRIP_LIMIT = 300
"""At most this many events (the latest) in an SVG strip: it stays a readable picture and a
page of reasonable size (the SVG of 10,000 events would weigh over 5 MB)."""

APPLIES_ANCHOR = "what-applies-when"
"""The id of the "What applies when" table's heading on a thread page (linked from home)."""

STATUS_LABELS = {
    "happened": N_("Happened"),
    "scheduled": N_("Scheduled"),
    "rescheduled": N_("Rescheduled"),
    "cancelled": N_("Cancelled"),
    OVERDUE: N_("Date passed, not yet confirmed"),
}
"""Badge texts, by state (`Catalog.state`: the status, or `overdue` for a passed deadline)."""
APPLIES_LABELS = {**STATUS_LABELS, "happened": N_("Applies")}
STATUS_WORDS = {"happened": N_("happened"), "scheduled": N_("scheduled"),
                "rescheduled": N_("rescheduled"), "cancelled": N_("cancelled")}
"""A record's status inside a sentence ("This deadline was scheduled for ...")."""
BASES = {"pre-money": N_("pre-money"), "post-money": N_("post-money"),
         "unspecified": N_("unspecified")}
"""A valuation's basis, as readers read it."""
ROLE_WORDS = (
    N_("co-legislator"), N_("developer"), N_("model released"), N_("joint lead committee"),
    N_("Council Presidency"), N_("signatory"), N_("organiser"), N_("proposer"), N_("speaker"),
    N_("party"), N_("company raising"), N_("company raising funds"), N_("publisher"),
    N_("early signatory"), N_("co-rapporteur"), N_("rapporteur"), N_("shadow rapporteur"),
    N_("author"), N_("co-author"), N_("Member State"), N_("competition regulator"),
    N_("advisory body"), N_("supplier"), N_("subject"), N_("signatory company"), N_("partner"),
    N_("lender"), N_("assessor"), N_("enforcer"), N_("witness"), N_("venue"), N_("recipient"),
)
"""The roles records use most, in the catalog: a participant's role is the record's words,
shown translated when the catalog has them (any other role reads as written)."""
"""The same for an obligation: one that happened is a rule that now applies."""
SOURCE_KINDS = {"official": N_("official"), "company": N_("company"), "press": N_("press"),
                "analysis": N_("analysis"), "advocacy": N_("advocacy"), "reference": N_("reference")}
"""A source's kind in its line ("· press")."""
SOURCE_KIND_LABELS = {
    "official": N_("Official sources"),
    "company": N_("Company sources"),
    "press": N_("Press"),
    "analysis": N_("Analysis"),
    "advocacy": N_("Advocacy"),
    "reference": N_("Reference works"),
}
ENTITY_TYPE_LABELS = {
    "company": N_("Companies"),
    "investor": N_("Investors"),
    "institution": N_("Institutions"),
    "government": N_("Governments"),
    "country": N_("Countries"),
    "person": N_("People"),
    "political-group": N_("Political groups"),
    "organisation": N_("Organisations"),
    "law": N_("Laws"),
    "model": N_("Models"),
}
ENTITY_TYPE_SINGULAR = {
    "company": N_("Company"), "investor": N_("Investor"), "institution": N_("Institution"),
    "government": N_("Government"), "country": N_("Country"), "person": N_("Person"),
    "political-group": N_("Political group"), "organisation": N_("Organisation"), "law": N_("Law"),
    "model": N_("Model"),
}
INSTRUMENTS = {
    "equity": N_("equity"),
    "debt": N_("debt"),
    "convertible": N_("convertible note"),
    "equity-and-debt": N_("equity and debt"),
    "grant": N_("grant"),
    "other": N_("other"),
}
WEIGHTS = {
    "open": N_("published (open weights)"),
    "closed": N_("not published (closed model)"),
    "mixed": N_("some published, some not"),
}
LANGUAGES = {
    "bg": N_("Bulgarian"), "cs": N_("Czech"), "da": N_("Danish"), "de": N_("German"), "el": N_("Greek"),
    "en": N_("English"), "es": N_("Spanish"), "et": N_("Estonian"), "fi": N_("Finnish"), "fr": N_("French"),
    "ga": N_("Irish"), "hr": N_("Croatian"), "hu": N_("Hungarian"), "it": N_("Italian"), "ja": N_("Japanese"),
    "ko": N_("Korean"), "lt": N_("Lithuanian"), "lv": N_("Latvian"), "mt": N_("Maltese"), "nl": N_("Dutch"),
    "no": N_("Norwegian"), "pl": N_("Polish"), "pt": N_("Portuguese"), "ro": N_("Romanian"), "ru": N_("Russian"),
    "sk": N_("Slovak"), "sl": N_("Slovenian"), "sv": N_("Swedish"), "uk": N_("Ukrainian"), "zh": N_("Chinese"),
}
COUNTRIES = {"EU": N_("European Union"), "FR": N_("France"), "DE": N_("Germany"), "US": N_("United States"),
             "GB": N_("United Kingdom"), "IT": N_("Italy"), "ES": N_("Spain"), "NL": N_("Netherlands"),
             "BE": N_("Belgium"), "SE": N_("Sweden"), "CN": N_("China"), "AE": N_("United Arab Emirates")}


KIND_LABELS = {
    "proposal": N_("proposal"), "opinion": N_("opinion"), "position": N_("position"),
    "trilogue": N_("trilogue"), "political-agreement": N_("political agreement"),
    "committee-vote": N_("committee vote"), "plenary-vote": N_("plenary vote"),
    "adoption": N_("adoption"), "signature": N_("signature"), "publication": N_("publication"),
    "corrigendum": N_("corrigendum"), "entry-into-force": N_("entry into force"),
    "application-date": N_("application date"), "institution": N_("institution"),
    "guidance": N_("guidance"), "code-of-practice": N_("code of practice"),
    "consultation": N_("consultation"), "founding": N_("founding"),
    "funding-round": N_("funding round"), "investment": N_("investment"),
    "partnership": N_("partnership"), "contract": N_("contract"),
    "infrastructure": N_("infrastructure"), "product-release": N_("product release"),
    "market": N_("market"), "regulatory-review": N_("regulatory review"),
    "statement": N_("statement"), "letter": N_("letter"), "report": N_("report"),
    "meeting": N_("meeting"), "other": N_("other"),
}
"""An event kind as readers read it (catalog message ids)."""


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("-", " "))


# ---------------------------------------------------------------------------------------
# Money


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


# ---------------------------------------------------------------------------------------
# Pages


def render_pages(catalog: Catalog, options: SiteOptions, *, markdown: markup.Markdown | None = None,
                 env: jinja2.Environment | None = None, language: str | None = None
                 ) -> dict[str, PageOut]:
    """Every generated page, {docs-relative path: PageOut}, sorted by path.

    `markdown` converts record summaries and the home introduction (default: Python-Markdown
    with `markup.DEFAULT_EXTENSIONS`); `env` is the Jinja environment (default: the
    package's templates, or the site's `templates_dir` first when
    `options.extra["templates_dir"]` names one), in `language` (its catalog, date and
    money formats; default: the tree's `options.language`, else English; a given `env`
    brings its own language).
    """
    if env is None:
        folder = options.extra.get("templates_dir") if options.extra else None
        language = language or getattr(options, "language", None) or "en"
        env = environment(Path(folder) if folder else None, language)
    try:
        r = _Renderer(catalog, options, markdown or markup.markdown_converter(), env)
        return dict(sorted(r.pages().items()))
    except jinja2.TemplateError as exc:  # a site's override that breaks: say which, no traceback
        raise GeneratorError(f"a page template failed: {template_problem(exc)}") from None


def _web(url: str | None) -> str | None:
    """An external URL fit for an href (absolute http(s)), else None."""
    if not url:
        return None
    try:
        markup.url(url)
    except ValueError:
        return None
    return url


def _ext(url: str | None, label: object) -> Link:
    target = _web(url)
    return Link(str(label), target, target is not None)


def _month_group(event: Event) -> tuple[int, int]:
    """(year, month) of the group an event is listed under; month 13: month not known."""
    return (event.date.year, event.date.month or 13)


def _group_title(year: int, month: int, language: str = "en",
                 gettext: Any = _gettext.gettext) -> str:
    if month <= 12:
        return f"{month_name(month, language)} {year}"
    return gettext("%(year)s (month not known)") % {"year": year}


_MD_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")')


class Here:
    """Links from one page: the templates ask it for the href of any other page."""

    def __init__(self, r: "_Renderer", path: str) -> None:
        self.r = r
        self.path = path

    def to(self, path: str | None, anchor: str | None = None) -> str | None:
        return None if path is None else self.r.u.href(self.path, path, anchor)

    def event(self, event_id: str) -> str | None:
        return self.to(self.r.event_page(event_id))

    def entity(self, entity_id: str) -> str | None:
        return self.to(self.r.entity_page(entity_id))

    def thread(self, thread_id: str) -> str | None:
        return self.to(self.r.thread_page(thread_id))

    def bibliography(self, anchor: str) -> str | None:
        """The href of a source's entry on the sources page."""
        return self.to(self.r.u.sources(), anchor) if "sources" in self.r.kinds else None

    def event_link(self, event_id: str) -> Link:
        return Link(self.r.c.by_id[event_id].title, self.event(event_id))

    def entity_link(self, entity_id: str) -> Link:
        return Link(self.r.entity_name(entity_id), self.entity(entity_id))

    def thread_link(self, thread_id: str) -> Link:
        return Link(self.r.c.threads[thread_id].title, self.thread(thread_id))

    def markdown(self, source: str) -> Markup:
        """Markdown (already made safe, or written by the site's editors) as HTML, its
        relative links rewritten as MkDocs would (`x.md` to the page's URL, files to
        their path from this page's URL)."""
        out = self.r.markdown(source)
        if "href=" in out:
            out = _MD_HREF.sub(lambda m: m[1] + self._rewrite(m[2]) + m[3], out)
        return Markup(out)

    def _rewrite(self, raw: str) -> str:
        target = html.unescape(raw)
        parts = urlsplit(target)
        if parts.scheme or target.startswith(("//", "#")) or not parts.path:
            return raw
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(self.path),
                                                     unquote(parts.path)))
        if resolved.startswith("../") or resolved == "..":
            return raw  # outside the site: left as written (the page check reports it)
        return html.escape(self.r.u.href(self.path, resolved, parts.fragment or None))


ROLES_SHOWN = 8  # an entity overview names its most frequent roles; the events list has all


class _Renderer:
    def __init__(self, catalog: Catalog, options: SiteOptions, markdown: markup.Markdown,
                 env: jinja2.Environment) -> None:
        self.c = catalog
        # the page language and its catalog, from `templating.environment(language=...)`
        self.language: str = getattr(env, "pt_language", "en")
        self.translations = getattr(env, "pt_translations", None) or _gettext.NullTranslations()
        self.o = options
        self.u = Urls(options)
        self.markdown = markdown
        self.env = env
        self.kinds = options.pages
        self.entity_names = {k: e.name for k, e in catalog.entities.items()}
        u, kinds = self.u, self.kinds
        self._event_paths = {e.id: u.event(e.id) for e in catalog.events} if "events" in kinds else {}
        self._entity_paths = {x: u.entity(x) for x in catalog.entities} if "entities" in kinds else {}
        self._thread_paths = {t: u.thread(t) for t in catalog.threads} if "threads" in kinds else {}
        self._order = {e.id: i for i, e in enumerate(catalog.events)}
        self._dates: dict[str, str] = {}
        self._rows: dict[str, dict[str, Any]] = {}
        self._entries: dict[str, SourceEntry] = {}
        self._sources: dict[Any, dict[str, Any]] = {}
        self._templates: dict[str, jinja2.Template] = {}
        self.globals = {
            "kinds": self.kinds,
            "site_name": options.site_name,
            "today": self._today(),
        }
        # when each record last changed, from git (`history`; read by the adapters)
        history = options.extra.get("history") if options.extra else None
        self.history = history
        self.last_changed = last_changed(catalog, history)
        self.changes_list = recent_changes(catalog, history)
        self._listed_commits = {entry.commit for entry in self.changes_list}

    # -- the page set ------------------------------------------------------------------

    def pages(self) -> dict[str, PageOut]:
        u, k, c = self.u, self.kinds, self.c
        out: dict[str, PageOut] = {}
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
            for path, (template, title, description, context) in data_pages(c, self.o).items():
                out[path] = self.page(path, template, title, description, **context)
        if "changes" in k:
            out[u.changes()] = self.changes()
        return out

    def page(self, path: str, template: str, title: str | None, description: str | None,
             *, exclude_from_search: bool = False, hide_toc: bool = False,
             **context: Any) -> PageOut:
        """Draw one page with its template; headings get their ids and the toc.

        `hide_toc`: Material's `hide: [toc]` (the page's own list is its table of contents,
        and the column is better given to it)."""
        tpl = self._templates.get(template)
        if tpl is None:
            tpl = self._templates[template] = self.env.get_template(template)
        body = tpl.render(self.globals, here=Here(self, path), **context)
        body = typography_html(body, self.language)  # French: no-break spaces before : ; ! ?
        body, toc = heading_ids(body)
        meta: dict[str, Any] = {}
        if title:
            meta["title"] = typography(markup.html_text(title), self.language)
        if description:
            meta["description"] = typography(markup.html_text(markup.cut(description, 200)),
                                             self.language)
        if exclude_from_search:
            meta["search"] = {"exclude": True}
        if hide_toc:
            meta["hide"] = ["toc"]
        shown = title or (toc[0].title if toc else self.o.site_name)
        return PageOut(path=path, title=shown, html=body, meta=meta, toc=toc)

    def subscribe(self, kind: str, ident: str | None = None) -> list[Link]:
        calendar = True  # a thread's calendar exists only when it has deadlines
        if kind == "threads" and ident is not None:
            calendar = bool(calendar_events(self.c.by_thread.get(ident, ())))
        return [link._replace(label=self.gettext(link.label))
                for link in subscribe_links(self.o, kind, ident, calendar=calendar)]

    def shown(self, event: Event) -> str:
        """An event's date as readers see it ("c. 2023", "6–8 December 2023")."""
        shown = self._dates.get(event.id)
        if shown is None:
            shown = self._dates[event.id] = format_range(event.when, event.end, self.language)
        return shown

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

    def gettext(self, message: str) -> str:
        """A word marked `N_()` (or written here) in the page's language."""
        return self.translations.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """ "3 events": the count in words in the page's language (`%(num)d` is the count)."""
        return self.translations.ngettext(singular, plural, n) % {"num": n}

    def date(self, date: PartialDate | None) -> str | None:
        """A date as the page's readers read it ("c. 2023", "vers 2023")."""
        return None if date is None else format_date(date, self.language)

    def money(self, amount: float | int, currency: str, *, approximate: bool = False,
              at_least: bool = False) -> str:
        return l10n.format_money(amount, currency, approximate=approximate, at_least=at_least,
                                 language=self.language)

    def _today(self) -> str:
        """The catalog's today as readers see it ("3 December 2026")."""
        return self.date(PartialDate.parse(self.c.today)) if self.c.today else ""

    # -- shared parts ------------------------------------------------------------------

    def row(self, event: Event, extra: str | None = None) -> dict[str, Any]:
        """What an event's list item says whatever page it is on (links come per page)."""
        row = self._rows.get(event.id)
        if row is None:
            state = self.c.state(event)
            row = self._rows[event.id] = {
                "id": event.id, "kind": event.kind, "status": event.status,
                "threads": " ".join(event.threads),
                "entities": " ".join(sorted({ref for _, ref in event.entity_refs()})),
                "date": event.date.iso(), "end": event.end.iso() if event.end else None,
                "shown": self.shown(event), "title": event.title,
                "kind_label": self.gettext(kind_label(event.kind)), "state": state,
                "state_label": self.gettext(STATUS_LABELS[state]),
                "thread_ids": [t for t in event.threads if t in self.c.threads],
                "extra": None,
                # the date filter's span: the days the event may cover (partial dates widen it)
                "from": event.date.first_day().isoformat(),
                "to": (event.end or event.date).last_day().isoformat(),
                "line": markup.one_line(event.summary), "key": event.key,
            }
        return row if extra is None else {**row, "extra": extra}

    def rows(self, events: Iterable[Event], extras: Mapping[str, str] | None = None
             ) -> list[dict[str, Any]]:
        extras = extras or {}
        return [self.row(e, extras.get(e.id)) for e in events]

    def grouped(self, events: Sequence[Event], *, years: bool = True) -> list[dict[str, Any]]:
        """Events under year headings, then month headings (honest about month-less dates)."""
        by_group: dict[tuple[int, int], list[Event]] = defaultdict(list)
        for event in events:
            by_group[_month_group(event)].append(event)
        out: list[dict[str, Any]] = []
        year = None
        for (y, m) in sorted(by_group):
            out.append({"year": y if years and y != year else None, "level": 3 if years else 2,
                        "title": _group_title(y, m, self.language, self.gettext), "rows": self.rows(by_group[(y, m)])})
            year = y
        return out

    def filters(self, events: Sequence[Event], *, thread: str | None = None,
                entity: str | None = None) -> dict[str, Any] | None:
        """The filter form's choices (the form is hidden until the script shows it), from
        the events listed; on a thread's or an entity's page, that thread or entity is not
        a choice (every event has it). The date range goes from the first day to the last
        day the events may cover. None: no event, no form."""
        if not events:
            return None
        threads = {t for e in events for t in e.threads} - {thread}
        kinds = sorted({e.kind for e in events}, key=lambda k: self.gettext(kind_label(k)))
        entities = sorted({ref for e in events for _, ref in e.entity_refs()} - {entity},
                          key=lambda x: (self.entity_name(x).casefold(), x))
        rows = [self.row(e) for e in events]
        return {
            "threads": [(t, self.c.threads[t].title) for t in self.c.threads if t in threads],
            "kinds": [(k, self.gettext(kind_label(k))) for k in kinds] if len(kinds) > 1 else [],
            "entities": [(x, self.entity_name(x)) for x in entities],
            "first": min(r["from"] for r in rows), "last": max(r["to"] for r in rows),
        }

    def strip(self, here: str, events: Sequence[Event], title: str,
              lanes: Sequence[str] | None = None) -> dict[str, Any] | None:
        """The SVG strip of `events`; of the latest STRIP_LIMIT of them when there are more
        (the strip is a picture of the recent story; the lists on the page hold them all)."""
        if "events" not in self.kinds or not events:
            return None
        note = None
        if len(events) > STRIP_LIMIT:
            events = events[-STRIP_LIMIT:]
            note = {"limit": STRIP_LIMIT, "from": self.shown(events[0])}
        svg = strip_parts(self.c, events, page_path=here, urls=self.u, lanes=lanes, title=title,
                          year_pages="years" in self.kinds)
        if svg is None:
            return None
        return {"note": note, "svg": svg}

    def cite(self, n: int, event: Event) -> dict[str, Any] | None:
        if not 1 <= n <= len(event.sources):
            return None
        source = event.sources[n - 1]
        return {"n": n, "title": f"{source.publisher}: {source.label()}"}

    def cites(self, numbers: Iterable[int], event: Event) -> list[dict[str, Any]]:
        return [self.cite(n, event) or {"n": n, "title": None} for n in numbers]

    def _cite_md(self, event: Event) -> markup.Cite:
        macro = self.env.get_template("partials/cite.html").module.cite  # type: ignore[attr-defined]

        def cite(n: int) -> Safe | None:
            found = self.cite(n, event)
            if found is None:
                return None
            # the marker meets Markdown: its brackets must not read as a reference link
            marker = str(macro(found)).replace("[", "&#91;").replace("]", "&#93;")
            return Safe(marker)

        return cite

    def threads_list(self) -> list[dict[str, Any]]:
        items = []
        for tid, thread in self.c.threads.items():
            events = self.c.by_thread.get(tid, ())
            items.append({
                "id": tid, "title": thread.title, "count": len(events),
                "first": self.shown(events[0]) if events else None,
                "last": self.shown(events[-1]) if events else None,
                "sentence": markup.first_sentence(thread.introduction),
            })
        return items

    # -- home --------------------------------------------------------------------------

    def home(self) -> PageOut:
        here, c = self.u.home(), self.c
        intro = str(self.o.extra.get("home_intro") or "").strip()
        happened = [e for e in c.events if e.status == "happened"]
        return self.page(
            here, "home.html", None, self.gettext("%(site)s: dated, sourced events") % {"site": self.o.site_name},
            intro=intro, strip=self.strip(here, c.events, self.gettext("All events by thread")),
            latest=self.rows(reversed(happened[-LATEST:])), total=len(c.events),
            timeline=self.u.timeline() if "timeline" in self.kinds else None,
            upcoming=self.rows(c.upcoming()), overdue=self.rows(c.overdue()),
            threads=self.threads_list(), subscribe=self.subscribe("home"),
            overdue_label=self.gettext(STATUS_LABELS[OVERDUE]),
            applies=self.applies_threads(), applies_anchor=APPLIES_ANCHOR,
        )

    # -- timeline and years --------------------------------------------------------------

    def timeline(self) -> PageOut:
        here, c = self.u.timeline(), self.c
        years = [(y, self.year_page(y)) for y in c.by_year] if "years" in self.kinds else []
        return self.page(
            here, "timeline.html", self.gettext("Timeline"), self.gettext(
                "Every event in date order, with filters by thread, kind, who took part and"
                " dates."), exclude_from_search=True, hide_toc=True,
            count=self.ngettext("%(num)d event", "%(num)d events", len(c.events)),
            first=self.shown(c.events[0]) if c.events else None,
            last=self.shown(c.events[-1]) if c.events else None,
            years=years, filters=self.filters(c.events),
            groups=self.grouped(c.events),
        )

    def year(self, year: int) -> PageOut:
        here = self.u.year(year)
        events = self.c.by_year[year]
        years = list(self.c.by_year)
        i = years.index(year)
        return self.page(
            here, "year.html", str(year),
            self.gettext("Events of %(year)s, in date order.") % {"year": year},
            exclude_from_search=True, hide_toc=True, year=year,
            count=self.ngettext("%(num)d event", "%(num)d events", len(events)),
            previous=(years[i - 1], self.u.year(years[i - 1])) if i > 0 else None,
            next=(years[i + 1], self.u.year(years[i + 1])) if i + 1 < len(years) else None,
            timeline=self.u.timeline() if "timeline" in self.kinds else None,
            filters=self.filters(events), groups=self.grouped(events, years=False),
        )

    # -- one event ---------------------------------------------------------------------

    def event(self, e: Event) -> PageOut:
        here, c = self.u.event(e.id), self.c
        state = c.state(e)
        caveat = None
        if e.verification == "partial" or e.caveat:
            caveat = {
                "lead": self.gettext("Partly verified.") if e.verification == "partial"
                else self.gettext("Read with care."),
                "paragraphs": markup.paragraph_list(e.caveat) if e.caveat else [self.gettext(
                    "Some details of this record could not be checked against a source.")],
            }
        disagreements = [{
            "field": d.field, "words": self.gettext(disagreement_words(d.field)),
            "claims": [{"who": self._who(claim.cite, e), "value": claim.value,
                        "cites": self.cites(claim.cite, e)} for claim in d.values],
            "note": markup.paragraph_list(d.note) if d.note else [],
        } for d in e.disagreements]
        moved = []
        for other_id in c.moved.get(e.id, ()):
            other = c.by_id[other_id]
            moved.append({"id": other.id, "shown": self.shown(other), "was": ", ".join(
                self.date(item.was) for item in other.schedule_history if item.changed_by == e.id)})
        links = self._related(e)
        edit = edit_url(self.o, c, e)
        summary = markup.summary(e.summary, cite=self._cite_md(e))
        here_ = Here(self, here)
        return self.page(
            here, "event.html", e.title, f"{self.shown(e)}. {markup.plain(e.summary)}",
            event=e, row=self.row(e), state=state,
            verified=(self.date(e.last_verified) if e.last_verified
                      and e.status in ("scheduled", "rescheduled") else None),
            overdue=self._overdue(e) if state == OVERDUE else None, caveat=caveat,
            summary=here_.markdown(summary), disagreements=disagreements,
            history=self._history(e), kept=self._kept(e), money=self._money(e.money) if e.money else None,
            votes=[{"body": v.body, "for": v.for_, "against": v.against,
                    "abstentions": v.abstentions if v.abstentions is not None
                    else self.gettext("not reported")}
                   for v in e.votes],
            legal=self._legal(e.legal, e.kind) if e.legal else None,
            laws=self._laws(e) if e.legal else [],
            release=({"licence": e.licence,
                      "weights": self.gettext(WEIGHTS[e.weights]) if e.weights else None}
                     if e.licence or e.weights else None),
            participants=[{"entity": p.entity, "role": self.gettext(p.role)} for p in e.participants],
            threads=[self._thread_line(e, t) for t in e.threads if t in c.threads],
            links=links, moved=moved, sources=self._source_list(e),
            edit={"url": _web(edit), "file": c.files[e.id]} if edit else None,
            changed=self._changed(e, here_), citation=self._cite_page(e, here),
        )

    def _changed(self, e: Event, here: Here) -> dict[str, Any] | None:
        """When the record last changed (its latest commit), linked to that commit's entry
        on the "What changed" page when it is listed there; None: not known."""
        change = self.last_changed.get(e.id)
        if change is None:
            return None
        page = self.u.changes() if "changes" in self.kinds else None
        anchor = f"change-{change.short}" if change.commit in self._listed_commits else None
        iso = change.day.isoformat()
        return {"iso": iso, "shown": PartialDate.parse(iso).display(), "subject": change.subject,
                "short": change.short, "href": here.to(page, anchor)}

    def _cite_page(self, e: Event, here: str) -> dict[str, Any]:
        """The "Cite this page" block's values: title, site, absolute URL, date changed."""
        change = self.last_changed.get(e.id)
        url = self.u.absolute(here)
        return {"title": e.title, "site": self.o.site_name, "url": url,
                **citation(e.id, e.title, self.o.site_name, url, change.day if change else None)}

    # -- what changed ------------------------------------------------------------------

    def changes(self) -> PageOut:
        """The "What changed" page: the latest record changes by day, newest first."""
        here = self.u.changes()
        h = Here(self, here)
        days: list[dict[str, Any]] = []
        for entry in self.changes_list:
            iso = entry.day.isoformat()
            if not days or days[-1]["iso"] != iso:
                days.append({"iso": iso, "shown": PartialDate.parse(iso).display(), "entries": []})
            records = []
            for r in entry.records:
                title, target = record_view(self.c, self.o, r)
                records.append({"kind": r.kind, "action": r.action, "path": r.path,
                                "title": title, "href": h.to(target)})
            days[-1]["entries"].append({
                "anchor": f"change-{entry.short}", "short": entry.short,
                "time": entry.when.isoformat(), "subject": entry.subject, "records": records})
        feed = None
        if "atom" in self.o.exports and self.history is not None:
            feed = h.to(self.u.feed("changes"))
        return self.page(here, "changes.html", None, None, days=days, limit=CHANGES_LIMIT,
                         known=self.history is not None, feed=feed,
                         contact=contact_context(self.o))  # no link to itself

    def _who(self, numbers: Iterable[int], e: Event) -> dict[str, Any]:
        """The publishers of the cited sources, each once: "Reuters and CNBC" and the verb."""
        names: list[str] = []
        for n in numbers:
            if 1 <= n <= len(e.sources) and e.sources[n - 1].publisher not in names:
                names.append(e.sources[n - 1].publisher)
        if not names:
            return {"names": self.gettext("A source"), "verb": "says", "count": 1}
        joined = names[0] if len(names) == 1 else (
            ", ".join(names[:-1]) + " " + self.gettext("and") + " " + names[-1])
        return {"names": joined, "verb": "says" if len(names) == 1 else "say", "count": len(names)}

    def _related(self, e: Event) -> list[dict[str, Any]]:
        """One line per related event, listing every relation with it ("Same day as" once
        even when both records say so), in the catalog's order."""
        lines: dict[str, dict[str, Any]] = {}
        for link in self.c.links.get(e.id, ()):
            line = lines.setdefault(link.other, {
                "labels": [], "id": link.other, "shown": self.shown(self.c.by_id[link.other]),
                "notes": []})
            label = self.gettext(link.label)
            if label not in line["labels"]:
                line["labels"].append(label)
            if link.note and link.note not in line["notes"]:
                line["notes"].append(link.note)
        for line in lines.values():
            line["label"] = "; ".join(line["labels"]).capitalize() + ":"
            line["note"] = "; ".join(line["notes"]) or None
        return list(lines.values())

    def _overdue(self, e: Event) -> dict[str, Any]:
        """Why a passed deadline still reads "scheduled" in its record, and what it means."""
        last = e.end or e.when
        return {"label": self.gettext(STATUS_LABELS[OVERDUE]), "status": e.status,
                "status_label": self.gettext(STATUS_WORDS.get(e.status, e.status)),
                "date": self.date(last), "verified": self.date(e.last_verified)}

    def _thread_line(self, e: Event, tid: str) -> dict[str, Any]:
        before, after = self.c.neighbours(e.id, tid)
        return {"id": tid,
                "previous": {"id": before.id, "shown": self.shown(before)} if before else None,
                "next": {"id": after.id, "shown": self.shown(after)} if after else None}

    def _history(self, e: Event) -> dict[str, Any] | None:
        """A moved deadline's dates: the original, each move with the act that made it and
        its date, and the current date. None for an event that never moved."""
        if not e.schedule_history:
            return None
        steps = [{
            "verb": self.gettext("Moved to") if m.to else self.gettext("Cancelled"),
            "to": self.date(m.to),
            "by": {"id": m.by.id, "shown": self.shown(m.by)} if m.by else None,
            "cites": self.cites(m.cite, e) if m.cite else [],
            "note": m.note,
        } for m in moves(self.c, e)]
        state = self.c.state(e)
        current = None if e.status == "cancelled" else {
            "shown": self.shown(e), "state": state, "label": self.gettext(STATUS_LABELS[state])}
        return {"original": self.date(e.schedule_history[0].was), "steps": steps,
                "current": current}

    def _kept(self, e: Event) -> list[dict[str, Any]]:
        """The amending acts a deadline kept its date through (`obligations.kept_through`)."""
        if not is_obligation(e) and e.status not in ("scheduled", "rescheduled"):
            return []
        return [{"id": act.id, "shown": self.shown(act),
                 "count": self.ngettext("%(num)d other deadline", "%(num)d other deadlines",
                                       len(self.c.moved.get(act.id, ())))}
                for act in kept_through(self.c, e)]

    def _laws(self, e: Event) -> list[str]:
        """The laws in the entities whose identifiers this event's `legal` shares."""
        return sorted(x for x, roles in self.c.laws.reach(e, self.c.by_id).items()
                      if any(r.startswith(LEGAL_ROLE) for r in roles))

    def _money(self, m: Money) -> dict[str, Any]:
        valuation = None
        if m.valuation:
            v = m.valuation
            valuation = self.money(v.amount, v.currency, approximate=v.approximate) + (
                "" if v.basis == "unspecified" else f", {self.gettext(BASES[v.basis])}")
        return {
            "amount": self.money(m.amount, m.currency, approximate=m.approximate,
                                 at_least=m.at_least),
            "instrument": self.gettext(INSTRUMENTS[m.instrument]) if m.instrument else None,
            "valuation": valuation,
            "investors": [(label, list(ids)) for label, ids in (
                (self.gettext("Lead investors"), m.lead_investors),
                (self.gettext("Investors"), m.investors)) if ids],
            "note": m.note,
        }

    def _legal(self, legal: Legal, kind: str | None) -> list[dict[str, Any]]:
        """The rows of a legal-references list: label, links or text, and a remark."""
        rows: list[dict[str, Any]] = []

        def row(label: str, text: str = "", links: tuple[Link, ...] = (),
                eurlex: Link | None = None, after: str = "") -> None:
            rows.append({"label": self.gettext(label), "text": text, "links": links,
                         "eurlex": eurlex, "after": after and f" ({self.gettext(after)})"})

        if legal.celex:
            row(N_("CELEX"), links=(_ext(celex_url(legal.celex), legal.celex),), after=N_("EUR-Lex"))
        if legal.procedure:
            row(N_("Procedure"), links=(_ext(procedure_url(legal.procedure), legal.procedure),),
                after=N_("Legislative Observatory"))
        if legal.eli:
            row(N_("ELI"), links=(_ext(legal.eli, legal.eli),))
        if legal.com:
            celex = com_celex(legal.com, kind)
            row(N_("Commission document"), legal.com,
                eurlex=_ext(celex_url(celex), celex) if celex else None)
        if legal.oj:
            row(N_("Official Journal"), legal.oj)
        if legal.articles:
            row(N_("Articles"), ", ".join(legal.articles))
        if legal.version:
            row(N_("Text version"), legal.version)
        return rows

    def _source_list(self, e: Event) -> list[dict[str, Any]]:
        """The numbered sources; `#source-n` is what the citation markers point to."""
        items = []
        for n, source in enumerate(e.sources, 1):
            entry = None
            if "sources" in self.kinds:
                entry = self._entries.get(source.url)
                if entry is None:
                    entry = self._entries[source.url] = self.c.source_entry(source.url)
            items.append({"n": n, "source": self._source(source),
                          "anchor": entry.anchor if entry else None})
        return items

    def _source(self, source: Any) -> dict[str, Any]:
        """A source as pages show it: title (linked), publisher, site read on, dates,
        language, kind, archived copy, quote and note.

        A source whose title is not recorded is shown by what is known: its publisher,
        then its link (host and path, shortened) marked "title not recorded".
        A source `check --links` found gone (`options.extra["dead_urls"]`) links its
        archived copy instead, when it has one."""
        view = self._sources.get(source)
        if view is None:
            target = source.url
            if source.archive_url and source.url in self.o.extra.get("dead_urls", ()):
                target = source.archive_url
            view = self._sources[source] = {
                "title": source.title,
                "link": _ext(target, source.title if source.title is not None
                             else short_link(source.url)),
                "gone": target != source.url,
                "publisher": source.publisher, "via": source.via,
                "via_reason": source.via_reason, "celex": celex_in_url(source.url),
                "published": self._date(source.published), "accessed": self._date(source.accessed),
                "language": self.gettext(LANGUAGES.get(source.language, source.language)),
                "kind": self.gettext(SOURCE_KINDS.get(source.kind, source.kind)),
                "archive": _ext(source.archive_url, self.gettext("archived copy"))
                if source.archive_url else None,
                "quote": source.quote, "note": source.note,
            }
        return view

    def _date(self, date: PartialDate | None) -> dict[str, str] | None:
        return {"iso": date.iso(), "shown": format_date(date, self.language)} if date else None

    # -- entities ----------------------------------------------------------------------

    def entity_index(self) -> PageOut:
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.c.entities.values():
            groups[entity.type].append(entity)
        order = list(ENTITY_TYPE_LABELS)
        out = []
        for etype in sorted(groups, key=lambda t: (order.index(t) if t in order else 99, t)):
            out.append({"title": self.gettext(ENTITY_TYPE_LABELS.get(etype, etype)), "entities": [
                {"id": x.id, "count": self.ngettext("%(num)d event", "%(num)d events",
                                                    len(self.c.by_entity.get(x.id, ())))}
                for x in sorted(groups[etype], key=lambda x: (x.name.casefold(), x.id))]})
        return self.page(
            self.u.entities(), "entity_index.html", self.gettext("Who is who"), self.gettext(
                "Companies, institutions, people, laws and models in the timeline."), groups=out,
            count=self.ngettext("%(num)d entity", "%(num)d entities", len(self.c.entities)))

    def entity(self, entity: Entity) -> PageOut:
        here, c = self.u.entity(entity.id), self.c
        roles = c.by_entity.get(entity.id, ())
        meta: list[Link] = [Link(self.gettext(ENTITY_TYPE_SINGULAR.get(entity.type, entity.type)))]
        if entity.short_name:
            meta.append(Link(self.gettext("also “%(name)s”") % {"name": entity.short_name}))
        if entity.country:
            meta.append(Link(self.gettext(COUNTRIES.get(entity.country, entity.country))))
        if entity.url:
            meta.append(_ext(entity.url, self.gettext("website")))
        if entity.wikidata:
            meta.append(_ext(f"https://www.wikidata.org/wiki/{entity.wikidata}",
                             f"Wikidata {entity.wikidata}"))
        return self.page(
            here, "entity.html", entity.name, markup.plain(entity.description),
            entity=entity, meta=meta, about=markup.paragraph_list(entity.description),
            subscribe=self.subscribe("entities", entity.id),
            part_of=entity.part_of if entity.part_of in c.entities else None,
            members=list(c.members.get(entity.id, ())),
            legal=self._legal(entity.legal, None) if entity.legal else None,
            count=len(roles), filters=self.filters([ev for ev, _ in roles], entity=entity.id),
            events=self.rows([ev for ev, _ in roles], {
                ev.id: ", ".join(self.gettext(n) for n in names) for ev, names in roles}),
            tables=self._money_tables(entity), co=c.co_entities(entity.id),
            overview=self._overview(entity, here),
            funding=self._funding(here, funding.raised_rounds(c, entity.id, language=self.language),
                                  self.gettext("%(name)s: money raised, by date") % {"name": entity.name},
                                  self.gettext("Money raised")),
        )

    def _overview(self, entity: Entity, here: str) -> dict[str, Any] | None:
        """What a reader wants first: threads, first and last appearance, roles, figures."""
        roles = self.c.by_entity.get(entity.id, ())
        if not roles:
            return None
        events = [e for e, _ in roles]
        in_threads = Counter(t for e in events for t in e.threads if t in self.c.threads)
        rounds = funding.raised_rounds(self.c, entity.id, language=self.language)
        counted = funding.roles_counted(roles)
        votes = [{"id": e.id, "shown": self.shown(e), "votes": [
            {"body": v.body, "for": v.for_, "against": v.against, "abstentions": v.abstentions}
            for v in e.votes]} for e in events if e.votes]
        return {
            "threads": [(t, self.ngettext("%(num)d event", "%(num)d events", in_threads[t]))
                        for t in self.c.threads if t in in_threads],
            "first": {"id": events[0].id, "shown": self.shown(events[0])},
            "last": {"id": events[-1].id, "shown": self.shown(events[-1])}
            if len(events) > 1 else None,
            "roles": [(self.gettext(role), self.ngettext("%(num)d event", "%(num)d events", n))
                      for role, n in counted[:ROLES_SHOWN]],
            "more_roles": len(counted[ROLES_SHOWN:]),
            "money": self._money_totals(rounds) if rounds else None,
            "votes": votes,
        }

    def _money_totals(self, rounds: list[funding.Round]) -> dict[str, Any]:
        found = funding.totals(rounds, self.language)
        return {"total": found["total"],
                "count": self.ngettext("%(num)d round", "%(num)d rounds", found["count"]),
                "currencies": found.get("currencies", []),
                "list": [{"id": r.event.id, "shown": r.shown, "text": r.amount.text}
                         for r in found["list"]]}  # type: ignore[union-attr]

    def _funding(self, here: str, rounds: list[funding.Round], title: str, heading: str
                 ) -> dict[str, Any] | None:
        """The chart of `rounds` and its table (the same figures, with their citations)."""
        if not rounds:
            return None
        h = Here(self, here)
        hrefs = {r.event.id: h.event(r.event.id) for r in rounds}

        def figure(r: funding.Round, f: funding.Figure | None) -> dict[str, Any] | None:
            if f is None:
                return None
            return {"text": f.text, "href": hrefs[r.event.id],
                    "cites": [c for c in (self.cite(n, r.event) for n in f.cites) if c]}

        rows = [{"id": r.event.id, "shown": r.shown, "amount": figure(r, r.amount),
                 "valuation": figure(r, r.valuation), "basis": r.basis,
                 "instrument": self.gettext(INSTRUMENTS.get(r.event.money.instrument or "",
                                                            N_("not reported")))
                 if r.event.money else "",
                 "instrument_unknown": not (r.event.money and r.event.money.instrument
                                            in INSTRUMENTS),
                 "leads": list(r.leads), "investors": list(r.investors),
                 "superseded_by": r.superseded_by} for r in rounds]
        return {"chart": funding.chart(rounds, hrefs, title, self.language, self.gettext), "rows": rows, "heading": heading,
                "prefix": "pt-funding-" + markup.slug(title)[:40]}

    def _money_tables(self, entity: Entity) -> dict[str, Any]:
        """The rounds `entity` invested in (those it raised are in its funding chart)."""
        invested = [event for event, _ in self.c.by_entity.get(entity.id, ())
                    if event.money and event.kind in MONEY_KINDS
                    and (entity.id in event.money.lead_investors
                         or entity.id in event.money.investors)]
        return {"invested": self._money_table(invested, totals=False) if invested else None}

    def _money_table(self, events: list[Event], *, totals: bool) -> dict[str, Any]:
        superseded = funding.superseded_in(events, self._order)
        rows = []
        sums: dict[str, list[Any]] = {}
        for e in events:
            m = e.money
            assert m is not None
            amount = self.money(m.amount, m.currency, approximate=m.approximate, at_least=m.at_least)
            if totals and e.id in superseded:
                amount += " (" + self.gettext("same deal as a later row; counted once") + ")"
            elif totals:
                total = sums.setdefault(m.currency, [0, False, False, 0])
                total[0] += m.amount
                total[1] |= m.approximate
                total[2] |= m.at_least
                total[3] += 1
            valuation = ""
            if m.valuation:
                v = m.valuation
                valuation = self.money(v.amount, v.currency, approximate=v.approximate)
                if v.basis != "unspecified":
                    valuation += f" ({self.gettext(BASES[v.basis])})"
            rows.append({"shown": self.shown(e), "id": e.id, "amount": amount,
                         "instrument": self.gettext(INSTRUMENTS.get(m.instrument or "",
                                                                    N_("not reported"))),
                         "valuation": valuation or "—", "leads": list(m.lead_investors)})
        sums_out = [{"currency": currency, "amount": self.money(
            s[0], currency, approximate=s[1], at_least=s[2]),
            "count": self.ngettext("%(num)d event", "%(num)d events", s[3])}
            for currency, s in sorted(sums.items())] if totals else []
        return {"rows": rows, "totals": sums_out}

    # -- threads -----------------------------------------------------------------------

    def thread_index(self) -> PageOut:
        return self.page(self.u.threads(), "thread_index.html", self.gettext("Threads"),
                         self.gettext("The storylines of the timeline."), threads=self.threads_list())

    def thread(self, thread: Thread) -> PageOut:
        here = self.u.thread(thread.id)
        events = self.c.by_thread.get(thread.id, ())
        by_year: dict[int, list[Event]] = defaultdict(list)
        for event in events:
            by_year[event.date.year].append(event)
        return self.page(
            here, "thread.html", thread.title, markup.first_sentence(thread.introduction),
            thread=thread, introduction=Here(self, here).markdown(markup.summary(thread.introduction)),
            subscribe=self.subscribe("threads", thread.id),
            strip=self.strip(here, events, self.gettext("%(thread)s: events") % {"thread": thread.title},
                             lanes=[thread.id]),
            applies=self.applies(thread.id), applies_anchor=APPLIES_ANCHOR,
            count=len(events), years=[(y, self.rows(by_year[y])) for y in sorted(by_year)],
            filters=self.filters(events, thread=thread.id),
            funding=[self._funding(here, funding.raised_rounds(self.c, x, events, self.language),
                                   self.gettext("%(name)s: money raised, by date")
                                   % {"name": self.entity_name(x)},
                                   self.gettext("Money raised by %(name)s")
                                   % {"name": self.entity_name(x)})
                     for x in funding.raisers(self.c, events)]
            if funding.is_funding_thread(events) else [],
        )

    def applies(self, thread_id: str) -> list[dict[str, Any]]:
        """The rows of a thread's "What applies when" table ([]: the thread has none)."""
        rows = []
        for ob in obligations(self.c, thread_id):
            e = ob.event
            rows.append({
                "id": e.id, "title": e.title, "applies_to": e.applies_to,
                "original": self.date(ob.original), "current": self.shown(e),
                "moved": ob.original != ob.current or bool(ob.moves),
                "moves": [{"id": m.by.id if m.by else None,
                           "shown": self.shown(m.by) if m.by else None,
                           "to": self.date(m.to)} for m in ob.moves],
                "kept": [{"id": k.id, "shown": self.shown(k)} for k in ob.kept],
                "state": ob.state, "state_label": self.gettext(APPLIES_LABELS[ob.state]),
                "sources": [{"n": n, "title": f"{src.publisher}: {src.label()}"}
                            for n, src in enumerate(e.sources, 1)],
            })
        return rows

    def applies_threads(self) -> list[dict[str, Any]]:
        """Threads whose page has a "What applies when" table (linked from the home page)."""
        if "threads" not in self.kinds:
            return []
        return [{"id": tid, "title": t.title, "count": n} for tid, t in self.c.threads.items()
                if (n := sum(1 for e in self.c.by_thread.get(tid, ()) if is_obligation(e)))]

    # -- sources -----------------------------------------------------------------------

    def sources(self) -> PageOut:
        c = self.c
        by_kind: dict[str, dict[str, list[SourceEntry]]] = defaultdict(lambda: defaultdict(list))
        for entry in c.sources:
            by_kind[entry.source.kind][entry.source.publisher].append(entry)
        order = list(SOURCE_KIND_LABELS)
        kinds = []
        for kind in sorted(by_kind, key=lambda k: (order.index(k) if k in order else 99, k)):
            kinds.append({"title": self.gettext(SOURCE_KIND_LABELS.get(kind, kind)), "publishers": [
                {"name": publisher, "entries": [
                    {"anchor": entry.anchor, "source": self._source(entry.source),
                     "citing": list(entry.citing)} for entry in by_kind[kind][publisher]]}
                for publisher in sorted(by_kind[kind], key=lambda p: (p.casefold(), p))]})
        return self.page(
            self.u.sources(), "sources.html", self.gettext("Sources"), self.gettext(
                "Every source cited in the timeline, with the events that cite it."),
            count=self.ngettext("%(num)d source", "%(num)d sources", len(c.sources)),
            kinds=kinds)


CONTACT_MARKER = "<!-- policy-timeline: contact -->"
"""Where a hand-written page (the About page) wants the contact and corrections block."""


def contact_context(options: SiteOptions, here: str | None = None) -> dict[str, Any] | None:
    """Who to write to about an error (the plugin's `contact` option), and where the
    corrections are listed; None when the site sets no contact."""
    contact = options.extra.get("contact") if options.extra else None
    if not contact:
        return None
    changes = None
    if here is not None and "changes" in options.pages:
        u = Urls(options)
        changes = u.href(here, u.changes())
    return {"name": contact.get("name"), "email": contact.get("email"),
            "url": _web(contact.get("url")), "changes": changes}


def contact_block(options: SiteOptions, path: str, env: jinja2.Environment | None = None) -> str:
    """The contact and corrections block (`partials/contact.html`) as HTML for the page at
    docs path `path` (the plugin puts it where the About page asks for it); "" when the
    site sets no contact."""
    if env is None:
        folder = options.extra.get("templates_dir") if options.extra else None
        env = environment(Path(folder) if folder else None, options.language)
    context = contact_context(options, path)
    if context is None:
        return ""
    return env.get_template("partials/contact.html").render(contact=context)


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
