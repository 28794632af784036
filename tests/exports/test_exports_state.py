"""The overdue state (a deadline whose date passed unconfirmed) in every export.

The same records as of two days: before the GPAI deadline (2 August 2027) and after it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import feedparser
import frictionless
import jsonschema
import pytest

from policy_timeline.exports import export_files
from policy_timeline.exports.jsonld import event_jsonld

from .conftest import SITE, write_files
from .records import make_catalog

GPAI = "2027-08-02-gpai-deadline"  # scheduled, 2 August 2027
LATER = dt.date(2027, 8, 3)


@pytest.fixture(scope="module")
def later(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("later"), today=LATER)


def _events_json(catalog):
    data = json.loads(export_files(catalog, SITE, {"json"})["data/events.json"])
    return {e["id"]: e for e in data["events"]}


def _events_csv(catalog):
    data = export_files(catalog, SITE, {"csv"})["data/events.csv"]
    return {r["id"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8")))}


def test_events_json_carries_the_state(catalog, later):
    before, after = _events_json(catalog), _events_json(later)
    assert (before[GPAI]["status"], before[GPAI]["state"]) == ("scheduled", "scheduled")
    assert (after[GPAI]["status"], after[GPAI]["state"]) == ("scheduled", "overdue")
    assert after["2026-09-15-cancelled-hearing"]["state"] == "cancelled"
    files = export_files(later, SITE, {"json"})
    schema = json.loads(files["data/schema/data-events.schema.json"])
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(
        json.loads(files["data/events.json"])))
    assert not errors, [e.message for e in errors[:5]]


def test_events_csv_has_a_state_column(catalog, later, tmp_path):
    assert _events_csv(catalog)[GPAI]["state"] == "scheduled"
    rows = _events_csv(later)
    assert (rows[GPAI]["status"], rows[GPAI]["state"]) == ("scheduled", "overdue")
    assert rows["2024-08-01-ai-act-adoption"]["state"] == "happened"
    write_files(export_files(later, SITE, {"datapackage"}), tmp_path)
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_jsonld_keeps_the_status_and_warns_in_the_description(catalog, later):
    before = event_jsonld(catalog, SITE, catalog.by_id[GPAI])
    after = event_jsonld(later, SITE, later.by_id[GPAI])
    assert before["eventStatus"] == after["eventStatus"] == "https://schema.org/EventScheduled"
    assert before["description"] == "Older models must comply."
    assert after["description"] == (
        "Date passed, not yet confirmed (as of 2027-08-03): no source confirming this"
        " scheduled deadline has been recorded. Older models must comply.")


def test_feed_entries_say_the_date_passed(later):
    feed = feedparser.parse(export_files(later, SITE, {"atom"})["feeds/all.atom"])
    entry = next(e for e in feed.entries if e.link.endswith(f"/events/{GPAI}/"))
    assert "(scheduled; date passed, not yet confirmed, as of 2027-08-03)" in entry.content[0].value
