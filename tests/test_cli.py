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
    assert "ok: 3 events checked" in run("check", str(VALID), *T).output


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
    assert out.count("\n") == 2
    out = run("list", str(VALID), "--since", "2025", *T).output
    assert "High-risk rules apply" in out and "partnership" not in out
    out = run("list", str(VALID), "--until", "2024-02", "--kind", "statement", *T).output
    assert "February 2024" in out and "1 event" in out


def test_list_json_and_bad_filters():
    data = json.loads(run("list", str(VALID), "--format", "json", *T).output)
    assert [d["display_date"] for d in data] == ["26 February 2024", "February 2024", "2 August 2027"]
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
    bad = [*NEW]
    bad[bad.index("https://example.org/mistral-7b")] = "javascript:alert(1)"
    result = run("new", *bad, "--dir", str(root), ok=1)
    assert "sources.0.url" in result.output and "would not be valid" in result.output
    assert not (root / "2023").exists()
    assert "ENTITY:ROLE" in run("new", *NEW, "--participant", "oops", "--dir", str(root), ok=2).output
    assert "has no day 31" in run("new", *NEW[:3], "2023-02-31", *NEW[4:], "--dir", str(root), ok=2).output


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
    assert (out / "events" / "2024-02-26-partnership.md").is_file(), result.output
