"""obligations: what applies when, with each date's history and the "kept its date" rule."""

from __future__ import annotations

import pytest

from policy_timeline.catalog import load_catalog
from policy_timeline.obligations import kept_through, obligations
from tests.helpers import RECORDS, write_tree

from .conftest import TODAY

ACT = "2026-06-29-omnibus-adopted"
MOVED = "2099-12-02-high-risk-rules-apply"
KEPT = "2099-08-02-sandboxes"


def _catalog(tmp_path, extra: dict[str, str] | None = None):
    write_tree(tmp_path, {**RECORDS, **(extra or {})})
    return load_catalog(tmp_path, today=TODAY)


def _deadline(title: str, date: str, threads: str = "[ai-act]", more: str = "") -> str:
    return f"""\
title: {title}
date: {date}
kind: application-date
status: scheduled
threads: {threads}
{more}summary: It applies [1].
sources:
  - url: https://example.org/news/{title.lower().replace(' ', '-')}
    title: {title}
    publisher: Example Press
    kind: press
    language: en
"""


def test_rows_give_the_first_date_the_current_date_and_the_move(tmp_path):
    rows = {ob.event.id: ob for ob in obligations(_catalog(tmp_path), "ai-act")}
    assert {KEPT, MOVED} <= set(rows)
    assert all(ob.event.kind == "application-date" for ob in rows.values())
    assert [ob.event.date for ob in rows.values()] == sorted(ob.event.date for ob in rows.values())
    moved = rows[MOVED]
    assert (moved.original.iso(), moved.current.iso()) == ("2098-08-02", "2099-12-02")
    assert [(m.was.iso(), m.to.iso(), m.by.id) for m in moved.moves] == [
        ("2098-08-02", "2099-12-02", ACT)]
    assert moved.kept == () and moved.state == "rescheduled"  # a moved date tells its history
    kept = rows[KEPT]
    assert kept.original == kept.current and kept.moves == ()
    assert ACT in [a.id for a in kept.kept]
    assert obligations(_catalog(tmp_path), "mistral-funding") == []


@pytest.mark.parametrize("case, record, kept", [
    ("same thread, after the act", _deadline("Later rule", "2099-01-01"), True),
    ("date before the act: it could not move it", _deadline("Early rule", "2026-06-01"), False),
    ("another thread", _deadline("Other rule", "2099-01-01", "[azure-deal]"), False),
    ("created by the act (related to it)", _deadline(
        "New rule", "2099-01-01", more=f"relations:\n  - {{type: follows, event: {ACT}}}\n"), False),
])
def test_kept_its_date_only_when_an_earlier_amending_act_of_its_thread_could_have_moved_it(
        tmp_path, case, record, kept):
    date = record.split("date: ", 1)[1][:10]
    catalog = _catalog(tmp_path, {f"{date[:4]}/{date}-extra-rule.yaml": record})
    event = next(e for e in catalog.events if e.title.endswith("rule"))
    assert (ACT in [a.id for a in kept_through(catalog, event)]) is kept, case


def test_no_amending_act_no_kept_date(tmp_path):
    records = {k: v for k, v in RECORDS.items() if "schedule_history" not in v}
    write_tree(tmp_path, records)
    catalog = load_catalog(tmp_path, today=TODAY)
    found = obligations(catalog)
    assert found and all(ob.kept == () for ob in found)
