"""Partial dates sort and read honestly."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_timeline.dates import PartialDate, display_range

P = PartialDate.parse


def test_precision_is_what_was_written():
    assert [P(x).precision for x in ("2024", "2024-02", "2024-02-26")] == ["year", "month", "day"]
    assert P(2024).precision == "year"
    assert P(dt.date(2024, 2, 26)).iso() == "2024-02-26"


@pytest.mark.parametrize("text,shown", [
    ("2024-02-26", "26 February 2024"),
    ("2024-04", "April 2024"),
    ("2023", "2023"),
])
def test_display(text, shown):
    assert P(text).display() == shown


def test_qualifiers_show():
    assert P("2023", "circa").display() == "c. 2023"
    assert P("2024", "before").display() == "before 2024"
    assert P("2024-05", "after").display() == "after May 2024"


def test_a_year_is_never_1_january():
    assert P("2023") > P("2023-12-31")
    assert P("2023").first_day() == dt.date(2023, 1, 1)
    assert P("2023").last_day() == dt.date(2023, 12, 31)


def test_month_sorts_after_its_days_and_before_the_next_month():
    feb = P("2024-02")
    assert P("2024-02-01") < feb and P("2024-02-29") < feb
    assert feb < P("2024-03-01")
    assert feb < P("2024")


def test_before_and_after_sort_around_their_anchor():
    assert P("2023-12-31") < P("2024", "before") < P("2024-01-01")
    assert P("2024") < P("2024", "after") < P("2025-01-01")


def test_sorting_a_mixed_list():
    items = [P("2024"), P("2024-02-26"), P("2023", "circa"), P("2024-02"), P("2024", "before")]
    assert [d.display() for d in sorted(items)] == [
        "c. 2023", "before 2024", "26 February 2024", "February 2024", "2024"]


@pytest.mark.parametrize("bad,fragment", [
    ("2024-02-30", "February 2024 has no day 30"),
    ("2023-02-29", "has no day 29"),
    ("2024-13", "month 13 does not exist"),
    ("0000", "year 0 is out of range"),
    ("24-02-01", "not a date"),
    ("2024-02-26 10:00", "not a date"),
    ("", "not a date"),
])
def test_impossible_dates_are_refused(bad, fragment):
    with pytest.raises(ValueError, match=fragment):
        P(bad)


def test_bool_and_datetime_are_refused():
    with pytest.raises(ValueError):
        P(True)
    with pytest.raises(ValueError, match="without a time"):
        P(dt.datetime(2024, 1, 1, 10))


def test_before_after_relative_to_a_day():
    today = dt.date(2026, 11, 26)
    assert P("2027").is_after(today) and not P("2026").is_after(today)
    assert P("2026-10").is_before(today) and not P("2026-11").is_before(today)
    assert not P("2027", "circa").is_after(today)


def test_ranges():
    assert display_range(P("2023-12-06"), P("2023-12-08")) == "6–8 December 2023"
    assert display_range(P("2023-11-30"), P("2023-12-02")) == "30 November – 2 December 2023"
    assert display_range(P("2023"), P("2024")) == "2023 – 2024"
    assert display_range(P("2023-05"), None) == "May 2023"
