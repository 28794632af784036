"""Where things go on the timeline strip: pure functions of numbers, no events, no markup.

Three decisions, each one pass over sorted input (the strip's cost stays linear in the
number of events, after the catalog's sort):

- `compressed_scale`: time to x, with every run of years that holds no event squeezed into
  a fixed-width gap (drawn as a break), so one lonely early event does not take a third of
  the width;
- `clusters`: marks whose tap areas would overlap become one group (drawn as one mark with
  a count), a group never wider than a set span, so no mark hides another and every mark
  keeps a tap area of its own;
- `label_rows`: labels laid out in rows above a lane so they never overlap; a label that
  finds no row is left out (its event keeps its mark and its name).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Sequence

__all__ = ["Segment", "Gap", "Scale", "compressed_scale", "linear_scale", "clusters",
           "label_rows"]


@dataclass(frozen=True)
class Segment:
    """Days [start, stop) (ordinals) drawn proportionally between x0 and x1."""

    start: int
    stop: int
    x0: float
    x1: float


@dataclass(frozen=True)
class Gap:
    """Years first..last (inclusive) without events, squeezed between x0 and x1."""

    first: int
    last: int
    x0: float
    x1: float


@dataclass(frozen=True)
class Scale:
    """A piecewise-linear map from day ordinals to x: segments drawn to scale, gaps between."""

    segments: tuple[Segment, ...]
    gaps: tuple[Gap, ...] = ()
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(s.start for s in self.segments))

    @property
    def lo(self) -> int:
        return self.segments[0].start

    @property
    def hi(self) -> int:
        return self.segments[-1].stop

    def x(self, day: float) -> float:
        """x of a day ordinal (fractions allowed); days inside a gap are spread across it,
        days outside the domain continue the nearest segment's slope."""
        segs = self.segments
        i = bisect.bisect_right(self.starts, day) - 1
        seg = segs[max(0, i)]
        if day >= seg.stop and i + 1 < len(segs):  # in the gap after seg
            nxt = segs[i + 1]
            t = (day - seg.stop) / max(1, nxt.start - seg.stop)
            return seg.x1 + t * (nxt.x0 - seg.x1)
        k = (seg.x1 - seg.x0) / max(1, seg.stop - seg.start)
        return seg.x0 + (day - seg.start) * k

    def inside(self, start: int, stop: int) -> bool:
        """True when days [start, stop) all lie in one drawn-to-scale segment."""
        return any(s.start <= start and stop <= s.stop for s in self.segments)


def linear_scale(lo: int, hi: int, x0: float, x1: float) -> Scale:
    """Days [lo, hi) drawn proportionally over [x0, x1]."""
    return Scale((Segment(lo, hi, x0, x1),))


def compressed_scale(years: Iterable[int], x0: float, x1: float, gap: float) -> Scale:
    """Years that hold events drawn to scale over [x0, x1]; each run of years between them
    that holds none becomes one gap `gap` wide (never wider than an average drawn year)."""
    held = sorted(set(years))
    if not held:
        raise ValueError("compressed_scale needs at least one year")
    runs: list[list[int]] = [[held[0], held[0]]]
    for year in held[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    day = lambda y: dt.date(y, 1, 1).toordinal()  # noqa: E731
    spans = [(day(a), day(b + 1)) for a, b in runs]
    total = sum(stop - start for start, stop in spans)
    gaps = len(runs) - 1
    gap = min(gap, (x1 - x0) * 365 / (total + 365 * gaps)) if gaps else 0.0
    k = (x1 - x0 - gap * gaps) / total
    segments: list[Segment] = []
    out_gaps: list[Gap] = []
    x = x0
    for index, (start, stop) in enumerate(spans):
        if index:
            out_gaps.append(Gap(runs[index - 1][1] + 1, runs[index][0] - 1, x, x + gap))
            x += gap
        segments.append(Segment(start, stop, x, x + (stop - start) * k))
        x += (stop - start) * k
    return Scale(tuple(segments), tuple(out_gaps))


def clusters(extents: Sequence[tuple[float, float]], gap: float = 0.0,
             span: float = float("inf")) -> list[tuple[list[int], float, float]]:
    """Group `extents` (x0, x1), sorted by x0, into marks that never overlap.

    An extent joins the current group when it starts less than `gap` after the group's
    running end and less than `span` after the group's start (so a dense stretch becomes
    several groups, not one long one). Returns (indices, x0, x1) for each group: its area,
    cut short where the next group begins (`gap` before it). With every extent at least
    w wide and `span` >= w + `gap`, every area stays at least w wide.
    """
    groups: list[tuple[list[int], float, float]] = []
    for index, (x0, x1) in enumerate(extents):
        if groups:
            members, g0, g1 = groups[-1]
            if x0 < g1 + gap and x0 < g0 + span:
                members.append(index)
                groups[-1] = (members, g0, max(g1, x1))
                continue
            groups[-1] = (members, g0, min(g1, x0 - gap))
        groups.append(([index], x0, x1))
    return groups


def label_rows(candidates: Sequence[Sequence[tuple[float, float]]], rows: int,
               gap: float = 0.0) -> list[tuple[int, int] | None]:
    """A place for each label, given in order of preference (nearest point first): its
    candidate boxes (x0, x1), e.g. right then left of its point. Returns (row, candidate)
    with row 0 nearest the track: the lowest row where a candidate touches no placed box
    (`gap` apart), trying the candidates in order in each row; None when none fits.

    A row holds at most about width / label width boxes, so the cost stays linear in the
    number of labels."""
    placed: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    out: list[tuple[int, int] | None] = []
    for boxes in candidates:
        spot = next(((r, c) for r in range(rows) for c, (x0, x1) in enumerate(boxes)
                     if all(x1 + gap <= a or b + gap <= x0 for a, b in placed[r])), None)
        if spot is not None:
            placed[spot[0]].append(boxes[spot[1]])
        out.append(spot)
    return out
