"""Atom feeds, iCalendar files and the TimelineJS data."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import feedparser
import icalendar
import pytest

from policy_timeline.exports import export_files
from policy_timeline.exports.common import NAMESPACE

from .conftest import NO_URL, SITE
from .records import EVENTS, TODAY

# ---------------------------------------------------------------------------------------
# Atom


@pytest.mark.parametrize("options", [SITE, NO_URL], ids=["site_url", "no_site_url"])
def test_every_feed_parses_cleanly(catalog, options):
    feeds = {p: d for p, d in export_files(catalog, options, {"atom"}).items()
             if p.endswith(".atom")}
    expected = {"feeds/all.atom"} | {f"feeds/threads/{t}.atom" for t in catalog.threads} \
        | {f"feeds/entities/{e}.atom" for e in catalog.entities}
    assert set(feeds) == expected
    for path, data in feeds.items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"


def test_feed_entries(catalog):
    feeds = export_files(catalog, SITE, {"atom"})
    parsed = feedparser.parse(feeds["feeds/all.atom"])
    assert len(parsed.entries) == len(catalog.events)
    # newest first, by the events' dates
    assert [e.id for e in parsed.entries] == [
        f"urn:uuid:{uuid.uuid5(NAMESPACE, 'event/' + ev.id)}" for ev in reversed(catalog.events)]
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)
    entry = next(e for e in parsed.entries if e.title.startswith("High-risk"))
    assert entry.link == "https://example.net/pt/events/2026-08-02-high-risk-rules-apply/"
    assert entry.updated == "2026-06-29T00:00:00+00:00"  # moved on 29 June 2026
    assert "Earlier date: 2 August 2026" in entry.summary
    assert parsed.feed.updated == max(e.updated for e in parsed.entries)
    hostile = next(e for e in parsed.entries if e.title.startswith("Commission proposes"))
    assert hostile.title == EVENTS["2021-04-21-ai-act-proposal"]["title"]
    assert b"<script" not in feeds["feeds/all.atom"]  # escaped, never raw


def test_feeds_of_the_real_records_keep_every_citation_marker():
    """Each entry shows the summary's markers [n] in order, side by side ones included."""
    import re
    from pathlib import Path

    from policy_timeline.catalog import load_catalog
    from policy_timeline.exports.atom import entry_id
    from policy_timeline.models import CITATION

    records = Path(__file__).resolve().parents[2] / "events"
    real = load_catalog(records, today=TODAY)
    parsed = feedparser.parse(export_files(real, SITE, {"atom"})["feeds/all.atom"])
    entries = {e.id: e for e in parsed.entries}
    adjacent = 0
    for event in real.events:
        entry = entries.get(entry_id(event.id))
        if entry is None:  # only the most recently updated events are in the feed
            continue
        summary = entry.content[0].value.split("<p>Sources:</p>")[0]
        assert CITATION.findall(summary) == CITATION.findall(event.summary), event.id
        adjacent += bool(re.search(r"\]\[\d", event.summary))
        assert "7*7" not in event.summary or "7*7" in summary
    assert adjacent >= 10  # the records do put markers side by side


def test_a_feed_keeps_the_most_recently_updated_events(catalog, monkeypatch):
    from policy_timeline.exports import atom
    from policy_timeline.exports.common import event_updated

    monkeypatch.setattr(atom, "FEED_LIMIT", 2)
    parsed = feedparser.parse(export_files(catalog, SITE, {"atom"})["feeds/all.atom"])
    recent = sorted(catalog.events, key=lambda e: (event_updated(catalog, e), e.when.sort_key(),
                                                     e.id), reverse=True)[:2]
    assert {e.link.rstrip("/").rsplit("/", 1)[1] for e in parsed.entries} == {e.id for e in recent}


def test_thread_and_entity_feeds_hold_their_events(catalog):
    feeds = export_files(catalog, SITE, {"atom"})
    funding = feedparser.parse(feeds["feeds/threads/funding.atom"])
    assert {e.title for e in funding.entries} == {
        "Microsoft and Mistral AI partner", "Mistral AI raises a Series B"}
    investor = feedparser.parse(feeds["feeds/entities/general-catalyst.atom"])
    assert [e.title for e in investor.entries] == ["Mistral AI raises a Series B"]
    quiet = feedparser.parse(feeds["feeds/threads/quiet.atom"])
    assert quiet.entries == [] and quiet.feed.updated  # still a valid, dated feed


def test_feed_folders_have_a_sitemap_for_material(catalog):
    """Material fetches sitemap.xml beside every <link rel=alternate>: it must not 404."""
    from xml.etree import ElementTree

    files = export_files(catalog, SITE, {"atom"})
    for folder in ("feeds", "feeds/threads", "feeds/entities"):
        root = ElementTree.fromstring(files[f"{folder}/sitemap.xml"])
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        locs = [e.text for e in root.findall("s:url/s:loc", ns)]
        assert locs == sorted(f"https://example.net/pt/{p}" for p in files
                              if p.endswith(".atom") and p.rsplit("/", 1)[0] == folder)
    empty = export_files(catalog, NO_URL, {"atom"})["feeds/sitemap.xml"]
    assert ElementTree.fromstring(empty).tag.endswith("urlset")


def test_entry_ids_are_stable_across_exports(catalog, catalog_again):
    ids = [[e.id for e in feedparser.parse(export_files(c, o, {"atom"})["feeds/all.atom"]).entries]
           for c in (catalog, catalog_again) for o in (SITE, NO_URL)]
    assert ids[0] == ids[1] == ids[2] == ids[3]


def test_feed_links_are_relative_without_site_url(catalog):
    data = export_files(catalog, NO_URL, {"atom"})["feeds/threads/funding.atom"]
    parsed = feedparser.parse(data, response_headers={
        "content-location": "https://mirror.example/feeds/threads/funding.atom"})
    assert {e.link for e in parsed.entries} == {
        "https://mirror.example/events/2024-02-26-microsoft-mistral/",
        "https://mirror.example/events/2024-06-mistral-series-b/"}


# ---------------------------------------------------------------------------------------
# iCalendar


def _calendar(files, path="calendar/deadlines.ics"):
    return icalendar.Calendar.from_ical(files[path])


def test_deadlines_calendar(catalog):
    files = export_files(catalog, SITE, {"ics"})
    events = {str(e["UID"]): e for e in _calendar(files).walk("VEVENT")}
    assert len(events) == len(_calendar(files).walk("VEVENT"))  # unique UIDs
    assert set(events) == {
        "2026-08-02-high-risk-rules-apply@policy-timeline",
        "2027-08-02-gpai-deadline@policy-timeline",
        "2027-08-02-high-risk-rules-apply@policy-timeline",
        "2027-03-guidelines-due@policy-timeline",
        "2026-09-15-cancelled-hearing@policy-timeline",
        "2099-08-02-sandboxes@policy-timeline",
        "2099-12-02-high-risk-rules-apply@policy-timeline",
    }  # the year-precision review is left out: no day to put it on
    moved = events["2026-08-02-high-risk-rules-apply@policy-timeline"]
    plain = events["2027-08-02-gpai-deadline@policy-timeline"]
    assert int(moved["SEQUENCE"]) > int(plain["SEQUENCE"]) == 0
    assert moved.decoded("DTSTART") == dt.date(2027, 12, 2)
    assert moved.decoded("DTSTAMP") == dt.datetime(2026, 6, 29, tzinfo=dt.timezone.utc)
    assert str(moved["STATUS"]) == "CONFIRMED"
    assert str(moved["URL"]) == "https://example.net/pt/events/2026-08-02-high-risk-rules-apply/"
    month = events["2027-03-guidelines-due@policy-timeline"]
    assert (month.decoded("DTSTART"), month.decoded("DTEND")) == (dt.date(2027, 3, 1), dt.date(2027, 4, 1))
    assert str(month["STATUS"]) == "TENTATIVE"
    assert "known to the month only" in str(month["DESCRIPTION"])
    assert str(events["2026-09-15-cancelled-hearing@policy-timeline"]["STATUS"]) == "CANCELLED"
    assert b"DTSTART;VALUE=DATE:20270802" in files["calendar/deadlines.ics"]


def test_thread_calendars(catalog):
    files = export_files(catalog, NO_URL, {"ics"})
    # threads with no deadline (funding: events but no deadline; quiet: no event at all)
    # get no calendar: an empty calendar offered for subscription looks broken
    assert set(files) == {"calendar/deadlines.ics", "calendar/threads/ai-act.ics"}
    # every deadline known to the day is in the AI Act thread (the 2028 review is not)
    assert len(_calendar(files, "calendar/threads/ai-act.ics").walk("VEVENT")) == len(
        _calendar(files).walk("VEVENT")) == 7
    assert b"URL:" not in files["calendar/deadlines.ics"]  # no site_url: no made-up URL


def test_thread_pages_link_only_calendars_that_exist(catalog):
    from policy_timeline.render import render_pages

    pages = {path: page.html for path, page in render_pages(catalog, SITE).items()}
    assert "threads/ai-act.ics" in pages["threads/ai-act.md"]
    for tid in ("funding", "quiet"):
        assert ".ics" not in pages[f"threads/{tid}.md"], tid
        assert f"threads/{tid}.ics" not in pages["data/index.md"], tid
    assert "Atom feed of this thread" in pages["threads/funding.md"]  # the feed stays


def test_one_categories_line_per_event(tmp_path):
    from .records import make_catalog

    events = {k: dict(v) for k, v in EVENTS.items()}
    events["2027-08-02-gpai-deadline"]["threads"] = ["ai-act", "funding"]
    files = export_files(make_catalog(tmp_path, events), SITE, {"ics"})
    data = files["calendar/deadlines.ics"].decode()
    block = data.split("UID:2027-08-02-gpai-deadline@policy-timeline")[1].split("END:VEVENT")[0]
    lines = [line for line in block.split("\r\n") if line.startswith("CATEGORIES")]
    assert lines == ["CATEGORIES:The AI Act,Funding & deals"]


def _ics_parse(data: bytes):
    """Parse with the `ics` library (0.7), which refuses repeated CATEGORIES lines."""
    import ics

    return ics.Calendar(data.decode("utf-8"))


def test_every_calendar_parses_with_the_ics_library(tmp_path):
    from .records import make_catalog

    events = {k: dict(v) for k, v in EVENTS.items()}
    events["2027-08-02-gpai-deadline"]["threads"] = ["ai-act", "funding"]
    for today in (TODAY, dt.date(2027, 9, 1)):  # before and after deadlines pass
        files = export_files(make_catalog(tmp_path / today.isoformat(), events, today),
                             SITE, {"ics"})
        for path, data in files.items():
            calendar = _ics_parse(data)
            assert {e.uid for e in calendar.events} == {
                str(e["UID"]) for e in _calendar(files, path).walk("VEVENT")}, path


def test_a_deadline_that_happened_stays_in_the_calendar_confirmed(tmp_path):
    from .records import make_catalog

    events = {k: dict(v) for k, v in EVENTS.items()}
    gpai = events["2027-08-02-gpai-deadline"]
    gpai["status"] = "happened"
    later = dt.date(2027, 9, 1)
    files = export_files(make_catalog(tmp_path, events, later), SITE, {"ics"})
    entries = {str(e["UID"]): e for e in _calendar(files).walk("VEVENT")}
    entry = entries["2027-08-02-gpai-deadline@policy-timeline"]
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert "(happened)" in str(entry["DESCRIPTION"])
    assert "2027-08-02-gpai-deadline@policy-timeline" in {
        str(e["UID"]) for e in _calendar(files, "calendar/threads/ai-act.ics").walk("VEVENT")}
    # an event that was never a deadline does not join the calendar
    assert "2024-08-01-ai-act-adoption@policy-timeline" not in entries


def test_a_passed_unconfirmed_deadline_is_tentative_and_says_so(tmp_path):
    from .records import make_catalog

    def entry(today):
        files = export_files(make_catalog(tmp_path / today.isoformat(), None, today), SITE, {"ics"})
        return {str(e["UID"]): e for e in _calendar(files).walk("VEVENT")}[
            "2027-08-02-gpai-deadline@policy-timeline"]

    before, after = entry(dt.date(2027, 8, 2)), entry(dt.date(2027, 8, 3))
    assert str(before["STATUS"]) == "CONFIRMED"
    assert str(before["SUMMARY"]) == "Deadline for older general-purpose models"
    assert str(after["STATUS"]) == "TENTATIVE"
    assert str(after["SUMMARY"]) == ("Date passed, not yet confirmed: Deadline for older"
                                     " general-purpose models")
    assert "date passed, not yet confirmed, as of 2027-08-03" in str(after["DESCRIPTION"])
    assert str(after["UID"]) == str(before["UID"])  # the same entry, updated


def test_rescheduling_bumps_the_sequence(catalog, tmp_path):
    from .records import make_catalog

    events = {k: v for k, v in EVENTS.items()}
    record = dict(events["2026-08-02-high-risk-rules-apply"])
    record["date"] = "2028-02-02"
    record["schedule_history"] = record["schedule_history"] + [
        {"was": "2027-12-02", "changed_by": "2026-05-07-omnibus-agreement"}]
    events["2026-08-02-high-risk-rules-apply"] = record
    moved_again = make_catalog(tmp_path, events)
    uid = "2026-08-02-high-risk-rules-apply@policy-timeline"
    before = next(e for e in _calendar(export_files(catalog, SITE, {"ics"})).walk("VEVENT")
                  if str(e["UID"]) == uid)
    after = next(e for e in _calendar(export_files(moved_again, SITE, {"ics"})).walk("VEVENT")
                 if str(e["UID"]) == uid)
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == dt.date(2028, 2, 2)


# ---------------------------------------------------------------------------------------
# TimelineJS


def test_timelinejs_slides(catalog):
    data = json.loads(export_files(catalog, SITE, {"timelinejs"})["data/timelinejs.json"])
    slides = {s["unique_id"]: s for s in data["events"]}
    assert len(data["events"]) == len(catalog.events)
    assert data["title"]["text"]["headline"] == "Policy Timeline"
    year = slides["2023-ai-act-debates"]
    assert year["start_date"] == {"year": "2023"}
    assert year["display_date"] == "c. 2023"
    assert slides["2024-06-mistral-series-b"]["start_date"] == {"year": "2024", "month": "6"}
    trilogue = slides["2023-12-06-trilogue"]
    assert trilogue["end_date"] == {"year": "2023", "month": "12", "day": "8"}
    hostile = slides["2021-04-21-ai-act-proposal"]["text"]
    assert hostile["headline"] == ("Commission proposes the AI Act &lt;/script&gt;&lt;!--"
                                   " &amp; &quot;quotes&quot;")
    assert "<script" not in hostile["text"]
    assert ('href="https://example.net/pt/events/2021-04-21-ai-act-proposal/"' in hostile["text"])
    # escaped twice: TimelineJS decodes a group name once before using it as HTML
    assert slides["2024-02-26-microsoft-mistral"]["group"] == "Funding &amp;amp; deals"
    for slide in data["events"]:
        assert "media" not in slide and "background" not in slide


def test_timelinejs_links_are_relative_to_the_interactive_page(catalog):
    data = json.loads(export_files(catalog, NO_URL, {"timelinejs"})["data/timelinejs.json"])
    text = data["events"][0]["text"]["text"]
    assert f'href="../events/{data["events"][0]["unique_id"]}/"' in text


def test_timelinejs_slides_keep_their_citations_and_list_their_sources(catalog):
    data = json.loads(export_files(catalog, NO_URL, {"timelinejs"})["data/timelinejs.json"])
    slides = {s["unique_id"]: s for s in data["events"]}
    cited = [e for e in catalog.events if "[1]" in e.summary and e.sources]
    assert cited
    for event in cited:
        text = slides[event.id]["text"]["text"]
        assert (f'href="../events/{event.id}/#source-1"' in text
                and ">[1]</a>" in text), event.id
        assert text.count("<li>") == len(event.sources)
        assert f'href="{event.sources[0].url}"' in text.replace("&amp;", "&")
        assert ">Read the full record</a>" in text


def test_timelinejs_opens_at_the_latest_event_to_date(catalog):
    from policy_timeline.exports.timelinejs import start_event

    start = start_event(catalog)
    assert start is not None and start.when.first_day() <= TODAY
    assert start.status != "cancelled"
    later = [e for e in catalog.events if e.when.first_day() > start.when.first_day()]
    assert later and all(e.when.first_day() > TODAY or e.status == "cancelled" for e in later)
    assert start != catalog.events[0]


def test_timelinejs_lanes_use_the_threads_short_titles(tmp_path):
    import yaml

    from policy_timeline.catalog import load_catalog

    from .records import write_records

    folder = write_records(tmp_path)
    threads = yaml.safe_load((folder / "threads.yaml").read_text(encoding="utf-8"))
    first = sorted(threads)[0]
    threads[first]["short_title"] = "Short & sweet"
    (folder / "threads.yaml").write_text(yaml.safe_dump(threads), encoding="utf-8")
    catalog = load_catalog(folder, today=TODAY)
    data = json.loads(export_files(catalog, NO_URL, {"timelinejs"})["data/timelinejs.json"])
    groups = {s["unique_id"]: s.get("group") for s in data["events"]}
    in_first = [e.id for e in catalog.events if e.threads[:1] == [first]]
    assert in_first and all(groups[i] == "Short &amp;amp; sweet" for i in in_first)
    assert all(g != "Short &amp;amp; sweet" for i, g in groups.items() if i not in in_first)
