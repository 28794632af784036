"""Translations that cannot go stale silently: check's warnings and the stamp's edits."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.loader import load_folder
from policy_timeline.translationcheck import (StampFailed, _yaml_scalar, stamp, status,
                                              translation_problems)
from policy_timeline.translations import english_texts, source_hash

EVENT = """\
# a comment the stamp keeps
title: Deal signed
date: 2024-01-02
kind: statement
summary: |
  A deal [1] and a reply [2].
sources:
- url: https://example.org/a
  publisher: Example
  kind: press
  language: en
  note: Supports the deal
- url: https://example.org/b
  publisher: Example
  kind: press
  language: en
participants:
- entity: ec
  role: partner
"""

FRENCH = """\
translations:
  fr:
    # written by a translator
    title: Accord signé
    summary: |
      Un accord [1] et une réponse [2].
    sources:
      1: {note: Étaye l'accord}
    participants:
      1: {role: partenaire}
"""

ENTITIES = """\
ec:
  name: European Commission
  type: institution
  description: The executive.
  translations: {fr: {name: Commission européenne, description: L'exécutif.}}
"""


def _folder(tmp_path: Path, event: str = EVENT + FRENCH, entities: str = ENTITIES) -> Path:
    folder = tmp_path / "events"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "2024-01-02-deal.yaml").write_text(event, encoding="utf-8")
    (folder / "entities.yaml").write_text(entities, encoding="utf-8")
    return folder


def _problems(folder: Path, languages=("fr",)):
    loaded = load_folder(folder)
    assert not [p for p in loaded.problems if p.severity == "error"], loaded.problems
    return translation_problems(loaded, languages)


def test_an_unstamped_translation_is_reported_at_its_block(tmp_path):
    problems = _problems(_folder(tmp_path))
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {"translations.fr.source_hash"}  # complete, never stamped
    assert all(p.severity == "warning" for p in problems)
    stale = [p for p in problems if p.path.endswith("2024-01-02-deal.yaml")][0]
    assert stale.line == 21 and "not stamped" in stale.message
    assert "policy-timeline translations --stamp" in stale.hint


def test_a_missing_text_is_reported_with_its_field_and_a_hint(tmp_path):
    event = EVENT + FRENCH.replace("    sources:\n      1: {note: Étaye l'accord}\n", "")
    problems = _problems(_folder(tmp_path, event))
    missing = [p for p in problems if p.field == "translations.fr.sources.1.note"]
    assert len(missing) == 1 and missing[0].line == 21
    assert "no fr text for 'sources.1.note'" in missing[0].message
    assert "Supports the deal" in missing[0].hint
    # incomplete: not stamped, so not reported stale yet
    assert not [p for p in problems if p.field == "translations.fr.source_hash"
                and p.path.endswith("deal.yaml")]


def test_a_record_with_no_block_is_missing_at_its_english_field(tmp_path):
    problems = _problems(_folder(tmp_path, EVENT))
    fields = {(p.field, p.line) for p in problems if p.path.endswith("deal.yaml")}
    assert fields == {("translations.fr.title", 2), ("translations.fr.summary", 5),
                      ("translations.fr.sources.1.note", 12),
                      ("translations.fr.participants.1.role", 19)}
    # an entity name is translated only when it differs: never "missing"
    bare = ENTITIES.replace("  translations: {fr: {name: Commission européenne,"
                            " description: L'exécutif.}}\n", "")
    problems = _problems(_folder(tmp_path / "b", EVENT, bare))
    assert {p.field for p in problems if p.path.endswith("entities.yaml")} == {
        "translations.fr.description"}


def test_stamped_then_english_changed_is_stale(tmp_path):
    folder = _folder(tmp_path)
    for file, text in stamp(load_folder(folder), ["fr"]).items():
        file.write_text(text, encoding="utf-8")
    assert _problems(folder) == []
    deal = folder / "2024" / "2024-01-02-deal.yaml"
    deal.write_text(deal.read_text(encoding="utf-8").replace("Deal signed", "Deal signed today"),
                    encoding="utf-8")
    problems = _problems(folder)
    assert [(p.field, p.line) for p in problems] == [("translations.fr.source_hash", 23)]
    assert "older English text" in problems[0].message


def test_citation_markers_must_match_the_english_summary(tmp_path):
    event = EVENT + FRENCH.replace("Un accord [1] et une réponse [2].", "Un accord [1].")
    problems = _problems(_folder(tmp_path, event))
    cited = [p for p in problems if p.field == "translations.fr.summary"]
    assert len(cited) == 1 and cited[0].line == 24
    assert "English has [1] [2], fr has [1]" in cited[0].message


def test_the_stamp_edits_only_the_lines_it_must(tmp_path):
    folder = _folder(tmp_path)
    edits = stamp(load_folder(folder), ["fr"])
    deal = folder / "2024" / "2024-01-02-deal.yaml"
    loaded = load_folder(folder)
    event = next(e for e, _ in loaded.events)
    entity = next(e for e, _ in loaded.entities)
    h_event = source_hash(english_texts(event))
    h_entity = source_hash(english_texts(entity))
    assert edits[deal] == EVENT + textwrap.dedent(f"""\
        translations:
          fr:
            # written by a translator
            source_hash: {_yaml_scalar(h_event)}
            title: Accord signé
            summary: |
              Un accord [1] et une réponse [2].
            sources:
              1: {{note: Étaye l'accord}}
            participants:
              1: {{role: partenaire}}
        """)
    assert edits[folder / "entities.yaml"] == ENTITIES.replace(
        "{fr: {name:", f"{{fr: {{source_hash: {_yaml_scalar(h_entity)}, name:")
    for file, text in edits.items():
        file.write_text(text, encoding="utf-8")
    assert stamp(load_folder(folder), ["fr"]) == {}  # stamped: nothing more to do
    # the English changes and the translator updates the French: the hash is replaced in place
    deal.write_text(deal.read_text(encoding="utf-8").replace("Deal signed", "Deal signed today")
                    .replace("Accord signé", "Accord signé aujourd'hui"), encoding="utf-8")
    again = stamp(load_folder(folder), ["fr"])
    new = source_hash(english_texts(next(e for e, _ in load_folder(folder).events)))
    assert again[deal] == deal.read_text(encoding="utf-8").replace(h_event, new)


def test_an_incomplete_block_is_not_stamped(tmp_path):
    event = EVENT + FRENCH.replace("    title: Accord signé\n", "")
    folder = _folder(tmp_path, event)
    assert [f.name for f in stamp(load_folder(folder), ["fr"])] == ["entities.yaml"]


def test_the_stamp_refuses_an_edit_that_would_not_read_back(tmp_path):
    # a flow mapping written over two lines: the stamp cannot place its key safely
    event = EVENT + "translations:\n  fr: {title: Accord signé, summary: 'Un accord [1] et une réponse [2].',\n    sources: {1: {note: Étaye}}, participants: {1: {role: partenaire}}}\n"
    folder = _folder(tmp_path, event, "")
    try:
        edits = stamp(load_folder(folder), ["fr"])
    except StampFailed:
        return
    # or it placed it right
    (file, text), = edits.items()
    assert "source_hash:" in text and text.count("\n") == event.count("\n")


def test_status_counts_missing_and_stale(tmp_path):
    folder = _folder(tmp_path, EVENT)
    rows = {(r.language, r.kind): r for r in status(load_folder(folder), ["fr"])}
    assert (rows[("fr", "events")].missing, rows[("fr", "events")].stale) == (1, 0)
    assert (rows[("fr", "entities")].translated, rows[("fr", "entities")].stale) == (1, 1)


def _config(tmp_path: Path, languages: str = "[en, fr]", events: str = "events") -> Path:
    tmp_path.mkdir(exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\nplugins:\n  - policy-timeline:\n      events_dir: {events}\n"
                      f"      languages: {languages}\n", encoding="utf-8")
    return config


def test_check_warns_and_fails_with_strict(tmp_path):
    _folder(tmp_path, EVENT)
    config = _config(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--config", str(config), str(tmp_path / "events")])
    assert result.exit_code == 0, result.output
    assert "2024-01-02-deal.yaml:2:1: translations.fr.title: warning: no fr text" in result.output
    result = runner.invoke(main, ["check", "--strict", "--config", str(config),
                                  str(tmp_path / "events")])
    assert result.exit_code == 1
    one = _config(tmp_path / "one", "[en]", "../events")
    result = runner.invoke(main, ["check", "--strict", "--config", str(one), str(tmp_path / "events")])
    assert result.exit_code == 0, result.output  # a one-language site asks for no translation
    other = _config(tmp_path / "other", "[en, fr]", "../events")
    (tmp_path / "elsewhere").mkdir()
    import shutil

    shutil.copytree(tmp_path / "events", tmp_path / "elsewhere" / "events")
    result = runner.invoke(main, ["check", "--strict", "--config", str(other),
                                  str(tmp_path / "elsewhere" / "events")])
    assert result.exit_code == 0, result.output  # not the site's records: not its languages


def test_the_translations_command_stamps_and_shows_status(tmp_path):
    folder = _folder(tmp_path)
    config = _config(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["translations", "--status", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "fr       entities         1           1        0      1" in result.output
    result = runner.invoke(main, ["translations", "--stamp", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "2 files stamped" in result.output
    result = runner.invoke(main, ["check", "--strict", "--config", str(config), str(folder)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["translations", "--config", str(config)])
    assert result.exit_code != 0 and "--stamp or --status" in result.output


def test_a_hash_of_digits_only_is_written_quoted_so_it_reads_back_as_text():
    assert _yaml_scalar("3688705727") == "'3688705727'"
    assert _yaml_scalar("0012345670") == "'0012345670'"  # YAML 1.1 octal
    assert _yaml_scalar("9fbb88c7d1") == "9fbb88c7d1"
    for value in ("3688705727", "9fbb88c7d1", "1e10000000"):
        assert yaml.safe_load(f"source_hash: {_yaml_scalar(value)}") == {"source_hash": value}
