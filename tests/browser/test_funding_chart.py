"""The funding chart on an entity page, in Chromium: its marks are links a keyboard reaches
and follows, with a visible focus ring, and axe finds no serious or critical issue.

The site is tests/fixtures/site built once per session (see conftest.py). Expectations
come from the fixture's YAML, read here, not from the generator.
"""

from __future__ import annotations

import re

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.build]

from tests.conftest import VALID as RECORDS  # the fixture site's events/


def _raised_by(entity: str) -> dict[str, dict]:
    """{event id: record} of the money events `entity` raised in, read from the YAML."""
    out = {}
    for path in sorted(RECORDS.rglob("*.yaml")):
        if path.name in ("threads.yaml", "entities.yaml"):
            continue
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        money = record.get("money")
        if not money or record["kind"] not in ("funding-round", "investment"):
            continue
        if entity in money.get("investors", []) + money.get("lead_investors", []):
            continue
        # the one raising: its role says so ("company raising funds", "borrower")
        if any(p["entity"] == entity and re.search("rais|borrow|receiv", p["role"], re.I)
               and "investor" not in p["role"].lower() for p in record.get("participants", [])):
            out[path.stem] = record
    return out


def test_chart_links_work_with_the_keyboard(fixture_site, page, tracker):
    rounds = _raised_by("mistral-ai")
    assert rounds, "the fixture has no round raised by Mistral AI"
    page.goto(fixture_site + "entities/mistral-ai/", wait_until="load")
    marks = page.locator("figure.pt-funding-chart svg a")
    assert marks.count() >= len(rounds)  # amounts, and valuations when recorded
    # Tab from the top of the page until the focus reaches the chart
    for _ in range(300):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => !!document.activeElement.closest('figure.pt-funding-chart')")
        if inside:
            break
    else:
        pytest.fail("Tab never reached the funding chart")
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    event_id = href.rstrip("/").rsplit("/", 1)[-1]
    assert event_id in rounds, href
    ring = page.evaluate("""() => {
        const mark = document.activeElement.querySelector('.pt-fund-mark');
        return getComputedStyle(mark).strokeWidth; }""")
    assert float(ring.rstrip("px")) >= 4, f"no visible focus ring (stroke {ring})"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/events/{event_id}/")
    assert page.locator("h1").inner_text().rstrip("¶ \n") == rounds[event_id]["title"]
    tracker.assert_clean()


def test_chart_page_has_no_serious_axe_issue(fixture_site, page, axe_scan):
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(fixture_site + "entities/mistral-ai/", wait_until="load")
        page.evaluate("() => localStorage.clear()")  # Material keeps the last scheme there
        page.reload(wait_until="load")
        assert page.locator("figure.pt-funding-chart svg").count() == 1
        expected = "slate" if scheme == "dark" else "default"  # Material's script sets it
        page.wait_for_function(f"document.body.dataset.mdColorScheme === '{expected}'")
        # the labels follow Material's scheme: light text on the dark page, not a white slab
        fill = page.evaluate("""() => getComputedStyle(
            document.querySelector('figure.pt-funding-chart svg a text')).fill""")
        rgb = [int(x) for x in fill[fill.index("(") + 1:fill.index(")")].split(",")[:3]]
        assert (sum(rgb) / 3 > 128) == (scheme == "dark"), (scheme, fill)
        blocking = [v for v in axe_scan(page) if v.get("impact") in ("serious", "critical")]
        assert not blocking, f"{scheme}: " + axe_scan.describe(blocking)


@pytest.mark.parametrize("width", [1280, 1600])
def test_whole_chart_shows_on_a_desktop_screen(fixture_site, browser, width):
    """On a desktop the chart fits its column: no mark or figure hidden past its right edge
    (Material's 125 % root font size once made the chart wider than the column)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(fixture_site + "entities/mistral-ai/", wait_until="load")
        box = page.locator("figure.pt-funding-chart .pt-fund-scroll")
        sizes = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert sizes[0] <= sizes[1], f"the chart scrolls inside its box at {width} px: {sizes}"
    finally:
        context.close()
