"""The build-time SVG timeline: structure, honesty of dates, links, escaping, embedding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
import pytest

from policy_timeline import svg as svg_module
from policy_timeline.catalog import Catalog, event_sort_key, load_catalog
from policy_timeline.models import Event, Thread
from policy_timeline.options import SiteOptions
from policy_timeline.svg import timeline_svg
from policy_timeline.urls import Urls

from .conftest import TODAY, VALID

NS = {"s": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"
SOURCE = {"url": "https://example.org/a", "title": "A page", "publisher": "Example",
          "kind": "press", "language": "en"}
NASTY = "Vote on <script>alert('x')</script> & \"quotes\" ]]> 'too'"


def event(id: str, date: str | int, threads: list[str] = (), **fields) -> Event:
    return Event.model_validate({
        "id": id, "title": fields.pop("title", f"Title of {id}"), "date": date, "kind": "other",
        "summary": "Said so [1].", "sources": [SOURCE], "threads": list(threads), **fields,
    })


def thread(id: str, title: str, order: int) -> Thread:
    return Thread.model_validate(
        {"id": id, "title": title, "introduction": "About.", "order": order})


def make_catalog(events: list[Event], threads: list[Thread]) -> Catalog:
    return Catalog(
        events=tuple(sorted(events, key=event_sort_key)), entities={},
        threads={t.id: t for t in sorted(threads, key=lambda t: (t.order, t.id))},
        files={}, sources=(),
    )


THREADS = [thread("funding", "Funding rounds", 20), thread("ai-act", "The AI Act", 10),
           thread("unused", "Nothing here", 30)]
EVENTS = [
    event("2021-04-21-proposal", "2021-04-21", ["ai-act"]),
    event("2023-founding", 2023, ["funding"], qualifier="circa"),
    event("2023-10-06-trilogue", "2023-10-06", ["ai-act"], end="2023-10-08"),
    event("2024-02-26-deal", "2024-02-26", ["ai-act", "funding"]),
    event("2024-07-reaction", "2024-07", ["funding"]),
    event("2024-06-13-vote", "2024-06-13", ["ai-act"], title=NASTY),
    event("2024-05-01-loose", "2024-05-01"),
    event("2026-08-02-transparency", "2026-08-02", ["ai-act"], status="scheduled"),
    event("2027-12-02-high-risk", "2027-12-02", ["ai-act"], status="rescheduled",
          schedule_history=[{"was": "2026-08-02"}, {"was": "2031-01-01"}]),
]
CATALOG = make_catalog(EVENTS, THREADS)
PAGE = "timeline/index.md"


def draw(events=None, catalog=CATALOG, **kwargs) -> str:
    kwargs.setdefault("page_path", PAGE)
    kwargs.setdefault("urls", Urls())
    kwargs.setdefault("title", "The whole timeline")
    return timeline_svg(catalog, catalog.events if events is None else events, **kwargs)


@pytest.fixture(scope="module")
def out() -> str:
    return draw()


@pytest.fixture(scope="module")
def root(out) -> ET.Element:
    return ET.fromstring(out)


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//s:a", NS)


def title_of(a: ET.Element) -> str:
    return a.find("s:title", NS).text


def mark_of(a: ET.Element) -> ET.Element:
    marks = [el for el in a if "pt-svg-mark" in el.get("class", "").split()]
    assert len(marks) == 1, ET.tostring(a)
    return marks[0]


def extent(el: ET.Element) -> tuple[float, float]:
    """(left, right) of a mark in viewBox units."""
    if el.tag == S + "circle":
        cx, r = float(el.get("cx")), float(el.get("r"))
        return cx - r, cx + r
    if el.tag == S + "rect":
        x = float(el.get("x"))
        return x, x + float(el.get("width"))
    xs = [float(p.split(",")[0]) for p in el.get("points").split()]
    return min(xs), max(xs)


def centre(el: ET.Element) -> float:
    left, right = extent(el)
    return (left + right) / 2


def lane_lists(root: ET.Element) -> dict[str, list[ET.Element]]:
    """Lane label text -> its links, in document order."""
    return {g.get("aria-label"): g.findall(".//s:a", NS)
            for g in root.iter(S + "g") if g.get("role") == "list"}


# -- structure and accessibility ------------------------------------------------------------


def test_is_one_parseable_svg_group_labelled_and_described(root):
    assert root.tag == S + "svg"
    assert root.get("role") == "group"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 1000 ")
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert ids[root.get("aria-labelledby")].text == "The whole timeline"
    desc = ids[root.get("aria-describedby")].text
    assert desc.startswith("9 events from 21 April 2021 to 2 December 2027 in 2 threads.")
    assert "The AI Act (6); Funding rounds (3); Other (1)" in desc


def test_ids_are_unique_and_every_reference_resolves(out, root):
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("pt-svg-the-whole-timeline-") for i in ids)
    for el in root.iter():
        for attr in ("aria-labelledby", "aria-describedby"):
            if el.get(attr):
                assert set(el.get(attr).split()) <= set(ids)


def test_two_svgs_on_one_page_do_not_share_ids():
    def ids(text):
        return {el.get("id") for el in ET.fromstring(text).iter() if el.get("id")}

    a, b = draw(title="Same title", ident="first"), draw(title="Same title", ident="second")
    assert not ids(a) & ids(b)
    assert ids(draw(title="A <b> title!")) and all(
        re.fullmatch(r"pt-svg-a-b-title-[a-z0-9-]+", i) for i in ids(draw(title="A <b> title!")))


def test_lanes_follow_thread_order_with_other_last_and_no_empty_thread(root):
    assert list(lane_lists(root)) == ["The AI Act", "Funding rounds", "Other"]
    lane_labels = [t for t in root.iter(S + "text") if "pt-svg-lane-label" in t.get("class")]
    assert [t.text for t in lane_labels] == ["The AI Act", "Funding rounds", "Other"]


def test_one_link_per_event_and_lane(root):
    lanes = lane_lists(root)
    expected = sum(len(e.threads) or 1 for e in EVENTS)
    assert len(links(root)) == expected == 10
    deal = "../events/2024-02-26-deal/"
    assert [lane for lane, items in lanes.items() if any(a.get("href") == deal for a in items)] == [
        "The AI Act", "Funding rounds"]
    assert [a.get("href") for a in lanes["Other"]] == ["../events/2024-05-01-loose/"]
    # every link is a list item of its lane, and has a title: its accessible name
    for items in lanes.values():
        for a in items:
            assert title_of(a)


def test_hrefs_are_relative_to_the_page():
    for page, expected in [
        ("timeline/index.md", "../events/2021-04-21-proposal/"),
        ("index.md", "events/2021-04-21-proposal/"),
        ("threads/ai-act.md", "../../events/2021-04-21-proposal/"),
    ]:
        first = links(ET.fromstring(draw(page_path=page)))[0]
        assert first.get("href") == expected
    prefixed = Urls(SiteOptions(prefix="tl"))
    first = links(ET.fromstring(draw(page_path="tl/timeline/2024.md", urls=prefixed)))[0]
    assert first.get("href") == "../../events/2021-04-21-proposal/"


def test_titles_show_the_honest_display_date(root):
    titles = {a.get("href").split("/")[-2]: title_of(a) for a in links(root)}
    assert titles["2024-07-reaction"] == "July 2024 — Title of 2024-07-reaction"
    assert titles["2023-founding"] == "c. 2023 — Title of 2023-founding"
    assert titles["2023-10-06-trilogue"] == "6–8 October 2023 — Title of 2023-10-06-trilogue"
    assert titles["2026-08-02-transparency"].endswith("(scheduled)")
    assert titles["2027-12-02-high-risk"] == (
        "2 December 2027 — Title of 2027-12-02-high-risk"
        " (rescheduled; earlier date: 2 August 2026, 1 January 2031)")


def test_nasty_titles_end_up_inert(out, root):
    assert "<script" not in out
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    vote = next(a for a in links(root) if "2024-06-13-vote" in a.get("href"))
    assert title_of(vote) == f"13 June 2024 — {NASTY}"
    nasty_catalog = make_catalog(
        [event("2024-01-01-x", "2024-01-01", ["t"])], [thread("t", NASTY, 1)])
    nasty = draw(catalog=nasty_catalog, title=NASTY)
    tree = ET.fromstring(nasty)
    assert "<script" not in nasty
    assert tree.find("s:title", NS).text == NASTY
    label = next(t for t in tree.iter(S + "text") if "pt-svg-lane-label" in t.get("class"))
    assert label.find("s:title", NS).text == NASTY  # the full name; the visible one is cut
    assert label.find("s:title", NS).tail.endswith("…")
    assert list(lane_lists(tree)) == [NASTY]  # the list of links is named in full


# -- the visual encoding --------------------------------------------------------------------


def test_precision_is_visible_a_month_is_a_bar_wider_than_a_day(root):
    marks = {a.get("href").split("/")[-2]: mark_of(a) for a in links(root)}
    day, month, year = marks["2024-02-26-deal"], marks["2024-07-reaction"], marks["2023-founding"]
    assert day.tag == S + "circle" and month.tag == S + "rect" and year.tag == S + "rect"
    width = lambda el: extent(el)[1] - extent(el)[0]  # noqa: E731
    assert width(month) > width(day)
    assert width(year) > width(month)
    # 2021, 2023, 2024, 2026, 2027 drawn to scale (1826 days); 2022 and 2025 are breaks
    axis = svg_module.X1 - svg_module.X0 - 2 * svg_module.YEAR_GAP
    assert width(year) == pytest.approx(axis * 365 / 1826, abs=0.2)
    # on a short axis a month is drawn at its true width, about 29 days of 2024's 366
    short = ET.fromstring(draw([e for e in CATALOG.events if e.date.year == 2024]))
    bar = next(mark_of(a) for a in links(short) if "2024-07-reaction" in a.get("href"))
    assert width(bar) > 60
    assert "pt-svg-range" in month.get("class")  # light fill, solid outline
    assert "pt-svg-circa" in year.get("class")  # dashed outline
    assert "pt-svg-solid" in day.get("class")
    # July comes after 13 June, drawn in another lane on the same axis
    assert centre(marks["2024-06-13-vote"]) < centre(month)


def test_periods_are_bars_and_deadlines_hollow(root):
    marks = {a.get("href").split("/")[-2]: (a, mark_of(a)) for a in links(root)}
    _, period = marks["2023-10-06-trilogue"]
    assert period.tag == S + "rect" and "pt-svg-solid" in period.get("class")
    _, scheduled = marks["2026-08-02-transparency"]
    assert "pt-svg-hollow" in scheduled.get("class")
    _, rescheduled = marks["2027-12-02-high-risk"]
    assert "pt-svg-hollow" in rescheduled.get("class")
    # the earlier date is drawn beside the lane's links (not a link of its own)
    was = [el for el in root.iter() if el.get("class") == "pt-svg-was"]
    dashes = [el for el in root.iter() if el.get("class") == "pt-svg-moved"]
    assert len(was) == len(dashes) == 1  # 2031 is outside the axis: not drawn
    assert abs(centre(was[0]) - centre(scheduled)) < 1  # both 2 August 2026
    assert float(dashes[0].get("x2")) == pytest.approx(centre(rescheduled), abs=0.1)


def test_marks_go_left_to_right_by_date(root):
    for lane, items in lane_lists(root).items():
        days = [a for a in items if len(a.get("data-date")) == 10]
        centres = [centre(mark_of(a)) for a in days]
        assert centres == sorted(centres) and len(set(centres)) == len(centres), lane
    ai_act = lane_lists(root)["The AI Act"]
    assert [a.get("data-date") for a in ai_act] == [
        "2021-04-21", "2023-10-06", "2024-02-26", "2024-06-13", "2026-08-02", "2027-12-02"]


def test_axis_has_years_or_months_as_the_span_needs(root):
    def labels(tree):
        return [t.text for t in tree.iter(S + "text") if "pt-svg-tick-label" in t.get("class")]

    assert labels(root)[:3] == ["2021", "2023", "2024"]  # 2022 has no event: a break
    year = ET.fromstring(draw([e for e in CATALOG.events if e.date.year == 2024]))
    assert labels(year)[0] == "Feb 2024" and "Mar" in labels(year)
    long = make_catalog([event(f"{y}-01-01-e", f"{y}-01-01", ["t"]) for y in (1900, 2020)],
                        [thread("t", "Long", 1)])
    assert labels(ET.fromstring(draw(catalog=long))) == ["1900", "2020"]  # 1901-2019: a break
    decades = make_catalog([event(f"{y}-01-01-e", f"{y}-01-01", ["t"]) for y in range(1900, 2021)],
                           [thread("t", "Long", 1)])
    every = labels(ET.fromstring(draw(catalog=decades)))
    assert every[:3] == ["1900", "1910", "1920"]
    assert all(int(y) % 10 == 0 for y in every)


def _luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_lane_colours_have_enough_contrast():
    for colour in svg_module.PALETTE + (svg_module.OTHER_COLOUR, svg_module.CANCELLED_COLOUR):
        assert contrast(colour, "#ffffff") >= 4.5 and contrast(colour, "#f3f4f6") >= 3
    for colour in (svg_module.TEXT, svg_module.AXIS_TEXT):
        assert contrast(colour, "#f3f4f6") >= 4.5
    # the strip is never narrower than MIN_PX (phones scroll it): text at least 12 px
    assert svg_module.FONT * svg_module.MIN_PX / svg_module.WIDTH >= 12


def test_focus_is_visible_and_there_is_no_script(out):
    assert ":focus-visible .pt-svg-hit{stroke:" in out
    assert "javascript:" not in out and " on" not in re.sub(r">[^<]*<", "><", out)


# -- options ------------------------------------------------------------------------------


def test_lanes_can_be_chosen_and_unknown_lanes_are_refused():
    tree = ET.fromstring(draw(lanes=["funding"]))
    assert list(lane_lists(tree)) == ["Funding rounds", "Other"]
    empty = ET.fromstring(draw(lanes=["unused", "ai-act"]))
    assert list(lane_lists(empty)) == ["Nothing here", "The AI Act", "Other"]
    assert lane_lists(empty)["Nothing here"] == []
    with pytest.raises(ValueError, match="no-such-thread"):
        draw(lanes=["no-such-thread"])


def test_nothing_to_draw_gives_an_empty_string():
    assert draw([]) == ""
    only_ai_act = [e for e in CATALOG.events if e.threads == ["ai-act"]]
    assert draw(only_ai_act, lanes=["funding"]) == ""


def test_a_single_event_gives_a_small_valid_svg():
    one = make_catalog([event("2024-02-26-one", "2024-02-26")], [])
    out = draw(catalog=one)
    tree = ET.fromstring(out)
    assert len(links(tree)) == 1
    assert "1 event on 26 February 2024. Lanes: Other (1)." in out
    height = float(tree.get("viewBox").split()[3])
    assert height < 200


# -- output form ----------------------------------------------------------------------------


def test_deterministic(out):
    assert draw() == out
    assert draw(list(reversed(CATALOG.events))) == out  # order of the input does not matter


def test_no_blank_lines_no_indented_lines(out):
    lines = out.split("\n")
    assert all(line.strip() for line in lines)
    assert not [line for line in lines if line[:1].isspace()]
    assert "\r" not in out and "\t" not in out


def test_numbers_have_one_decimal(out):
    for name, value in re.findall(r' (x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"%]+)"', out):
        assert re.fullmatch(r"-?\d+(\.\d)?", value), (name, value)


def test_survives_markdown_as_a_raw_html_block(out):
    """Embedded in a `<div>` without `markdown="1"` (that would parse the SVG as Markdown)."""
    text = f"Before.\n\n<div class=\"timeline\">\n{out}\n</div>\n\nAfter."
    assert out in markdown.markdown(text)
    assert out in markdown.markdown(text, extensions=["md_in_html", "attr_list"])


def test_thousands_of_events_stay_bounded():
    many = [event(f"{2000 + i % 25}-01-01-e{i}",
                  f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}", ["t"])
            for i in range(1500)]
    catalog = make_catalog(many, [thread("t", "Many", 1)])
    tree = ET.fromstring(draw(catalog=catalog))
    assert sum(int(a.get("data-count", 1)) for a in links(tree)) == 1500
    assert len(links(tree)) <= (svg_module.X1 - svg_module.X0) / svg_module.HIT + 1
    height = float(tree.get("viewBox").split()[3])
    assert height < 300


def test_the_fixture_records_draw(tmp_path):
    catalog = load_catalog(VALID, today=TODAY)
    out = timeline_svg(catalog, catalog.events, page_path="index.md", urls=Urls(), title="All")
    tree = ET.fromstring(out)
    marks = [a for a in links(tree) if "pt-svg-event" in a.get("class")]
    assert sum(int(a.get("data-count", 1)) for a in marks) == sum(
        len(e.threads) or 1 for e in catalog.events)
    assert all(a.get("href").startswith("events/") for a in links(tree))


def test_a_passed_unconfirmed_deadline_says_so_in_its_mark():
    import datetime as dt

    def title(today):
        catalog = load_catalog(VALID, today=today)
        tree = ET.fromstring(timeline_svg(catalog, catalog.events, page_path="index.md",
                                          urls=Urls(), title="All"))
        title = next(e.title for e in catalog.events if e.id == "2027-08-02-high-risk-rules-apply")
        return next(title_of(a) for a in links(tree)
                    if "pt-svg-event" in a.get("class") and title in title_of(a))

    assert "(rescheduled; earlier date: 2 August 2026)" in title(TODAY)
    assert "(date passed, not yet confirmed)" in title(dt.date(2027, 8, 3))


# -- a strip worth looking at (issue 12, item 4) ---------------------------------------------


def with_today(catalog: Catalog, today) -> Catalog:
    import dataclasses
    return dataclasses.replace(catalog, today=today)


def hits(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(S + "rect") if el.get("class") == "pt-svg-hit"]


def test_every_tap_area_is_at_least_24_css_px_at_the_least_width(root):
    assert svg_module.HIT * svg_module.MIN_PX / svg_module.WIDTH >= 24
    assert hits(root)
    for a in root.iter(S + "a"):
        (hit,) = [el for el in a if el.get("class") == "pt-svg-hit"]
        assert float(hit.get("width")) >= svg_module.HIT - 0.05
        assert float(hit.get("height")) >= svg_module.HIT - 0.05


def test_the_strip_never_shrinks_below_its_least_width_it_scrolls(out):
    assert f".pt-strip-scroll>.pt-svg-root{{min-width:{svg_module.MIN_PX}px}}" in out
    assert ".pt-strip-scroll{overflow-x:auto" in out


def test_close_marks_become_one_mark_with_the_count():
    crowd = [event(f"2024-{2 + i // 5:02d}-{1 + (i % 5) * 6:02d}-e{i}",
                   f"2024-{2 + i // 5:02d}-{1 + (i % 5) * 6:02d}", ["t"]) for i in range(16)]
    crowd += [event("2021-04-21-far", "2021-04-21", ["t"]), event("2027-01-05-late", "2027-01-05", ["t"])]
    catalog = make_catalog(crowd, [thread("t", "Crowd", 1)])
    tree = ET.fromstring(draw(catalog=catalog, year_pages=True))
    groups = [a for a in links(tree) if "pt-svg-group" in a.get("class")]
    assert len(groups) == 1
    (group,) = groups
    assert group.get("data-count") == "16"
    count = next(t for t in group.iter(S + "text") if t.get("class") == "pt-svg-count")
    assert count.text == "16"
    assert title_of(group).startswith("16 events from 1 February 2024 to 1 May 2024: ")
    assert "Title of 2024-02-01-e0" in title_of(group)
    assert group.get("href") == "2024/"  # the year page, from timeline/index.md
    # the far events keep their own marks; no two tap areas overlap
    assert len(links(tree)) == 3
    boxes = sorted((float(h.get("x")), float(h.get("x")) + float(h.get("width"))) for h in hits(tree))
    assert all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:]))
    # without year pages, a cluster opens its first event
    first = ET.fromstring(draw(catalog=catalog))
    group = next(a for a in links(first) if "pt-svg-group" in a.get("class"))
    assert group.get("href") == "../events/2024-02-01-e0/"


def test_empty_years_are_squeezed_into_a_break():
    records = [event("2016-05-01-early", "2016-05-01", ["t"])]
    records += [event(f"{y}-03-01-e", f"{y}-03-01", ["t"]) for y in range(2021, 2028)]
    tree = ET.fromstring(draw(catalog=make_catalog(records, [thread("t", "T", 1)])))
    gaps = [el for el in tree.iter(S + "rect") if el.get("class") == "pt-svg-gap"]
    assert len(gaps) == 1 and float(gaps[0].get("width")) <= svg_module.YEAR_GAP
    xs = {a.get("href").split("/")[-2]: centre(mark_of(a)) for a in links(tree)}
    # 2016 to 2021 is about one drawn year plus the break, not five years
    year = xs["2022-03-01-e"] - xs["2021-03-01-e"]
    assert xs["2021-03-01-e"] - xs["2016-05-01-early"] < year + svg_module.YEAR_GAP
    labels = [t.text for t in tree.iter(S + "text") if "pt-svg-tick-label" in (t.get("class") or "")]
    assert labels[:2] == ["2016", "2021"]


def test_today_is_a_labelled_line_and_follows_the_pinned_day():
    import datetime as dt
    out = draw(catalog=with_today(CATALOG, dt.date(2025, 6, 1)))
    tree = ET.fromstring(out)
    (line,) = [el for el in tree.iter(S + "line") if el.get("class") == "pt-svg-today"]
    label = next(t for t in tree.iter(S + "text") if t.get("class") == "pt-svg-today-label")
    assert label.text == "Today: 1 June 2025"
    marks = {a.get("data-date"): centre(mark_of(a)) for a in links(tree) if len(a.findall(
        "s:*[@class]", NS)) and any("pt-svg-mark" in (el.get("class") or "") for el in a)}
    assert marks["2023-10-06"] < float(line.get("x1")) < marks["2026-08-02"]
    assert "Today is 1 June 2025." in out
    assert out == draw(catalog=with_today(CATALOG, dt.date(2025, 6, 1)))  # deterministic
    later = draw(catalog=with_today(CATALOG, dt.date(2026, 1, 1)))
    later_line = next(el for el in ET.fromstring(later).iter(S + "line") if el.get("class") == "pt-svg-today")
    assert float(later_line.get("x1")) > float(line.get("x1"))
    assert "pt-svg-today" not in re.sub(r"<style>.*?</style>", "", draw())  # no today, no line
    # a today after every event widens the axis to show it
    beyond = ET.fromstring(draw(catalog=with_today(CATALOG, dt.date(2029, 3, 1))))
    years = [t.text for t in beyond.iter(S + "text") if "pt-svg-tick-label" in (t.get("class") or "")]
    assert years[-1] == "2029"


def key_catalog() -> Catalog:
    long = "A very long title of a turning point that goes on and on past any sensible length"
    records = [
        event("2021-04-21-proposal", "2021-04-21", ["t"], key=True, title="Commission proposal"),
        event("2021-05-02-next", "2021-05-02", ["t"], key=True, title="Right after it, also key"),
        event("2021-05-20-third", "2021-05-20", ["t"], key=True, title="A third key one nearby"),
        event("2022-06-01-plain", "2022-06-01", ["t"]),
        event("2024-06-13-vote", "2024-03-13", ["t"], key=True, title=long),
    ]
    return make_catalog(records, [thread("t", "T", 1)])


def test_key_events_are_labelled_in_rows_that_never_overlap():
    tree = ET.fromstring(draw(catalog=key_catalog()))
    labels = [a for a in links(tree) if a.get("class") == "pt-svg-key-label"]
    assert len(labels) == 4  # not the plain event
    assert {a.get("href") for a in labels} == {
        "../events/2021-04-21-proposal/", "../events/2021-05-02-next/",
        "../events/2021-05-20-third/", "../events/2024-06-13-vote/"}
    boxes = []
    for a in labels:
        (hit,) = [el for el in a if el.get("class") == "pt-svg-hit"]
        x, y = float(hit.get("x")), float(hit.get("y"))
        boxes.append((x, x + float(hit.get("width")), y, y + float(hit.get("height"))))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2], (a, b)
    rows_2021 = {b[2] for a, b in zip(labels, boxes) if "/2021-" in a.get("href")}
    assert len(rows_2021) == 3  # three labels a few days apart need three rows
    assert all(b[3] - b[2] >= svg_module.HIT for b in boxes)  # each a full tap area
    vote = next(a for a in labels if "vote" in a.get("href"))
    text = next(vote.iter(S + "text")).text
    assert text.endswith("…") and len(text) <= svg_module.MAX_KEY_LABEL
    assert title_of(vote) == "13 March 2024 — " + key_catalog().events[-1].title  # in full
    # labels stay inside the drawing
    assert all(0 <= b[0] and b[1] <= svg_module.WIDTH for b in boxes)


def test_without_key_events_there_are_no_labels(root):
    assert not [a for a in links(root) if a.get("class") == "pt-svg-key-label"]


def test_dark_mode_has_its_own_colours_with_enough_contrast(out):
    assert '[data-md-color-scheme="slate"] .pt-svg-root{--pt-bg:' + svg_module.DARK["bg"] in out
    assert "fill:#fff" not in out  # no white slab: the background is a variable

    dark = svg_module.DARK
    assert _luminance(dark["bg"]) < 0.05
    for colour in svg_module.PALETTE_DARK + (svg_module.OTHER_DARK, dark["cancelled"], dark["today"]):
        assert contrast(colour, dark["bg"]) >= 4.5 and contrast(colour, dark["band"]) >= 3, colour
    for name in ("text", "axis"):
        assert contrast(dark[name], dark["band"]) >= 4.5
    assert len(svg_module.PALETTE_DARK) == len(svg_module.PALETTE)


def test_the_legend_says_in_words_what_each_mark_means():
    from policy_timeline.svg import strip_parts
    from policy_timeline.templating import environment

    parts = strip_parts(CATALOG, CATALOG.events, page_path=PAGE, urls=Urls(), title="All")
    macro = environment().get_template("partials/strip.html").module.strip
    html = str(macro({"note": None, "svg": parts}))
    legend = html[html.index('<ul class="pt-strip-legend"'):]
    words = re.sub(r"<[^>]+>", " ", legend)
    for meaning in ("scheduled", "date moved", "period", "before a date", "approximate",
                    "too close to draw apart", "years without events", "today"):
        assert meaning in words, meaning
    assert "<script" not in html


def test_long_key_labels_are_cut_between_words():
    cut = svg_module._cut
    assert cut("Commission proposes the Digital Omnibus on AI", 32) == "Commission proposes the Digital…"
    assert cut("Obligations for general-purpose AI models apply", 32) == "Obligations for general-purpose…"
    assert cut("Short", 32) == "Short"
    assert len(cut("x" * 80, 32)) == 32
