"""The interactive view as a reader meets it in the built fixture site (Material, Chromium):
under the site's header, at the latest event, with citations, readable lanes, nothing laid
over it on phones, and colours axe accepts in the light and the dark scheme.

The site is the session's fixture site (tests/fixtures/site with the shared records, built
by `mkdocs build`, "today" pinned by tests/conftest.py).
"""

from __future__ import annotations

import pytest

from policy_timeline.catalog import load_catalog
from policy_timeline.exports.pages import vendored_timelinejs
from tests.conftest import TODAY, VALID

pytestmark = [pytest.mark.browser, pytest.mark.build]

BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def view_url(fixture_site) -> str:
    if not vendored_timelinejs():
        pytest.skip("TimelineJS is not vendored (run `make vendor`)")
    return fixture_site + "interactive/"


@pytest.fixture(scope="module")
def latest():
    """The last event, in date order, whose date has come by TODAY (cancelled ones aside)."""
    catalog = load_catalog(VALID, today=TODAY)
    return [e for e in catalog.events
            if e.when.first_day() <= TODAY and e.status != "cancelled"][-1]


def _open(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function(  # drawn: marked ready by the start script, or a marker active
        "document.querySelector(\"#policy-timeline-interactive[data-ready='true']\")"
        " || document.querySelector('.tl-timemarker-active')")
    page.wait_for_timeout(1200)  # TimelineJS slides to the first event (1 s animation)


def _current_slide(page):
    """The slide in the middle of the story slider: the one a reader reads."""
    return page.evaluate("""() => {
        const box = document.querySelector('.tl-storyslider').getBoundingClientRect();
        const x = box.left + box.width / 2;
        for (const slide of document.querySelectorAll('.tl-slide')) {
            const r = slide.getBoundingClientRect();
            if (r.left <= x && x < r.right) return slide.id;
        }
        return null;
    }""")


def test_the_view_opens_at_the_latest_event_to_date(page, view_url, latest):
    _open(page, view_url)
    assert latest is not None and not latest.when.is_after(TODAY)
    assert _current_slide(page) == latest.id
    active = page.locator(".tl-timemarker-active")
    assert active.get_attribute("id") == f"{latest.id}-marker"
    assert latest.title in page.locator("article > p").first.inner_text()


def test_the_view_stays_under_the_sticky_header_when_scrolled(page, view_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    _open(page, view_url)
    view = page.locator("#policy-timeline-interactive")
    top = view.bounding_box()["y"]
    page.mouse.wheel(0, top + 20)  # the view's top now runs under the header
    page.wait_for_timeout(400)
    header = page.locator("header.md-header").bounding_box()
    assert view.bounding_box()["y"] < header["y"] + header["height"]
    # what a reader sees at the header's place is the header, not TimelineJS's slider
    for x in (header["width"] / 2, header["width"] * 0.3, header["width"] * 0.7):
        on_top = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y).closest('header.md-header')",
            [x, header["y"] + header["height"] / 2])
        assert on_top, f"TimelineJS covers the header at x={x}"


def test_slides_keep_their_citation_markers_and_sources(page, view_url, latest):
    _open(page, view_url)
    slide = page.locator(f".tl-slide[id='{latest.id}']")
    markers = slide.locator("a.policy-timeline-slide-cite")
    assert markers.count() >= 1
    first = markers.first
    assert first.inner_text() == "[1]"
    assert first.get_attribute("href").endswith(f"/events/{latest.id}/#source-1")
    sources = slide.locator("ol.policy-timeline-slide-sources > li")
    assert sources.count() == len(latest.sources)
    assert latest.sources[0].publisher in sources.first.inner_text()
    assert sources.first.locator("a").get_attribute("href") == latest.sources[0].url
    assert first.get_attribute("target") == "_self"  # in the same tab
    # (the data file's links are absolute, to the published site: follow its path here)
    page.goto(f"{view_url}../events/{latest.id}/#source-1", wait_until="load")
    assert page.locator("#source-1").is_visible()


def test_lane_labels_are_whole_and_do_not_overlap_on_a_phone(phone_page, view_url):
    _open(phone_page, view_url)
    labels = phone_page.evaluate("""() => [...document.querySelectorAll(
            '.tl-timegroup:not(.tl-timegroup-hidden) .tl-timegroup-message')].map(e => {
        const r = e.getBoundingClientRect();
        const line = parseFloat(getComputedStyle(e).lineHeight);
        return {text: e.textContent, top: r.top, bottom: r.bottom, left: r.left,
                right: r.right, lines: Math.round(r.height / line),
                clipped: e.scrollWidth > e.clientWidth + 1};
    })""")
    assert labels, "the view shows no thread lanes"
    width = phone_page.viewport_size["width"]
    for label in labels:
        assert label["lines"] == 1, f"{label['text']!r} wraps over {label['lines']} lines"
        assert not label["clipped"] and label["right"] <= width, f"{label['text']!r} is cut"
    ordered = sorted(labels, key=lambda lab: lab["top"])
    for upper, lower in zip(ordered, ordered[1:]):
        assert upper["bottom"] <= lower["top"] + 1, f"{upper['text']!r} overlaps {lower['text']!r}"


def test_no_swipe_overlay_covers_the_slides_on_a_phone(phone_page, view_url, latest):
    _open(phone_page, view_url)
    overlays = phone_page.locator(".tl-storyslider .tl-message-full")
    assert all(not overlays.nth(i).is_visible() for i in range(overlays.count()))
    assert "Swipe to Navigate" not in phone_page.locator(".tl-timeline").inner_text()
    headline = phone_page.locator(f".tl-slide[id='{latest.id}'] .tl-headline").first
    box = headline.bounding_box()
    hit = phone_page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.tl-slide')?.id || null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit == latest.id, "something lies over the first slide's headline"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_view_passes_axe_in_both_schemes(browser, view_url, axe_scan, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _open(page, view_url)
        body_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert body_scheme == ("slate" if scheme == "dark" else "default")
        violations = axe_scan(page)
        blocking = [v for v in violations if v.get("impact") in BLOCKING]
        assert not blocking, axe_scan.describe(blocking)
        # the slides follow the scheme: no white slab behind light text in the dark
        colours = page.evaluate("""() => [
            getComputedStyle(document.querySelector('.tl-slider-background')).backgroundColor,
            getComputedStyle(document.body).backgroundColor]""")
        assert colours[0] == colours[1]
    finally:
        context.close()
