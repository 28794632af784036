"""The command line, through click's CliRunner."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from policy_timeline.catalog import load_catalog
from policy_timeline.cli import main

from .conftest import TODAY, VALID

T = ["--today", TODAY.isoformat()]


def run(*args: str, ok: int | None = 0):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    if ok is not None:
        assert result.exit_code == ok, result.output
    return result


def test_every_command_has_help_with_an_example():
    commands = sorted(main.commands)
    assert {"check", "list", "new", "schema", "render", "export", "build", "serve"} <= set(commands)
    for name in commands:
        result = run(name, "--help")
        assert "Example:" in result.output, name


def test_check_clean_records():
    events = len(list(VALID.glob("*/*.yaml")))  # the shared records: one event a file
    assert f"ok: {events} events checked" in run("check", str(VALID), *T).output


def test_check_json_format(records):
    root = records({"2024/2024-03-01-x.yaml": "title: [\n"})
    result = run("check", str(root), "--format", "json", *T, ok=1)
    report = json.loads(result.output)
    assert report["ok"] is False and report["errors"] == 1
    [problem] = report["problems"]
    assert problem["path"].endswith("2024-03-01-x.yaml") and problem["line"] == 2


def test_check_missing_folder_is_a_clean_error(tmp_path):
    result = run("check", str(tmp_path / "nope"), ok=1)
    assert "does not exist" in result.output


def test_list_filters():
    out = run("list", str(VALID), "--thread", "azure-deal", *T).output
    assert "2024-02-26-partnership" in out and "2027-08-02" not in out
    out = run("list", str(VALID), "--entity", "european-commission", *T).output
    assert _ids(out) == ["2021-04-21-ai-act-proposal", "2021-04-21-commission-proposal",
                         "2023-12-08-provisional-agreement", "2024-02-commission-reaction",
                         "2025-11-19-digital-omnibus-proposed", "2026-06-29-omnibus-adopted",
                         "2027-08-02-high-risk-rules-apply"]  # not the AI Office, a part of it
    assert out.endswith("\n7 events\n")
    out = run("list", str(VALID), "--since", "2025", *T).output
    assert "High-risk rules apply" in out and "partnership" not in out
    assert _ids(out)[0] == "2025-11-19-digital-omnibus-proposed"
    out = run("list", str(VALID), "--until", "2024-02", "--kind", "statement", *T).output
    # "circa 2023" may be before February 2024; "February 2024" is not after it
    assert _ids(out) == ["2023-ai-act-debates", "2024-02-28-mensch-restates-open-weights",
                         "2024-02-commission-reaction"]
    assert "February 2024" in out and out.endswith("\n3 events\n")


def _ids(listing: str) -> list[str]:
    return [line.rsplit("(", 1)[1].rstrip(")") for line in listing.splitlines()[:-1]]


def test_list_json_and_bad_filters():
    data = json.loads(run("list", str(VALID), "--format", "json", *T).output)
    assert [d["id"] for d in data] == [e.id for e in load_catalog(VALID).events]
    dates = {d["id"]: d["display_date"] for d in data}
    assert [dates[i] for i in ("2024-02-26-partnership", "2024-02-commission-reaction",
                               "2023-mistral-founded", "2023-ai-act-debates",
                               "2027-08-02-high-risk-rules-apply")] == [
        "26 February 2024", "February 2024", "2023", "c. 2023", "2 August 2027"]
    assert "no thread 'nope'" in run("list", str(VALID), "--thread", "nope", *T, ok=2).output
    assert "not a date" in run("list", str(VALID), "--since", "soon", *T, ok=2).output


def test_list_reports_broken_records(records):
    root = records({"2024/2024-03-01-x.yaml": "title: [\n"})
    assert "YAML syntax error" in run("list", str(root), *T, ok=1).output


NEW = ["--title", "Mistral AI releases Mistral 7B", "--date", "2023-09-27",
       "--kind", "product-release", "--thread", "azure-deal",
       "--participant", "mistral-ai:developer",
       "--summary", "Mistral AI published its first model [1].",
       "--source-url", "https://example.org/mistral-7b", "--source-title", "Mistral 7B",
       "--source-publisher", "Mistral AI", "--source-kind", "company"]


def test_new_writes_a_valid_event_and_refuses_to_overwrite(records):
    root = records()
    result = run("new", *NEW, "--dir", str(root))
    path = root / "2023" / "2023-09-27-mistral-ai-releases-mistral-7b.yaml"
    assert f"wrote {path}" in result.output
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/event.schema.json")
    assert "date: 2023-09-27\n" in text
    catalog = load_catalog(root, today=TODAY)
    assert catalog.by_id["2023-09-27-mistral-ai-releases-mistral-7b"].participants[0].role == "developer"
    again = run("new", *NEW, "--dir", str(root), ok=1)
    assert "already exists" in again.output
    assert yaml.safe_load(text)["title"] == "Mistral AI releases Mistral 7B"


def test_new_refuses_invalid_input(records):
    root = records()
    before = sorted(root.rglob("*"))
    bad = [*NEW]
    bad[bad.index("https://example.org/mistral-7b")] = "javascript:alert(1)"
    result = run("new", *bad, "--dir", str(root), ok=1)
    assert "sources.0.url" in result.output and "would not be valid" in result.output
    assert "ENTITY:ROLE" in run("new", *NEW, "--participant", "oops", "--dir", str(root), ok=2).output
    assert "has no day 31" in run("new", *NEW[:3], "2023-02-31", *NEW[4:], "--dir", str(root), ok=2).output
    assert sorted(root.rglob("*")) == before  # nothing written


@pytest.mark.parametrize("command", ["build", "serve"])
def test_build_and_serve_need_a_config(tmp_path, command):
    result = run(command, "--config", str(tmp_path / "mkdocs.yml"), ok=1)
    assert "no MkDocs configuration" in result.output


def test_build_stops_on_broken_records_before_mkdocs(records, tmp_path):
    root = records({"2024/2024-03-01-x.yaml": "title: [\n"})
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    site = tmp_path / "site"
    result = run("build", "--events", str(root), "--config", str(tmp_path / "mkdocs.yml"),
                 "--site-dir", str(site), *T, ok=1)
    assert "YAML syntax error" in result.output and not site.exists()


def test_commands_find_the_records_through_the_site_config(records, tmp_path, monkeypatch):
    root = records()
    site = tmp_path / "site-project"
    site.mkdir()
    (site / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - policy-timeline:\n      events_dir: {root}\n")
    monkeypatch.chdir(tmp_path)  # no ./events here
    out = tmp_path / "pages"
    result = run("render", "--config", str(site / "mkdocs.yml"), "--out", str(out), *T)
    assert (out / "docs" / "events" / "2024-02-26-partnership.md").is_file(), result.output
