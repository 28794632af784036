"""An organisation's money as data: its rounds, the chart of them, the figures of its overview.

Pure functions over the catalog; the templates `partials/funding_chart.html` and
`partials/funding_table.html` draw what these return. Amounts stay in the currency the
record gives: the chart keeps one series per currency and says when it mixes them; totals
are only added up when every round is in one currency and none is approximate.

A figure's citation markers are the sources the record gives for it: the markers of the
summary sentence stating it ("EUR 600 million", as `format_money` writes it), else those of
the claims of a disagreement about `money.amount` / `money.valuation` stating it (of all its
claims when none does). A figure no sentence states is
shown without marker rather than with a guessed one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from .catalog import Catalog
from .models import CITATION, MONEY_KINDS, Event
from .words import N_

__all__ = [
    "SAME_DEAL", "Figure", "Round", "format_amount", "format_money",
    "figure_cites", "raised_rounds", "is_funding_thread", "chart", "totals", "roles_counted",
]

# Relations saying two money events are one deal (an announcement and its closing).
SAME_DEAL = ("closes", "announces", "part-of")


def format_amount(value: float | int) -> str:
    """385000000 -> "385 million", 1.7e9 -> "1.7 billion", 1234567 -> "1,234,567"."""
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            scaled = round(value / size, 3)
            if math.isclose(scaled * size, value, rel_tol=0, abs_tol=0.5):
                number = f"{scaled:,.3f}".rstrip("0").rstrip(".")
                return f"{number} {word}"
            break
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_money(amount: float | int, currency: str, *, approximate: bool = False,
                 at_least: bool = False) -> str:
    """ "about EUR 385 million", "at least USD 2 billion": the currency kept as reported."""
    words = ("at least " if at_least else "") + ("about " if approximate else "")
    return f"{words}{currency} {format_amount(amount)}"


# ---------------------------------------------------------------------------------------
# Rounds

def _sentences(summary: str) -> list[str]:
    """The summary cut after each sentence's end and its trailing markers."""
    out, start = [], 0
    for m in re.finditer(r"[.!?]((?:\[\d{1,3}\])*)(?=\s+[A-Z\"“(]|\s*$)", summary):
        out.append(summary[start:m.end()])
        start = m.end()
    if summary[start:].strip():
        out.append(summary[start:])
    return out


def figure_cites(event: Event, currency: str, amount: float | int, field: str) -> tuple[int, ...]:
    """The source numbers the record gives for one figure (see the module's docstring)."""
    stated = re.compile(re.escape(f"{currency} {format_amount(amount)}") + r"(?![\d.,])")
    for sentence in _sentences(event.summary):
        if stated.search(" ".join(sentence.split())):
            numbers = [int(n) for n in CITATION.findall(sentence)]
            if numbers:
                return tuple(sorted(set(numbers)))
    claims = [v for d in event.disagreements if d.field == field for v in d.values]
    stating = [v for v in claims if stated.search(" ".join(v.value.split()))]
    return tuple(sorted({n for v in (stating or claims) for n in v.cite}))


@dataclass(frozen=True)
class Figure:
    """An amount as recorded, with its words and the sources that give it."""

    amount: float | int
    currency: str
    approximate: bool
    at_least: bool
    text: str
    cites: tuple[int, ...]


@dataclass(frozen=True)
class Round:
    event: Event
    shown: str  # the date as readers see it
    amount: Figure
    valuation: Figure | None
    basis: str | None  # "pre-money" / "post-money" when the record says so
    leads: tuple[str, ...]
    investors: tuple[str, ...]
    superseded_by: str | None  # a later event of the same deal (its figures are counted there)


def _is_raiser(event: Event, entity_id: str) -> bool:
    return entity_id in event.raisers()


def superseded_in(events: Sequence[Event], order: Mapping[str, int]) -> dict[str, str]:
    """{event id: the later event of the same deal among `events`} (announces, closes,
    part of: the later one's figures count, the earlier is a report of them)."""
    ids = {e.id for e in events}
    superseded: dict[str, str] = {}
    for e in events:
        for r in e.relations:
            if r.type in SAME_DEAL and r.event in ids:
                early, late = sorted((e.id, r.event), key=order.__getitem__)
                superseded[early] = late
    return superseded


def raised_rounds(catalog: Catalog, entity_id: str, events: Sequence[Event] | None = None,
                  language: str = "en") -> list[Round]:
    """The money events in which `entity_id` is the one raising (not an investor), in
    date order; of `events` when given (a thread's), else of every event naming it.
    Dates and amounts read in `language` (`l10n`)."""
    from .l10n import format_money as money, format_range
    pool = [e for e, _ in catalog.by_entity.get(entity_id, ())] if events is None else events
    chosen = [e for e in pool if _is_raiser(e, entity_id)]
    order = {e.id: i for i, e in enumerate(catalog.events)}
    superseded = superseded_in(chosen, order)
    out = []
    for e in chosen:
        m = e.money
        assert m is not None
        amount = Figure(m.amount, m.currency, m.approximate, m.at_least,
                        money(m.amount, m.currency, approximate=m.approximate,
                              at_least=m.at_least, language=language),
                        figure_cites(e, m.currency, m.amount, "money.amount"))
        valuation, basis = None, None
        if m.valuation:
            v = m.valuation
            valuation = Figure(v.amount, v.currency, v.approximate, False,
                               money(v.amount, v.currency, approximate=v.approximate,
                                     language=language),
                               figure_cites(e, v.currency, v.amount, "money.valuation"))
            basis = None if v.basis == "unspecified" else v.basis
        out.append(Round(e, format_range(e.when, e.end, language), amount, valuation, basis,
                         tuple(m.lead_investors), tuple(m.investors), superseded.get(e.id)))
    return out


def raisers(catalog: Catalog, events: Sequence[Event]) -> list[str]:
    """The entities raising money in `events`, most rounds first, then by id."""
    counts: Counter[str] = Counter()
    for e in events:
        if e.money and e.kind in MONEY_KINDS:
            counts.update({p.entity for p in e.participants if _is_raiser(e, p.entity)})
    return [x for x, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def is_funding_thread(events: Sequence[Event]) -> bool:
    """A thread about money: at least half of its events are rounds or investments."""
    money = sum(1 for e in events if e.money and e.kind in MONEY_KINDS)
    return money >= 2 and 2 * money >= len(events)


def totals(rounds: Sequence[Round], language: str = "en") -> dict[str, object]:
    """Money raised: one total when every counted round is in one currency and exact, else
    the rounds' amounts listed (never added across currencies or over approximations)."""
    from .l10n import format_money as money
    counted = [r for r in rounds if r.superseded_by is None]
    currencies = sorted({r.amount.currency for r in counted})
    exact = all(not r.amount.approximate and not r.amount.at_least for r in counted)
    if counted and len(currencies) == 1 and exact:
        total = sum(r.amount.amount for r in counted)
        return {"total": money(total, currencies[0], language=language), "count": len(counted),
                "list": []}
    return {"total": None, "count": len(counted), "currencies": currencies,
            "list": counted}


def roles_counted(roles: Sequence[tuple[Event, tuple[str, ...]]]) -> list[tuple[str, int]]:
    """("lead investor", 3): how many events name the entity in each role, most first."""
    counts: Counter[str] = Counter()
    for _, names in roles:
        counts.update({n.casefold() for n in names})
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# ---------------------------------------------------------------------------------------
# The chart's geometry, in viewBox units

WIDTH = 1000
LEFT, RIGHT = 136.0, 968.0  # the time axis
PANEL_TOP = 40.0  # first panel's top (its title sits above)
PANEL_H = 170.0
PANEL_GAP = 78.0  # room for the x axis labels and the next panel's title
BOTTOM = 40.0
POINT_R = 12.0  # a 24-unit target at least, plus its edge
CHAR = 12.5  # estimated glyph width of a label (22-unit text), for collision checks
LABEL_H = 18.0  # a label's height above its baseline
LINE = 24.0  # step between the baselines a label may take
SHAPES = ("circle", "square", "diamond", "triangle")  # one per currency, in order


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    href: str | None
    title: str  # "10 December 2023 — EUR 385 million: Mistral AI raises …"
    label: str | None  # the figure, drawn beside the point (None: no free room near it)
    label_x: float | None
    label_y: float | None
    anchor: str  # text-anchor of the label: start, middle or end
    currency: str
    shape: str
    hollow: bool  # approximate or "at least"


def _nice_step(span: float) -> float:
    """A round grid step giving about four lines over `span`."""
    raw = span / 4
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power  # pragma: no cover - the loop always returns


def _day(r: Round) -> float:
    when = r.event.when
    return (when.first_day().toordinal() + when.last_day().toordinal()) / 2


Box = tuple[float, float, float, float]  # x0, x1, y0, y1


def _overlaps(a: Box, b: Box) -> bool:
    return not (a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2])


def _place_label(taken: Sequence[Box], px: float, py: float, width: float, ceiling: float,
                 floor: float) -> tuple[float, float, str] | None:
    """Where the label of the mark at (px, py) goes: (x, baseline, text-anchor), the nearest
    free place (above, right, left, below, then a line further up or down) inside the panel
    and the axis, over no mark or label; None when there is none (the figure is still in
    the mark's title and in the table)."""
    def centred() -> tuple[float, str]:
        if px - width / 2 < LEFT:
            return px - POINT_R, "start"
        if px + width / 2 > RIGHT:
            return px + POINT_R, "end"
        return px, "middle"

    cx, canchor = centred()
    up, down = py - POINT_R - 6, py + POINT_R + LABEL_H + 2
    choices = [(cx, up, canchor), (px + POINT_R + 6, py + 7, "start"),
               (px - POINT_R - 6, py + 7, "end"), (px + POINT_R + 6, py - 4, "start"),
               (px - POINT_R - 6, py - 4, "end"), (cx, down, canchor)]
    choices += [(cx, up - k * LINE, canchor) for k in (1, 2)]
    choices += [(cx, down + k * LINE, canchor) for k in (1, 2)]
    for x, base, anchor in choices:
        x0 = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
        box = (x0, x0 + width, base - LABEL_H, base + 4)
        if (box[0] >= LEFT - 4 and box[1] <= WIDTH and box[2] >= ceiling and box[3] <= floor
                and not any(_overlaps(box, t) for t in taken)):
            return x, base, anchor
    return None


def label_box(p: "Point") -> Box | None:
    """The box a point's label takes (for checks), None when it has no label."""
    if p.label is None or p.label_x is None or p.label_y is None:
        return None
    width = CHAR * len(p.label)
    x0 = p.label_x - {"start": 0, "middle": width / 2, "end": width}[p.anchor]
    return (x0, x0 + width, p.label_y - LABEL_H, p.label_y + 4)


def chart(rounds: Sequence[Round], hrefs: dict[str, str | None], title: str,
          language: str = "en", gettext: Callable[[str], str] = str) -> dict[str, object] | None:
    """Two panels over one time axis: the amounts raised, then the valuations. Reports
    superseded by a later event of the same deal are left out (the table lists them).
    `hrefs` maps event ids to their page, relative to the page drawing the chart; its
    words are translated with `gettext` and its amounts read in `language`."""
    from .l10n import format_amount as amount_text
    _ = gettext
    drawn = [r for r in rounds if r.superseded_by is None]
    if not drawn:
        return None
    currencies = sorted({r.amount.currency for r in drawn}
                        | {r.valuation.currency for r in drawn if r.valuation})
    shape = {c: SHAPES[i % len(SHAPES)] for i, c in enumerate(currencies)}
    lo, hi = min(_day(r) for r in drawn), max(_day(r) for r in drawn)
    if hi - lo < 60:
        lo, hi = lo - 30, hi + 30
    pad = (hi - lo) * 0.04
    lo, hi = lo - pad, hi + pad

    def x(day: float) -> float:
        return round(LEFT + (day - lo) / (hi - lo) * (RIGHT - LEFT), 1)

    first, last = dt.date.fromordinal(int(lo)), dt.date.fromordinal(int(hi))
    years = [{"x": x(dt.date(y, 1, 1).toordinal()), "label": str(y), "start": False}
             for y in range(first.year + 1, last.year + 1)]
    if not years or years[0]["x"] - LEFT > 60:  # the first year's label at the axis start
        years.insert(0, {"x": LEFT, "label": str(first.year), "start": True})

    panels = []
    for n, (name, none, pick) in enumerate((
            (N_("Amount raised"), N_("No amount raised recorded."), lambda r: r.amount),
            (N_("Valuation"), N_("No valuation recorded."), lambda r: r.valuation))):
        top = PANEL_TOP + n * (PANEL_H + PANEL_GAP)
        figures = [(r, pick(r)) for r in drawn if pick(r) is not None]
        name = _(name)
        if not figures:
            panels.append({"title": name, "top": top, "bottom": top + PANEL_H, "ticks": [],
                           "points": [], "empty": _(none)})
            continue
        peak = max(f.amount for _, f in figures)
        step = _nice_step(peak)
        top_value = step * math.ceil(peak / step)

        def y(v: float, top: float = top, top_value: float = top_value) -> float:
            return round(top + PANEL_H - v / top_value * PANEL_H, 1)

        ticks = [{"y": y(k * step), "label": amount_text(k * step, language) if k else "0"}
                 for k in range(int(round(top_value / step)) + 1)]
        points: list[Point] = []
        placed = [(r, f, x(_day(r)), y(f.amount)) for r, f in figures]
        taken: list[Box] = [(px - POINT_R - 2, px + POINT_R + 2, py - POINT_R - 2,
                             py + POINT_R + 2) for _, _, px, py in placed]
        for r, f, px, py in placed:
            width = CHAR * len(f.text)
            found = _place_label(taken, px, py, width, top - 4, top + PANEL_H + 4)
            point = Point(px, py, hrefs.get(r.event.id), f"{r.shown} — {f.text}: {r.event.title}",
                          f.text if found else None, round(found[0], 1) if found else None,
                          round(found[1], 1) if found else None, found[2] if found else "middle",
                          f.currency, shape[f.currency], f.approximate or f.at_least)
            box = label_box(point)
            if box:
                taken.append(box)
            points.append(point)
        panels.append({"title": name, "top": top, "bottom": top + PANEL_H, "ticks": ticks,
                       "points": points, "empty": None})
    height = PANEL_TOP + 2 * PANEL_H + PANEL_GAP + BOTTOM
    mixed = len(currencies) > 1
    words = {"count": len(drawn), "first": drawn[0].shown, "last": drawn[-1].shown,
             "currencies": ", ".join(currencies)}
    if mixed:
        desc = _("%(count)s rounds from %(first)s to %(last)s; amounts and valuations in the"
                 " currency recorded (%(currencies)s, kept on separate series, never"
                 " converted); hollow marks are approximate. The table below gives the same"
                 " figures.") % words
    else:
        desc = _("%(count)s rounds from %(first)s to %(last)s; amounts and valuations in the"
                 " currency recorded (%(currencies)s); hollow marks are approximate. The table"
                 " below gives the same figures.") % words
    return {"width": WIDTH, "height": height, "title": title, "desc": desc,
            "left": LEFT, "right": RIGHT, "years": years, "panels": panels,
            "legend": [{"currency": c, "shape": shape[c]} for c in currencies],
            "mixed": currencies if mixed else None, "r": POINT_R}
