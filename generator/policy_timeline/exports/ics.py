"""iCalendar files of deadlines: `calendar/deadlines.ics` and one per thread. Built with
the `icalendar` library (which writes the CRLF line ends RFC 5545 requires).

Which events: every deadline (`catalog.is_deadline`): scheduled, rescheduled or
cancelled (a cancelled deadline stays with STATUS:CANCELLED so subscribed calendars
remove or strike it), and a deadline that happened (kept, CONFIRMED: an entry must not
vanish from subscribers' calendars once its day has come).

A deadline whose date has passed without anyone confirming it (`overdue` as of the
catalog's today) is TENTATIVE, its SUMMARY starts with "Date passed, not yet confirmed:"
and its DESCRIPTION says so.

Dates, honestly:
- day precision: an all-day event (`DTSTART;VALUE=DATE`), to the end of the period if
  the record has an `end`;
- month precision: an all-day event spanning the whole month, STATUS:TENTATIVE, and the
  description says the date is known to the month only;
- year precision: left out: a year-long event would be noise and a single day would be
  invented. Such deadlines are in the feeds and the JSON/CSV downloads.
- a qualifier (circa/before/after) or a partly verified record makes it TENTATIVE.

UID `<event id>@policy-timeline` never changes; SEQUENCE is the number of entries in the
schedule history, so each reschedule makes calendar apps update the entry. DTSTAMP and
LAST-MODIFIED come from the data (`common.event_updated`), never from the clock. A
thread with no deadline gets no calendar (and no link to one): an empty calendar offered
for subscription looks broken. Calendars are in the language of the tree being built
(`fr/calendar/deadlines.ics` in French: titles, descriptions and words in French; UIDs
with the language added, so both can be subscribed side by side). All the threads of an event go in one CATEGORIES line, a
comma list (several CATEGORIES lines make some parsers, e.g. `ics` 0.7, refuse the file).
"""

from __future__ import annotations

import datetime as dt
import gettext

from icalendar import Calendar, Event as VEvent

from ..catalog import OVERDUE, Catalog, is_deadline
from ..models import Event
from ..options import SiteOptions
from ..urls import Urls
from ..l10n import format_date
from ..words import N_
from .common import (absolute_or_none, event_text, event_uid, event_updated, midnight,
                     page_language, record_text, translator)

PRODID = "-//policy-timeline//deadlines//EN"
OVERDUE_NOTE = N_("Date passed, not yet confirmed")


def calendar_events(events: list[Event] | tuple[Event, ...]) -> list[Event]:
    """The events a deadline calendar lists, in the site's order."""
    return [e for e in events if is_deadline(e) and e.date.precision != "year"]


def ics_status(event: Event, state: str | None = None) -> str:
    """CANCELLED; TENTATIVE when the date is uncertain or has passed unconfirmed
    (`state` overdue); CONFIRMED for a day-precise date (always once it happened)."""
    if event.status == "cancelled":
        return "CANCELLED"
    if state == OVERDUE or event.date.precision != "day" or event.qualifier is not None:
        return "TENTATIVE"
    if event.status != "happened" and event.verification != "verified":
        return "TENTATIVE"
    return "CONFIRMED"


def _span(event: Event) -> tuple[dt.date, dt.date]:
    """All-day DTSTART and (exclusive) DTEND."""
    start = event.date.first_day()
    last = (event.end or event.date).last_day()
    return start, max(last, start) + dt.timedelta(days=1)


def vevent(catalog: Catalog, options: SiteOptions, event: Event, language: str = "en",
           tr: gettext.NullTranslations | None = None) -> VEvent:
    u = Urls(options)
    _ = (tr or gettext.NullTranslations()).gettext
    item = VEvent()
    uid = event_uid(event.id)
    item.add("uid", uid if language == "en" else uid.replace("@", f"-{language}@", 1))
    stamp = midnight(event_updated(catalog, event))
    item.add("dtstamp", stamp)
    item.add("last-modified", stamp)
    start, end = _span(event)
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("sequence", len(event.schedule_history))
    state = catalog.state(event)
    item.add("status", ics_status(event, state))
    item.add("transp", "TRANSPARENT")
    title = record_text(event, "title", language)
    if event.qualifier is not None or event.date.precision != "day":
        title = f"{title} ({format_date(event.when, language)})"
    if state == OVERDUE:
        title = _("%(note)s: %(title)s") % {"note": _(OVERDUE_NOTE), "title": title}
    item.add("summary", title)
    description = event_text(catalog, event, language, tr)
    if event.date.precision == "month":
        description = _("The date is known to the month only (%(date)s): the entry spans the"
                        " whole month.") % {"date": format_date(event.date, language)} + (
                            "\n\n" + description)
    link = absolute_or_none(options, u.event(event.id))
    if link:
        description += f"\n\n{link}"
        item.add("url", link)
    item.add("description", description)
    threads = [record_text(catalog.threads[t], "title", language)
               for t in event.threads if t in catalog.threads]
    if threads:
        item.add("categories", threads)  # one line, a comma list
    return item


def build_calendar(catalog: Catalog, options: SiteOptions, events: list[Event] | tuple[Event, ...],
                   *, name: str, description: str, language: str = "en") -> bytes:
    tr = translator(options, language)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    if language != "en":
        cal.add("x-wr-language", language)  # (a calendar's language has no standard property)
    for event in calendar_events(events):
        cal.add_component(vevent(catalog, options, event, language, tr))
    return cal.to_ical()


def export_ics(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """calendar/deadlines.ics and calendar/threads/<id>.ics (threads with deadlines), in
    the tree's language."""
    return language_calendars(catalog, options, page_language(options))


def language_calendars(catalog: Catalog, options: SiteOptions, language: str = "en"
                       ) -> dict[str, bytes]:
    """Every calendar in `language`: {path: iCalendar bytes}, at the paths of `Urls`."""
    u = Urls(options)
    _ = translator(options, language).gettext
    site = options.site_name
    files = {u.calendar(): build_calendar(
        catalog, options, catalog.events, name=_("%(site)s: deadlines") % {"site": site},
        description=_("Deadlines tracked by %(site)s: coming, moved, cancelled and past.")
        % {"site": site}, language=language,
    )}
    for tid, thread in catalog.threads.items():
        if not calendar_events(catalog.by_thread.get(tid, ())):
            continue
        title = record_text(thread, "title", language)
        files[u.calendar(tid)] = build_calendar(
            catalog, options, catalog.by_thread.get(tid, ()),
            name=f"{site}: {title}",
            description=_("Deadlines in the thread “%(thread)s”.") % {"thread": title},
            language=language,
        )
    return files
