"""strip_layout: the strip's squeezed years, clusters and label rows, as pure numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_timeline.strip_layout import clusters, compressed_scale, label_rows, linear_scale


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


# -- empty years squeezed --------------------------------------------------------------------


def test_a_run_of_empty_years_becomes_one_narrow_gap():
    # one event in 2016, the rest 2021-2027: 2017-2020 (four empty years) are one gap
    scale = compressed_scale([2016, 2021, 2022, 2023, 2024, 2025, 2026, 2027], 0, 1000, 30)
    assert [(g.first, g.last) for g in scale.gaps] == [(2017, 2020)]
    gap = scale.gaps[0]
    assert gap.x1 - gap.x0 == pytest.approx(30)
    # 2016 takes one eighth of what is left, not 6/12 of the width as a linear axis would
    year_2016 = scale.x(day("2017-01-01")) - scale.x(day("2016-01-01"))
    assert year_2016 == pytest.approx(970 * 366 / (366 + 2556), abs=0.01)
    assert scale.x(day("2016-01-01")) == 0 and scale.x(day("2028-01-01")) == pytest.approx(1000)
    # days inside the gap are spread across it, so x keeps growing with time
    xs = [scale.x(day(f"{y}-06-01")) for y in range(2016, 2028)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert gap.x0 <= scale.x(day("2018-06-01")) <= gap.x1
    assert not scale.inside(day("2018-01-01"), day("2018-02-01"))
    assert scale.inside(day("2024-01-01"), day("2024-02-01"))


def test_years_with_events_are_drawn_to_scale_and_gaps_are_never_wider_than_a_year():
    scale = compressed_scale([2000, 2010], 0, 100, 80)
    (gap,) = scale.gaps
    widths = [s.x1 - s.x0 for s in scale.segments]
    assert gap.x1 - gap.x0 <= min(widths) + 0.5
    assert widths[0] == pytest.approx(widths[1] * 366 / 365, rel=0.01)  # 2000 is a leap year
    contiguous = compressed_scale([2020, 2021, 2022], 0, 300, 30)
    assert contiguous.gaps == () and len(contiguous.segments) == 1
    with pytest.raises(ValueError):
        compressed_scale([], 0, 1, 1)


def test_linear_scale_maps_days_proportionally():
    scale = linear_scale(day("2024-01-01"), day("2025-01-01"), 0, 366)
    assert scale.x(day("2024-03-01")) == pytest.approx(60)
    assert scale.lo == day("2024-01-01") and scale.hi == day("2025-01-01")


# -- clusters -----------------------------------------------------------------------------------


def groups_of(result):
    return [members for members, _, _ in result]


def test_overlapping_marks_merge_and_separate_marks_stay_apart():
    extents = [(0, 38), (10, 48), (47, 85), (100, 138), (200, 238), (201, 239)]
    assert groups_of(clusters(extents)) == [[0, 1, 2], [3], [4, 5]]
    assert groups_of(clusters(extents, gap=20)) == [[0, 1, 2, 3], [4, 5]]
    assert clusters([]) == []
    assert clusters(extents)[0][1:] == (0, 85)  # a group's area spans its members


def test_a_dense_stretch_becomes_several_groups_whose_areas_never_overlap():
    # marks every 5 units, each 38 wide: one long chain without a span
    extents = [(i * 5.0, i * 5.0 + 38) for i in range(40)]
    assert len(clusters(extents, gap=2)) == 1
    result = clusters(extents, gap=2, span=78)
    assert len(result) > 1 and sum(len(m) for m in groups_of(result)) == 40
    for (_, a0, a1), (_, b0, b1) in zip(result, result[1:]):
        assert a1 + 2 <= b0  # apart, with the gap
    assert all(x1 - x0 >= 38 for _, x0, x1 in result)  # every area still a full tap area
    assert all(x1 - x0 <= 78 + 38 for _, x0, x1 in result)


def test_sixteen_events_in_three_months_make_one_mark_with_the_count():
    # 16 day-marks a few days apart, each with a 38-unit tap area, on a 7-year axis
    scale = compressed_scale(range(2021, 2028), 24, 976, 30)
    centres = [scale.x(day("2024-02-26") + 6 * i) for i in range(16)]
    groups = clusters([(c - 19, c + 19) for c in centres], gap=2, span=78)
    assert [len(members) for members, _, _ in groups] == [16]


def test_clustering_is_one_pass():
    n = 20000
    groups = clusters([(i * 10.0, i * 10.0 + 38) for i in range(n)], span=78)
    assert sum(len(m) for m in groups_of(groups)) == n


# -- label rows ---------------------------------------------------------------------------------


def test_labels_never_overlap_in_a_row():
    boxes = [[(0, 300)], [(100, 250)], [(280, 400)], [(320, 500)], [(600, 700)]]
    rows = label_rows(boxes, rows=3, gap=4)
    assert [spot[0] for spot in rows] == [0, 1, 1, 0, 0]
    for r in range(3):
        mine = sorted(b[0] for b, spot in zip(boxes, rows) if spot and spot[0] == r)
        assert all(a[1] + 4 <= b[0] for a, b in zip(mine, mine[1:]))


def test_a_label_takes_its_other_side_before_a_higher_row():
    # right of its point collides with the first label; left of it is free
    boxes = [[(100, 400)], [(300, 600), (0, 90)]]
    assert label_rows(boxes, rows=2, gap=4) == [(0, 0), (0, 1)]
    # neither side fits in row 0: the preferred side in row 1
    assert label_rows([[(100, 400)], [(300, 600), (50, 350)]], rows=2) == [(0, 0), (1, 0)]


def test_a_label_without_a_free_row_is_left_out():
    assert label_rows([[(0, 100)], [(10, 110)], [(20, 120)]], rows=2) == [(0, 0), (1, 0), None]
    assert label_rows([[(0, 100)], [(10, 110)], [(200, 300)]], rows=1) == [(0, 0), None, (0, 0)]
