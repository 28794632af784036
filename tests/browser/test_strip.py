"""The SVG strip in a browser: tap areas on a 390 px phone, keyboard focus, legend, dark mode.

The site is tests/fixtures/site with the shared records, built once per session by the
`fixture_site` fixture (conftest.py) and served on 127.0.0.1.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGES = ["", "threads/ai-act/"]  # the home page (every lane) and a thread page (one lane)


@pytest.fixture
def phone_390(browser):
    """A 390 px wide phone (iPhone 12 to 15), touch, nothing from another host."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2,
                                  service_workers="block")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "http://localhost")) else r.abort("blockedbyclient"))
    try:
        yield context.new_page()
    finally:
        context.close()


BOXES = """() => [...document.querySelectorAll('.pt-strip svg a')].map(a => {
    const r = a.getBoundingClientRect();
    return {href: a.getAttribute('href'), cls: a.getAttribute('class'), w: r.width, h: r.height};
})"""


@pytest.mark.parametrize("path", PAGES)
def test_every_mark_is_a_24_px_tap_target_on_a_390_px_phone(fixture_site, phone_390, path):
    phone_390.goto(fixture_site + path, wait_until="load")
    boxes = phone_390.evaluate(BOXES)
    assert len(boxes) >= 3
    small = [b for b in boxes if b["w"] < 24 or b["h"] < 24]
    assert not small, small
    assert any("pt-svg-key-label" in b["cls"] for b in boxes) or path  # labels on the home page
    # the strip scrolls sideways inside its box; the page itself does not
    assert phone_390.evaluate("document.documentElement.scrollWidth") <= 390


def test_tab_reaches_the_marks_and_focus_is_visible(fixture_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(fixture_site, wait_until="load")
    first = page.locator(".pt-strip svg a").first
    href = first.get_attribute("href")
    # Tab from the element just before the strip until a mark has the focus
    page.evaluate("document.querySelector('.pt-strip').insertAdjacentHTML('beforebegin',"
                  " '<button id=\"before-strip\">x</button>')")
    page.focus("#before-strip")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == href
    ring = page.evaluate("""() => {
        const hit = document.activeElement.querySelector('.pt-svg-hit');
        const s = getComputedStyle(hit);
        return {stroke: s.stroke, width: parseFloat(s.strokeWidth)};
    }""")
    assert ring["stroke"] not in ("none", "") and ring["width"] >= 3, ring
    # no focus, no ring
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("getComputedStyle(document.querySelector('.pt-strip svg a .pt-svg-hit'))"
                         ".stroke") == "none"


def test_the_legend_is_there_in_words(fixture_site, page):
    page.goto(fixture_site, wait_until="load")
    legend = page.locator(".pt-strip-legend")
    assert legend.is_visible()
    text = legend.inner_text()
    for words in ("hollow: scheduled", "date moved", "a period", "before a date", "today"):
        assert words in text


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_in_dark_mode_the_strip_is_dark_not_a_white_slab(fixture_site, page):
    page.goto(fixture_site, wait_until="load")
    fill = "getComputedStyle(document.querySelector('.pt-strip .pt-svg-bg')).fill"
    light = page.evaluate(fill)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = page.evaluate(fill)
    assert _luminance(light) > 0.9
    assert _luminance(dark) < 0.05, dark
    text = page.evaluate("getComputedStyle(document.querySelector('.pt-strip .pt-svg-lane-label'))"
                         ".fill")
    assert _luminance(text) > 0.5  # light text on the dark strip


def test_today_line_is_drawn_with_the_pinned_date(fixture_site, page):
    page.goto(fixture_site, wait_until="load")
    label = page.locator(".pt-strip .pt-svg-today-label")
    assert label.text_content() == "Today: 26 November 2026"  # POLICY_TIMELINE_TODAY of the tests
