"""Helpers shared by the export formats: honest dates, plain text (from `markup`), stable ids, links.

Nothing here reads the clock: every timestamp comes from the records.
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
import json
import posixpath
import uuid
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..dates import PartialDate
from ..markup import plain_text  # re-exported: the one plain-text conversion
from ..models import Event
from ..options import SiteOptions
from ..urls import Urls
from ..catalogs import languages, translations
from ..l10n import format_date, format_range, typography
from ..translations import Translatable, text as translated

# Fixed namespace of every uuid5 this project makes (entry and feed ids). Never change it:
# feed readers and calendars recognise entries by these ids.
NAMESPACE = uuid.UUID("6b1f3c1e-2d2a-5b8e-9c41-7a0e5d3f2c10")
UID_DOMAIN = "policy-timeline"
FORMAT_VERSION = 1

# ---------------------------------------------------------------------------------------
# Dates


def date_fields(date: PartialDate | None) -> dict[str, Any] | None:
    """A partial date as data: its text, precision and qualifier, and the days it covers.

    `first_day` / `last_day` are the first and last calendar day the written date covers
    (for "2023": 2023-01-01 and 2023-12-31); they are bounds, never the date itself.
    """
    if date is None:
        return None
    return {
        "iso": date.iso(),
        "precision": date.precision,
        "qualifier": date.qualifier,
        "display": date.display(),
        "first_day": date.first_day().isoformat(),
        "last_day": date.last_day().isoformat(),
    }


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def event_updated(catalog: Catalog, event: Event) -> dt.date:
    """When the record last changed in a way readers care about, from the data alone.

    The latest of: the event's first possible day (only once it happened), its
    `last_verified`, the date of every event that moved it (so a rescheduled deadline
    updates its entry), and the published and accessed dates of its sources (a new
    source means new information). Falls back to the event's first possible day.
    """
    days: list[dt.date] = []
    if event.status == "happened":
        days.append(event.date.first_day())
    if event.last_verified is not None:
        days.append(event.last_verified.first_day())
    for item in event.schedule_history:
        mover = catalog.by_id.get(item.changed_by or "")
        if mover is not None:
            days.append(mover.date.first_day())
    for source in event.sources:
        for value in (source.published, source.accessed):
            if value is not None:
                days.append(value.first_day())
    return max(days) if days else event.date.first_day()


def catalog_updated(catalog: Catalog, events: list[Event] | tuple[Event, ...] | None = None,
                    options: SiteOptions | None = None) -> dt.date:
    """The latest `event_updated` of some events (all by default).

    With no events: the latest of the whole catalog; with an empty catalog the build date
    (SOURCE_DATE_EPOCH) or, failing that, 1970-01-01, so output never depends on the clock.
    """
    chosen = catalog.events if events is None else events
    if chosen:
        return max(event_updated(catalog, e) for e in chosen)
    if catalog.events:
        return max(event_updated(catalog, e) for e in catalog.events)
    if options is not None and options.build_date is not None:
        return options.build_date
    return dt.date(1970, 1, 1)


# ---------------------------------------------------------------------------------------
# Text

# One plain-text conversion for the whole project: `markup.plain_text` (re-exported here
# for the export modules). Paragraph breaks stay as one blank line.


def escape(text: str) -> str:
    """HTML-escape text (quotes too)."""
    return html.escape(text, quote=True)


def script_json(data: Any) -> str:
    """JSON safe inside an HTML <script> element: `<`, `>`, `&` and line separators escaped.

    Inside JSON these characters only occur in strings, where the \\u escapes mean the same,
    so `</script>` or `<!--` in a record cannot end the element.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def dump_json(data: Any, *, compact: bool = False) -> bytes:
    """Stable JSON, UTF-8, a final newline: readable (two-space indent) or compact.

    Data files are compact: Python's indenting encoder is three times slower, and the
    files are for machines (any JSON viewer indents them).
    """
    if compact:
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------
# Ids and links


def stable_uuid(*parts: str) -> str:
    """`urn:uuid:` of a uuid5 in the project's namespace: the same for the same parts."""
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def event_uid(event_id: str) -> str:
    return f"{event_id}@{UID_DOMAIN}"


def page_link(options: SiteOptions, from_path: str, to_path: str) -> str:
    """Absolute URL of a page or file when site_url is known; else relative to `from_path`."""
    u = Urls(options)
    return u.absolute(to_path) or u.href(from_path, to_path)


def absolute_or_none(options: SiteOptions, to_path: str) -> str | None:
    return Urls(options).absolute(to_path)


CELEX_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{}"
WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"


# ---------------------------------------------------------------------------------------
# Languages: the feeds, calendars and data in each language of the site


def site_locales(options: SiteOptions) -> Path | None:
    """The site's own catalogs: `locales/` beside its `templates_dir` (as for the pages)."""
    folder = options.extra.get("templates_dir") if options.extra else None
    return Path(folder).parent / "locales" if folder else None


def translator(options: SiteOptions, language: str = "en") -> gettext.NullTranslations:
    """The interface's catalog of `language` for files (feeds, calendars): the package's,
    with the site's on top; English: words as written."""
    return translations(language, site_locales(options))


def other_languages(options: SiteOptions) -> list[str]:
    """The site's languages besides English, whose texts the data files carry beside the
    English ones (`options.languages` when the site sets it, else every language the
    package has a catalog for), in order."""
    chosen = getattr(options, "languages", None)
    if not chosen:
        chosen = ["en", *languages()]
    return [lang for lang in chosen if lang != "en"]


def page_language(options: SiteOptions) -> str:
    """The language of the tree being built (`options.language` when the site has several
    languages, each built into its own tree: /, /fr/...; else English)."""
    return getattr(options, "language", None) or "en"


def record_text(record: Translatable, field: str, language: str = "en") -> Any:
    """A record's text for readers in `language` (English when it has no translation),
    with the language's typography (French no-break spaces; the data files keep texts
    exactly as written)."""
    if language == "en":
        return getattr(record, field)
    found = translated(record, field, language)
    return typography(found, language) if found else found


def schedule_lines(catalog: Catalog, event: Event, language: str = "en",
                   tr: gettext.NullTranslations | None = None) -> list[str]:
    """"Earlier date: 2 August 2026 (moved by: <title>)" for each reschedule, as plain text."""
    _ = (tr or gettext.NullTranslations()).gettext
    out = []
    for item in event.schedule_history:
        line = _("Earlier date: %(date)s") % {"date": format_date(item.was, language)}
        mover = catalog.by_id.get(item.changed_by or "")
        if mover is not None:
            line += " " + _("(moved by: %(title)s, %(date)s)") % {
                "title": record_text(mover, "title", language),
                "date": format_date(mover.when, language)}
        out.append(line + ".")
    return out


def state_text(catalog: Catalog, event: Event, language: str = "en",
               tr: gettext.NullTranslations | None = None) -> str:
    """The status in words, or what a passed, unconfirmed deadline is (feeds, calendars)."""
    _ = (tr or gettext.NullTranslations()).gettext
    status = _(event.status)  # the status words are catalog message ids (render.STATUS_WORDS)
    if catalog.state(event) == "overdue":
        if catalog.today:
            return _("%(status)s; date passed, not yet confirmed, as of %(day)s") % {
                "status": status, "day": catalog.today.isoformat()}
        return _("%(status)s; date passed, not yet confirmed") % {"status": status}
    return status


def event_text(catalog: Catalog, event: Event, language: str = "en",
               tr: gettext.NullTranslations | None = None) -> str:
    """Plain-text description of an event for feeds and calendars: date, status, summary."""
    _ = (tr or gettext.NullTranslations()).gettext
    head = f"{format_range(event.when, event.end, language)} ({state_text(catalog, event, language, tr)})."
    parts = [head, *schedule_lines(catalog, event, language, tr),
             plain_text(record_text(event, "summary", language))]
    caveat = record_text(event, "caveat", language)
    if caveat:
        parts.append(_("Note: %(text)s") % {"text": plain_text(caveat)})
    return "\n\n".join(parts)
