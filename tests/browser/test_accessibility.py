"""axe-core on the built site: no serious or critical violation on the pages a reader uses.

The site is tests/fixtures/site with the shared records built with a real `mkdocs build`
(once per session, by the `fixture_site` fixture in conftest.py) and served on 127.0.0.1. axe-core comes
from node_modules (`make node`), injected by the harness's `axe_scan`; no rule is turned off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


# ---------------------------------------------------------------------------------------
# Every page kind of the project's own site (its records, docs/ pages and settings), the
# interactive view included, in the light scheme and, for the busiest pages, the dark one.

ROOT = Path(__file__).resolve().parents[2]

PAGE_KINDS = {
    "home": "",
    "timeline": "timeline/",
    "year": "timeline/2024/",
    "event": "events/2024-02-27-microsoft-eur-15-million-convertible-investment/",
    "entity": "entities/mistral-ai/",
    "entity-index": "entities/",
    "thread": "threads/ai-act/",  # with the "What applies when" table
    "thread-index": "threads/",
    "sources": "sources/",
    "data": "data/",
    "interactive": "interactive/",
    "methodology": "methodology/",
    "about": "about/",
}
DARK = ("home", "event", "entity", "thread", "interactive")


@pytest.fixture(scope="session")
def project_site(tmp_path_factory, serve_dir_session) -> str:
    """The repository's site (mkdocs.yml, events/, docs/) built into a temporary folder
    ("today" pinned by tests/conftest.py), served on 127.0.0.1; base URL with a slash."""
    out = tmp_path_factory.mktemp("project-site") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "policy_timeline", "build", "--no-strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, f"the project's site did not build:\n{done.stdout}\n{done.stderr}"
    return serve_dir_session(out) + "/"


def _scan_kind(browser, axe_scan, base: str, kind: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    try:
        page = context.new_page()
        response = page.goto(base + PAGE_KINDS[kind], wait_until="load")
        assert response is not None and response.ok, f"{kind}: HTTP error"
        if kind == "interactive":
            page.wait_for_function(
                "document.querySelector(\"#policy-timeline-interactive[data-ready='true']\")"
                " || document.querySelector('.tl-timemarker-active')")
            page.wait_for_timeout(1200)
        violations = axe_scan(page)
        blocking = [v for v in violations if v.get("impact") in BLOCKING]
        assert not blocking, (f"{kind} ({scheme}): axe found serious or critical violations:\n"
                              + axe_scan.describe(blocking))
    finally:
        context.close()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_every_page_kind_of_the_project_site_passes_axe(browser, axe_scan, project_site, kind):
    _scan_kind(browser, axe_scan, project_site, kind, "light")


@pytest.mark.parametrize("kind", DARK)
def test_the_busiest_page_kinds_pass_axe_in_the_dark_scheme(browser, axe_scan, project_site,
                                                            kind):
    _scan_kind(browser, axe_scan, project_site, kind, "dark")
