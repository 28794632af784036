"""The interactive timeline in Chromium: TimelineJS from the vendored files, one slide per
event, no console error, no request to another host; and a clear fallback without it.

The page is the interactive page's Markdown rendered into a static HTML shell, with the
exported files and generator/policy_timeline/assets published where the plugin publishes them
(`assets/policy-timeline/<rel>`). A real MkDocs build is tested in
tests/exports/test_exports_site.py when the plugin is available.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from policy_timeline.catalog import load_catalog
from policy_timeline.exports import export_files
from policy_timeline.exports.pages import ASSETS, vendored_timelinejs
from policy_timeline.render import render_pages
from policy_timeline.options import SiteOptions
from policy_timeline.urls import Urls
from tests.conftest import TODAY

pytestmark = pytest.mark.browser

OPTIONS = SiteOptions(site_name="Interactive test")

SHELL = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Interactive timeline</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
{body}
</main></body>
</html>
"""


def _skip(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def _records(root: Path, n: int) -> Path:
    folder = root / "events"
    folder.mkdir(parents=True)
    (folder / "threads.yaml").write_text(yaml.safe_dump({
        "main": {"title": "Main <thread> & co", "introduction": "Intro [x]."},
        "other": {"title": "Other", "introduction": "Intro."}}), encoding="utf-8")
    (folder / "entities.yaml").write_text(yaml.safe_dump({
        "acme": {"name": "Acme", "type": "company", "description": "A company."}}),
        encoding="utf-8")
    dates = ["2021-04-21", "2022", "2022-06", "2023-12-06", "2024-02-26", "2027-08-02"]
    for i in range(n):
        date = dates[i % len(dates)]
        event_id = f"{date}-event-{i}"
        record = {
            "title": f"Event {i} </script><img src=x onerror=alert(1)>",
            "date": int(date) if len(date) == 4 else date,
            "kind": "statement",
            "status": "scheduled" if date.startswith("2027") else "happened",
            "threads": ["main"] if i % 2 else ["other", "main"],
            "participants": [{"entity": "acme", "role": "speaker"}],
            "summary": "Something happened <b>bold</b> [1].",
            "sources": [{"url": f"https://example.org/{i}", "title": f"Source {i}",
                         "publisher": "Example", "kind": "press", "language": "en"}],
        }
        if record["status"] == "scheduled":
            record["last_verified"] = "2026-11-01"
        (folder / f"{event_id}.yaml").write_text(yaml.safe_dump(record), encoding="utf-8")
    return folder


def _shell(root: Path, *, vendored: bool, n: int = 7) -> tuple[Path, int]:
    """A static site holding the interactive page; returns (site folder, events)."""
    catalog = load_catalog(_records(root, n), today=TODAY)
    site = root / "site"
    for rel, data in export_files(catalog, OPTIONS, {"timelinejs"}).items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    u = Urls(OPTIONS)
    assets = site / u.asset("")
    assets.mkdir(parents=True, exist_ok=True)
    if vendored:
        shutil.copytree(ASSETS / "vendor", assets / "vendor")
        shutil.copy(ASSETS / "timeline-view.css", assets / "timeline-view.css")
    # Rendered as if the files were there, so the page's own fallback is what is tested.
    shown = replace(OPTIONS, extra={**OPTIONS.extra, "timelinejs_vendored": True})
    body = render_pages(catalog, shown)[u.interactive()].html
    page = site / u.url(u.interactive()) / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(SHELL.format(body=body), encoding="utf-8")
    plain = site / u.url(u.timeline()) / "index.html"
    plain.parent.mkdir(parents=True, exist_ok=True)
    plain.write_text(SHELL.format(body="<h1>Timeline</h1>"), encoding="utf-8")
    return site, len(catalog.events)


def test_timelinejs_renders_offline_one_slide_per_event(tmp_path, serve_dir, page, tracker):
    if not vendored_timelinejs():
        _skip("TimelineJS is not vendored into generator/policy_timeline/assets/vendor/; "
              "run `make vendor`")
    site, n = _shell(tmp_path, vendored=True)
    base = serve_dir(site)
    page.goto(base + "/interactive/", wait_until="load")
    page.wait_for_selector(".tl-slide", state="attached")
    page.wait_for_function(f"document.querySelectorAll('.tl-slide').length >= {n + 1}")
    page.wait_for_load_state("networkidle")
    slides = page.locator(".tl-slide").count()
    assert slides - 1 == n  # minus the title slide
    assert page.locator(".tl-slide-titleslide").count() == 1
    assert page.locator("#policy-timeline-interactive-fallback").is_hidden()
    headline = page.locator(".tl-slide:not(.tl-slide-titleslide) .tl-headline").first
    assert "</script>" in headline.text_content()  # shown as text, not markup
    assert page.locator(".tl-timeline img[src='x']").count() == 0
    assert not tracker.dialogs
    tracker.assert_clean()
    # the CSS and the icons came from the local copy
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(u.endswith("/vendor/timelinejs/css/timeline.css") for u in loaded)
    assert all(u.startswith(base) for u in loaded), loaded


def test_without_timelinejs_the_page_says_so(tmp_path, serve_dir, page, tracker):
    site, _ = _shell(tmp_path, vendored=False, n=3)
    base = serve_dir(site)
    page.goto(base + "/interactive/", wait_until="networkidle")
    fallback = page.locator("#policy-timeline-interactive-fallback")
    assert fallback.is_visible()
    link = fallback.locator("a")
    assert link.get_attribute("href") == "../timeline/"
    link.click()
    page.wait_for_load_state("load")
    assert page.url == base + "/timeline/"
    assert not tracker.external_requests and not tracker.page_errors


# ---------------------------------------------------------------------------------------
# The same in a real MkDocs + Material build, reached through instant navigation

MKDOCS_YML = """\
site_name: Interactive build test
theme:
  name: material
  font: false
  features: [navigation.instant]
plugins:
  - policy-timeline:
      events_dir: events
"""


def _mkdocs_site(root: Path, n: int = 5) -> tuple[Path, int]:
    import subprocess
    import sys

    _records(root, n)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return root / "site", n


def test_timelinejs_in_a_material_site(tmp_path, serve_dir, page, tracker):
    pytest.importorskip("policy_timeline.plugin")
    if not vendored_timelinejs():
        _skip("TimelineJS is not vendored into generator/policy_timeline/assets/vendor/; "
              "run `make vendor`")
    site, n = _mkdocs_site(tmp_path)
    base = serve_dir(site)
    page.goto(base + "/data/", wait_until="networkidle")
    page.click("article a[href$='interactive/']")  # Material's instant navigation
    page.wait_for_function(f"document.querySelectorAll('.tl-slide').length >= {n + 1}")
    page.wait_for_load_state("networkidle")
    assert page.locator(".tl-slide").count() - 1 == n
    assert page.locator("#policy-timeline-interactive-fallback").is_hidden()
    tracker.assert_clean()
    page.goto(base + "/interactive/", wait_until="networkidle")  # and by a direct visit
    page.wait_for_function(f"document.querySelectorAll('.tl-slide').length >= {n + 1}")
    assert page.locator(".tl-slide").count() - 1 == n
    tracker.assert_clean()
