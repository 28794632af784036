"""The visual timeline: one inline SVG drawn at build time, with no JavaScript.

Threads are horizontal lanes, each with its label above it; time runs left to right under
an axis of years (and months when the span is short); runs of years without any event are
squeezed into a narrow break (`strip_layout.compressed_scale`). A vertical line marks the
site's today (the catalog's pinned day, never the clock). Every event is a link to its
page, drawn where its date puts it, and as honestly as its date is known:

- a day: a dot;
- a month or a year: a light bar with a solid outline over every day it could be;
- "c." (circa): the same mark with a dashed outline;
- "before X" / "after X": a light arrow pointing away from X's first / last day;
- a period (`end`): a solid bar over the days it surely covers, light where its ends are
  imprecise;
- scheduled: hollow; rescheduled: hollow, with a small dashed mark at each earlier date
  (when drawn to scale) joined to it by a dashed line; cancelled: hollow grey, struck.

Marks whose tap areas (at least 24×24 CSS px: `HIT` units at the SVG's least width,
`MIN_PX`) would overlap become one cluster: a pill with the count, linking to the year
page (or the first event). Key events (`key: true`) get a label above their lane, laid out
in rows so that no two labels overlap (`strip_layout.label_rows`).

This module computes positions and kinds; the template `partials/svg.html` draws them
(shapes, names and every word a reader sees), with styles from `partials/strip.css`
(light and dark colours, focus ring) scoped by `pt-svg-` classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Sequence

import jinja2

from .catalog import Catalog, event_sort_key
from .dates import PartialDate, display_range
from .markup import slug
from .models import Event
from .strip_layout import Scale, clusters, compressed_scale, label_rows, linear_scale
from .templating import environment
from .urls import Urls

__all__ = ["timeline_svg", "strip_parts", "OTHER_LANE"]

OTHER_LANE = "Other"
"""Label of the lane for events that belong to no thread."""

# -- geometry, in viewBox units ------------------------------------------------------------
WIDTH = 1000
MIN_PX = 640  # the SVG is never drawn narrower (phones scroll it): 1 unit >= 0.64 CSS px
X0, X1 = 24.0, 976.0  # the time axis
FONT = 20  # 12.8 CSS px at MIN_PX, 13.8 in Material's 688 px column
CHAR_EM = 0.6  # estimated average glyph width, in em, for collision checks
HIT = 38.0  # least side of a tap area: 24.3 CSS px at MIN_PX (WCAG 2.5.8 asks 24)
GAP = 2.0  # between tap areas
TODAY_BASELINE = 18.0
LABEL_BASELINE = 40.0  # axis labels
AXIS_TOP = 46.0  # tick marks start here
LANES_TOP = 56.0
LANE_NAME = 30.0  # lane name baseline, from the lane's top
KEY_TOP = 38.0  # first key-label row's top (farthest from the track), from the lane's top
KEY_ROW = HIT + GAP  # a key label's row: its tap area and a gap
KEY_ROWS = 5  # beyond this, a key label is left out (its mark keeps the title)
MAX_KEY_LABEL = 32  # characters of a key label before it is cut with an ellipsis
TRACK = 46.0  # the marks' row
LANE_BOTTOM = 6.0
BOTTOM = 8.0
DOT_R = 9.0
BAR_H = 16.0
MIN_BAR = 2 * DOT_R + 8  # a range is always drawn wider than a day's dot, centred
MIN_PERIOD = 2 * DOT_R
ARROW = 40.0  # length of a before/after arrow
WAS_R = 6.0
MIN_WAS = 2 * WAS_R + 6
SPAN = 2 * HIT + GAP  # a cluster's widest tap area: a dense stretch is several clusters
YEAR_GAP = 30.0  # width of a break standing for years without events
PILL_H = 26.0
MIN_TICK = 20.0  # closest grid lines; years are thinned to 2, 5, 10... beyond
MAX_LABEL = 48  # characters of a lane label before it is cut with an ellipsis

PALETTE = (  # each at least 4.5:1 against white and 3:1 against the lane band
    "#1f5fa8", "#b5460f", "#1c7c45", "#8a3ea0", "#b3261e", "#0f7480", "#7a5c00", "#c2185b",
)
PALETTE_DARK = (  # the same hues for Material's slate scheme: 4.5:1 against DARK["bg"]
    "#8ab4f8", "#f4a46c", "#6fcf97", "#d7a6ea", "#f28b82", "#5fd0dc", "#e3c15a", "#f48fb1",
)
OTHER_COLOUR, OTHER_DARK = "#4b5563", "#b8bfca"
LIGHT = {"bg": "#ffffff", "band": "#f3f4f6", "grid": "#d1d5db", "grid_year": "#9ca3af",
         "text": "#1f2937", "axis": "#374151", "cancelled": "#6b7280", "focus": "#111827",
         "today": "#b3261e", "gap": "#e5e7eb"}
DARK = {"bg": "#1e2029", "band": "#272a35", "grid": "#3b3f4c", "grid_year": "#5b6172",
        "text": "#e5e7eb", "axis": "#cfd5df", "cancelled": "#9ca3af", "focus": "#ffffff",
        "today": "#ff8a80", "gap": "#333745"}
TEXT, AXIS_TEXT, CANCELLED_COLOUR = LIGHT["text"], LIGHT["axis"], LIGHT["cancelled"]

MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

STYLE_VALUES = {"font": FONT, "min_px": MIN_PX, "light": LIGHT, "dark": DARK}
"""What the strip's styles (template `partials/strip.css`) are drawn with."""


def _f(x: float) -> str:
    """Fixed formatting: one decimal, no "-0.0"."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _text_width(text: str, size: float = FONT) -> float:
    return len(text) * CHAR_EM * size


def _cut(text: str, limit: int) -> str:
    """`text`, or its first words within `limit` characters and an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head[limit // 2:]:  # no half word
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"


# -- shapes: (tag, class, attributes) for the template ---------------------------------------


def _rect(x0: float, x1: float, cy: float, h: float, cls: str, rx: float = 3.0) -> dict:
    return {"tag": "rect", "cls": cls, "attrs": (
        ("x", _f(x0)), ("y", _f(cy - h / 2)), ("width", _f(x1 - x0)), ("height", _f(h)),
        ("rx", _f(rx)))}


def _circle(cx: float, cy: float, r: float, cls: str) -> dict:
    return {"tag": "circle", "cls": cls, "attrs": (("cx", _f(cx)), ("cy", _f(cy)), ("r", _f(r)))}


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> dict:
    return {"tag": "line", "cls": cls, "attrs": (
        ("x1", _f(x1)), ("y1", _f(y1)), ("x2", _f(x2)), ("y2", _f(y2)))}


def _arrow(tip: float, base: float, cy: float, cls: str) -> dict:
    """A flat-ended arrow from `base` (the known boundary) to `tip` (the open side)."""
    h = BAR_H / 2
    step = h if tip > base else -h
    points = [(base, cy - h), (tip - step, cy - h), (tip, cy), (tip - step, cy + h), (base, cy + h)]
    return {"tag": "polygon", "cls": cls,
            "attrs": (("points", " ".join(f"{_f(x)},{_f(y)}" for x, y in points)),)}


# -- dates to days ---------------------------------------------------------------------------


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


def _widen(x0: float, x1: float, minimum: float) -> tuple[float, float]:
    if x1 - x0 >= minimum:
        return x0, x1
    mid = (x0 + x1) / 2
    return mid - minimum / 2, mid + minimum / 2


def _geometry(event: Event, scale: Scale) -> tuple[float, float, float]:
    """Extent (x0, x1) and centre of an event's mark."""
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


def _history(event: Event, scale: Scale) -> list[tuple[PartialDate, float, float]]:
    """(earlier date, x0, x1) of each earlier date of a rescheduled event drawn to scale."""
    out: list[tuple[PartialDate, float, float]] = []
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


def _shapes(event: Event, scale: Scale, cy: float) -> tuple[list[dict], list[dict]]:
    """(the mark's shapes, its earlier dates' shapes) on the row centred at `cy`."""
    when = event.when
    x0, x1, cx = _geometry(event, scale)
    hollow = event.status in ("scheduled", "rescheduled", "cancelled")
    circa = " pt-svg-circa" if when.qualifier == "circa" else ""
    history: list[dict] = []
    for was, hx0, hx1 in _history(event, scale):
        hx = (hx0 + hx1) / 2
        history.insert(0, _line(hx, cy, cx, cy, "pt-svg-moved"))
        history.append(_circle(hx, cy, WAS_R, "pt-svg-was") if was.precision == "day"
                       else _rect(hx0, hx1, cy, BAR_H / 2, "pt-svg-was", 2.0))
    shapes: list[dict] = []
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
        shapes.append(_line(cx - h, cy + h, cx + h, cy - h, "pt-svg-strike"))
    return shapes, history


def _hit(x0: float, x1: float, cy: float) -> dict:
    """The tap area [x0, x1] (a `clusters` area), HIT high: also the focus ring."""
    return _rect(x0, x1, cy, HIT, "pt-svg-hit", HIT / 2 if x1 - x0 <= HIT + 0.1 else 8.0)


# -- the axis ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    day: int
    text: str
    year: bool


def _month_start(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, 1)


def _axis(lo: int, hi: int, years: set[int]) -> tuple[Scale, list[tuple[int, bool]], list[list[_Label]]]:
    """The scale, ticks (day, year boundary?) and label candidates in priority groups.

    Over two years: years, the empty ones squeezed; otherwise months, to scale."""
    first, last = dt.date.fromordinal(lo), dt.date.fromordinal(hi - 1)
    if hi - lo > 2 * 366:
        scale = compressed_scale(years, X0, X1, YEAR_GAP)
        drawn = [y for s in scale.segments for y in range(dt.date.fromordinal(s.start).year,
                                                          dt.date.fromordinal(s.stop).year)]
        per_year = min((s.x1 - s.x0) * 365 / (s.stop - s.start) for s in scale.segments)
        steps = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
        every = next((s for s in steps if per_year * s >= MIN_TICK), steps[-1])
        firsts = {dt.date.fromordinal(s.start).year for s in scale.segments}
        ticks = [(_day(dt.date(y, 1, 1)), True) for y in drawn
                 if y not in firsts and y % every == 0]
        ticks += [(s.start, True) for s in scale.segments[1:]] + [(s.stop, True) for s in scale.segments[:-1]]
        groups = [[_Label(_day(dt.date(y, 1, 1)), str(y), True) for y in sorted(firsts)]]
        for step in steps:
            groups.append([_Label(_day(dt.date(y, 1, 1)), str(y), True)
                           for y in drawn if y % step == 0 and y not in firsts])
        return scale, sorted(set(ticks)), groups
    months = []
    m = _month_start(first.year, first.month)
    stop = _month_start(last.year, last.month + 1)
    while m < stop:
        months.append(m)
        m = _month_start(m.year, m.month + 1)
    scale = linear_scale(_day(months[0]), _day(stop), X0, X1)
    ticks = [(_day(m), m.month == 1) for m in months[1:]]
    head = months[0]
    head_text = str(head.year) if head.month == 1 else f"{MONTH_ABBR[head.month - 1]} {head.year}"
    anchors = [_Label(_day(head), head_text, True)]
    anchors += [_Label(_day(m), str(m.year), True) for m in months[1:] if m.month == 1]
    groups = [anchors]
    for step in (1, 2, 3, 6):
        groups.append([_Label(_day(m), MONTH_ABBR[m.month - 1], False)
                       for m in months[1:] if m.month != 1 and (m.month - 1) % step == 0])
    return scale, ticks, groups


def _place_labels(groups: list[list[_Label]], scale: Scale) -> list[_Label]:
    """The labels that fit: anchors first, then the densest further group that fits whole
    (each label kept only where it does not touch one already placed)."""
    gap = FONT * 0.8
    placed: list[tuple[float, float]] = []
    chosen: list[_Label] = []

    def place(label: _Label) -> bool:
        x = scale.x(label.day) + 4
        box = (x, x + _text_width(label.text))
        if box[1] > X1 + 20 or any(box[0] < b + gap and a < box[1] + gap for a, b in placed):
            return False
        placed.append(box)
        chosen.append(label)
        return True

    for label in groups[0]:
        place(label)
    for labels in groups[1:]:
        if not labels:
            continue
        xs = [scale.x(label.day) for label in labels]
        spacing = min((b - a for a, b in zip(xs, xs[1:])), default=X1)
        if spacing < max(_text_width(label.text) for label in labels) + gap:
            continue
        for label in labels:
            place(label)
        break
    return sorted(chosen, key=lambda label: label.day)


# -- lanes ---------------------------------------------------------------------------------


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


@dataclass
class _Placed:
    """One event in one lane: where its mark is."""

    event: Event
    x0: float
    x1: float
    cx: float
    hit: tuple[float, float] = field(default=(0.0, 0.0))


def _named(catalog: Catalog, event: Event) -> dict:
    """What a mark's name is made of: date, title, state and earlier dates."""
    return {
        "date": display_range(event.when, event.end), "title": event.title,
        "state": catalog.state(event),
        "was": ", ".join(item.was.display() for item in event.schedule_history)
        if event.status == "rescheduled" else "",
    }


def _event_item(catalog: Catalog, event: Event, scale: Scale, cy: float, href: str,
                area: tuple[float, float]) -> dict:
    shapes, history = _shapes(event, scale, cy)
    return {
        "kind": "event", "href": href, "iso": event.when.iso(), "key": event.key,
        **_named(catalog, event),
        "cancelled": event.status == "cancelled", "hit": _hit(*area, cy), "shapes": shapes,
        "history": history,
    }


def _cluster_item(catalog: Catalog, members: list[_Placed], scale: Scale, cy: float, href: str,
                  area: tuple[float, float]) -> dict:
    """A pill with the count over its members' marks, kept inside its tap area."""
    events = [p.event for p in members]
    last = max(events, key=lambda e: ((e.end or e.when).sort_key(), e.id))
    ux0, ux1 = max(area[0] + 2, min(p.x0 for p in members)), min(area[1] - 2, max(p.x1 for p in members))
    count = str(len(members))
    w = min(max(ux1 - ux0, _text_width(count) + 14, PILL_H), area[1] - area[0] - 4)
    mid = min(max((ux0 + ux1) / 2, area[0] + 2 + w / 2), area[1] - 2 - w / 2)
    hollow = all(e.status in ("scheduled", "rescheduled") for e in events)
    history = [shape for e in events for shape in _shapes(e, scale, cy)[1]]
    return {
        "kind": "cluster", "href": href, "iso": events[0].when.iso(), "count": len(members),
        "first": display_range(events[0].when, events[0].end),
        "last": display_range(last.when, last.end), "year": events[0].when.year,
        "members": [_named(catalog, e) for e in events],
        "pill": _rect(mid - w / 2, mid + w / 2, cy, PILL_H,
                      "pt-svg-cluster" + (" pt-svg-hollow" if hollow else " pt-svg-solid"), PILL_H / 2),
        "count_x": _f(mid), "count_y": _f(cy + FONT * 0.35),
        "hit": _hit(*area, cy),
        "history": history,
    }


def _key_labels(placed: list[_Placed], top: float, track_y: float,
                hrefs: dict[str, str]) -> tuple[list[dict], int]:
    """Labels of the lane's key events in rows above its track, each on the side of its
    point facing the nearer edge or, where that collides or does not fit, the other side;
    rows used."""
    keyed = sorted((p for p in placed if p.event.key), key=lambda p: (p.cx, p.event.id))
    texts = [_cut(p.event.title, MAX_KEY_LABEL) for p in keyed]
    candidates = []
    for p, text in zip(keyed, texts):
        width = _text_width(text) + 12
        right = (p.cx - 6, p.cx - 6 + width)
        left = (p.cx + 6 - width, p.cx + 6)
        # outward first: the middle of the axis is where the marks crowd
        order = (left, right) if p.cx < WIDTH / 2 else (right, left)
        fits = [box for box in order if box[0] >= 0 and box[1] <= WIDTH]
        candidates.append(fits or [(0.0, width)])
    spots = label_rows(candidates, KEY_ROWS, gap=GAP)
    used = max((spot[0] for spot in spots if spot is not None), default=-1) + 1
    labels = []
    for p, text, boxes, spot in zip(keyed, texts, candidates, spots):
        if spot is None:
            continue
        row, which = spot
        x0, x1 = boxes[which]
        anchor = "start" if x0 <= p.cx - 6 + 0.01 else "end"
        row_top = top + KEY_TOP + (used - 1 - row) * KEY_ROW
        labels.append({
            "href": hrefs[p.event.id], "text": text, "title": p.event.title,
            "date": display_range(p.event.when, p.event.end), "anchor": anchor,
            "x": _f(x0 + 6 if anchor == "start" else x1 - 6),
            "y": _f(row_top + KEY_ROW / 2 + FONT * 0.35),
            "hit": _rect(x0, x1, row_top + KEY_ROW / 2, HIT, "pt-svg-hit", 6.0),
            "leader": _line(p.cx, row_top + KEY_ROW - 6, p.cx, track_y - DOT_R - 2, "pt-svg-leader"),
            "iso": p.event.when.iso(),
        })
    labels.sort(key=lambda label: (label["iso"], label["href"]))
    return labels, used


# -- the SVG -------------------------------------------------------------------------------


def strip_parts(
    catalog: Catalog,
    events: Sequence[Event],
    *,
    page_path: str,
    urls: Urls,
    lanes: Sequence[str] | None = None,
    title: str,
    ident: str | None = None,
    year_pages: bool = False,
) -> dict[str, Any] | None:
    """The context the template `partials/svg.html` draws the strip of `events` from.

    `lanes` are the thread ids to draw, in that order (default: every thread of the
    catalog, in its order, that has one of `events`); an event is drawn once in each lane
    it belongs to; events in no thread go to a last lane, "Other"; events whose threads are
    all outside `lanes` are left out. `page_path` is the docs path of the page the SVG is
    embedded in (hrefs are relative to it). `title` names the SVG for assistive
    technology; element ids start with `pt-svg-` and the slug of `ident` (default: of
    `title`). A cluster links to the year page of its first event when `year_pages`, else
    to that event. The catalog's `today` (if any) is drawn as a line and kept in the axis.

    None when there is nothing to draw (no events, or none in any lane).
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

    spans = [_event_days(e) for e in drawn]
    years = {y for start, stop in spans
             for y in range(dt.date.fromordinal(start).year, dt.date.fromordinal(stop - 1).year + 1)}
    today = catalog.today
    lo, hi = min(s for s, _ in spans), max(s for _, s in spans)
    if today is not None:
        years.add(today.year)
        lo, hi = min(lo, _day(today)), max(hi, _day(today) + 1)
    scale, ticks, label_groups = _axis(lo, hi, years)
    hrefs = {e.id: urls.href(page_path, urls.event(e.id)) for e in drawn}

    thread_pos = {t: i for i, t in enumerate(catalog.threads)}
    out_lanes: list[dict[str, Any]] = []
    top = LANES_TOP
    for index, (tid, evs) in enumerate(lane_list):
        name = catalog.threads[tid].title if tid else OTHER_LANE
        placed = []
        for e in evs:
            x0, x1, cx = _geometry(e, scale)
            placed.append(_Placed(e, x0, x1, cx, _widen(x0 - 2, x1 + 2, HIT)))
        placed.sort(key=lambda p: (p.hit[0], p.hit[1], event_sort_key(p.event)))
        labels, rows = _key_labels(placed, top, 0.0, hrefs)
        track_top = top + KEY_TOP + rows * KEY_ROW
        cy = track_top + TRACK / 2
        labels, _ = _key_labels(placed, top, cy, hrefs)
        height = KEY_TOP + rows * KEY_ROW + TRACK + LANE_BOTTOM
        items = []
        for group, g0, g1 in clusters([p.hit for p in placed], GAP, SPAN):
            members = [placed[i] for i in group]
            if len(members) == 1:
                items.append(_event_item(catalog, members[0].event, scale, cy,
                                         hrefs[members[0].event.id], (g0, g1)))
            else:
                first = min((p.event for p in members), key=event_sort_key)
                members.sort(key=lambda p: event_sort_key(p.event))
                href = (urls.href(page_path, urls.year(first.when.year)) if year_pages
                        else hrefs[first.id])
                items.append(_cluster_item(catalog, members, scale, cy, href, (g0, g1)))
        colour = (PALETTE[thread_pos[tid] % len(PALETTE)], PALETTE_DARK[thread_pos[tid] % len(PALETTE)]) \
            if tid else (OTHER_COLOUR, OTHER_DARK)
        label = _cut(name, MAX_LABEL)
        out_lanes.append({
            "name": name, "label": label, "cut": label != name, "count": len(evs),
            "thread": tid is not None, "light": colour[0], "dark": colour[1],
            "band": _rect(0, WIDTH, top + height / 2, height, "pt-svg-band", 0.0) if index % 2 == 0 else None,
            "label_x": _f(X0), "label_y": _f(top + LANE_NAME),
            "grid": [_line(scale.x(d), track_top + 4, scale.x(d), track_top + TRACK - 4,
                           "pt-svg-grid" + ("-year" if year else "")) for d, year in ticks],
            "track": [_line(s.x0, cy, s.x1, cy, "pt-svg-track") for s in scale.segments],
            "items": items, "labels": labels,
        })
        top += height
    total_height = top + BOTTOM

    axis_labels = [{"x": _f(scale.x(label.day) + 4), "y": _f(LABEL_BASELINE), "text": label.text,
                    "year": label.year} for label in _place_labels(label_groups, scale)]
    gaps = [{"rect": _rect(g.x0, g.x1, (AXIS_TOP + total_height - BOTTOM) / 2,
                           total_height - BOTTOM - AXIS_TOP, "pt-svg-gap", 0.0),
             "first": g.first, "last": g.last,
             "zig": " ".join(f"{_f(x)},{_f(y)}" for x, y in (
                 (g.x0 + 4, AXIS_TOP + 8), ((g.x0 + g.x1) / 2, AXIS_TOP), ((g.x0 + g.x1) / 2, AXIS_TOP + 8),
                 (g.x1 - 4, AXIS_TOP)))}
            for g in scale.gaps]
    today_part = None
    if today is not None:
        x = scale.x(_day(today) + 0.5)
        date = PartialDate(today.year, today.month, today.day).display()
        end = x + 6 + _text_width("Today: " + date) > WIDTH - 4
        today_part = {"iso": today.isoformat(), "date": date,
                      "line": _line(x, TODAY_BASELINE + 6, x, total_height - BOTTOM, "pt-svg-today"),
                      "x": _f(x - 6 if end else x + 6), "y": _f(TODAY_BASELINE),
                      "anchor": "end" if end else "start"}
    last_event = max(drawn, key=lambda e: ((e.end or e.when).sort_key(), e.id))
    return {
        "prefix": prefix, "title": title, "width": WIDTH, "height": _f(total_height),
        "style": STYLE_VALUES, "count": len(drawn),
        "first": drawn[0].when.display(), "last": (last_event.end or last_event.when).display(),
        "day_precision": drawn[0].when.precision == "day",
        "threads": sum(1 for lane in out_lanes if lane["thread"]),
        "axis": {"ticks": [_line(scale.x(d), AXIS_TOP, scale.x(d), LANES_TOP,
                                 "pt-svg-grid" + ("-year" if year else "")) for d, year in ticks],
                 "labels": axis_labels},
        "gaps": gaps, "today": today_part, "lanes": out_lanes,
    }


def timeline_svg(catalog: Catalog, events: Sequence[Event], *, page_path: str, urls: Urls,
                 lanes: Sequence[str] | None = None, title: str, ident: str | None = None,
                 year_pages: bool = False, env: jinja2.Environment | None = None) -> str:
    """`strip_parts` drawn by the template `partials/svg.html` (the `<svg>` alone);
    "" when there is nothing to draw."""
    parts = strip_parts(catalog, events, page_path=page_path, urls=urls, lanes=lanes,
                        title=title, ident=ident, year_pages=year_pages)
    if parts is None:
        return ""
    return (env or environment()).get_template("partials/svg.html").render(svg=parts).strip()
