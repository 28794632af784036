"""The Zensical-built site in Chromium: `render --out`'s folder of the fixture site, built
with `zensical build` (tests/test_zensical.py), read like the MkDocs-built one: each kind
of page loads clean (no console error, no failed local request, no request to another
host), the timeline filters and search work, the interactive timeline draws its slides,
axe finds nothing serious, nothing scrolls sideways on a phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_zensical import render_and_build

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[2]
VENDORED_TIMELINEJS = (ROOT / "generator" / "policy_timeline" / "assets" / "vendor" / "timelinejs"
                       / "js" / "timeline.js")
PAGES = ["", "timeline/", "timeline/2024/", "events/2024-02-26-partnership/",
         "entities/mistral-ai/", "threads/open-weights/", "threads/", "entities/", "sources/",
         "data/", "about/"]


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory, serve_dir_session) -> str:
    _, site = render_and_build(tmp_path_factory.mktemp("zensical-browser"))
    return serve_dir_session(site) + "/"


@pytest.mark.parametrize("path", PAGES)
def test_each_kind_of_page_loads_clean(zensical_url, page, tracker, path):
    from playwright.sync_api import expect

    response = page.goto(zensical_url + path, wait_until="networkidle")
    assert response is not None and response.ok
    expect(page.locator("article h1").first).to_be_visible()
    # the package's stylesheet applies (the badge of an event page, the meta line)
    if path.startswith("events/"):
        badge = page.locator(".pt-badge").first
        expect(badge).to_be_visible()
        assert badge.evaluate("e => getComputedStyle(e).borderRadius") not in ("", "0px")
    tracker.assert_clean()


def test_timeline_filters_work(zensical_url, page, tracker):
    from playwright.sync_api import expect

    page.goto(zensical_url + "timeline/", wait_until="load")
    count = page.locator("[data-pt-count]")
    expect(count).to_contain_text("Showing all")
    page.locator("select[name='thread']").select_option("azure-deal")
    expect(count).to_contain_text(" of ")
    tracker.assert_clean()


def test_interactive_timeline_draws(zensical_url, page, tracker):
    if not VENDORED_TIMELINEJS.is_file():
        pytest.skip("TimelineJS is not vendored (`make vendor`)")
    page.goto(zensical_url + "interactive/", wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('.tl-timeline .tl-slide').length > 1")
    page.wait_for_load_state("networkidle")
    tracker.assert_clean()


def test_search_finds_a_word_of_one_summary(zensical_url, page, tracker):
    from playwright.sync_api import expect

    # "quokkaesque" is in one event's summary only (tests/browser/test_reader.py)
    page.goto(zensical_url, wait_until="networkidle")
    page.get_by_role("button", name="Search").first.click()  # as a reader opens it
    page.keyboard.type("quokkaesque", delay=20)
    # a search result (it carries the words to highlight; the home page's own link does not)
    found = page.locator('a[href*="events/2024-02-commission-reaction/?h=quokkaesque"]'
                         ).first
    expect(found).to_be_visible(timeout=15_000)
    tracker.assert_clean()


@pytest.mark.parametrize("path", ["", "timeline/", "events/2024-02-26-partnership/",
                                  "sources/", "data/"])
def test_no_serious_or_critical_axe_violation(zensical_url, page, axe_scan, path):
    response = page.goto(zensical_url + path, wait_until="load")
    assert response is not None and response.ok
    blocking = [v for v in axe_scan(page) if v.get("impact") in ("serious", "critical")]
    assert not blocking, f"/{path}: axe found serious or critical violations:\n" + \
        axe_scan.describe(blocking)


@pytest.mark.parametrize("path", ["", "threads/open-weights/", "timeline/"])
def test_phone_width_has_no_horizontal_scroll(zensical_url, phone_page, path):
    phone_page.goto(zensical_url + path, wait_until="load")
    sizes = phone_page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[1] == 375
    assert sizes[0] <= sizes[1], f"/{path} scrolls sideways at 375 px: {sizes[0]}"
