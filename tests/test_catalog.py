"""The catalog: indexes, derived facts and cross-file rules."""

from __future__ import annotations

import pytest

from policy_timeline.catalog import DEADLINE_STATUSES, load_catalog, normalise_url, source_anchor
from policy_timeline.errors import RecordsInvalid

from .conftest import TODAY, VALID


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(VALID, today=TODAY)


def test_events_are_sorted_by_honest_date(catalog):
    ids = [e.id for e in catalog.events]
    # days, then the month, then the year, then "circa" the year; the id breaks ties
    assert [i for i in ids if i.startswith("2023")] == [
        "2023-06-13-mistral-seed", "2023-06-14-parliament-adopts-position",
        "2023-12-06-final-trilogue", "2023-12-06-trilogue", "2023-12-08-provisional-agreement",
        "2023-12-mistral-series-a", "2023-mistral-founded", "2023-ai-act-debates"]
    # by the date, not by the id: 21 May 2024 comes before "May 2024"
    assert ids.index("2024-08-01-ai-act-adoption") < ids.index("2024-05-model-released")
    assert ids[:2] == ["2021-04-21-ai-act-proposal", "2021-04-21-commission-proposal"]
    assert ids[-1] == "2099-12-02-high-risk-rules-apply"


def test_indexes(catalog):
    assert [e.id for e in catalog.by_thread["azure-deal"]] == [
        "2024-02-26-partnership", "2024-02-28-mensch-restates-open-weights",
        "2024-02-commission-reaction", "2024-microsoft-stake"]
    assert catalog.by_thread["quiet"] == ()
    assert list(catalog.by_year) == [2021, 2023, 2024, 2025, 2026, 2027, 2028, 2099]
    roles = {e.id: r for e, r in catalog.by_entity["microsoft"]}
    assert roles == {"2024-02-26-partnership": ("partner", "investor"),  # and in the money
                     "2024-02-26-microsoft-mistral": ("partner",),
                     "2024-microsoft-stake": ("investor",)}
    assert catalog.files["2024-02-26-partnership"] == "2024/2024-02-26-partnership.yaml"


def test_threads_keep_their_registry_order_by_order_then_id(catalog):
    # ordered ones first; open-weights and quiet (no order) by id, not by their place in the file
    assert list(catalog.threads) == ["ai-act", "mistral-funding", "funding", "azure-deal",
                                     "open-weights", "quiet"]


def test_relations_show_on_both_sides(catalog):
    out = catalog.links["2024-02-commission-reaction"]
    back = catalog.links["2024-02-26-partnership"]
    assert [(l.label, l.other, l.outgoing) for l in out] == [
        ("responds to", "2024-02-26-partnership", True)]
    assert [(l.label, l.other, l.outgoing) for l in back] == [
        ("follows", "2023-12-mistral-series-a", True),
        ("prompted", "2024-02-28-mensch-restates-open-weights", False),
        ("prompted", "2024-02-commission-reaction", False),
        ("includes", "2024-microsoft-stake", False)]


def test_reschedules_are_indexed_on_the_event_that_moved_them(catalog):
    assert catalog.moved["2025-11-19-digital-omnibus-proposed"] == (
        "2027-08-02-high-risk-rules-apply",)
    assert "2024-02-commission-reaction" not in catalog.moved
    assert [e.id for e in catalog.upcoming()] == [
        "2027-03-guidelines-due", "2027-08-02-gpai-deadline", "2027-08-02-high-risk-rules-apply",
        "2026-08-02-high-risk-rules-apply", "2028-review", "2099-08-02-sandboxes",
        "2099-12-02-high-risk-rules-apply"]  # by date, not by id; the cancelled one left out


def test_neighbours_in_a_thread(catalog):
    prev, nxt = catalog.neighbours("2024-02-26-partnership", "azure-deal")
    assert prev is None and nxt.id == "2024-02-28-mensch-restates-open-weights"
    prev, nxt = catalog.neighbours("2024-02-commission-reaction", "azure-deal")
    assert prev.id == "2024-02-28-mensch-restates-open-weights"
    assert nxt.id == "2024-microsoft-stake"


def test_co_entities(catalog):
    # the partnership, Microsoft's stake and the export records' partnership
    assert catalog.co_entities("microsoft") == [("mistral-ai", 3)]


def test_one_source_per_normalised_url(catalog):
    entry = catalog.source_entry("https://example.org/news/partnership")
    # the stake cites it with a tracking parameter: still the same source
    assert entry.citing == ("2024-02-26-partnership", "2024-02-commission-reaction",
                            "2024-microsoft-stake")
    assert len(catalog.sources) == len({normalise_url(s.url) for e in catalog.events
                                        for s in e.sources}) < sum(len(e.sources)
                                                                   for e in catalog.events)
    assert entry.anchor == source_anchor(entry.key)


@pytest.mark.parametrize("a,b", [
    ("https://www.Example.org/a/", "http://example.org/a"),
    ("https://example.org/a?utm_source=x&b=1", "https://example.org/a?b=1"),
    ("https://example.org:443/a#frag", "https://example.org/a"),
])
def test_normalise_url(a, b):
    assert normalise_url(a) == normalise_url(b)


def test_query_order_does_not_matter_but_values_do():
    assert normalise_url("https://e.org/?a=1&b=2") == normalise_url("https://e.org/?b=2&a=1")
    assert normalise_url("https://e.org/?a=1") != normalise_url("https://e.org/?a=2")


def test_relation_cycles_are_errors(records):
    root = records({
        "2024/2024-02-26-partnership.yaml": (VALID / "2024/2024-02-26-partnership.yaml")
        .read_text().replace("relations:\n",
                             "relations:\n  - {type: follows, event: 2024-02-commission-reaction}\n"),
        "2024/2024-02-commission-reaction.yaml": (VALID / "2024/2024-02-commission-reaction.yaml")
        .read_text().replace("responds-to", "follows"),
    })
    with pytest.raises(RecordsInvalid) as info:
        load_catalog(root, today=TODAY)
    assert any("form a cycle" in p.message for p in info.value.problems)


def test_duplicate_entity_across_registries(records):
    root = records({"more/entities.yaml": "microsoft:\n  name: Microsoft\n  type: company\n"
                                          "  description: Again.\n"})
    with pytest.raises(RecordsInvalid) as info:
        load_catalog(root, today=TODAY)
    [problem] = info.value.problems
    assert problem.field == "microsoft" and "duplicate entity id" in problem.message
    assert problem.line == 1


def test_missing_folder_is_a_clean_error(tmp_path):
    with pytest.raises(RecordsInvalid, match="does not exist"):
        load_catalog(tmp_path / "nope")


def test_strict_turns_warnings_into_errors(records):
    text = (VALID / "2027/2027-08-02-high-risk-rules-apply.yaml").read_text()
    root = records({"2027/2027-08-02-high-risk-rules-apply.yaml": text.replace(
        "last_verified: 2026-11-20\n", "")})
    assert load_catalog(root, today=TODAY).warnings
    with pytest.raises(RecordsInvalid) as info:
        load_catalog(root, today=TODAY, strict=True)
    assert [p.severity for p in info.value.problems] == ["error"]


# ---------------------------------------------------------------------------------------
# Relative links in record text, reported at the record (not at a generated page)

PARTNERSHIP = "2024/2024-02-26-partnership.yaml"


STAKE = "  stake [2]. Read the [announcement](https://example.com/blog/partnership).\n"
LINE = (VALID / PARTNERSHIP).read_text(encoding="utf-8").splitlines(True).index(STAKE) + 2
"""The line of the summary the tests add (just after STAKE)."""


def _with_summary(second_line: str) -> dict[str, str]:
    text = (VALID / PARTNERSHIP).read_text(encoding="utf-8")
    assert text.count(STAKE) == 1
    return {PARTNERSHIP: text.replace(STAKE, f"{STAKE}  {second_line}\n")}


def _link_problems(records, changes):
    from policy_timeline.catalog import check_folder

    root = records(changes)
    catalog, problems = check_folder(root, today=TODAY)
    return root, catalog, [p for p in problems if "link" in p.message]


@pytest.mark.parametrize("link", [
    "../events/2024-02-commission-reaction.md", "2024-02-commission-reaction.md",
    "../entities/microsoft.md", "../events/2024-02-commission-reaction.md#source-1",
    "#sources", "#source-2", "../threads/ai-act.md", "../timeline/2027.md",
    "../timeline/index.md", "../index.md", "../sources.md", "../data/index.md",
    "../data/events.csv", "../feeds/all.atom",
])
def test_relative_links_to_pages_made_from_the_records_are_valid(records, link):
    _, catalog, problems = _link_problems(records, _with_summary(f"See [this]({link})."))
    assert catalog is not None and problems == []


@pytest.mark.parametrize(("link", "severity", "fragment", "hint"), [
    ("../nowhere.md", "warning", "goes to nowhere.md, which is not a page made from the records",
     "../events/<event id>.md"),
    ("../events/2024-02-comission-reaction.md", "error", "which no record makes",
     "did you mean '2024-02-commission-reaction.md'?"),
    ("../entities/openai.md", "error", "goes to entities/openai.md, which no record makes", ""),
    ("../timeline/2022.md", "error", "which no record makes", ""),  # no event in 2022
    ("../events/2024-02-commission-reaction/", "error", "does not name a page file", ".md"),
    ("/about/", "error", "is an absolute path", "relative to this page"),
    ("../entities/microsoft.md#events", "warning", "names the anchor #events", "without the"),
    ("#source-3", "warning", "names the anchor #source-3", "#sources"),
    ("../my%20page.md", "warning", "goes to my page.md", ""),
    ("../events/2024-02-commission-reaction.md?x=1", "warning", "cannot be a link on the page",
     "without spaces"),
])
def test_a_broken_relative_link_is_reported_at_the_records_line(records, link, severity,
                                                                fragment, hint):
    root, catalog, problems = _link_problems(
        records, _with_summary(f"It is [explained here]({link})."))
    assert [(p.path, p.line, p.field, p.severity) for p in problems] == [
        (str(root / PARTNERSHIP), LINE, "summary", severity)]
    assert fragment in problems[0].message and hint in problems[0].hint
    assert (catalog is None) == (severity == "error")


def test_a_broken_link_in_a_thread_introduction_is_located(records):
    lines = (VALID / "threads.yaml").read_text(encoding="utf-8").splitlines(True)
    line = lines.index("  introduction: Money.\n")
    lines[line] = "  introduction: \"Money, see [the firm](../entities/openai.md).\"\n"
    root, catalog, problems = _link_problems(records, {"threads.yaml": "".join(lines)})
    assert [(p.path, p.line, p.field, p.severity) for p in problems] == [
        (str(root / "threads.yaml"), line + 1, "funding.introduction", "error")]
    assert catalog is None


def test_check_reports_the_link_and_strict_fails_on_it(records):
    from click.testing import CliRunner

    from policy_timeline.cli import main

    root = records(_with_summary("See [the page](../nowhere.md)."))
    runner = CliRunner()
    loose = runner.invoke(main, ["check", str(root), "--today", TODAY.isoformat()])
    strict = runner.invoke(main, ["check", str(root), "--strict", "--today", TODAY.isoformat()])
    where = f"{root / PARTNERSHIP}:{LINE}:1: summary: "
    assert loose.exit_code == 0 and where + "warning: the link to '../nowhere.md'" in loose.output
    assert strict.exit_code == 1 and where in strict.output
    assert "Traceback" not in strict.output


# ---------------------------------------------------------------------------------------
# Today: a deadline whose date has passed is a state (overdue), never a problem

import datetime as dt  # noqa: E402

from policy_timeline.catalog import OVERDUE, is_overdue  # noqa: E402
from policy_timeline.dates import PartialDate  # noqa: E402

DEADLINE = "2027-08-02-high-risk-rules-apply"


@pytest.mark.parametrize("today, state", [
    (dt.date(2027, 8, 1), "rescheduled"), (dt.date(2027, 8, 2), "rescheduled"),
    (dt.date(2027, 8, 3), OVERDUE), (dt.date(2031, 1, 1), OVERDUE)])
def test_a_passed_deadline_is_overdue_from_the_next_day(today, state):
    catalog = load_catalog(VALID, today=today, strict=True)  # never a warning
    event = catalog.by_id[DEADLINE]
    assert catalog.state(event) == state
    assert catalog.today == today
    upcoming, overdue = [e.id for e in catalog.upcoming()], [e.id for e in catalog.overdue()]
    assert (DEADLINE in upcoming, DEADLINE in overdue) == (state != OVERDUE, state == OVERDUE)
    deadlines = [e.id for e in catalog.events if e.status in DEADLINE_STATUSES]
    assert sorted(upcoming + overdue) == sorted(deadlines)  # each deadline is one or the other
    assert catalog.state(catalog.by_id["2024-02-26-partnership"]) == "happened"


def test_without_a_today_nothing_is_overdue_and_the_clock_is_not_read():
    catalog = load_catalog(VALID)
    assert catalog.today is None and catalog.overdue() == ()
    assert DEADLINE in [e.id for e in catalog.upcoming()]
    assert [e.id for e in catalog.upcoming()] == [
        e.id for e in catalog.events if e.status in DEADLINE_STATUSES]


def test_partial_qualified_and_ranged_dates_pass_only_when_surely_passed(catalog):
    event = catalog.by_id[DEADLINE]

    def over(date: str, today: dt.date, qualifier=None, end=None, status="scheduled") -> bool:
        changed = event.model_copy(update={
            "date": PartialDate.parse(date), "qualifier": qualifier, "status": status,
            "end": PartialDate.parse(end) if end else None})
        return is_overdue(changed, today)

    assert not over("2026-12", dt.date(2026, 12, 31))  # "December 2026": maybe the 31st
    assert over("2026-12", dt.date(2027, 1, 1))
    assert not over("2026", dt.date(2026, 12, 31)) and over("2026", dt.date(2027, 1, 1))
    assert not over("2026-12-02", dt.date(2030, 1, 1), qualifier="circa")
    assert not over("2026-12-02", dt.date(2026, 12, 5), end="2026-12-10")
    assert over("2026-12-02", dt.date(2026, 12, 11), end="2026-12-10")
    assert not over("2026-12-02", dt.date(2030, 1, 1), status="happened")
    assert not over("2026-12-02", dt.date(2030, 1, 1), status="cancelled")
    assert not is_overdue(event, None)


def test_each_cross_file_rule_is_a_named_function_saying_what_it_checks():
    from policy_timeline import catalog as module

    rules = module.RULES + module.RULES_ONCE_VALID
    assert len({rule.__name__ for rule in rules}) == len(rules) >= 9
    for rule in rules:
        assert (rule.__doc__ or "").startswith("Rule"), rule.__name__


def test_check_loaded_runs_every_rule_and_a_rule_error_stops_the_catalog(monkeypatch):
    from policy_timeline import catalog as module
    from policy_timeline.errors import Problem
    from policy_timeline.loader import load_folder

    seen = []

    def extra(records):
        """Rule: a stand-in that records what it was given."""
        seen.append(sorted(records.events))
        return [Problem("x.yaml", 3, 1, "title", "stand-in error", "hint")]

    monkeypatch.setattr(module, "RULES", module.RULES + (extra,))
    loaded = load_folder(VALID)
    catalog, problems = module.check_loaded(loaded, TODAY)
    assert catalog is None
    assert seen == [sorted(e.id for e, _ in loaded.events)]
    assert Problem("x.yaml", 3, 1, "title", "stand-in error", "hint") in problems
    # without the stand-in, the same records give a catalog
    monkeypatch.setattr(module, "RULES", module.RULES[:-1])
    assert module.check_loaded(load_folder(VALID), TODAY)[0] is not None


SERIES_B = "2024/2024-06-mistral-series-b.yaml"


def test_a_round_nobody_raises_is_a_warning_until_raised_by_names_the_raiser(records):
    text = (VALID / SERIES_B).read_text(encoding="utf-8")
    assert "  role: company\n" in text  # a role that does not say who raises the money
    assert "  raised_by: mistral-ai\n" in text
    assert not load_catalog(records(), today=TODAY).warnings
    unnamed = records({SERIES_B: text.replace("  raised_by: mistral-ai\n", "")})
    warned = load_catalog(unnamed, today=TODAY).warnings
    assert [(p.path.endswith(SERIES_B), p.field, p.severity) for p in warned] == [
        (True, "money", "warning")]
    assert "money.raised_by" in warned[0].hint
