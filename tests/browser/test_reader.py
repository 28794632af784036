"""What a reader does with the built site, in Chromium: follow a thread to an event, a
citation to its source, the source to the bibliography; filter the timeline; search;
read without JavaScript; read on a phone. Every page must stay clean: no console or page
error, no failed local request, no request to another host.

The site is tests/fixtures/site with the shared fixture records (tests/fixtures/valid/events)
built once per session with a real `mkdocs build` into a temporary folder and served on
127.0.0.1. Expectations come from the records' YAML, read here, not from the generator.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "tests" / "fixtures" / "valid" / "events"  # the site's events/ (conftest.py)
VENDORED_TIMELINEJS = (ROOT / "generator" / "policy_timeline" / "assets" / "vendor" / "timelinejs"
                       / "js" / "timeline.js")

LOCAL = ("127.0.0.1", "localhost", "::1", "[::1]")
SEARCH_WORD = "quokkaesque"  # in one event's summary only (and never in a title)
SEARCH_EVENT = "2024-02-commission-reaction"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------------------------------
# The fixture's records, read independently of the generator


def _records() -> dict[str, dict]:
    """{event id: record} of the fixture (the id is the file name without .yaml)."""
    out = {}
    for path in sorted(RECORDS.rglob("*.yaml")):
        if path.name in ("threads.yaml", "entities.yaml"):
            continue
        out[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return out


EVENTS = _records()
THREADS = yaml.safe_load((RECORDS / "threads.yaml").read_text(encoding="utf-8"))
ENTITIES = yaml.safe_load((RECORDS / "entities.yaml").read_text(encoding="utf-8"))


def _entities_of(record: dict) -> set[str]:
    named = {p["entity"] for p in record.get("participants", [])}
    money = record.get("money") or {}
    return named | set(money.get("investors", [])) | set(money.get("lead_investors", []))


def _matching(field: str, value: str) -> set[str]:
    if field == "thread":
        return {k for k, r in EVENTS.items() if value in r.get("threads", [])}
    if field == "kind":
        return {k for k, r in EVENTS.items() if r["kind"] == value}
    return {k for k, r in EVENTS.items() if value in _entities_of(r)}


# ---------------------------------------------------------------------------------------
# The site, built once


@pytest.fixture(scope="session")
def site_dir(fixture_site_dir) -> Path:
    return fixture_site_dir


@pytest.fixture(scope="session")
def site(fixture_site) -> str:
    return fixture_site


def _event_id(href: str) -> str | None:
    """The event id of a link to an event page (…/events/<id>/), else None."""
    parts = [p for p in urlsplit(href).path.split("/") if p]
    if len(parts) >= 2 and parts[-2] == "events":
        return parts[-1]
    return None


VISIBLE_AND_UNCOVERED = """(id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.height === 0 || r.bottom <= 0 || r.top >= window.innerHeight) return false;
    // A reader sees it: what is painted a little inside its top-left corner is the element
    // itself (or inside it), not the sticky header.
    const x = Math.min(r.left + 8, window.innerWidth - 1);
    const y = Math.min(Math.max(r.top + 4, 0), window.innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit));
}"""


def _untracked(url: str) -> str:
    """The URL without its utm_* query parameters."""
    parts = urlsplit(url)
    query = "&".join(q for q in parts.query.split("&") if q and not q.startswith("utm_"))
    return parts._replace(query=query).geturl()


# ---------------------------------------------------------------------------------------
# Home -> thread -> event -> citation -> source -> bibliography


def test_reader_follows_thread_event_citation_and_bibliography(site, page, tracker):
    from playwright.sync_api import expect

    event_id = SEARCH_EVENT
    event = EVENTS[event_id]
    thread_id = "azure-deal"
    assert thread_id in event["threads"]

    page.goto(site, wait_until="load")
    article = page.locator("article")
    # The home page's "Threads" section (the first list after its heading).
    thread_link = article.locator("h2#threads + ul a", has_text=THREADS[thread_id]["title"])
    expect(thread_link).to_have_count(1)
    thread_link.click()
    page.wait_for_url(f"**/threads/{thread_id}/")
    expect(page.locator("article h1")).to_have_text(THREADS[thread_id]["title"] + "¶")

    # The thread page lists its events; open one.
    event_link = article.locator("ol.pt-events a.pt-title", has_text=event["title"])
    expect(event_link).to_have_count(1)
    event_link.click()
    page.wait_for_url(f"**/events/{event_id}/")
    expect(page.locator("article h1")).to_contain_text(event["title"])

    # A citation marker in the summary jumps to the numbered source.
    marker = article.locator("p sup.pt-cite a", has_text="[1]").first
    expect(marker).to_have_attribute("href", "#source-1")
    marker.click()
    page.wait_for_url("**#source-1")
    assert urlsplit(page.url).fragment == "source-1"
    source = page.locator("#source-1")
    expect(source).to_be_in_viewport()
    page.wait_for_function(VISIBLE_AND_UNCOVERED, arg="source-1")
    cited = event["sources"][0]
    expect(source.locator("cite a")).to_have_attribute("href", cited["url"])

    # The source's bibliography link lands on its entry, which lists the citing events.
    bib = source.get_by_role("link", name="in the bibliography")
    href = bib.get_attribute("href")
    anchor = urlsplit(href).fragment
    assert anchor, f"the bibliography link has no anchor: {href!r}"
    bib.click()
    page.wait_for_url(f"**/sources/#{anchor}")
    entry = page.locator(f"[id='{anchor}']")
    expect(entry).to_have_count(1)
    expect(entry).to_be_in_viewport()
    page.wait_for_function(VISIBLE_AND_UNCOVERED, arg=anchor)
    expect(entry.locator("cite a")).to_have_attribute("href", cited["url"])
    citing = {
        _event_id(urljoin(page.url, a.get_attribute("href")))
        for a in entry.locator("a").all()
    } - {None}
    # Every event of the fixture that cites this URL, and only those, are listed (a copy of
    # the URL with tracking parameters is the same source).
    expected = {k for k, r in EVENTS.items()
                if any(_untracked(s["url"]) == _untracked(cited["url"]) for s in r["sources"])}
    assert event_id in citing
    assert citing == expected, f"the entry lists {sorted(citing)}, the records say {sorted(expected)}"

    tracker.assert_clean()


# ---------------------------------------------------------------------------------------
# Filters


def _visible_events(page) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "ol[data-pt-list] > li",
        "els => els.filter(li => li.checkVisibility()).map(li => li.querySelector('a.pt-title').href)",
    )
    return {_event_id(h) for h in hrefs}


def _visible_headings(page) -> list[str]:
    return page.eval_on_selector_all(
        "article h2, article h3",
        "els => els.filter(h => h.checkVisibility()).map(h => h.id)",
    )


FILTERS = [
    ("thread", "azure-deal"),
    ("thread", "open-weights"),
    ("kind", "statement"),
    ("entity", "european-commission"),
    ("entity", "lightspeed"),  # named only as a lead investor in `money`
]


@pytest.mark.parametrize(("field", "value"), FILTERS, ids=[f"{f}={v}" for f, v in FILTERS])
def test_timeline_filter(site, page, tracker, field, value):
    from playwright.sync_api import expect

    expected = _matching(field, value)
    assert 0 < len(expected) < len(EVENTS), "the fixture should make this filter meaningful"
    everything = set(EVENTS)

    page.goto(site + "timeline/", wait_until="load")
    form = page.locator("form[data-pt-filters]")
    expect(form).to_be_visible()
    count = page.locator("[data-pt-count]")
    expect(count).to_have_text(f"Showing all {len(EVENTS)} events.")
    assert _visible_events(page) == everything

    form.locator(f"select[name='{field}']").select_option(value)
    expect(count).to_have_text(f"Showing {len(expected)} of {len(EVENTS)} events.")
    assert _visible_events(page) == expected
    assert parse_qs(urlsplit(page.url).query) == {field: [value]}
    # Headings with nothing left under them hide: the years shown are those of the events.
    shown_years = {h for h in _visible_headings(page) if h.isdigit()}
    assert shown_years == {k[:4] for k in expected}

    form.get_by_role("button", name="Show all").click()
    expect(count).to_have_text(f"Showing all {len(EVENTS)} events.")
    assert _visible_events(page) == everything
    page.wait_for_function("() => window.location.search === ''")
    assert {h for h in _visible_headings(page) if h.isdigit()} == {k[:4] for k in EVENTS}

    # A shared link with the query applies the filter on load.
    page.goto(f"{site}timeline/?{field}={value}", wait_until="load")
    expect(form.locator(f"select[name='{field}']")).to_have_value(value)
    expect(count).to_have_text(f"Showing {len(expected)} of {len(EVENTS)} events.")
    assert _visible_events(page) == expected
    page.reload(wait_until="load")
    expect(count).to_have_text(f"Showing {len(expected)} of {len(EVENTS)} events.")
    assert _visible_events(page) == expected

    tracker.assert_clean()


def test_timeline_filters_combine_and_ignore_unknown_values(site, page, tracker):
    from playwright.sync_api import expect

    expected = _matching("thread", "open-weights") & _matching("entity", "mistral-ai")
    assert expected and expected != _matching("thread", "open-weights")
    page.goto(f"{site}timeline/?thread=open-weights&entity=mistral-ai&kind=no-such-kind",
              wait_until="load")
    count = page.locator("[data-pt-count]")
    expect(count).to_have_text(f"Showing {len(expected)} of {len(EVENTS)} events.")
    assert _visible_events(page) == expected
    expect(page.locator("select[name='kind']")).to_have_value("")
    tracker.assert_clean()


def test_year_page_filter(site, page, tracker):
    from playwright.sync_api import expect

    year = "2024"
    in_year = {k for k in EVENTS if k.startswith(year)}
    expected = in_year & _matching("thread", "open-weights")
    assert expected and expected != in_year
    page.goto(f"{site}timeline/{year}/", wait_until="load")
    count = page.locator("[data-pt-count]")
    expect(count).to_have_text(f"Showing all {len(in_year)} events.")
    assert _visible_events(page) == in_year
    page.locator("select[name='thread']").select_option("open-weights")
    expect(count).to_have_text(f"Showing {len(expected)} of {len(in_year)} events.")
    assert _visible_events(page) == expected
    tracker.assert_clean()


# ---------------------------------------------------------------------------------------
# Search (Material's search plugin and its web worker)


def test_search_finds_a_word_of_one_summary(site, page, tracker):
    from playwright.sync_api import expect

    owners = [k for k, r in EVENTS.items() if SEARCH_WORD in (r["summary"] + r["title"]).lower()]
    assert owners == [SEARCH_EVENT]
    assert SEARCH_WORD not in EVENTS[SEARCH_EVENT]["title"].lower()

    page.goto(site, wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(SEARCH_WORD, delay=20)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    link = results.filter(has_text=EVENTS[SEARCH_EVENT]["title"])
    # The worker loads the index in the background: allow it several seconds.
    expect(link.first).to_be_visible(timeout=15_000)
    found = {_event_id(urljoin(page.url, a.get_attribute("href"))) for a in results.all()} - {None}
    assert found == {SEARCH_EVENT}, f"search for {SEARCH_WORD!r} found {sorted(found)}"
    link.first.click()
    page.wait_for_url(f"**/events/{SEARCH_EVENT}/**")
    expect(page.locator("article")).to_contain_text(SEARCH_WORD)
    tracker.assert_clean()


# ---------------------------------------------------------------------------------------
# Without JavaScript


@pytest.mark.parametrize("path", ["timeline/", "timeline/2024/"])
def test_without_javascript_every_event_shows_and_no_dead_filter(site, browser, path):
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, service_workers="block")
    external: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).hostname or ""
        if r.request.url.startswith(("http:", "https:")) and host not in ("127.0.0.1", "localhost"):
            external.append(r.request.url)
            r.abort("blockedbyclient")
        else:
            r.continue_()

    context.route("**/*", route)
    try:
        page = context.new_page()
        response = page.goto(site + path, wait_until="load")
        assert response is not None and response.ok
        year = path.strip("/").split("/")[-1]
        expected = {k for k in EVENTS if not year.isdigit() or k.startswith(year)}
        items = page.locator("ol[data-pt-list] > li")
        expect(items).to_have_count(len(expected))
        assert _visible_events(page) == expected
        expect(page.locator("form[data-pt-filters]")).to_be_hidden()
        expect(page.locator("form[data-pt-filters] select").first).to_be_hidden()
        expect(page.get_by_role("button", name="Show all")).to_have_count(0)
        expect(page.locator("[data-pt-count]")).to_be_hidden()
        assert external == [], f"requests to other hosts: {external}"
    finally:
        context.close()


# ---------------------------------------------------------------------------------------
# Every page is clean


def _pages(site_dir: Path) -> list[str]:
    """Every HTML page of the built site, as a path relative to the root (`events/x/`)."""
    out = []
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir).as_posix()
        out.append("" if rel == "." else rel + "/")
    return out


class _PageWatch:
    """What one tab does wrong, page by page (the shared tracker cannot say which page),
    and which of its requests are still in flight."""

    def __init__(self, page) -> None:
        self.current = ""
        self.problems: dict[str, list[str]] = {}
        self.in_flight: set = set()
        page.on("console", self._console)
        page.on("pageerror", lambda err: self._add(f"page error: {err}"))
        page.on("dialog", lambda d: self._add(f"dialog ({d.type}): {d.message}"))
        page.on("request", self._request)
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", lambda request: self.in_flight.discard(request))
        page.on("response", self._response)

    def _add(self, problem: str) -> None:
        self.problems.setdefault(self.current, []).append(problem)

    def _console(self, msg) -> None:
        if msg.type == "error":
            self._add(f"console error: {msg.text}")

    def _request(self, request) -> None:
        self.in_flight.add(request)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL:
            self._add(f"external request: {request.url}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._add(f"HTTP {response.status}: {response.url}")


def _one_of_each_kind(pages: list[str]) -> set[str]:
    """The first page of each kind (`events/`, `entities/`, ...) and every top-level page."""
    seen: dict[str, str] = {}
    for path in pages:
        parts = path.strip("/").split("/")
        kind = parts[0] + "/*" if len(parts) > 1 else path
        seen.setdefault(kind, path)
    return set(seen.values())


def test_every_page_is_clean(site, site_dir, page, tracker):
    pages = [p for p in _pages(site_dir) if p != "interactive/"]
    expected = {"", "timeline/", "timeline/2024/", "threads/", "entities/", "sources/", "data/",
                "about/"}
    expected |= {f"events/{k}/" for k in EVENTS}
    expected |= {f"entities/{k}/" for k in ENTITIES}
    expected |= {f"threads/{k}/" for k in THREADS}
    missing = expected - set(pages)
    assert not missing, f"pages missing from the build: {sorted(missing)}"

    # One page of each kind waits for the network to go quiet (500 ms without a request:
    # the search worker, Material's sitemap fetch and the favicon come after `load`). Pages
    # of a kind already seen share its template and scripts: they wait for `load` and for
    # every request they started to finish, which keeps the test fast.
    quiet = _one_of_each_kind(pages)
    watch = _PageWatch(page)
    for path in pages:
        watch.current = path
        response = page.goto(site + path, wait_until="networkidle" if path in quiet else "load")
        assert response is not None and response.ok, f"/{path}: HTTP {response and response.status}"
        deadline = time.monotonic() + 20
        while watch.in_flight:  # polls a condition: the requests this page started
            assert time.monotonic() < deadline, f"/{path}: requests never finished: " + \
                ", ".join(r.url for r in watch.in_flight)
            page.wait_for_timeout(10)
    problems = watch.problems
    assert not problems, "pages that were not clean:\n" + "\n".join(
        f"  /{p}:\n    " + "\n    ".join(v) for p, v in problems.items())
    tracker.assert_clean()


def test_interactive_page_is_clean(site, page, tracker):
    from playwright.sync_api import expect

    if not VENDORED_TIMELINEJS.is_file():
        _skip_or_fail(f"{VENDORED_TIMELINEJS.parent.parent.relative_to(ROOT)} is missing (run "
                      "`make vendor`), so the build has no interactive timeline to test")
    page.goto(site + "interactive/", wait_until="load")
    # One slide per event, plus the title slide.
    page.wait_for_function(
        "n => document.querySelectorAll('.tl-timeline .tl-slide').length >= n",
        arg=len(EVENTS) + 1,
    )
    page.wait_for_load_state("networkidle")
    expect(page.locator("#policy-timeline-interactive-fallback")).to_be_hidden()
    for record in EVENTS.values():
        assert page.locator(".tl-slide .tl-headline", has_text=record["title"]).count() >= 1, \
            f"no slide for {record['title']!r}"
    tracker.assert_clean()


def test_reader_finds_what_applies_when_from_the_home_page(site, page, tracker):
    """Home -> the thread's "What applies when" table -> a moved deadline's sources: the
    date first set, the current date and the act that moved it, cited, in two clicks."""
    from playwright.sync_api import expect

    event_id = "2027-08-02-high-risk-rules-apply"
    event = EVENTS[event_id]
    was = event["schedule_history"][0]["was"]
    page.goto(site, wait_until="load")
    article = page.locator("article")
    article.locator("h2#what-applies-when + p a", has_text=THREADS["ai-act"]["title"]).click()
    page.wait_for_url("**/threads/ai-act/#what-applies-when")
    row = article.locator(f'.pt-applies tbody tr:has(th a[href$="/{event_id}/"])')
    expect(row).to_have_count(1)
    expect(row).to_be_in_viewport()
    expect(row.locator("td").nth(1)).to_have_text(was.strftime("%-d %B %Y"))
    expect(row.locator("td").nth(2)).to_have_text(event["date"].strftime("%-d %B %Y"))
    mover = EVENTS[event["schedule_history"][0]["changed_by"]]["title"]
    expect(row.locator("td").nth(3)).to_contain_text(mover)
    expect(row.locator("td").nth(4)).to_have_text("Rescheduled")
    row.locator("td").last.locator("a", has_text="[2]").click()
    page.wait_for_url(f"**/events/{event_id}/#source-2")
    expect(page.locator("#source-2")).to_contain_text(event["sources"][1]["title"])
    tracker.assert_clean()


# ---------------------------------------------------------------------------------------
# Phone width


@pytest.mark.parametrize("path", ["", "threads/open-weights/", "timeline/", "threads/ai-act/"])
def test_phone_width_has_no_horizontal_scroll(site, phone_page, path):
    page = phone_page
    page.goto(site + path, wait_until="load")
    sizes = page.evaluate("""() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        // the strip is never narrower than its least width: it scrolls inside its box
        svgs: [...document.querySelectorAll('article .pt-strip-scroll')]
            .map(s => { const r = s.getBoundingClientRect(); return [r.left, r.right]; }),
    })""")
    assert sizes["inner"] == 375
    assert sizes["scroll"] <= sizes["inner"], (
        f"/{path} scrolls sideways at 375 px: scrollWidth {sizes['scroll']}")
    if path in ("", "threads/open-weights/"):
        assert sizes["svgs"], f"/{path} has no SVG strip"
    for left, right in sizes["svgs"]:
        assert left >= 0 and right <= sizes["inner"] + 0.5, (
            f"/{path}: the SVG strip spans {left}..{right}, wider than the 375 px screen")
