"""The seven questions a policy journalist brought to the site, asked of the real site.

Each test starts on the home page, follows at most three links as a reader would (clicking
what is on screen, never typing an address), and checks that the answer is visible and
cited: a citation that leads to a named source. The site is the repository's own
mkdocs.yml and events/, built once with "today" pinned; the expected answers are read from
the records' YAML here, not from the generator.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"
TODAY = "2026-09-01"  # after the general application date, before the December deadlines
MAX_CLICKS = 3
ATOM = "{http://www.w3.org/2005/Atom}"


def _records() -> dict[str, dict]:
    out = {}
    for path in sorted(EVENTS.rglob("*.yaml")):
        if path.name not in ("threads.yaml", "entities.yaml", "settings.yaml"):
            out[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return out


RECORDS = _records()


@pytest.fixture(scope="session")
def repository_site(tmp_path_factory, serve_dir_session) -> str:
    """The repository's site built with `mkdocs build` into a temporary folder, served."""
    out = tmp_path_factory.mktemp("repository-site") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICY_TIMELINE_TODAY": TODAY},
    )
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return serve_dir_session(out) + "/"


class Reader:
    """A reader on the site: starts at home, clicks links by their words, counts clicks."""

    def __init__(self, page, site: str) -> None:
        self.page, self.site, self.clicks = page, site, 0
        page.goto(site, wait_until="load")

    def click(self, name: str, *, within: str = "article", exact: bool = False) -> None:
        self.follow(self.page.locator(within).get_by_role("link", name=name, exact=exact).first)

    def follow(self, link) -> None:
        """Click one link the test picked (a locator)."""
        link.scroll_into_view_if_needed()
        assert link.is_visible(), f"link not visible on {self.page.url}"
        with self.page.expect_navigation():
            link.click()
        self.clicks += 1
        assert self.clicks <= MAX_CLICKS, f"more than {MAX_CLICKS} clicks to answer"

    def href(self, name: str, *, within: str = "article") -> str:
        """Where a visible link goes (for files a browser downloads rather than shows)."""
        link = self.page.locator(within).get_by_role("link", name=name).first
        assert link.is_visible(), f"no visible link {name!r} on {self.page.url}"
        self.clicks += 1
        assert self.clicks <= MAX_CLICKS, f"more than {MAX_CLICKS} clicks to answer"
        return urljoin(self.page.url, link.get_attribute("href"))


def _source_publishers(page, event_id: str) -> set[str]:
    """Publishers shown in the event page's source list (the page must be the event's)."""
    assert urlsplit(page.url).path.rstrip("/").endswith(event_id), page.url
    return {p for p in (s["publisher"] for s in RECORDS[event_id]["sources"])
            if page.locator("#sources ~ *, #sources + *").get_by_text(p).count()
            or page.locator("article").get_by_text(p).count()}


def _cited_in(locator) -> list[str]:
    """The citation links ([1], [2]...) inside a part of the page."""
    return [a.get_attribute("href") for a in locator.locator("a").all()
            if (a.text_content() or "").strip().strip("[]").isdigit()]


def _follows_to_a_source(page, href: str) -> str:
    """Follow a citation's link; the target is a source item naming a publisher."""
    page.goto(urljoin(page.url, href), wait_until="load")
    fragment = urlsplit(href).fragment
    assert fragment.startswith("source-"), href
    item = page.locator(f"[id='{fragment}']")
    assert item.is_visible()
    return item.inner_text()


def test_when_do_the_gpai_obligations_apply_and_did_that_date_move(repository_site, page):
    gpai = [i for i, r in RECORDS.items() if r["kind"] == "application-date"
            and "general-purpose" in r["title"].lower()]
    assert gpai, "the records have the GPAI application dates"
    reader = Reader(page, repository_site)
    reader.click("The EU AI Act", within="#what-applies-when ~ *")
    table = page.locator("#what-applies-when ~ .pt-applies table").first
    assert table.is_visible()
    for event_id in gpai:
        record = RECORDS[event_id]
        row = table.locator("tr", has=page.locator(f"a[href*='{event_id}/']")).first
        assert row.is_visible(), event_id
        text = row.inner_text()
        day = f"{record['date'].day} {record['date']:%B %Y}"
        assert day in text, (event_id, text)
        history = record.get("schedule_history") or []
        if history:  # a moved date names what moved it
            assert "—" not in text.split("\t")[4]
        cites = _cited_in(row)
        assert cites, f"{event_id}: the row cites no source"
    source = _follows_to_a_source(page, cites[0])
    assert any(s["publisher"] in source for s in RECORDS[gpai[-1]]["sources"])


def test_how_much_has_mistral_raised_from_whom_at_what_valuation(repository_site, page):
    rounds = {i: r for i, r in RECORDS.items() if r["kind"] == "funding-round"
              and (r.get("money") or {}).get("amount") and r.get("status", "happened")
              == "happened" and "mistral-funding" in r.get("threads", [])}
    assert len(rounds) >= 4
    reader = Reader(page, repository_site)
    reader.click("Who is who", within="nav.md-tabs, .md-nav--primary, header")
    reader.click("Mistral AI", exact=True)
    chart = page.locator("figure.pt-funding-chart").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["y"] < 1600, "the money is near the top of the Mistral AI page"
    text = page.locator("article").inner_text()
    for event_id, record in rounds.items():
        assert page.locator(f"article a[href*='{event_id}/']").count(), event_id
        for lead in (record["money"].get("lead_investors") or [])[:1]:
            name = _entity_name(lead)
            assert name in text, (event_id, name)
    cites = [h for h in _cited_in(page.locator(".pt-funding-table").first) if "#source-" in h]
    assert cites, "the funding figures are cited"
    _follows_to_a_source(page, cites[0])


def _entity_name(entity_id: str) -> str:
    for path in EVENTS.rglob("entities.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if entity_id in data:
            return data[entity_id]["name"]
    raise AssertionError(entity_id)


def test_the_azure_deal_and_its_critics(repository_site, page):
    reader = Reader(page, repository_site)
    reader.click("announced a partnership with Microsoft")
    deal = "2024-02-26-microsoft-mistral-partnership"
    assert deal in page.url
    assert _cited_in(page.locator("article")), "the deal's page cites its sources"
    shown = _source_publishers(page, deal)
    assert shown, "the deal's sources are named"
    reader.click("The Microsoft and Mistral AI partnership")
    thread_links = {urlsplit(a.get_attribute("href")).path.rstrip("/").rsplit("/", 1)[-1]
                    for a in page.locator("article a[href*='events/']").all()}
    critics = {i for i, r in RECORDS.items() if "azure-deal" in r.get("threads", [])
               and r["kind"] in ("statement", "letter") and i != deal}
    assert len(critics) >= 3
    assert critics <= thread_links, critics - thread_links
    # both sides: the company's answer is there beside the criticism
    answers = {i for i in critics if "mensch" in i or "ministry" in i}
    assert answers and answers <= thread_links


def test_which_deadlines_are_coming(repository_site, page):
    coming = sorted(i for i, r in RECORDS.items()
                    if r.get("status") in ("scheduled", "rescheduled") and str(r["date"]) > TODAY)
    assert coming
    Reader(page, repository_site)
    section = page.locator("#coming-up ~ *").first
    assert section.is_visible()
    listed = [a.get_attribute("href") for a in page.locator("article a[href*='events/']").all()]
    first = coming[0]
    assert any(first in h for h in listed), first
    reader = Reader(page, repository_site)
    # the "Coming up" list (the strip above it links the same events too)
    item = page.locator(f"#coming-up ~ * a[href*='events/{first}/']").first
    assert RECORDS[first]["title"][:30] in item.inner_text()
    reader.follow(item)
    assert _cited_in(page.locator("article")), "the deadline's page cites its sources"
    assert _source_publishers(page, first)


def test_who_reports_the_fifteen_million(repository_site, page):
    event_id = "2024-02-27-microsoft-eur-15-million-convertible-investment"
    record = RECORDS[event_id]
    assert record["money"]["amount"] == 15_000_000 and record["money"]["currency"] == "EUR"
    reader = Reader(page, repository_site)
    reader.click("small investment that would convert into shares")
    text = page.locator("article").inner_text()
    assert "15 million" in text or "15,000,000" in text
    shown = _source_publishers(page, event_id)
    assert shown == {s["publisher"] for s in record["sources"]}
    source = _follows_to_a_source(page, _cited_in(page.locator("article"))[0])
    assert any(s["publisher"] in source for s in record["sources"])


def test_subscribing_to_one_thread(repository_site, page):
    thread = "mistral-funding"
    reader = Reader(page, repository_site)
    reader.click("Mistral AI's funding", within="#threads ~ *")
    feed_url = reader.href("Atom feed of this thread")
    with urlopen(feed_url) as response:  # served by the test's local server
        feed = ElementTree.fromstring(response.read())
    assert feed.tag == f"{ATOM}feed"
    links = {e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")}
    expected = {i for i, r in RECORDS.items() if thread in r.get("threads", [])}
    got = {urlsplit(h).path.rstrip("/").rsplit("/", 1)[-1] for h in links}
    assert got == expected


def test_downloading_the_events_csv(repository_site, page):
    reader = Reader(page, repository_site)
    reader.click("All data downloads")
    url = reader.href("events.csv")
    with urlopen(url) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"))))
    assert {r["id"] for r in rows} == set(RECORDS)
    row = next(r for r in rows if r["id"] == "2024-02-27-microsoft-eur-15-million-convertible-investment")
    assert row["date"] == "2024-02-27"
