"""The export files: registry, determinism, JSON, CSV and the Frictionless data package."""

from __future__ import annotations

import csv
import io
import json

import frictionless
import jsonschema
import pytest
from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.errors import GeneratorError
from policy_timeline.exports import EXPORTERS, export_files
from policy_timeline.exports.common import plain_text, script_json
from policy_timeline.options import EXPORT_FORMATS, SiteOptions
from policy_timeline.schema import schema_text

from .conftest import NO_URL, SITE, write_files
from .records import EVENTS, TODAY, write_records


def test_registry_covers_every_format():
    assert set(EXPORTERS) == set(EXPORT_FORMATS)


def test_export_files_uses_options_and_subsets(catalog):
    every = export_files(catalog, SITE, None)
    assert list(every) == sorted(every)
    only = export_files(catalog, SiteOptions(exports=frozenset({"ics"})), None)
    assert set(only) == {p for p in every if p.startswith("calendar/")}
    atom = export_files(catalog, SITE, {"atom"})
    assert atom and all(p.startswith("feeds/") and p.endswith((".atom", "/sitemap.xml"))
                        for p in atom)
    package = export_files(catalog, SITE, {"datapackage"})
    assert "data/datapackage.json" in package and "data/events.csv" in package
    with pytest.raises(GeneratorError, match="unknown export format"):
        export_files(catalog, SITE, {"rss"})


def test_prefix_moves_every_file(catalog):
    files = export_files(catalog, SiteOptions(prefix="timeline"), None)
    assert all(p.startswith("timeline/") for p in files)


@pytest.mark.parametrize("options", [SITE, NO_URL], ids=["site_url", "no_site_url"])
def test_two_exports_are_byte_identical(catalog, catalog_again, options):
    first = export_files(catalog, options, None)
    second = export_files(catalog_again, options, None)
    assert first.keys() == second.keys()
    for path in first:
        assert first[path] == second[path], path


def test_text_files_are_utf8_with_lf_and_ics_uses_crlf(catalog):
    for path, data in export_files(catalog, SITE, None).items():
        text = data.decode("utf-8")
        if path.endswith(".ics"):
            assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
        else:
            assert "\r" not in text, path
            assert text.endswith("\n"), path


def test_cli_export_writes_the_files(tmp_path):
    folder = write_records(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "export", "--events", str(folder), "--format", "all", "--out", str(out),
        "--config", str(tmp_path / "absent.yml"), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert (out / "data" / "events.json").is_file()
    assert (out / "calendar" / "deadlines.ics").is_file()
    assert (out / "feeds" / "all.atom").is_file()


# ---------------------------------------------------------------------------------------
# JSON


def _json(catalog, name, options=SITE):
    return json.loads(export_files(catalog, options, {"json"})[f"data/{name}"])


@pytest.mark.parametrize("kind", ["events", "entities", "threads", "sources"])
@pytest.mark.parametrize("options", [SITE, NO_URL], ids=["site_url", "no_site_url"])
def test_json_validates_against_its_published_schema(catalog, kind, options):
    files = export_files(catalog, options, {"json"})
    schema = json.loads(files[f"data/schema/data-{kind}.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(json.loads(files[f"data/{kind}.json"])))
    assert not errors, [e.message for e in errors[:5]]


def test_record_schemas_are_published(catalog):
    files = export_files(catalog, SITE, {"json"})
    for kind in ("event", "entities", "threads"):
        assert files[f"data/schema/{kind}.schema.json"].decode() == schema_text(kind)


def test_partial_dates_keep_their_precision(catalog):
    events = {e["id"]: e for e in _json(catalog, "events.json")["events"]}
    year = events["2023-ai-act-debates"]["date"]
    assert year == {"iso": "2023", "precision": "year", "qualifier": "circa",
                    "display": "c. 2023", "first_day": "2023-01-01", "last_day": "2023-12-31"}
    month = events["2024-06-mistral-series-b"]["date"]
    assert (month["iso"], month["precision"], month["qualifier"]) == ("2024-06", "month", None)
    trilogue = events["2023-12-06-trilogue"]
    assert trilogue["end"]["iso"] == "2023-12-08"
    assert trilogue["display_date"] == "6–8 December 2023"
    moved = events["2026-08-02-high-risk-rules-apply"]
    assert moved["schedule_history"][0]["was"]["iso"] == "2026-08-02"
    assert moved["schedule_history"][0]["changed_by"] == "2026-06-29-omnibus-adopted"
    assert moved["last_verified"]["iso"] < "2026-06-29"
    assert moved["updated"] == "2026-06-29"  # the date of the event that moved it


def test_sources_are_deduplicated_with_their_citing_events(catalog):
    sources = _json(catalog, "sources.json")["sources"]
    shared = [s for s in sources if s["normalised_url"] == "//example.org/shared"]
    assert len(shared) == 1
    assert shared[0]["cited_by"] == ["2021-04-21-ai-act-proposal", "2023-12-06-trilogue"]
    assert [c["url"] for c in shared[0]["citations"]] == [
        "https://www.example.org/shared/?utm_source=x", "https://example.org/shared"]
    assert shared[0]["id"] == catalog.source_entry("https://example.org/shared").anchor
    assert len(sources) == len(catalog.sources)


def test_page_urls_with_and_without_site_url(catalog):
    with_url = _json(catalog, "events.json")["events"][0]
    assert with_url["page"] == f"events/{with_url['id']}/"
    assert with_url["page_url"] == f"https://example.net/pt/events/{with_url['id']}/"
    without = _json(catalog, "events.json", NO_URL)["events"][0]
    assert without["page_url"] is None and without["page"] == with_url["page"]


# ---------------------------------------------------------------------------------------
# CSV and the data package


def _rows(files, name):
    return list(csv.DictReader(io.StringIO(files[f"data/{name}.csv"].decode("utf-8"), newline="")))


def test_csv_round_trips(catalog):
    files = export_files(catalog, SITE, {"csv"})
    events = _rows(files, "events")
    assert [r["id"] for r in events] == [e.id for e in catalog.events]
    by_id = {r["id"]: r for r in events}
    proposal = by_id["2021-04-21-ai-act-proposal"]
    assert proposal["title"] == EVENTS["2021-04-21-ai-act-proposal"]["title"]
    assert "<script>alert(1)</script>" in proposal["summary"]  # data as written, not HTML
    year = by_id["2023-ai-act-debates"]
    assert (year["date"], year["date_precision"], year["date_qualifier"]) == ("2023", "year", "circa")
    assert (year["date_first_day"], year["date_last_day"]) == ("2023-01-01", "2023-12-31")
    assert by_id["2024-06-mistral-series-b"]["money_amount"] == "600000000"
    sources = _rows(files, "sources")
    assert [r["id"] for r in sources] == [s.anchor for s in catalog.sources]
    participants = _rows(files, "participants")
    assert {"event_id": "2024-06-mistral-series-b", "position": "2", "entity_id": "general-catalyst",
            "role": "lead investor", "listed_as": "lead-investor"} in participants
    relations = _rows(files, "relations")
    written = {(event_id, r["type"], r["event"])
               for event_id, record in EVENTS.items() for r in record.get("relations", [])}
    assert {("2023-12-06-trilogue", "follows", "2021-04-21-ai-act-proposal"),
            ("2026-08-02-high-risk-rules-apply", "part-of", "2024-08-01-ai-act-adoption")} < written
    assert {(r["from_event"], r["type"], r["to_event"]) for r in relations} == written
    assert len(relations) == len(written)
    citations = _rows(files, "citations")
    assert len(citations) == sum(len(e.sources) for e in catalog.events)


@pytest.mark.parametrize("options", [SITE, NO_URL], ids=["site_url", "no_site_url"])
def test_datapackage_validates(catalog, tmp_path, options):
    write_files(export_files(catalog, options, {"datapackage"}), tmp_path)
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "data" / "datapackage.json").read_text())
    names = [r["name"] for r in descriptor["resources"]]
    assert {"events", "entities", "participants", "relations", "sources", "citations"} <= set(names)
    participants = next(r for r in descriptor["resources"] if r["name"] == "participants")
    assert {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["id"]}} \
        in participants["schema"]["foreignKeys"]


def test_datapackage_catches_a_broken_foreign_key(catalog, tmp_path):
    """The foreign keys are real: a participant naming no entity is reported."""
    write_files(export_files(catalog, SITE, {"datapackage"}), tmp_path)
    path = tmp_path / "data" / "participants.csv"
    path.write_text(path.read_text().replace(",jane-doe,", ",nobody,"))
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


# ---------------------------------------------------------------------------------------
# helpers


def test_plain_text_drops_markers_links_and_emphasis():
    text = "The *proposal* [1], see [the text](https://x.org). Next [2].\n\nSecond\nline [3]."
    assert plain_text(text) == "The proposal, see the text. Next.\n\nSecond line."
    assert plain_text("A [1].", markers=True) == "A [1]."


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_exports_do_not_depend_on_the_process(tmp_path):
    """Two CLI runs with different hash seeds (set and dict order) write the same bytes."""
    import os
    import subprocess
    import sys

    folder = write_records(tmp_path)
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SOURCE_DATE_EPOCH", None)
        done = subprocess.run(
            [sys.executable, "-m", "policy_timeline", "export", "--events", str(folder), "--format",
             "all", "--out", str(out), "--config", str(tmp_path / "absent.yml"),
             "--today", TODAY.isoformat()], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        trees.append({p.relative_to(out).as_posix(): p.read_bytes()
                      for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0] == trees[1]


def test_applies_to_reaches_events_json(tmp_path):
    from policy_timeline.catalog import load_catalog
    from policy_timeline.exports import export_files
    from policy_timeline.options import SiteOptions
    from tests.helpers import RECORDS, write_tree

    import json

    records = dict(RECORDS)
    (key,) = [k for k in records if k.endswith("2099-12-02-high-risk-rules-apply.yaml")]
    records[key] = records[key].replace("status: rescheduled\n", "status: rescheduled\n"
                                        "applies_to: providers of high-risk systems\n", 1)
    write_tree(tmp_path, records)
    files = export_files(load_catalog(tmp_path), SiteOptions(site_name="T"), {"json"})

    events = {e["id"]: e for e in json.loads(files["data/events.json"])["events"]}
    assert events["2099-12-02-high-risk-rules-apply"]["applies_to"] == "providers of high-risk systems"
    assert events["2099-08-02-sandboxes"]["applies_to"] is None
