"""The site's "today" in real builds: `build --today` reaches the plugin, the plugin's
`today` option, the environment, and a passed deadline shown (never a failed build)."""

from __future__ import annotations

import os
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from policy_timeline.cli import main
from tests.helpers import CONFIG, build_site, page, write_site

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
SANDBOXES = "events/2099-08-02-sandboxes/"  # scheduled for 2 August 2099
HIGH_RISK = "events/2099-12-02-high-risk-rules-apply/"  # rescheduled to 2 December 2099
BADGE = '<span class="pt-badge pt-badge--overdue">Date passed, not yet confirmed</span>'


def _with_today(today: str) -> str:
    return CONFIG.replace("      home_intro: docs-intro/home.md\n",
                          f"      home_intro: docs-intro/home.md\n      today: '{today}'\n")


def _cli_build(project: Path, *args: str) -> Path:
    site = project / "site"
    old = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["build", "--site-dir", str(site), *args],
                                    catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return site


def test_build_today_reaches_the_plugin_and_shows_the_overdue_state(tmp_path):
    project = write_site(tmp_path / "project")
    site = _cli_build(project, "--today", "2099-08-03")  # the tests pin 2026-11-26 otherwise
    home = page(site, "")
    check = home.split('id="deadlines-to-check"', 1)[1]
    coming = home.split('id="coming-up"', 1)[1].split('id="deadlines-to-check"', 1)[0]
    assert SANDBOXES.split("/")[1] in check and BADGE in check
    assert SANDBOXES.split("/")[1] not in coming and HIGH_RISK.split("/")[1] in coming
    event = page(site, SANDBOXES)
    assert BADGE in event and 'class="pt-overdue" role="note"' in event
    assert "pt-badge--overdue" not in page(site, HIGH_RISK)  # still ahead on 3 August 2099
    data = (site / "data" / "events.csv").read_text(encoding="utf-8")
    assert ",scheduled,overdue," in data
    calendar = icalendar.Calendar.from_ical((site / "calendar" / "deadlines.ics").read_bytes())
    summaries = {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert summaries["Date passed, not yet confirmed: National sandboxes must be ready"] == "TENTATIVE"


def test_before_the_date_nothing_is_overdue(tmp_path, built_site):
    _, pinned, _ = built_site  # built as of the tests' today: no deadline has passed
    assert "pt-badge--overdue" not in page(pinned, "") + page(pinned, SANDBOXES)
    assert 'id="deadlines-to-check"' not in page(pinned, "")
    site = _cli_build(write_site(tmp_path / "project"), "--today", "2099-08-02")
    assert "pt-badge--overdue" not in page(site, SANDBOXES)  # its day has not passed yet
    home = page(site, "")
    coming = home.split('id="coming-up"', 1)[1].split('id="deadlines-to-check"', 1)[0]
    assert SANDBOXES.split("/")[1] in coming  # the 2027 deadlines are to check by then
    assert SANDBOXES.split("/")[1] not in home.split('id="deadlines-to-check"', 1)[1]


def test_the_plugin_option_pins_today_and_the_environment_wins(tmp_path, monkeypatch):
    project = write_site(tmp_path / "project", config=_with_today("2099-08-03"))
    monkeypatch.delenv("POLICY_TIMELINE_TODAY", raising=False)
    site, _ = build_site(project, site_dir=tmp_path / "option")
    assert BADGE in page(site, SANDBOXES)
    monkeypatch.setenv("POLICY_TIMELINE_TODAY", "2099-01-01")
    site, _ = build_site(project, site_dir=tmp_path / "env")
    assert "pt-badge--overdue" not in page(site, SANDBOXES)


def test_a_bad_today_is_a_clear_build_error(tmp_path, monkeypatch):
    project = write_site(tmp_path / "project", config=_with_today("someday"))
    monkeypatch.delenv("POLICY_TIMELINE_TODAY", raising=False)
    with pytest.raises(AssertionError, match="option 'today': 'someday' is not a date; give it as YYYY-MM-DD"):
        build_site(project, site_dir=tmp_path / "s")


def test_the_repository_site_builds_strict_whatever_the_date(tmp_path, monkeypatch):
    """Years after the last deadline, `make site` still passes: passed deadlines are shown."""
    monkeypatch.setenv("POLICY_TIMELINE_TODAY", "2031-01-01")
    site, logs = build_site(ROOT, site_dir=tmp_path / "site")
    assert not [r for r in logs if r.levelname == "WARNING"]
    assert (site / "index.html").is_file()
    result = CliRunner().invoke(main, ["check", str(ROOT / "events"), "--strict",
                                       "--today", "2031-01-01"])
    assert result.exit_code == 0, result.output


def test_serve_passes_a_given_today_to_mkdocs(tmp_path, monkeypatch):
    import policy_timeline.cli as cli

    calls = []
    monkeypatch.setattr(cli, "_mkdocs", lambda args, env=None: calls.append((args, env)) or 0)
    project = write_site(tmp_path / "project")
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["serve", "--today", "2099-08-03"]).exit_code == 0
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    (args, pinned), (_, free) = calls
    assert args[0] == "serve" and pinned["POLICY_TIMELINE_TODAY"] == "2099-08-03"
    # each rebuild asks the day again (a preview may run past midnight)
    assert "POLICY_TIMELINE_TODAY" not in (free or {})
    bad = CliRunner().invoke(main, ["serve", "--today", "2099-02-30"])
    assert bad.exit_code == 2 and "is not a date" in bad.output
