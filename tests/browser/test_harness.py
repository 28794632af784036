"""Smoke tests for the browser harness itself and for the vendored TimelineJS."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VENDORED_TIMELINEJS = (ROOT / "generator" / "policy_timeline" / "assets"
                       / "vendor" / "timelinejs")

INDEX = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness smoke test</title></head>
<body>
<main>
  <h1>Harness smoke test</h1>
  <p>A tiny page with <a href="other.html">a link</a>.</p>
  <button type="button" id="go">Go</button>
  <p id="out"></p>
</main>
<script>
  document.getElementById("go").addEventListener("click", () => {
    document.getElementById("out").textContent = "clicked";
  });
</script>
</body>
</html>
"""

NOISY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Noisy</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
</head><body><main><h1>Noisy</h1>
<img src="http://example.com/x.png" alt="x">
<script>console.error("boom"); alert("xss");</script>
<script>setTimeout(() => { throw new Error("kaput"); }, 0);</script>
</main></body></html>
"""


def test_clean_page_is_clean_and_axe_runs(tmp_path, serve_dir, page, tracker, axe_scan):
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    (tmp_path / "other.html").write_text(INDEX.replace("smoke test", "other page"), encoding="utf-8")
    base = serve_dir(tmp_path)

    page.goto(base + "/", wait_until="networkidle")
    assert page.title() == "Harness smoke test"
    page.click("#go")
    assert page.text_content("#out") == "clicked"
    page.click("text=a link")
    page.wait_for_load_state("networkidle")
    assert page.title() == "Harness other page"

    violations = axe_scan(page)
    assert isinstance(violations, list)
    assert violations == [], axe_scan.describe(violations)
    tracker.assert_clean()


def test_tracker_sees_every_kind_of_trouble(tmp_path, serve_dir, page, tracker):
    (tmp_path / "index.html").write_text(NOISY, encoding="utf-8")
    base = serve_dir(tmp_path)

    page.goto(base + "/index.html", wait_until="networkidle")
    page.goto(base + "/missing.html")
    page.wait_for_timeout(100)

    assert "https://fonts.googleapis.com/css?family=Roboto" in tracker.external_requests
    assert "http://example.com/x.png" in tracker.external_requests
    assert any("boom" in e for e in tracker.console_errors)
    assert any("kaput" in e for e in tracker.page_errors)
    assert tracker.dialogs == [("alert", "xss")]
    assert any(status == 404 and url.endswith("/missing.html") for status, url in tracker.http_errors)
    with pytest.raises(AssertionError):
        tracker.assert_clean()


TIMELINE_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><title>Timeline</title>
<link rel="stylesheet" href="timelinejs/css/timeline.css">
<script src="timelinejs/js/timeline.js"></script>
</head>
<body>
<main>
<h1>Timeline</h1>
<div id="timeline" style="width: 100%; height: 600px"></div>
</main>
<script>
  const data = {
    title: {text: {headline: "Policy timeline", text: "<p>Offline test</p>"}},
    events: [
      {start_date: {year: 2019, month: 3, day: 29}, text: {headline: "First event", text: "<p>One</p>"}},
      {start_date: {year: 2020, month: 1, day: 31}, text: {headline: "Second event", text: "<p>Two</p>"}},
      {start_date: {year: 2021}, text: {headline: "Third event", text: "<p>Three</p>"}}
    ]
  };
  window.timeline = new TL.Timeline("timeline", data, {
    // Keep TimelineJS offline: it would otherwise load fonts/themes/languages from its CDN.
    script_path: new URL("timelinejs/js/", document.baseURI).href,
    font: null,
    theme: null,
    language: "en",
    ga_measurement_id: null,
    soundcite: false,
    hash_bookmark: false
  });
  window.timeline.on("ready", () => { window.timelineReady = true; });
</script>
</body>
</html>
"""


def test_vendored_timelinejs_renders_offline(tmp_path, serve_dir, page, tracker):
    if not (VENDORED_TIMELINEJS / "js" / "timeline.js").is_file():
        reason = f"{VENDORED_TIMELINEJS.relative_to(ROOT)} is missing; run `make vendor`"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    shutil.copytree(VENDORED_TIMELINEJS, tmp_path / "timelinejs")
    (tmp_path / "index.html").write_text(TIMELINE_PAGE, encoding="utf-8")
    base = serve_dir(tmp_path)

    page.goto(base + "/", wait_until="networkidle")
    page.wait_for_function("window.timelineReady === true")
    page.wait_for_load_state("networkidle")
    assert page.locator(".tl-timeline .tl-slide").count() >= 4  # title + 3 events
    assert page.get_by_text("Second event").count() >= 1
    # The icon font comes from the vendored css/icons folder.
    icon_fonts = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('tl-icons'))"
    )
    assert icon_fonts, "the TimelineJS icon font was not loaded from the vendored files"
    tracker.assert_clean()
