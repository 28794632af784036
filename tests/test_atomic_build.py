"""`policy-timeline build` never publishes a half-built site.

It checks the records, builds into a temporary folder beside SITE_DIR and swaps it in
only when MkDocs succeeded. A broken record or a failed (strict) MkDocs build leaves the
previous site byte-identical; no temporary folder is left behind either way. The build
also refuses an output folder that holds the project itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.helpers import write_site

pytestmark = pytest.mark.build

TODAY = "2026-11-26"

NEW_EVENT = """\
title: A new event after the first build
date: 2026-11-01
kind: statement
threads: [ai-act]
summary: Something new was said [1].
sources:
  - url: https://example.org/new
    title: New
    publisher: Example News
    kind: press
    language: en
"""


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(project: Path) -> list[str]:
    """Temporary build or swap folders (`.site.build.*`, `.site.old.*`) still around."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def build(project: Path, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["build", "--today", TODAY, *args],
                                    catch_exceptions=False)
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project with a successful first build in site/."""
    root = write_site(tmp_path_factory.mktemp("atomic") / "project")
    code, output = build(root)
    assert code == 0, output
    assert (root / "site" / "index.html").is_file()
    return root


def test_a_broken_record_leaves_the_previous_site_untouched(project):
    before = tree(project / "site")
    bad = project / "events" / "2024" / "2024-05-01-broken.yaml"
    bad.write_text("title: [unclosed\ndate: 2024-05-01\n", encoding="utf-8")
    try:
        code, output = build(project)
    finally:
        bad.unlink()
    assert code == 1
    assert "2024-05-01-broken.yaml:" in output and "YAML syntax error" in output
    assert tree(project / "site") == before
    assert leftovers(project) == []


def test_a_failed_mkdocs_build_leaves_the_previous_site_untouched(project):
    before = tree(project / "site")
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text + "\nA [broken link](no-such-page.md).\n", encoding="utf-8")
    try:
        code, output = build(project, "--strict")
        # with no previous site, a failed build creates none
        code_fresh, _ = build(project, "--strict", "--site-dir", "fresh-site")
    finally:
        about.write_text(text, encoding="utf-8")
    assert code == 1
    assert "MkDocs failed" in output and "left as it was" in output
    assert tree(project / "site") == before
    assert leftovers(project) == []
    assert code_fresh == 1
    assert not (project / "fresh-site").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".fresh-site")] == []


def test_a_successful_build_replaces_the_site(project):
    before = tree(project / "site")
    (project / "site" / "stale.html").write_text("left from an old build", encoding="utf-8")
    new = project / "events" / "2026" / "2026-11-01-new.yaml"
    new.parent.mkdir(exist_ok=True)
    new.write_text(NEW_EVENT, encoding="utf-8")
    try:
        code, output = build(project)
    finally:
        new.unlink()
    assert code == 0, output
    after = tree(project / "site")
    assert "events/2026-11-01-new/index.html" in after
    assert "events/2026-11-01-new/index.html" not in before
    assert "stale.html" not in after  # replaced as a whole, not written over
    assert leftovers(project) == []


@pytest.mark.parametrize("target", [".", "docs", "events", "..", "docs/sub"])
def test_build_refuses_to_replace_a_folder_that_holds_the_project(project, target):
    snapshot = {name: tree(project / name) for name in ("events", "docs")}
    code, output = build(project, "--site-dir", target)
    assert code == 1 and "refusing to replace" in output, output
    assert {name: tree(project / name) for name in ("events", "docs")} == snapshot
    assert (project / "mkdocs.yml").is_file()
    assert leftovers(project) == []


@pytest.mark.parametrize("command", [["render", "--out", "."], ["render", "--out", "events"],
                                     ["export", "--format", "json", "--out", "."]])
def test_render_and_export_refuse_to_replace_the_project(project, command):
    snapshot = tree(project / "events")
    old = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, command + ["--today", TODAY], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 1 and "refusing to replace" in result.output
    assert tree(project / "events") == snapshot
