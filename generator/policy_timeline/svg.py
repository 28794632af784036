"""The visual timeline: one inline SVG drawn at build time, with no JavaScript.

Threads are horizontal lanes, each with its label above it; time runs left to right under
an axis of years (and months when the span is short). Every event is a link to its page,
drawn where its date puts it, and as honestly as its date is known:

- a day: a dot;
- a month or a year: a light bar with a solid outline over every day it could be;
- "c." (circa): the same mark with a dashed outline;
- "before X" / "after X": a light arrow pointing away from X's first / last day;
- a period (`end`): a solid bar over the days it surely covers, light where its ends are
  imprecise;
- scheduled: hollow; rescheduled: hollow, with a small dashed mark at each earlier date
  (when inside the axis) joined to it by a dashed line; cancelled: hollow grey, struck.

Each link carries a `<title>` ("display date — title") for hover and screen readers. The
SVG is a `role="group"` labelled by its own `<title>` and described by its `<desc>`; each
lane is a list of links labelled by the lane's `<text>`. Colours, fonts and the focus ring
come from a `<style>` element inside the SVG (template `partials/strip.css`), scoped by
`pt-svg-` classes, so the SVG is self-contained. Text is 34 viewBox units on narrow screens (11.2 CSS px in the 328 px wide
content column of Material on a 360 px phone) and 20 units from 45em of viewport width up
(13.8 px in Material's 688 px column).

The shapes are one element per line (each written on one source line), deterministic, and
every text and attribute escaped; the `<svg>` around them, its title, description and
styles come from the templates `partials/svg.html` and `partials/strip.css`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Sequence
from xml.sax.saxutils import escape, quoteattr

import jinja2
from markupsafe import Markup

from .catalog import Catalog, event_sort_key
from .dates import PartialDate, display_range
from .models import Event
from .markup import plural, slug
from .templating import environment
from .urls import Urls

__all__ = ["timeline_svg", "strip_parts", "OTHER_LANE"]

OTHER_LANE = "Other"
"""Label of the lane for events that belong to no thread."""

# -- geometry, in viewBox units ------------------------------------------------------------
WIDTH = 1000
X0, X1 = 24.0, 976.0  # the time axis
FONT_NARROW, FONT_WIDE = 34, 20  # text sizes below / from the breakpoint
BREAKPOINT = "45em"
CHAR_EM = 0.6  # estimated average glyph width, in em, for collision checks
AXIS_TOP = 46.0  # tick marks start here; labels sit above
LANES_TOP = 56.0
LABEL_BASELINE = 36.0  # lane label baseline, from the lane's top
TRACK_TOP = 48.0  # first row's top, from the lane's top
ROW = 32.0  # row height: marks of one lane are stacked in rows when they would collide
MAX_ROWS = 4  # beyond this, marks overlap (each keeps a white edge)
LANE_BOTTOM = 10.0
BOTTOM = 8.0
DOT_R = 10.0
BAR_H = 16.0
MIN_BAR = 2 * DOT_R + 8  # a range is always drawn wider than a day's dot, centred
MIN_PERIOD = 2 * DOT_R
ARROW = 40.0  # length of a before/after arrow
WAS_R = 6.0
MIN_WAS = 2 * WAS_R + 6
HIT_PAD = 6.0
GAP = 4.0  # between marks of a row
MIN_TICK = 20.0  # closest grid lines; years are thinned to 2, 5, 10... beyond
MAX_LABEL = 48  # characters of a lane label before it is cut with an ellipsis

PALETTE = (  # each at least 4.7:1 against white and against the lane band
    "#1f5fa8", "#b5460f", "#1c7c45", "#8a3ea0", "#b3261e", "#0f7480", "#7a5c00", "#c2185b",
)
OTHER_COLOUR = "#4b5563"
CANCELLED_COLOUR = "#6b7280"
TEXT = "#1f2937"
AXIS_TEXT = "#374151"

MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

STYLE_VALUES = {
    "narrow": FONT_NARROW, "wide": FONT_WIDE, "bp": BREAKPOINT, "text": TEXT,
    "axis": AXIS_TEXT, "cancelled": CANCELLED_COLOUR,
}
"""What the strip's styles (template `partials/strip.css`) are drawn with."""


def _f(x: float) -> str:
    """Fixed formatting: one decimal, no "-0.0"."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _text_width(text: str, size: float) -> float:
    return len(text) * CHAR_EM * size


# -- marks ---------------------------------------------------------------------------------


@dataclass
class _Mark:
    """One event drawn in one lane: its shapes, its extent and its row."""

    event: Event
    x0: float  # extent, history marks included, for row packing
    x1: float
    cx: float  # the main mark's centre
    shapes: list[str] = field(default_factory=list)  # drawn inside the link, in order
    hit: str = ""
    row: int = 0


def _day(d: dt.date) -> int:
    return d.toordinal()


def _span(when: PartialDate) -> tuple[int, int]:
    """[start, stop) in day ordinals of every day the date could be (qualifier ignored)."""
    return _day(when.first_day()), _day(when.last_day()) + 1


def _event_days(event: Event) -> tuple[int, int]:
    """[start, stop) in day ordinals that the event's mark covers, for the axis domain."""
    when = event.when
    start, stop = _span(when)
    if when.qualifier == "before":
        start, stop = start - 1, start
    elif when.qualifier == "after":
        start, stop = stop, stop + 1
    if event.end is not None:
        stop = max(stop, _span(event.end)[1])
    return start, stop


class _Scale:
    def __init__(self, lo: int, hi: int) -> None:
        self.lo, self.hi = lo, hi
        self.k = (X1 - X0) / max(1, hi - lo)

    def x(self, day: float) -> float:
        return X0 + (day - self.lo) * self.k

    def inside(self, start: int, stop: int) -> bool:
        return start >= self.lo and stop <= self.hi


def _rect(x0: float, x1: float, cy: float, h: float, cls: str, rx: float = 3.0) -> str:
    return f'<rect class="{cls}" x="{_f(x0)}" y="{_f(cy - h / 2)}" width="{_f(x1 - x0)}" height="{_f(h)}" rx="{_f(rx)}"/>'


def _circle(cx: float, cy: float, r: float, cls: str) -> str:
    return f'<circle class="{cls}" cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}"/>'


def _widen(x0: float, x1: float, minimum: float) -> tuple[float, float]:
    if x1 - x0 >= minimum:
        return x0, x1
    mid = (x0 + x1) / 2
    return mid - minimum / 2, mid + minimum / 2


def _arrow(tip: float, base: float, cy: float, cls: str) -> str:
    """A flat-ended arrow from `base` (the known boundary) to `tip` (the open side)."""
    h = BAR_H / 2
    step = h if tip > base else -h
    points = [(base, cy - h), (tip - step, cy - h), (tip, cy), (tip - step, cy + h), (base, cy + h)]
    return f'<polygon class="{cls}" points="{" ".join(f"{_f(x)},{_f(y)}" for x, y in points)}"/>'


def _geometry(event: Event, scale: _Scale) -> tuple[float, float, float]:
    """Extent (x0, x1) and centre of an event's main mark, independent of its row."""
    when = event.when
    start, stop = _span(when)
    if event.end is not None:
        x0, x1 = _widen(scale.x(start), scale.x(_span(event.end)[1]), MIN_PERIOD)
    elif when.qualifier == "before":
        b = scale.x(start)
        x0, x1 = max(X0 - DOT_R, b - ARROW), b
    elif when.qualifier == "after":
        b = scale.x(stop)
        x0, x1 = b, min(X1 + DOT_R, b + ARROW)
    elif when.precision == "day":
        c = scale.x(start + 0.5)
        x0, x1 = c - DOT_R, c + DOT_R
    else:
        x0, x1 = _widen(scale.x(start), scale.x(stop), MIN_BAR)
    return x0, x1, (x0 + x1) / 2


def _make_mark(event: Event, scale: _Scale) -> _Mark:
    """The mark's extent: its main shape plus the earlier dates drawn beside it."""
    x0, x1, cx = _geometry(event, scale)
    for _, hx0, hx1 in _history(event, scale):
        x0, x1 = min(x0, hx0), max(x1, hx1)
    return _Mark(event, x0, x1, cx)


def _history(event: Event, scale: _Scale) -> list[tuple[PartialDate, float, float]]:
    """(earlier date, x0, x1) of each earlier date of a rescheduled event inside the axis."""
    out = []
    if event.status != "rescheduled":
        return out
    for item in event.schedule_history:
        s, e = _span(item.was)
        if not scale.inside(s, e):
            continue
        if item.was.precision == "day":
            c = scale.x(s + 0.5)
            out.append((item.was, c - WAS_R, c + WAS_R))
        else:
            out.append((item.was, *_widen(scale.x(s), scale.x(e), MIN_WAS)))
    return out


def _draw(mark: _Mark, scale: _Scale, cy: float) -> None:
    """Fill in the mark's shapes and hit area for its row's centre line `cy`."""
    event = mark.event
    when = event.when
    x0, x1, cx = _geometry(event, scale)
    hollow = event.status in ("scheduled", "rescheduled", "cancelled")
    circa = " pt-svg-circa" if when.qualifier == "circa" else ""
    shapes: list[str] = []
    for was, hx0, hx1 in _history(event, scale):
        hx = (hx0 + hx1) / 2
        if was.precision == "day":
            shape = _circle(hx, cy, WAS_R, "pt-svg-was")
        else:
            shape = _rect(hx0, hx1, cy, BAR_H / 2, "pt-svg-was", 2.0)
        shapes.insert(0, f'<line class="pt-svg-moved" x1="{_f(hx)}" y1="{_f(cy)}" x2="{_f(cx)}" y2="{_f(cy)}"/>')
        shapes.append(shape)
    if event.end is not None:
        # Light over every day the period could cover, solid over the days it surely does.
        start_stop, end_first = _span(when)[1], _span(event.end)[0]
        precise = (when.precision == "day" and event.end.precision == "day"
                   and when.qualifier is None and event.end.qualifier is None)
        if hollow:
            shapes.append(_rect(x0, x1, cy, BAR_H, "pt-svg-mark pt-svg-hollow" + circa, BAR_H / 2))
        elif precise:
            shapes.append(_rect(x0, x1, cy, BAR_H, "pt-svg-mark pt-svg-solid", BAR_H / 2))
        else:
            shapes.append(_rect(x0, x1, cy, BAR_H, "pt-svg-mark pt-svg-range" + circa))
            core0, core1 = scale.x(start_stop - 1), scale.x(end_first + 1)
            if core1 - core0 > 2 and when.qualifier is None:
                shapes.append(_rect(core0, core1, cy, BAR_H - 6, "pt-svg-solid", 1.0))
    elif when.qualifier in ("before", "after"):
        tip, base = (x0, x1) if when.qualifier == "before" else (x1, x0)
        cls = "pt-svg-hollow" if hollow else "pt-svg-range"
        shapes.append(_arrow(tip, base, cy, "pt-svg-mark " + cls))
    elif when.precision == "day":
        cls = "pt-svg-hollow" if hollow else ("pt-svg-range" if circa else "pt-svg-solid")
        shapes.append(_circle(cx, cy, DOT_R, "pt-svg-mark " + cls + circa))
    else:
        cls = "pt-svg-hollow" if hollow else "pt-svg-range"
        shapes.append(_rect(x0, x1, cy, BAR_H, "pt-svg-mark " + cls + circa))
    if event.status == "cancelled":
        h = BAR_H / 2 + 3
        shapes.append(f'<line class="pt-svg-strike" x1="{_f(cx - h)}" y1="{_f(cy + h)}" x2="{_f(cx + h)}" y2="{_f(cy - h)}"/>')
    if when.precision == "day" and event.end is None and when.qualifier is None:
        mark.hit = _circle(cx, cy, DOT_R + HIT_PAD, "pt-svg-hit")
    else:
        mark.hit = _rect(x0 - HIT_PAD, x1 + HIT_PAD, cy, BAR_H + 2 * HIT_PAD, "pt-svg-hit",
                         BAR_H / 2 + HIT_PAD)
    mark.shapes = shapes


def _pack(marks: list[_Mark]) -> int:
    """Give each mark the first row where it does not touch the previous one; rows used."""
    ends: list[float] = []
    for mark in sorted(marks, key=lambda m: (m.x0, m.x1, event_sort_key(m.event))):
        for row, end in enumerate(ends):
            if mark.x0 >= end + GAP:
                break
        else:
            if len(ends) < MAX_ROWS:
                row = len(ends)
                ends.append(float("-inf"))
            else:  # full: overlap where the overlap is least
                row = min(range(len(ends)), key=lambda r: (ends[r], r))
        mark.row = row
        ends[row] = max(ends[row], mark.x1)
    return max(1, len(ends))


# -- axis ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tick:
    day: int
    year: bool  # a year boundary (stronger line)


@dataclass(frozen=True)
class _Label:
    day: int
    text: str
    year: bool


def _month_start(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, 1)


def _axis(lo: int, hi: int) -> tuple[int, int, list[_Tick], list[tuple[int, list[_Label]]]]:
    """Domain, ticks, and label candidates grouped by priority (placed in that order)."""
    first, last = dt.date.fromordinal(lo), dt.date.fromordinal(hi - 1)
    if hi - lo > 2 * 366:
        y0, y1 = first.year, last.year + 1
        domain = (_day(dt.date(y0, 1, 1)), _day(dt.date(y1, 1, 1)))
        years = list(range(y0, y1))
        steps = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
        per_year = (X1 - X0) / len(years)
        every = next((s for s in steps if per_year * s >= MIN_TICK), steps[-1])
        ticks = [_Tick(_day(dt.date(y, 1, 1)), True) for y in years[1:] if y % every == 0]
        groups = []
        for step in steps:
            groups.append((step, [_Label(_day(dt.date(y, 1, 1)), str(y), True)
                                  for y in years if y % step == 0]))
        return domain[0], domain[1], ticks, groups
    months = []
    m = _month_start(first.year, first.month)
    stop = _month_start(last.year, last.month + 1)
    while m < stop:
        months.append(m)
        m = _month_start(m.year, m.month + 1)
    domain = (_day(months[0]), _day(stop))
    ticks = [_Tick(_day(m), m.month == 1) for m in months[1:]]
    head = months[0]
    head_text = str(head.year) if head.month == 1 else f"{MONTH_ABBR[head.month - 1]} {head.year}"
    anchors = [_Label(_day(head), head_text, True)]
    anchors += [_Label(_day(m), str(m.year), True) for m in months[1:] if m.month == 1]
    groups = [(0, anchors)]
    for step in (1, 2, 3, 6):
        groups.append((step, [_Label(_day(m), MONTH_ABBR[m.month - 1], False)
                              for m in months[1:] if m.month != 1 and (m.month - 1) % step == 0]))
    return domain[0], domain[1], ticks, groups


def _place_labels(
    groups: list[tuple[int, list[_Label]]], scale: _Scale, size: float
) -> set[_Label]:
    """The labels that fit at font `size`: anchors first, then the densest step that fits."""
    gap = size * 0.8
    placed: list[tuple[float, float]] = []
    chosen: set[_Label] = set()

    def fits(label: _Label) -> tuple[float, float] | None:
        x = scale.x(label.day) + 4
        box = (x, x + _text_width(label.text, size))
        if box[1] > X1 + 20:
            return None
        if any(box[0] < b + gap and a < box[1] + gap for a, b in placed):
            return None
        return box

    anchors = [labels for step, labels in groups if step == 0]
    for labels in anchors:
        for label in labels:
            box = fits(label)
            if box:
                placed.append(box)
                chosen.add(label)
    for step, labels in groups:
        if step == 0 or not labels:
            continue
        spacing = scale.x(labels[1].day) - scale.x(labels[0].day) if len(labels) > 1 else X1
        width = max(_text_width(label.text, size) for label in labels)
        if spacing < width + gap:
            continue
        for label in labels:
            box = fits(label)
            if box:
                placed.append(box)
                chosen.add(label)
        break
    return chosen


# -- the SVG -------------------------------------------------------------------------------


def _lanes_for(
    catalog: Catalog, events: Sequence[Event], lanes: Sequence[str] | None
) -> list[tuple[str | None, list[Event]]]:
    """(thread id or None for "Other", its events in order) for every lane to draw."""
    ordered = sorted(events, key=event_sort_key)
    if lanes is None:
        present = {t for e in ordered for t in e.threads}
        lane_ids = [t for t in catalog.threads if t in present]
    else:
        lane_ids = list(dict.fromkeys(lanes))
        unknown = [t for t in lane_ids if t not in catalog.threads]
        if unknown:
            raise ValueError(f"unknown thread(s) for timeline lanes: {', '.join(unknown)}")
    members: dict[str, list[Event]] = {t: [] for t in lane_ids}
    other: list[Event] = []
    for event in ordered:
        if not event.threads:
            other.append(event)
        for t in dict.fromkeys(event.threads):
            if t in members:
                members[t].append(event)
    out: list[tuple[str | None, list[Event]]] = [(t, members[t]) for t in lane_ids]
    if other:
        out.append((None, other))
    return out


def _describe(drawn: list[Event], lanes: list[tuple[str, bool, int]]) -> str:
    """"N events from X to Y in K threads. Lanes: A (3); B (2)." for the SVG's `<desc>`."""
    first = drawn[0].when.display()
    last_event = max(drawn, key=lambda e: ((e.end or e.when).sort_key(), e.id))
    last = (last_event.end or last_event.when).display()
    threads = sum(1 for _, is_thread, _ in lanes if is_thread)
    if first != last:
        span = f"from {first} to {last}"
    else:
        span = ("on " if drawn[0].when.precision == "day" else "in ") + first
    text = f"{plural(len(drawn), 'event')} {span}"
    if threads:
        text += f" in {plural(threads, 'thread')}"
    names = "; ".join(f"{name} ({count})" for name, _, count in lanes)
    return f"{text}. Lanes: {names}."


def _mark_title(event: Event, state: str | None = None) -> str:
    text = f"{display_range(event.when, event.end)} — {event.title}"
    if state == "overdue":
        text += " (date passed, not yet confirmed)"
    elif event.status == "rescheduled" and event.schedule_history:
        was = ", ".join(item.was.display() for item in event.schedule_history)
        text += f" (rescheduled; earlier date: {was})"
    elif event.status != "happened":
        text += f" ({event.status})"
    return text


def _cut(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def strip_parts(
    catalog: Catalog,
    events: Sequence[Event],
    *,
    page_path: str,
    urls: Urls,
    lanes: Sequence[str] | None = None,
    title: str,
    ident: str | None = None,
) -> dict[str, Any] | None:
    """An inline `<svg>` of `events` in thread lanes, each event linking to its page.

    `lanes` are the thread ids to draw, in that order (default: every thread of the
    catalog, in its order, that has one of `events`); an event is drawn once in each lane
    it belongs to; events in no thread go to a last lane, "Other"; events whose threads are
    all outside `lanes` are left out. `page_path` is the docs path of the page the SVG is
    embedded in (hrefs are relative to it). `title` names the SVG for assistive
    technology; element ids start with `pt-svg-` and the slug of `ident` (default: of
    `title`), so pass distinct idents for two SVGs of the same title on one page.

    Returns the parts the template `partials/svg.html` draws (title, description, size,
    the style values and the shapes, one element per line, already escaped), or None when
    there is nothing to draw (no events, or none in any lane).
    """
    lane_list = _lanes_for(catalog, events, lanes)
    drawn_ids: dict[str, Event] = {}
    for _, evs in lane_list:
        for e in evs:
            drawn_ids.setdefault(e.id, e)
    if not drawn_ids:
        return None
    drawn = sorted(drawn_ids.values(), key=event_sort_key)
    prefix = "pt-svg-" + (slug(ident if ident is not None else title) or "timeline")

    starts, stops = zip(*(_event_days(e) for e in drawn))
    lo, hi, ticks, label_groups = _axis(min(starts), max(stops))
    scale = _Scale(lo, hi)

    thread_pos = {t: i for i, t in enumerate(catalog.threads)}
    named = [
        (catalog.threads[tid].title if tid else OTHER_LANE, evs) for tid, evs in lane_list
    ]

    # Lanes: pack marks into rows, then lay lanes out top to bottom.
    lane_parts: list[str] = []
    top = LANES_TOP
    for index, ((tid, evs), (name, _)) in enumerate(zip(lane_list, named)):
        marks = [_make_mark(e, scale) for e in evs]
        rows = _pack(marks)
        height = TRACK_TOP + rows * ROW + LANE_BOTTOM
        colour = PALETTE[thread_pos[tid] % len(PALETTE)] if tid else OTHER_COLOUR
        parts = [f'<g class="pt-svg-lane" style="--pt-svg-c:{colour}">']
        if index % 2 == 0:
            parts.append(f'<rect class="pt-svg-band" x="0" y="{_f(top)}" width="{WIDTH}" height="{_f(height)}" aria-hidden="true"/>')
        grid_top, grid_bottom = top + TRACK_TOP - 4, top + height - LANE_BOTTOM + 4
        grid = [f'<line class="pt-svg-grid{"-year" if t.year else ""}" x1="{_f(scale.x(t.day))}" y1="{_f(grid_top)}" x2="{_f(scale.x(t.day))}" y2="{_f(grid_bottom)}"/>'
                for t in ticks]
        track_y = top + TRACK_TOP + ROW / 2
        grid.append(f'<line class="pt-svg-track" x1="{_f(X0)}" y1="{_f(track_y)}" x2="{_f(X1)}" y2="{_f(track_y)}"/>')
        parts.append('<g aria-hidden="true">')
        parts += grid
        parts.append("</g>")
        # The visible label may be cut; the list is named in full (the label is not read).
        label = _cut(name)
        full = f"<title>{escape(name)}</title>" if label != name else ""
        lane_label = f'<text class="pt-svg-lane-label" x="{_f(X0)}" y="{_f(top + LABEL_BASELINE)}" aria-hidden="true">'
        parts.append(lane_label + full + escape(label) + "</text>")
        parts.append(f"<g role=\"list\" aria-label={quoteattr(name)}>")
        for mark in marks:
            cy = top + TRACK_TOP + ROW / 2 + mark.row * ROW
            _draw(mark, scale, cy)
            event = mark.event
            link = urls.href(page_path, urls.event(event.id))
            cls = " pt-svg-cancelled" if event.status == "cancelled" else ""
            anchor = f'<a href={quoteattr(link)} class={quoteattr("pt-svg-event" + cls)} data-date={quoteattr(event.when.iso())}>'
            title_tag = f"<title>{escape(_mark_title(event, catalog.state(event)))}</title>"
            parts.append('<g role="listitem">' + anchor + title_tag + mark.hit)
            parts += mark.shapes
            parts.append("</a></g>")
        parts.append("</g></g>")
        lane_parts += parts
        top += height
    total_height = top + BOTTOM

    # The axis: ticks over the whole height, labels at the top.
    narrow = _place_labels(label_groups, scale, FONT_NARROW)
    wide = _place_labels(label_groups, scale, FONT_WIDE)
    axis = ['<g class="pt-svg-axis" aria-hidden="true">']
    for t in ticks:
        x = _f(scale.x(t.day))
        axis.append(f'<line class="pt-svg-grid{"-year" if t.year else ""}" x1="{x}" y1="{_f(AXIS_TOP)}" x2="{x}" y2="{_f(LANES_TOP)}"/>')
    seen: set[tuple[int, str]] = set()
    for _, labels in label_groups:
        for label in labels:
            key = (label.day, label.text)
            if key in seen or (label not in narrow and label not in wide):
                continue
            seen.add(key)
            cls = "pt-svg-tick-label" + (" pt-svg-year" if label.year else "")
            if label not in narrow:
                cls += " pt-svg-wide"
            elif label not in wide:
                cls += " pt-svg-narrow"
            label_x = _f(scale.x(label.day) + 4)
            axis.append(f'<text class="{cls}" x="{label_x}" y="{_f(LABEL_BASELINE)}">{escape(label.text)}</text>')
    axis.append("</g>")

    desc = _describe(drawn, [(name, tid is not None, len(evs))
                             for (tid, evs), (name, _) in zip(lane_list, named)])
    return {
        "prefix": prefix, "title": title, "desc": desc, "width": WIDTH,
        "height": _f(total_height), "style": STYLE_VALUES,
        "shapes": Markup("\n".join(axis + lane_parts)),
    }


def timeline_svg(catalog: Catalog, events: Sequence[Event], *, page_path: str, urls: Urls,
                 lanes: Sequence[str] | None = None, title: str, ident: str | None = None,
                 env: jinja2.Environment | None = None) -> str:
    """`strip_parts` drawn by the template `partials/svg.html` (the `<svg>` alone);
    "" when there is nothing to draw."""
    parts = strip_parts(catalog, events, page_path=page_path, urls=urls, lanes=lanes,
                        title=title, ident=ident)
    if parts is None:
        return ""
    return (env or environment()).get_template("partials/svg.html").render(svg=parts).strip()
