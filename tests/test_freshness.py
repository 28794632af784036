"""Freshness: overdue deadlines and old verifications, reported apart from validity."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from policy_timeline.catalog import DEADLINE_STATUSES, load_catalog
from policy_timeline.cli import main
from policy_timeline.freshness import DEFAULT_MAX_AGE, freshness

from .conftest import TODAY, VALID

DEADLINE = "2027-08-02-high-risk-rules-apply"  # rescheduled, last_verified 2026-11-20
FILE = "2027/2027-08-02-high-risk-rules-apply.yaml"
_LINES = (VALID / FILE).read_text(encoding="utf-8").splitlines()
DATE_LINE = _LINES.index("date: 2027-08-02") + 1
VERIFIED_LINE = _LINES.index("last_verified: 2026-11-20") + 1


def find(today: dt.date, max_age: int = DEFAULT_MAX_AGE, event: str | None = None):
    """The findings as of `today`; only those about `event` when it is given."""
    found = freshness(load_catalog(VALID, today=today), VALID, today, max_age=max_age)
    return [f for f in found if event is None or f.event == event]


def test_nothing_to_check_while_the_deadline_is_ahead_and_recently_verified():
    assert find(TODAY) == []  # the shared records are fresh on the tests' today
    # 180 days after 2026-11-20: not older yet (the March 2027 guidelines have passed by then)
    assert find(dt.date(2027, 5, 19), event=DEADLINE) == []


def test_the_deadline_day_itself_has_not_passed():
    # old check, not overdue
    assert [f.kind for f in find(dt.date(2027, 8, 2), event=DEADLINE)] == ["stale"]


def test_a_passed_deadline_is_overdue_with_its_file_and_line():
    [finding] = find(dt.date(2027, 8, 5), event=DEADLINE)
    assert (finding.kind, finding.event, finding.days) == ("overdue", DEADLINE, 3)
    assert finding.path.endswith(FILE) and finding.line == DATE_LINE  # the `date:` line
    assert "has passed (3 days ago)" in finding.message
    assert "status: happened" in finding.hint


def test_an_old_verification_is_stale_by_the_given_age():
    today = dt.date(2027, 6, 1)  # 193 days after the last check
    [finding] = find(today, max_age=180, event=DEADLINE)
    assert (finding.kind, finding.days, finding.line) == ("stale", 193, VERIFIED_LINE)
    assert find(today, max_age=200, event=DEADLINE) == []
    with pytest.raises(ValueError):
        find(today, max_age=-1)


def test_happened_and_cancelled_events_are_never_reported(records):
    root = records({FILE: (VALID / FILE).read_text(encoding="utf-8")
                    .replace("status: rescheduled", "status: happened")})
    today = dt.date(2028, 1, 1)
    found = freshness(load_catalog(root, today=today), root, today)
    assert found and DEADLINE not in {f.event for f in found}
    # the records' cancelled hearing (15 September 2026) is never reported either
    assert "2026-09-15-cancelled-hearing" not in {f.event for f in find(today)}
    assert {f.status for f in find(today)} == set(DEADLINE_STATUSES)


def run(*args: str):
    return CliRunner().invoke(main, ["freshness", str(VALID), *args], catch_exceptions=False)


def test_cli_exits_0_when_clean_and_1_when_something_needs_checking():
    clean = run("--today", TODAY.isoformat())
    assert clean.exit_code == 0 and clean.output.startswith("ok: no deadline needs checking")
    assert "as of 2026-11-26 (Europe/Brussels)" in clean.output
    late = run("--today", "2027-08-05")
    assert late.exit_code == 1
    assert f"{FILE}:{DATE_LINE}: overdue:" in late.output
    # the March and August 2027 deadlines have passed; four later ones were checked long ago
    assert late.output.rstrip().endswith("7 deadlines to check as of 2027-08-05 (Europe/Brussels):"
                                         " 3 overdue, 4 verified more than 180 days ago")
    stale = run("--today", "2027-06-01", "--max-age", "30")
    assert stale.exit_code == 1 and f"{FILE}:{VERIFIED_LINE}: stale:" in stale.output
    assert f"{FILE}:{VERIFIED_LINE}:" not in run("--today", "2027-06-01", "--max-age", "365").output
    assert run("--today", TODAY.isoformat(), "--max-age", "30").exit_code == 1  # 1 October 2026
    assert run("--today", TODAY.isoformat(), "--max-age", "365").exit_code == 0


def test_cli_json_for_machines():
    result = run("--today", "2027-08-05", "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert (data["ok"], data["today"], data["time_zone"], data["max_age"]) == (
        False, "2027-08-05", "Europe/Brussels", 180)
    assert [f["event"] for f in data["overdue"]] == [
        "2027-03-guidelines-due", "2027-08-02-gpai-deadline", DEADLINE]
    assert [f["event"] for f in data["stale"]] == [
        "2026-08-02-high-risk-rules-apply", "2028-review", "2099-08-02-sandboxes",
        "2099-12-02-high-risk-rules-apply"]
    clean = json.loads(run("--today", TODAY.isoformat(), "--format", "json").output)
    assert clean == {"ok": True, "today": TODAY.isoformat(), "time_zone": "Europe/Brussels",
                     "max_age": 180, "overdue": [], "stale": []}


def test_cli_uses_the_pinned_day_from_the_environment(monkeypatch):
    monkeypatch.setenv("POLICY_TIMELINE_TODAY", "2027-08-05")
    assert run().exit_code == 1
    monkeypatch.setenv("POLICY_TIMELINE_TODAY", TODAY.isoformat())
    assert run().exit_code == 0


def test_cli_bad_input_is_exit_2_not_a_finding(records, tmp_path):
    assert run("--today", "soon").exit_code == 2
    assert run("--max-age", "-3").exit_code == 2
    broken = records({"2024/2024-02-26-partnership.yaml": "title: [unclosed\n"})
    result = CliRunner().invoke(main, ["freshness", str(broken), "--today", "2027-08-05"])
    assert result.exit_code == 2 and "2024-02-26-partnership.yaml" in result.output
    missing = CliRunner().invoke(main, ["freshness", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_strict_check_never_fails_because_time_passed():
    for today in (TODAY.isoformat(), "2027-08-03", "2030-01-01"):
        result = CliRunner().invoke(main, ["check", str(VALID), "--strict", "--today", today])
        assert result.exit_code == 0, (today, result.output)
