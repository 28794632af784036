"""TimelineJS data (`data/timelinejs.json`) and the small script that starts the view.

One slide per event. TimelineJS infers precision from which keys a date has, so a date
known to the year gives `{"year": "2023"}` only, a month `{"year", "month"}`; the slide's
`display_date` is the site's honest text ("c. 2023", "before 2024"). Every text field is
HTML-escaped here (TimelineJS also sanitises), `group` is the event's first thread.

The start script (`templates/static/timeline-view.js`, published as
`assets/policy-timeline/timeline-view.js` with the data; it reads the data file and the
vendored folder from the `data-timeline` and `data-script-path` attributes) keeps
TimelineJS offline: `script_path` points at the vendored folder, `font`/`theme` are off
(the default font CSS pulls Google Fonts), the language is the built-in English, no
analytics, no hash bookmarks. No media or backgrounds are set, so nothing is embedded
from another host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..dates import PartialDate, display_range
from ..models import Event
from ..options import SiteOptions
from ..templating import environment
from ..urls import Urls
from .common import dump_json, escape, page_link, plain_text

VIEW_SCRIPT = "timeline-view.js"
VENDOR = "vendor/timelinejs"


def tl_date(date: PartialDate) -> dict[str, str]:
    """Only the parts the date has: year, year+month or year+month+day."""
    out = {"year": str(date.year)}
    if date.month is not None:
        out["month"] = str(date.month)
    if date.day is not None:
        out["day"] = str(date.day)
    return out


def slide(catalog: Catalog, options: SiteOptions, event: Event) -> dict[str, Any]:
    u = Urls(options)
    link = page_link(options, u.interactive(), u.event(event.id))
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in plain_text(event.summary).split("\n\n"))
    out: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": tl_date(event.date),
    }
    if event.end is not None:
        out["end_date"] = tl_date(event.end)
    # TimelineJS decodes `display_date` and `group` once more before it puts them into the
    # page as HTML: escaped once they would become markup (tests/browser/test_xss.py).
    out["display_date"] = escape(escape(display_range(event.when, event.end)))
    out["text"] = {
        "headline": escape(event.title),
        "text": paragraphs + f'<p><a href="{escape(link)}">Read the full record</a></p>',
    }
    threads = [t for t in event.threads if t in catalog.threads]
    if threads:
        out["group"] = escape(escape(catalog.threads[threads[0]].title))
    out["autolink"] = False
    return out


def timeline_data(catalog: Catalog, options: SiteOptions) -> dict[str, Any]:
    u = Urls(options)
    n = len(catalog.events)
    link = page_link(options, u.interactive(), u.timeline())
    plain = f'The <a href="{escape(link)}">plain timeline</a>'
    return {
        "title": {
            "unique_id": "policy-timeline-title",
            "text": {
                "headline": escape(options.site_name),
                "text": f"<p>{n} event{'s' * (n != 1)}, oldest first. {plain} lists them all.</p>",
            },
        },
        "events": [slide(catalog, options, e) for e in catalog.events],
        "scale": "human",
    }


def view_script(options: SiteOptions) -> str:
    """The start-up script: the template `static/timeline-view.js` (a site may override
    it in its `templates_dir`), served as it is."""
    folder = options.extra.get("templates_dir") if options.extra else None
    env = environment(Path(folder) if folder else None)
    source, _, _ = env.loader.get_source(env, "static/" + VIEW_SCRIPT)  # type: ignore[union-attr]
    return source


def export_timelinejs(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """data/timelinejs.json and the script that starts the interactive view."""
    u = Urls(options)
    return {
        u.data_file("timelinejs.json"): dump_json(timeline_data(catalog, options), compact=True),
        u.asset(VIEW_SCRIPT): view_script(options).encode("utf-8"),
    }
