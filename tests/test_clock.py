"""What "today" is: Brussels dates, a pinned day first, and no test reading the clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from policy_timeline.clock import TIME_ZONE, TODAY_ENV, brussels_today, parse_today, site_today

from .conftest import TODAY

UTC = dt.timezone.utc


def test_the_day_is_the_brussels_day_whatever_the_machine_zone():
    # 23:30 UTC on 2 December is already 3 December in Brussels (UTC+1 in winter)...
    assert brussels_today(dt.datetime(2026, 12, 2, 23, 30, tzinfo=UTC)) == dt.date(2026, 12, 3)
    assert brussels_today(dt.datetime(2026, 12, 2, 22, 59, tzinfo=UTC)) == dt.date(2026, 12, 2)
    # ...and 22:30 UTC in summer (UTC+2); Kiritimati (UTC+14) does not decide anything
    assert brussels_today(dt.datetime(2027, 8, 2, 22, 30, tzinfo=UTC)) == dt.date(2027, 8, 3)
    kiritimati = dt.timezone(dt.timedelta(hours=14))
    assert brussels_today(dt.datetime(2026, 12, 3, 10, 0, tzinfo=kiritimati)) == dt.date(2026, 12, 2)
    assert TIME_ZONE == "Europe/Brussels"


def test_brussels_today_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        brussels_today(dt.datetime(2026, 12, 2, 12, 0))


def test_a_given_day_wins_then_the_environment():
    env = {TODAY_ENV: "2027-01-05"}
    assert site_today("2026-12-03", env) == dt.date(2026, 12, 3)
    assert site_today(dt.date(2026, 12, 4), env) == dt.date(2026, 12, 4)
    assert site_today(None, env) == dt.date(2027, 1, 5)
    assert site_today("", env) == dt.date(2027, 1, 5)


def test_without_a_pinned_day_it_is_the_date_in_brussels(monkeypatch):
    fixed = dt.datetime(2026, 12, 2, 23, 30, tzinfo=UTC)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return fixed.astimezone(tz) if tz else fixed.replace(tzinfo=None)

    monkeypatch.setattr("policy_timeline.clock.dt.datetime", Clock)
    assert site_today(None, {}) == dt.date(2026, 12, 3)


def test_bad_days_are_clear_errors():
    with pytest.raises(ValueError, match="--today: '2026-13-01' is not a date; give it as YYYY-MM-DD"):
        site_today("2026-13-01", {}, where="--today")
    with pytest.raises(ValueError, match=TODAY_ENV):
        site_today(None, {TODAY_ENV: "tomorrow"})
    assert parse_today(" 2026-12-03 ") == dt.date(2026, 12, 3)


def test_the_tests_pin_today_for_every_build():
    import os

    assert os.environ[TODAY_ENV] == TODAY.isoformat()


# Spelled in pieces so that this file does not match itself.
_CLOCK = re.compile("|".join(re.escape(x) for x in (
    "date" + ".today(", "datetime" + ".now(", "time" + ".time(", "datetime" + ".utcnow(")))


def test_no_test_reads_the_clock():
    """A line that must read it (the fake clock of test_reproducible) says `# clock-ok`."""
    found = []
    for file in sorted(Path(__file__).parent.rglob("*.py")):
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if _CLOCK.search(line) and "clock-ok" not in line:
                found.append(f"{file.name}:{n}: {line.strip()}")
    assert found == []


_DAY = re.compile("|".join(re.escape(x) for x in (
    "date" + ".today(", "datetime" + ".now(", "datetime" + ".utcnow(")))


def test_the_library_never_asks_the_clock_for_the_day():
    """Only generator/policy_timeline/clock.py asks what day it is (the adapters call it).
    Measuring a duration (time.monotonic, a lock's age) is not asking for the day."""
    folder = Path(__file__).resolve().parents[1] / "generator"
    modules = sorted(folder.rglob("*.py"))
    # The scan looks where the code is (a moved package would make it pass on nothing).
    assert folder / "policy_timeline" / "clock.py" in modules
    assert folder / "policy_timeline" / "plugin.py" in modules
    found = [f"{file.relative_to(folder)}:{n}"
             for file in modules if file.name != "clock.py"
             for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
             if _DAY.search(line) and "clock-ok" not in line]
    assert found == []
