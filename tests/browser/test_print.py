"""Printing an event, a thread and the "What applies when" table (print stylesheet,
assets/print.css): no site chrome, external links followed by their address, citation
markers kept, tables whole; and Chromium makes a PDF of it.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]

EVENT = "events/2027-08-02-high-risk-rules-apply/"  # rescheduled, sources, legal refs
THREAD = "threads/ai-act/"  # the strip, the event list and the "What applies when" table
CHROME = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".md-search", ".pt-strip", "form.pt-filters", ".md-content__button", ".headerlink")
A4_WIDTH = 794  # CSS pixels of an A4 page at 96 dpi, margins included


def _printed(page, url: str) -> None:
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")


def _shown(page, selector: str) -> list[str]:
    loc = page.locator(selector)
    return [selector for i in range(loc.count()) if loc.nth(i).is_visible()]


@pytest.mark.parametrize("path", [EVENT, THREAD], ids=["event", "thread"])
def test_printed_pages_leave_out_the_site_chrome(page, fixture_site, path):
    _printed(page, fixture_site + path)
    shown = [s for selector in CHROME for s in _shown(page, selector)]
    assert not shown, f"printed with: {sorted(set(shown))}"
    assert page.locator("article h1").is_visible()


def test_printed_event_shows_link_addresses_and_keeps_citations(page, fixture_site):
    _printed(page, fixture_site + EVENT)
    sources = page.locator("ol.pt-sources > li")
    assert sources.count() >= 1
    link = sources.first.locator("a[href^='http']").first
    href = link.get_attribute("href")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert href in after, f"the printed link does not show its address: {after!r}"
    markers = page.locator("article .pt-cite a")
    assert markers.count() >= 1 and markers.first.is_visible()
    assert markers.first.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "")


def test_printed_what_applies_when_table_is_whole(page, fixture_site):
    _printed(page, fixture_site + THREAD + "#what-applies-when")
    table = page.locator(".pt-applies table")
    assert table.is_visible()
    fit = table.evaluate("""t => {
        const box = t.closest('article').getBoundingClientRect();
        const r = t.getBoundingClientRect();
        let clipped = false;
        for (let e = t.parentElement; e && e !== document.body; e = e.parentElement) {
            const o = getComputedStyle(e).overflowX;
            if ((o === 'auto' || o === 'scroll' || o === 'hidden') && e.scrollWidth > e.clientWidth + 1) clipped = true;
        }
        return {inside: r.right <= box.right + 1 && r.left >= box.left - 1, clipped,
                header: getComputedStyle(t.tHead).display};
    }""")
    assert fit == {"inside": True, "clipped": False, "header": "table-header-group"}
    assert table.locator("tbody a[href*='#source-']").count() >= 1  # its citations kept


def test_chromium_prints_the_event_page_to_pdf(page, fixture_site):
    page.goto(fixture_site + EVENT, wait_until="load")
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
