"""JSON-LD and feed links in <head>, the data page, the interactive page, subscribe links."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import replace

import extruct
import pytest

from policy_timeline.exports import export_files
from policy_timeline.exports.head import head_tags
from policy_timeline.exports.pages import subscribe_links, vendored_timelinejs
from policy_timeline.render import render_pages
from policy_timeline.options import SiteOptions
from policy_timeline.urls import Urls

from .conftest import NO_URL, SITE


def _html(tags: list[str]) -> str:
    return ("<!doctype html><html><head><meta charset='utf-8'><title>t</title>"
            + "".join(tags) + "</head><body><p>body</p></body></html>")


def _jsonld(catalog, options, path, base="https://example.net/pt/"):
    data = extruct.extract(_html(head_tags(catalog, options, path)), base_url=base,
                           syntaxes=["json-ld"], uniform=True)
    return data["json-ld"]


@pytest.mark.parametrize("options", [SITE, NO_URL], ids=["site_url", "no_site_url"])
def test_event_page_has_a_schema_org_event(catalog, options):
    u = Urls(options)
    [event] = _jsonld(catalog, options, u.event("2026-08-02-high-risk-rules-apply"))
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["startDate"] == "2027-12-02"
    assert event["eventStatus"] == "https://schema.org/EventRescheduled"
    assert event["previousStartDate"] == ["2026-08-02"]
    assert event["description"] == "The obligations for high-risk systems apply."
    assert event["about"][0]["@type"] == "Legislation"


def test_event_dates_keep_their_precision(catalog):
    u = Urls(SITE)
    [year] = _jsonld(catalog, SITE, u.event("2023-ai-act-debates"))
    assert year["startDate"] == "2023" and year["eventStatus"].endswith("EventScheduled")
    [month] = _jsonld(catalog, SITE, u.event("2024-06-mistral-series-b"))
    assert month["startDate"] == "2024-06"
    assert month["funder"][0]["name"] == "General Catalyst"
    [period] = _jsonld(catalog, SITE, u.event("2023-12-06-trilogue"))
    assert (period["startDate"], period["endDate"]) == ("2023-12-06", "2023-12-08")
    roles = {(c["roleName"], c["contributor"]["@type"]) for c in period["contributor"]}
    assert roles == {("co-legislator", "GovernmentOrganization"), ("rapporteur", "Person")}
    [cancelled] = _jsonld(catalog, SITE, u.event("2026-09-15-cancelled-hearing"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_sources_are_creative_works(catalog):
    [event] = _jsonld(catalog, SITE, Urls(SITE).event("2024-02-26-microsoft-mistral"))
    assert event["subjectOf"] == [{
        "@type": "CreativeWork", "url": "https://example.org/news/3", "name": "Article 3",
        "publisher": {"@type": "Organization", "name": "Example News"}, "inLanguage": "en",
        "datePublished": "2024-02-26"}]


def test_jsonld_cannot_break_out_of_its_script(catalog):
    tags = head_tags(catalog, SITE, Urls(SITE).event("2021-04-21-ai-act-proposal"))
    [script] = [t for t in tags if t.startswith("<script")]
    body = script[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in body and ">" not in body
    [event] = _jsonld(catalog, SITE, Urls(SITE).event("2021-04-21-ai-act-proposal"))
    assert event["name"].endswith("</script><!-- & \"quotes\"")


def test_law_entity_page_has_legislation(catalog):
    [law] = _jsonld(catalog, SITE, Urls(SITE).entity("ai-act"))
    assert law["@type"] == "Legislation"
    assert law["legislationIdentifier"] == ["32024R1689", "http://data.europa.eu/eli/reg/2024/1689/oj",
                                            "2021/0106(COD)"]
    assert law["legislationType"] == "Regulation"
    assert law["name"] == "Artificial Intelligence Act" and law["alternateName"] == "AI Act"
    assert law["legislationDate"] == "2024-05-21"  # from its adoption event
    assert "http://data.europa.eu/eli/reg/2024/1689/oj" in law["sameAs"]
    [company] = _jsonld(catalog, SITE, Urls(SITE).entity("mistral-ai"))
    assert company["@type"] == "Organization"


def test_feed_autodiscovery_links(catalog):
    u = Urls(NO_URL)
    home = head_tags(catalog, NO_URL, u.home())
    assert home == ['<link rel="alternate" type="application/atom+xml"'
                    ' title="Policy Timeline: all events" href="feeds/all.atom">']
    thread = head_tags(catalog, NO_URL, u.thread("funding"))
    assert [re.search(r'href="([^"]+)"', t)[1] for t in thread] == [
        "../../feeds/all.atom", "../../feeds/threads/funding.atom"]
    assert 'title="Funding &amp; deals: events"' in thread[1]
    entity = head_tags(catalog, NO_URL, u.entity("mistral-ai"))
    assert 'href="../../feeds/entities/mistral-ai.atom"' in entity[1]
    assert entity[2].startswith('<script type="application/ld+json">')
    assert len(head_tags(catalog, NO_URL, u.thread("not-a-thread"))) == 1  # site feed only
    no_atom = SiteOptions(exports=frozenset({"json"}))
    assert head_tags(catalog, no_atom, u.thread("funding")) == []


def test_head_tags_follow_the_prefix(catalog):
    options = SiteOptions(prefix="timeline")
    u = Urls(options)
    tags = head_tags(catalog, options, u.event("2024-06-mistral-series-b"))
    assert 'href="../../feeds/all.atom"' in tags[0] and tags[1].startswith("<script")
    assert len(head_tags(catalog, options, "events/2024-06-mistral-series-b.md")) == 1


# ---------------------------------------------------------------------------------------
# Pages

_HREF = re.compile(r'href="([^"]+)"')


def _data_pages(catalog, options, **extra):
    """The data and interactive pages' HTML, as `render_pages` draws them."""
    if extra:
        options = replace(options, extra={**options.extra, **extra})
    u = Urls(options)
    pages = render_pages(catalog, options)
    return {path: page.html for path, page in pages.items() if path in (u.data(), u.interactive())}


def _targets(page: str, body: str, options=SITE) -> set[str]:
    """The site paths a page's relative links land on (pages as their URL, `x/`)."""
    url = Urls(options).url(page)
    base = "/" + url.rstrip("/") if url.endswith("/") else posixpath.dirname("/" + url)
    return {posixpath.normpath(posixpath.join(base, html.unescape(t))).lstrip("/")
            + ("/" if t.endswith("/") else "") for t in _HREF.findall(body) if "://" not in t}


def test_data_page_links_every_published_file(catalog):
    options = SITE
    u = Urls(options)
    pages = _data_pages(catalog, options)
    assert set(pages) == {u.data(), u.interactive()}
    files = export_files(catalog, options, None)
    targets = _targets(u.data(), pages[u.data()])
    pages_linked = {t for t in targets if t.endswith("/")}
    assert pages_linked <= {u.url(u.interactive())}
    missing = {t for t in targets - pages_linked if t not in files}
    assert not missing
    data_files = {p for p in files if p.startswith("data/") and not p.startswith("data/schema/")}
    assert data_files - targets == set()
    assert {u.feed(), u.calendar()} <= targets
    assert {u.calendar(t) for t in catalog.threads if t == "ai-act"} <= targets
    assert not {u.calendar(t) for t in ("funding", "quiet")} & targets  # no deadline: no calendar
    assert ">Licence and attribution</h2>" in pages[u.data()]


def test_data_page_lists_only_enabled_formats(catalog):
    options = SiteOptions(exports=frozenset({"ics"}))
    pages = _data_pages(catalog, options)
    assert list(pages) == [Urls(options).data()]
    text = pages["data/index.md"]
    assert ".atom" not in text and "deadlines.ics" in text and "events.json" not in text


def test_interactive_page(catalog):
    options = NO_URL
    path = Urls(options).interactive()
    # whether TimelineJS is vendored is the adapters' answer, passed in the options
    missing = _data_pages(catalog, options, timelinejs_vendored=False)[path]
    assert "<script" not in missing and "not available in this build" in missing
    assert 'href="../timeline/"' in missing
    present = _data_pages(catalog, options, timelinejs_vendored=True)[path]
    assert '<script src="../assets/policy-timeline/vendor/timelinejs/js/timeline.js"></script>' in present
    assert '<script src="../assets/policy-timeline/timeline-view.js"></script>' in present
    assert 'data-timeline="../data/timelinejs.json"' in present
    assert 'data-script-path="../assets/policy-timeline/vendor/timelinejs/js/"' in present
    assert "onclick" not in present and "://" not in present  # nothing from another host


def test_vendored_timelinejs_looks_for_both_files(tmp_path):
    vendor = tmp_path / "assets" / "vendor" / "timelinejs"
    (vendor / "js").mkdir(parents=True)
    (vendor / "css").mkdir(parents=True)
    assert not vendored_timelinejs(tmp_path / "nothing")
    (vendor / "js" / "timeline.js").write_text("")
    assert not vendored_timelinejs(tmp_path / "assets")
    (vendor / "css" / "timeline.css").write_text("")
    assert vendored_timelinejs(tmp_path / "assets")


def test_subscribe_links():
    u = Urls(SITE)

    def hrefs(links):
        return [link.href for link in links]

    home = subscribe_links(SITE, "home")
    assert hrefs(home) == ["feeds/all.atom", "calendar/deadlines.ics", "data/"]
    assert [link.label for link in home][0] == "Atom feed of all events"
    thread = subscribe_links(SITE, "threads", "ai-act")
    assert u.href(u.thread("ai-act"), u.feed("threads", "ai-act")) in hrefs(thread)
    assert "../../calendar/threads/ai-act.ics" in hrefs(thread)
    entity = subscribe_links(SITE, "entities", "mistral-ai")
    assert hrefs(entity) == ["../../feeds/entities/mistral-ai.atom"]
    assert subscribe_links(SiteOptions(exports=frozenset(), pages=frozenset()), "home") == []
    with pytest.raises(ValueError):
        subscribe_links(SITE, "events", "x")
