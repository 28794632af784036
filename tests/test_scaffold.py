"""`new`'s record, built by a pure function: its id, file name, YAML, and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from policy_timeline.catalog import DEADLINE_STATUSES, load_catalog
from policy_timeline.scaffold import NewEvent, ScaffoldError, new_event, slugify, write_new_event

from .conftest import TODAY

FACTS = dict(title="Mistral AI releases Mistral 7B", date="2023-09-27", kind="product-release",
             threads=("azure-deal",), participants=("mistral-ai:developer",),
             summary="Mistral AI published its first model [1].",
             source_url="https://example.org/mistral-7b", source_title="Mistral 7B",
             source_publisher="Mistral AI", source_kind="company", today=TODAY)


def test_slugify():
    assert slugify("Le Chat: Mistral's « assistant » !") == "le-chat-mistral-s-assistant"
    assert slugify("???") == "event"
    assert slugify("a " * 50) == ("a-" * 30).rstrip("-")  # at most 60 characters, no dangling -


def test_the_record_its_id_and_its_file_name():
    event = new_event(**FACTS)
    assert event == new_event(**FACTS)  # the same facts, the same file
    assert event.event_id == "2023-09-27-mistral-ai-releases-mistral-7b"
    assert event.path == "2023/2023-09-27-mistral-ai-releases-mistral-7b.yaml"
    first, _, body = event.text.partition("\n")
    assert first == "# yaml-language-server: $schema=../../schema/event.schema.json"
    assert "date: 2023-09-27\n" in body  # a YAML date, as contributors write it
    assert yaml.safe_load(body) == {
        "title": "Mistral AI releases Mistral 7B", "date": dt.date(2023, 9, 27),
        "kind": "product-release", "status": "happened", "threads": ["azure-deal"],
        "participants": [{"entity": "mistral-ai", "role": "developer"}],
        "summary": "Mistral AI published its first model [1].",
        "sources": [{"url": "https://example.org/mistral-7b", "title": "Mistral 7B",
                     "publisher": "Mistral AI", "kind": "company", "language": "en"}],
    }


def test_the_date_keeps_its_precision_and_a_slug_replaces_the_title():
    event = new_event(**{**FACTS, "date": "2023-09", "slug": "Mistral 7B!"})
    assert event.event_id == "2023-09-mistral-7b" and event.path == "2023/2023-09-mistral-7b.yaml"
    assert "date: 2023-09\n" in event.text


def test_a_summary_always_cites_and_an_unknown_title_is_left_out():
    record = yaml.safe_load(new_event(**{**FACTS, "summary": "", "source_title": None}).text)
    assert record["summary"] == "Mistral AI releases Mistral 7B. [1]"
    assert "title" not in record["sources"][0]
    record = yaml.safe_load(new_event(**{**FACTS, "summary": "  It shipped.  "}).text)
    assert record["summary"] == "It shipped. [1]"


def test_a_deadline_is_verified_on_the_day_given():
    day = dt.date(2031, 1, 2)
    for status in DEADLINE_STATUSES:
        record = yaml.safe_load(new_event(**{**FACTS, "status": status, "today": day}).text)
        assert record["last_verified"] == day
    assert "last_verified" not in yaml.safe_load(new_event(**{**FACTS, "today": day}).text)


@pytest.mark.parametrize("change, field, fragment", [
    ({"date": "2023-02-31"}, "date", "has no day 31"),
    ({"date": "soon"}, "date", "not a date"),
    ({"participants": ("oops",)}, "participant", "ENTITY:ROLE"),
    ({"participants": ("mistral-ai: ",)}, "participant", "ENTITY:ROLE"),
    ({"source_url": "javascript:alert(1)"}, "", "sources.0.url"),
    ({"kind": "coup"}, "", "kind"),
    ({"source_title": "[A report]"}, "", "bracketed"),
])
def test_what_would_not_be_valid_is_refused_with_the_field(change, field, fragment):
    with pytest.raises(ScaffoldError) as caught:
        new_event(**{**FACTS, **change})
    assert caught.value.field == field
    assert fragment in str(caught.value)
    if not field:
        assert str(caught.value).startswith("the event would not be valid:")


def test_writing_never_replaces_a_file(records):
    root = records()
    event = new_event(**FACTS)
    target = write_new_event(root, event)
    assert target == root / event.path and target.read_text(encoding="utf-8") == event.text
    assert load_catalog(root, today=TODAY).by_id[event.event_id].participants[0].role == "developer"
    other = NewEvent(event.event_id, event.path, "title: something else\n")
    with pytest.raises(ScaffoldError, match="already exists: choose another --slug"):
        write_new_event(root, other)
    assert target.read_text(encoding="utf-8") == event.text
