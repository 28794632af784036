"""funding.py: an organisation's rounds, their chart's geometry, totals and roles."""

from __future__ import annotations

import dataclasses

import pytest

from policy_timeline import funding
from policy_timeline.catalog import load_catalog
from tests.helpers import RECORDS, write_tree

from .conftest import TODAY


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("funding-records")
    write_tree(root, RECORDS)
    return load_catalog(root, today=TODAY)


@pytest.fixture(scope="module")
def rounds(catalog):
    return funding.raised_rounds(catalog, "mistral-ai")


def test_rounds_are_the_money_events_the_entity_raised_in_date_order(rounds):
    assert [r.event.id for r in rounds] == [
        "2023-06-13-mistral-seed", "2023-12-mistral-series-a", "2024-06-mistral-series-b",
        "2024-microsoft-stake"]
    assert rounds[0].leads == ("lightspeed",)
    assert rounds[2].leads == ("general-catalyst",)
    assert rounds[3].investors == ("microsoft",)


def test_an_investor_has_no_rounds_of_its_own(catalog):
    assert funding.raised_rounds(catalog, "microsoft") == []
    assert funding.raised_rounds(catalog, "lightspeed") == []


@pytest.mark.parametrize("role, raises", [
    ("company raising funds", True), ("borrower", True), ("company receiving the investment", True),
    ("lender", False), ("chip supplier", False), ("chief financial officer, joins the board", False),
    ("reported convertible-debt provider", False), ("investor receiving shares", False)])
def test_only_a_participant_raising_the_money_has_the_round(catalog, role, raises):
    seed = catalog.by_id["2023-06-13-mistral-seed"]
    event = seed.model_copy(update={"participants": [
        seed.participants[0].model_copy(update={"role": role})]})
    assert funding._is_raiser(event, "mistral-ai") is raises
    assert funding.raisers(catalog, [event]) == (["mistral-ai"] if raises else [])


def test_figures_keep_the_recorded_currency_and_flags(rounds):
    seed, series_a, series_b, stake = rounds
    assert (seed.amount.text, seed.amount.currency) == ("EUR 105 million", "EUR")
    assert seed.valuation.text == "about EUR 240 million" and seed.basis == "post-money"
    assert series_a.amount.text == "about EUR 385 million" and series_a.amount.approximate
    assert series_b.amount.text == "about EUR 600 million" and series_b.valuation is None
    assert stake.amount.text == "at least USD 16 million" and stake.amount.at_least


def test_a_figure_is_cited_by_the_summary_sentence_that_states_it(rounds):
    seed, series_a, series_b, stake = rounds
    # "Mistral AI raised EUR 105 million [1], reported in dollars as USD 113 million [2]."
    assert seed.amount.cites == (1, 2)
    assert series_a.amount.cites == (1,)
    assert series_b.amount.cites == (1,)
    assert stake.amount.cites == (1,)


def test_a_figure_no_sentence_states_falls_back_to_its_disagreement(catalog):
    event = catalog.by_id["2023-06-13-mistral-seed"]
    assert funding.figure_cites(event, "USD", 113000000, "money.amount") == (1, 2)
    # a figure nowhere stated: the disagreement's claims stating it, else all its claims
    assert funding.figure_cites(event, "EUR", 999000000, "money.amount") == (1, 2)
    assert funding.figure_cites(event, "EUR", 999000000, "money.valuation") == ()
    stated = event.model_copy(update={"summary": "No figure here [1]."})
    assert funding.figure_cites(stated, "USD", 113000000, "money.amount") == (2,)


def test_sentences_keep_their_trailing_markers():
    assert funding._sentences("A raised EUR 5 million [1][2]. B said so [3].") == [
        "A raised EUR 5 million [1][2].", " B said so [3]."]
    assert funding._sentences("It raised EUR 5 million.[1][2] Then more.") == [
        "It raised EUR 5 million.[1][2]", " Then more."]


def test_totals_add_up_only_one_exact_currency(rounds):
    mixed = funding.totals(rounds)
    assert mixed["total"] is None and mixed["currencies"] == ["EUR", "USD"]
    assert [r.amount.text for r in mixed["list"]] == [
        "EUR 105 million", "about EUR 385 million", "about EUR 600 million",
        "at least USD 16 million"]
    assert funding.totals(rounds[:1])["total"] == "EUR 105 million"
    approximate = funding.totals(rounds[:2])
    assert approximate["total"] is None and approximate["currencies"] == ["EUR"]


def test_totals_count_a_deal_once(rounds):
    early = dataclasses.replace(rounds[0], superseded_by=rounds[1].event.id)
    found = funding.totals([early, rounds[1]])
    assert found["count"] == 1 and [r.event.id for r in found["list"]] == [rounds[1].event.id]


def test_roles_are_counted_per_event(catalog):
    # Microsoft invests in two events, one naming it twice (participant and money
    # investor): counted once per event
    assert dict(funding.roles_counted(catalog.by_entity["microsoft"]))["investor"] == 2
    counted = dict(funding.roles_counted(catalog.by_entity["mistral-ai"]))
    assert counted["company raising funds"] == 3
    assert counted["founded"] == 1


def test_the_funding_thread_is_the_one_about_money(catalog):
    assert funding.is_funding_thread(catalog.by_thread["mistral-funding"])
    assert not funding.is_funding_thread(catalog.by_thread["ai-act"])
    assert funding.raisers(catalog, catalog.by_thread["mistral-funding"]) == ["mistral-ai"]


HREFS = {"2023-06-13-mistral-seed": "../../events/seed/",
         "2023-12-mistral-series-a": "../../events/a/",
         "2024-06-mistral-series-b": "../../events/b/", "2024-microsoft-stake": None}


def test_chart_points_link_to_their_events_in_time_order(rounds):
    c = funding.chart(rounds, HREFS, "Money")
    amounts, valuations = c["panels"]
    assert [p.href for p in amounts["points"]] == [
        "../../events/seed/", "../../events/a/", "../../events/b/", None]
    xs = [p.x for p in amounts["points"]]
    assert xs == sorted(xs) and funding.LEFT <= xs[0] and xs[-1] <= funding.RIGHT
    assert amounts["points"][0].title.startswith("13 June 2023 — EUR 105 million: ")
    assert [p.href for p in valuations["points"]] == ["../../events/seed/"]


def test_chart_heights_follow_the_amounts_on_a_zero_based_scale(rounds):
    panel = funding.chart(rounds, HREFS, "Money")["panels"][0]
    seed, series_a, series_b, stake = panel["points"]
    bottom = panel["bottom"]
    assert series_b.y < series_a.y < seed.y < stake.y < bottom  # 600 > 385 > 105 > 16 million
    ratio = (bottom - seed.y) / (bottom - series_a.y)
    assert ratio == pytest.approx(105 / 385, abs=0.01)
    assert panel["ticks"][0] == {"y": bottom, "label": "0"}
    assert max(t["y"] for t in panel["ticks"]) == bottom and min(t["y"] for t in panel["ticks"]) <= series_b.y


def test_chart_keeps_currencies_apart_and_says_so(rounds):
    c = funding.chart(rounds, HREFS, "Money")
    assert c["mixed"] == ["EUR", "USD"]
    shapes = {p.currency: p.shape for p in c["panels"][0]["points"]}
    assert shapes["EUR"] != shapes["USD"]
    assert "never converted" in c["desc"]
    one = funding.chart(rounds[:2], HREFS, "Money")
    assert one["mixed"] is None and "(EUR)" in one["desc"]


def test_approximate_and_minimum_figures_are_hollow(rounds):
    points = funding.chart(rounds, HREFS, "Money")["panels"][0]["points"]
    assert [p.hollow for p in points] == [False, True, True, True]


def test_labels_overlap_no_mark_and_no_other_label(rounds):
    near = [dataclasses.replace(r, amount=dataclasses.replace(r.amount, amount=100_000_000))
            for r in rounds]
    for chosen in (rounds, near):
        points = funding.chart(chosen, HREFS, "Money")["panels"][0]["points"]
        marks = [(p.x - funding.POINT_R, p.x + funding.POINT_R, p.y - funding.POINT_R,
                  p.y + funding.POINT_R) for p in points]
        labels = [funding.label_box(p) for p in points if p.label]
        for i, a in enumerate(labels):
            assert not any(funding._overlaps(a, m) for m in marks), a
            assert not any(funding._overlaps(a, b) for b in labels[i + 1:]), a
            assert funding.LEFT - 4 <= a[0] and a[1] <= funding.WIDTH, a
    assert all(p.label for p in funding.chart(rounds, HREFS, "Money")["panels"][0]["points"])


def test_a_superseded_report_is_left_out_of_the_chart(rounds):
    early = dataclasses.replace(rounds[0], superseded_by=rounds[1].event.id)
    c = funding.chart([early, rounds[1]], HREFS, "Money")
    assert [p.href for p in c["panels"][0]["points"]] == ["../../events/a/"]
    assert funding.chart([early], HREFS, "Money") is None


# -- on a built site ---------------------------------------------------------------------


@pytest.mark.build
def test_built_entity_page_starts_with_the_overview_and_the_chart(built_site):
    import re

    from tests.helpers import page

    _, site, _ = built_site
    html = page(site, "entities/mistral-ai/")
    overview = html.index('id="overview"')
    chart = html.index('<figure class="pt-funding-chart">')
    table = html.index('<table class="pt-funding-table">')
    events = html.index('id="events-10"')
    assert overview < chart < table < events
    svg = html[chart:table]
    # every point is a real link to an event page that the build wrote
    hrefs = re.findall(r'<a href="([^"]+)" aria-label="', svg)
    assert hrefs and all(h.startswith("../../events/") for h in hrefs)
    for href in hrefs:
        assert (site / "entities" / "mistral-ai" / href / "index.html").resolve().is_file(), href
    assert "<title id=" in svg and "<desc id=" in svg and "never converted" in svg
    # the figures are cited: markers link the event page's numbered source, which exists
    cites = re.findall(r'<a href="(\.\./\.\./events/[^"#]+/)#(source-\d+)"', html[table:events])
    assert cites
    for href, anchor in cites:
        target = (site / "entities" / "mistral-ai" / href / "index.html").resolve()
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), (href, anchor)
    thread = page(site, "threads/mistral-funding/")
    assert '<figure class="pt-funding-chart">' in thread and "Lead investors" in thread



def test_money_raised_by_names_the_raiser_when_no_role_says_so(catalog):
    series_b = catalog.by_id["2024-06-mistral-series-b"]
    assert series_b.participants[0].role == "company"  # a role that does not say it raises
    assert funding._is_raiser(series_b, "mistral-ai") is True  # money.raised_by says so
    unnamed = series_b.model_copy(update={"money": series_b.money.model_copy(
        update={"raised_by": None})})
    assert funding._is_raiser(unnamed, "mistral-ai") is False
    assert funding.raisers(catalog, [unnamed]) == []
