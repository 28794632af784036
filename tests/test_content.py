"""The repository's own records: the content promises of the site hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.models import CITATION, LEGISLATIVE_KINDS

from .conftest import TODAY

EVENTS = Path(__file__).resolve().parent.parent / "events"


@pytest.fixture(scope="module")
def catalog():
    # strict: warnings (a missing last_verified...) fail too; a deadline whose date has
    # passed is a state, not a warning, and today is pinned: time passing changes nothing
    return load_catalog(EVENTS, today=TODAY, strict=True)


def test_size_of_the_timeline(catalog):
    assert len(catalog.events) >= 90
    assert len(catalog.entities) >= 25
    assert len(catalog.threads) >= 5
    assert {"ai-act", "mistral-funding", "azure-deal", "open-weights", "sovereignty"} <= set(catalog.threads)


def test_every_event_is_sourced_and_cites_in_its_summary(catalog):
    for event in catalog.events:
        assert event.sources, event.id
        assert CITATION.search(event.summary), event.id


def test_every_thread_has_events_and_an_introduction(catalog):
    for thread_id, thread in catalog.threads.items():
        assert catalog.by_thread[thread_id], thread_id
        assert len(thread.introduction) > 80, thread_id


def test_ai_act_legislative_steps_carry_their_identifiers(catalog):
    for event in catalog.by_thread["ai-act"]:
        if event.kind in LEGISLATIVE_KINDS:
            assert event.legal is not None, f"{event.id} has no legal identifiers"
            assert event.legal.procedure or event.legal.celex or event.legal.com, event.id


def test_deadlines_record_when_they_were_checked(catalog):
    for event in catalog.upcoming() + catalog.overdue():
        assert event.last_verified is not None, event.id


def test_partial_facts_say_what_is_partial(catalog):
    for event in catalog.events:
        if event.verification == "partial":
            assert event.caveat, event.id


def test_entities_are_all_used(catalog):
    unused = sorted(set(catalog.entities) - set(catalog.by_entity))
    # laws and registries of context may stand alone, but most entities appear in events
    assert len(unused) <= len(catalog.entities) // 5, unused
