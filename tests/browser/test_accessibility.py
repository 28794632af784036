"""axe-core on the built site: no serious or critical violation on the pages a reader uses.

The site is tests/fixtures/site with the shared records built with a real `mkdocs build`
(once per session, by the `fixture_site` fixture in conftest.py) and served on 127.0.0.1. axe-core comes
from node_modules (`make node`), injected by the harness's `axe_scan`; no rule is turned off.
"""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import VALID as RECORDS  # the shared records: the site's events/

pytestmark = [pytest.mark.browser, pytest.mark.build]

BLOCKING = ("serious", "critical")


@pytest.fixture(scope="session")
def a11y_site(fixture_site) -> str:
    return fixture_site


PAGES = {
    "home": "",  # the SVG strip, latest and coming events, threads
    "timeline": "timeline/",  # the filter form (shown by the script)
    # rescheduled, with schedule history, legal references and two sources
    "event-deadline": "events/2027-08-02-high-risk-rules-apply/",
    # votes table, legal references, two sources
    "event-votes": "events/2023-06-14-parliament-adopts-position/",
    # money with a valuation and a lead investor
    "event-money": "events/2023-06-13-mistral-seed/",
    "entity": "entities/mistral-ai/",  # events with roles, the "money raised" table
    "thread": "threads/open-weights/",  # the thread's SVG strip
    "thread-applies": "threads/ai-act/",  # the "What applies when" table
    "sources": "sources/",  # the bibliography
    "data": "data/",
    "changes": "changes/",  # What changed (built outside git: says the history is not known)
}


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_no_serious_or_critical_axe_violation(a11y_site, page, axe_scan, path):
    from playwright.sync_api import expect

    response = page.goto(a11y_site + path, wait_until="load")
    assert response is not None and response.ok
    if path.startswith("timeline/"):
        # Scan the page as a reader with JavaScript sees it: the filter form shown.
        expect(page.locator("form[data-pt-filters]")).to_be_visible()
        expect(page.locator("[data-pt-count]")).to_be_visible()
    violations = axe_scan(page)
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, f"/{path}: axe found serious or critical violations:\n" + \
        axe_scan.describe(blocking)


def test_filtered_timeline_has_no_serious_or_critical_axe_violation(a11y_site, page, axe_scan):
    """With a filter on, hidden events and headings must not leave broken structure."""
    from playwright.sync_api import expect

    in_thread = [f for f in RECORDS.glob("*/*.yaml")
                 if "azure-deal" in yaml.safe_load(f.read_text(encoding="utf-8")).get("threads", [])]
    assert 0 < len(in_thread) < len(list(RECORDS.glob("*/*.yaml")))
    page.goto(a11y_site + "timeline/?thread=azure-deal", wait_until="load")
    expect(page.locator("[data-pt-count]")).to_contain_text(f"Showing {len(in_thread)} of")
    violations = axe_scan(page)
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, axe_scan.describe(blocking)
