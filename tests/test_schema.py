"""The shipped JSON Schemas match the model and validate the repository's records."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.loader import read_document, record_files
from policy_timeline.schema import KINDS, schema_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "events"


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_current(kind):
    shipped = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(kind), "run: policy-timeline schema --out schema"


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_text(kind)))


def _kind(file: Path) -> str:
    return {"entities.yaml": "entities", "threads.yaml": "threads",
            "settings.yaml": "settings"}.get(file.name, "event")


@pytest.mark.parametrize("root", [ROOT / "events", FIXTURE], ids=["repository", "fixture"])
def test_schema_validates_every_record(root):
    files = [f for f in record_files(root) if f.suffix == ".yaml"]
    assert files
    for file in files:
        doc, problems = read_document(file, str(file))
        assert not problems
        errors = list(_validator(_kind(file)).iter_errors(doc.data))
        assert not errors, f"{file}: {[e.message for e in errors][:3]}"


def test_schema_rejects_what_the_model_rejects():
    event = {"title": "x", "date": "2024-02-26", "kind": "statment", "summary": "x [1]",
             "sources": [{"url": "https://a.example", "title": "t", "publisher": "p",
                          "kind": "press", "language": "en"}]}
    assert list(_validator("event").iter_errors(event))
    event["kind"] = "statement"
    assert not list(_validator("event").iter_errors(event))
    event["sources"][0]["url"] = "javascript:alert(1)"
    assert list(_validator("event").iter_errors(event))
    assert list(_validator("entities").iter_errors({"Bad Id": {"name": "x", "type": "company",
                                                               "description": "d"}}))


def test_schema_command_prints_each_kind():
    runner = CliRunner()
    result = runner.invoke(main, ["schema", "event"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "policy-timeline event"
    everything = json.loads(runner.invoke(main, ["schema"]).output)
    assert sorted(everything) == sorted(KINDS)


def test_record_files_point_editors_at_the_schema():
    for file in record_files(ROOT / "events"):
        if file.suffix != ".yaml":
            continue
        first = file.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), file
        target = (file.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (ROOT / "schema" / f"{_kind(file)}.schema.json").resolve(), file


def test_schema_out_writes_every_schema_and_leaves_other_files(tmp_path):
    from policy_timeline.schema import write_schemas

    out = tmp_path / "schema"
    out.mkdir()
    (out / "README.md").write_text("kept\n")
    (out / "event.schema.json").write_text("{\"old\": true}\n")
    result = CliRunner().invoke(main, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["README.md", *(f"{k}.schema.json" for k in KINDS)])  # no temporary file left
    for kind in KINDS:
        assert (out / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)
        assert f"wrote {out / f'{kind}.schema.json'}" in result.output
    assert (out / "README.md").read_text() == "kept\n"
    assert [p.name for p in write_schemas(tmp_path / "new" / "dir")] == [
        f"{k}.schema.json" for k in KINDS]
