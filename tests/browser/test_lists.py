"""The event lists in Chromium, used with the keyboard only: filter by dates and by who took
part on the timeline, a thread and an entity page; hear how many events show (a polite live
region); reset; share the filtered view by its URL; read every row without JavaScript.

Expectations come from the fixture records' YAML, read here, not from the generator.
"""

from __future__ import annotations

import calendar
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.test_reader import EVENTS, ENTITIES, _entities_of, _event_id

pytestmark = [pytest.mark.browser, pytest.mark.build]

TYPING_MS = 30


@pytest.fixture(scope="session")
def site(fixture_site) -> str:
    return fixture_site


def _span(record: dict) -> tuple[str, str]:
    """The first and last day an event may cover, from its YAML (partial dates widen)."""
    def days(value: object) -> tuple[str, str]:
        text = str(value)
        if len(text) == 4:
            return f"{text}-01-01", f"{text}-12-31"
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:])
            return f"{text}-01", f"{text}-{calendar.monthrange(y, m)[1]:02d}"
        return text, text
    first, last = days(record["date"])
    if record.get("end"):
        last = days(record["end"])[1]
    return first, last


def _between(ids: set[str], start: str, end: str) -> set[str]:
    return {k for k in ids if _span(EVENTS[k])[1] >= start and _span(EVENTS[k])[0] <= end}


def _named(ids: set[str], entity: str) -> set[str]:
    return {k for k in ids if entity in _entities_of(EVENTS[k])}


@pytest.fixture
def keyboard_page(browser):
    """An en-US page (so date fields read mm/dd/yyyy) that records script errors."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    context.route("**/*", lambda r: r.continue_()
                  if (urlsplit(r.request.url).hostname or "") in ("127.0.0.1", "localhost")
                  or not r.request.url.startswith("http") else r.abort("blockedbyclient"))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    try:
        yield page
    finally:
        context.close()


def _visible(page) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "ol[data-pt-list] > li",
        "els => els.filter(li => li.checkVisibility()).map(li => li.querySelector('a.pt-title').href)")
    return {_event_id(h) for h in hrefs}


def _all(page) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "ol[data-pt-list] > li", "els => els.map(li => li.querySelector('a.pt-title').href)")
    return {_event_id(h) for h in hrefs}


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def _type_date(page, name: str, iso: str) -> None:
    _tab_to(page, f"form[data-pt-filters] input[name='{name}']")
    y, m, d = iso.split("-")
    page.keyboard.type(m + d + y, delay=TYPING_MS)


def _choose(page, name: str, label: str) -> None:
    """Pick an option of a closed <select> by typing its first letters (type-ahead)."""
    _tab_to(page, f"form[data-pt-filters] select[name='{name}']")
    page.keyboard.type(label, delay=TYPING_MS)


def _says(count, shown: int, total: int):
    from playwright.sync_api import expect

    if shown == total:
        expect(count).to_have_text(f"Showing all {total} events.")
    elif shown == 0:
        expect(count).to_have_text(f"No event matches these filters (0 of {total} events).")
    else:
        expect(count).to_have_text(f"Showing {shown} of {total} events.")


CASES = [
    # page, events listed, date range, entity
    ("timeline/", set(EVENTS), ("2024-01-01", "2024-06-30"), "european-commission"),
    ("threads/ai-act/", {k for k, r in EVENTS.items() if "ai-act" in r.get("threads", [])},
     ("2024-03-01", "2099-12-31"), "european-parliament"),
    ("entities/mistral-ai/", {k for k, r in EVENTS.items() if "mistral-ai" in _entities_of(r)},
     ("2023-06-01", "2023-12-31"), "lightspeed"),
]


@pytest.mark.parametrize(("path", "listed", "dates", "entity"), CASES,
                         ids=[c[0].strip("/") for c in CASES])
def test_filter_by_dates_and_by_entity_with_the_keyboard(site, keyboard_page, path, listed,
                                                         dates, entity):
    from playwright.sync_api import expect

    page = keyboard_page
    start, end = dates
    in_range = _between(listed, start, end)
    both = _named(in_range, entity)
    assert 0 < len(in_range) < len(listed) and both and both != in_range, (
        "the fixture should make both filters narrow the list")
    total = len(listed)

    page.goto(site + path, wait_until="load")
    assert _all(page) == listed
    count = page.locator("[data-pt-count]")
    expect(count).to_have_attribute("aria-live", "polite")
    _says(count, total, total)
    assert _visible(page) == listed

    _type_date(page, "from", start)
    _type_date(page, "to", end)
    _says(count, len(in_range), total)
    assert _visible(page) == in_range

    _choose(page, "entity", ENTITIES[entity]["name"])
    expect(page.locator("select[name='entity']")).to_have_value(entity)
    _says(count, len(both), total)
    assert _visible(page) == both
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"from": [start], "to": [end], "entity": [entity]}

    # The view survives a reload (the choice is in the URL).
    page.reload(wait_until="load")
    _says(count, len(both), total)
    assert _visible(page) == both
    expect(page.locator("input[name='from']")).to_have_value(start)

    # Reset with the keyboard: everything back, the URL clean.
    _tab_to(page, "form[data-pt-filters] button[type='reset']")
    page.keyboard.press("Enter")
    _says(count, total, total)
    assert _visible(page) == listed
    page.wait_for_function("() => window.location.search === ''")
    assert page.errors == []


def test_an_empty_range_says_so(site, keyboard_page):
    from playwright.sync_api import expect

    page = keyboard_page
    page.goto(site + "timeline/?from=2020-01-01&to=2020-12-31", wait_until="load")
    assert _between(set(EVENTS), "2020-01-01", "2020-12-31") == set()
    _says(page.locator("[data-pt-count]"), 0, len(EVENTS))
    assert _visible(page) == set()
    # every year heading is hidden with its events
    expect(page.locator("article h2.pt-year:visible")).to_have_count(0)
    assert page.errors == []


def test_a_thread_page_does_not_offer_its_own_thread(site, keyboard_page):
    page = keyboard_page
    page.goto(site + "threads/mistral-funding/", wait_until="load")
    values = page.eval_on_selector_all("select[name='thread'] option", "os => os.map(o => o.value)")
    assert "mistral-funding" not in values
    tags = page.eval_on_selector_all("ol[data-pt-list] a.pt-thread", "as => as.map(a => a.href)")
    assert tags and not any(t.rstrip("/").endswith("/threads/mistral-funding") for t in tags)


@pytest.mark.parametrize("path", ["threads/ai-act/", "entities/mistral-ai/", "timeline/2024/"])
def test_without_javascript_every_row_shows_and_no_filter(site, browser, path):
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, service_workers="block")
    context.route("**/*", lambda r: r.continue_()
                  if (urlsplit(r.request.url).hostname or "") in ("127.0.0.1", "localhost")
                  or not r.request.url.startswith("http") else r.abort("blockedbyclient"))
    try:
        page = context.new_page()
        page.goto(site + path, wait_until="load")
        listed = next(c[1] for c in CASES if c[0] == path) if path != "timeline/2024/" else {
            k for k in EVENTS if k.startswith("2024")}
        expect(page.locator("ol[data-pt-list] > li")).to_have_count(len(listed))
        assert _visible(page) == listed
        expect(page.locator("form[data-pt-filters]")).to_be_hidden()
        expect(page.locator("[data-pt-count]")).to_be_hidden()
        # each row still has its one line of summary
        lines = page.locator("ol[data-pt-list] > li .pt-line")
        expect(lines).to_have_count(len(listed))
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_key_events_are_labelled_on_screen(site, browser, width):
    from playwright.sync_api import expect

    keys = {k for k, r in EVENTS.items() if r.get("key")}
    assert keys
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  service_workers="block")
    try:
        page = context.new_page()
        page.goto(site + "timeline/", wait_until="load")
        labelled = page.locator("ol[data-pt-list] > li", has=page.locator(".pt-key"))
        expect(labelled).to_have_count(len(keys))
        for i in range(len(keys)):
            expect(labelled.nth(i).locator(".pt-key")).to_be_visible()
            expect(labelled.nth(i).locator(".pt-key")).to_have_text("Key event")
        shown = {_event_id(h) for h in labelled.evaluate_all(
            "els => els.map(li => li.querySelector('a.pt-title').href)")}
        assert shown == keys
    finally:
        context.close()
