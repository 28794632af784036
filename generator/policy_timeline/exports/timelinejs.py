"""TimelineJS data (`data/timelinejs.json`) and the small script that starts the view.

One slide per event. TimelineJS infers precision from which keys a date has, so a date
known to the year gives `{"year": "2023"}` only, a month `{"year", "month"}`; the slide's
`display_date` is the site's honest text ("c. 2023", "before 2024"). Every text field is
HTML-escaped here (TimelineJS also sanitises), `group` is the event's first thread (its
`short_title` when it has one: the label of a lane must fit). A slide's text is drawn by
the template `partials/timelinejs_slide.html`: the summary with its citation markers,
each a link to the source on the event page (`#source-N`), then the sources themselves,
so a slide states nothing without saying who says so.

The view opens at the latest event that has happened by the catalog's "today"
(`start_event`), not at the oldest one: `interactive.html` hands its id to the script.

The start script (`templates/static/timeline-view.js`, published as
`assets/policy-timeline/timeline-view.js` with the data; it reads the data file and the
vendored folder from the `data-timeline` and `data-script-path` attributes) keeps
TimelineJS offline: `script_path` points at the vendored folder, `font`/`theme` are off
(the default font CSS pulls Google Fonts), the language is the page's (TimelineJS's own
words and date formats from the vendored `locale/<code>.json`; English is built in), no
analytics, no hash bookmarks. No media or backgrounds are set, so nothing is embedded
from another host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..catalog import Catalog
from ..dates import PartialDate
from ..l10n import format_range
from ..markup import CITATION
from ..models import Event
from ..options import SiteOptions
from ..templating import environment
from ..urls import Urls
from .common import dump_json, escape, page_language, page_link, plain_text

VIEW_SCRIPT = "timeline-view.js"
# the view's own styles (package assets): below the site's header, readable, dark mode
VIEW_STYLESHEET = "timeline-view.css"
VENDOR = "vendor/timelinejs"


def tl_date(date: PartialDate) -> dict[str, str]:
    """Only the parts the date has: year, year+month or year+month+day."""
    out = {"year": str(date.year)}
    if date.month is not None:
        out["month"] = str(date.month)
    if date.day is not None:
        out["day"] = str(date.day)
    return out


def cited_paragraphs(event: Event) -> list[list[dict[str, Any]]]:
    """The summary as paragraphs of parts: words ({"text": ..., "cite": None}) or, for
    each citation marker `[n]` that names one of the event's sources, {"cite": n} (with
    "text" None); a marker naming no source stays words."""
    out = []
    for paragraph in plain_text(event.summary, markers=True).split("\n\n"):
        parts: list[dict[str, Any]] = []
        pos = 0
        for match in CITATION.finditer(paragraph):
            number = int(match[match.lastindex or 0])
            if not 1 <= number <= len(event.sources):
                continue
            if match.start() > pos:
                parts.append({"text": paragraph[pos:match.start()], "cite": None})
            parts.append({"text": None, "cite": number})
            pos = match.end()
        if pos < len(paragraph):
            parts.append({"text": paragraph[pos:], "cite": None})
        out.append(parts)
    return out


def slide_text(options: SiteOptions, event: Event, link: str) -> str:
    """A slide's HTML (template `partials/timelinejs_slide.html`)."""
    template = _environment(options).get_template("partials/timelinejs_slide.html")
    sources = [{"publisher": s.publisher, "title": s.title, "url": s.url,
                "host": (urlsplit(s.url).hostname or s.url).removeprefix("www.")}
               for s in event.sources]
    return template.render(paragraphs=cited_paragraphs(event), sources=sources,
                           link=link).strip()


def _environment(options: SiteOptions):
    folder = options.extra.get("templates_dir") if options.extra else None
    return environment(Path(folder) if folder else None, language=page_language(options))


def start_event(catalog: Catalog) -> Event | None:
    """Where the view opens: the latest event whose date has come by the catalog's today
    (the last that happened when no today is set), cancelled ones aside, else the first."""
    if not catalog.events:
        return None
    if catalog.today is not None:
        past = [e for e in catalog.events
                if not e.when.is_after(catalog.today) and e.status != "cancelled"]
    else:
        past = [e for e in catalog.events if e.status == "happened"]
    return past[-1] if past else catalog.events[0]


def slide(catalog: Catalog, options: SiteOptions, event: Event) -> dict[str, Any]:
    u = Urls(options)
    link = page_link(options, u.interactive(), u.event(event.id))
    out: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": tl_date(event.date),
    }
    if event.end is not None:
        out["end_date"] = tl_date(event.end)
    # TimelineJS decodes `display_date` and `group` once more before it puts them into the
    # page as HTML: escaped once they would become markup (tests/browser/test_xss.py).
    out["display_date"] = escape(escape(format_range(event.when, event.end,
                                                     page_language(options))))
    out["text"] = {
        "headline": escape(event.title),
        "text": slide_text(options, event, link),
    }
    threads = [t for t in event.threads if t in catalog.threads]
    if threads:
        thread = catalog.threads[threads[0]]
        out["group"] = escape(escape(thread.short_title or thread.title))
    out["autolink"] = False
    return out


def timeline_data(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    u = Urls(options)
    link = page_link(options, u.interactive(), u.timeline())
    title = _environment(options).get_template("partials/timelinejs_title.html")
    return {
        "title": {
            "unique_id": "policy-timeline-title",
            "text": {
                "headline": escape(options.site_name),
                "text": title.render(count=len(catalog.events), plain=link).strip(),
            },
        },
        "events": [slide(catalog, options, e) for e in catalog.events],
        "scale": "human",
    }


def view_script(options: SiteOptions) -> str:
    """The start-up script: the template `static/timeline-view.js` (a site may override
    it in its `templates_dir`), served as it is."""
    env = _environment(options)
    source, _, _ = env.loader.get_source(env, "static/" + VIEW_SCRIPT)  # type: ignore[union-attr]
    return source


def export_timelinejs(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """data/timelinejs.json and the script that starts the interactive view."""
    u = Urls(options)
    return {
        u.data_file("timelinejs.json"): dump_json(timeline_data(catalog, options), compact=True),
        u.asset(VIEW_SCRIPT): view_script(options).encode("utf-8"),
    }
