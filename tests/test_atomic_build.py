"""`policy-timeline build` never publishes a half-built site.

It checks the records, builds into a temporary folder beside SITE_DIR and swaps it in
only when MkDocs succeeded. A broken record or a failed (strict) MkDocs build leaves the
previous site byte-identical; no temporary folder is left behind either way. The build
also refuses an output folder that holds the project itself.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.output import MANIFEST, locked
from tests.conftest import TODAY as PINNED_TODAY
from tests.helpers import write_site

pytestmark = pytest.mark.build

TODAY = PINNED_TODAY.isoformat()

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
    """Temporary build or swap folders (`.site.build.*`, `.site.old.*`) still around.

    The lock file `.site.lock` is meant to stay (removing a lock file races).
    """
    return sorted(p.name for p in project.iterdir()
                  if p.name.startswith(".site.") and p.name != ".site.lock")


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
    assert [p.name for p in project.iterdir() if p.name.startswith(".fresh-site")
            and p.name != ".fresh-site.lock"] == []


def test_a_successful_build_replaces_the_site_with_readable_files(project):
    before = tree(project / "site")
    # a page an earlier build wrote (listed in its manifest), which this build does not write
    (project / "site" / "stale.html").write_text("left from an old build", encoding="utf-8")
    manifest = project / "site" / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8") + "stale.html\n", encoding="utf-8")
    new = project / "events" / "2026" / "2026-11-01-new.yaml"
    new.parent.mkdir(exist_ok=True)
    new.write_text(NEW_EVENT, encoding="utf-8")
    mask = os.umask(0o022)
    try:
        code, output = build(project)
    finally:
        os.umask(mask)
        new.unlink()
    # a web server running as another user can read every file and folder
    for path in [project / "site", *(project / "site").rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
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


def run_cli(project: Path, *args: str):
    old = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, [*args, "--today", TODAY], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("command", [["export", "--format", "ics", "--out", "docs"],
                                     ["render", "--out", "docs"],
                                     ["build", "--site-dir", "mine"]])
def test_an_output_folder_holding_other_files_is_refused(project, command):
    (project / "mine").mkdir(exist_ok=True)
    (project / "mine" / "notes.md").write_text("my notes", encoding="utf-8")
    folder = project / command[-1]
    before = tree(folder)
    result = run_cli(project, *command)
    assert result.exit_code == 1, result.output
    assert "did not write" in result.output
    assert ("about.md" if command[-1] == "docs" else "notes.md") in result.output
    assert "new or empty folder" in result.output
    assert tree(folder) == before
    assert [p.name for p in project.iterdir() if p.name.startswith((".docs.build", ".mine.build"))] == []


def test_an_export_folder_can_be_written_again_but_not_over_a_new_file(project):
    mask = os.umask(0o022)
    try:
        assert run_cli(project, "export", "--format", "ics", "--out", "build/data").exit_code == 0
    finally:
        os.umask(mask)
    for path in [project / "build" / "data", *(project / "build" / "data").rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path
    assert run_cli(project, "export", "--format", "json", "--out", "build/data").exit_code == 0
    out = project / "build" / "data"
    assert (out / "data" / "events.json").is_file() and not (out / "calendar").exists()
    (out / "README.txt").write_text("added by hand", encoding="utf-8")
    result = run_cli(project, "export", "--format", "json", "--out", "build/data")
    assert result.exit_code == 1 and "README.txt" in result.output
    assert (out / "README.txt").read_text(encoding="utf-8") == "added by hand"


@pytest.mark.parametrize("command", ["render", "export", "build"])
def test_help_says_what_happens_to_the_output_folder(command):
    text = " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())
    assert "replaced as a whole" in text
    assert "refused" in text


def test_a_second_build_at_the_same_time_gets_a_clear_message(project):
    before = tree(project / "site")
    with locked(project / "site"):
        code, output = build(project)
    assert code == 1
    assert f"another build is writing site/ (pid {os.getpid()})" in output
    assert tree(project / "site") == before
    assert leftovers(project) == []


def test_a_site_moved_aside_by_a_killed_swap_is_restored_by_the_next_build(project):
    """A kill between the two renames left `.site.old.*` and no site/ at all."""
    before = tree(project / "site")
    (project / "site").rename(project / ".site.old.k1ll3d")
    (project / ".site.build.999999999.x").mkdir()  # no such process: stale
    bad = project / "events" / "2024" / "2024-05-01-broken.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    try:
        code, output = build(project)  # even a build that fails on the records recovers
    finally:
        bad.unlink()
    assert code == 1 and "YAML syntax error" in output
    assert tree(project / "site") == before
    assert leftovers(project) == []


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_the_build_kills_mkdocs_and_the_next_build_cleans_up(project):
    before = tree(project / "site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    parent = subprocess.Popen([sys.executable, "-m", "policy_timeline", "build", "--today", TODAY],
                              cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        mkdocs = []
        while time.monotonic() < deadline and not mkdocs:
            mkdocs = [c for c in _children(parent.pid)
                      if b"mkdocs" in Path(f"/proc/{c}/cmdline").read_bytes()]
            time.sleep(0.05)
        assert mkdocs, "MkDocs never started"
        time.sleep(1.0)  # MkDocs is writing into .site.build.*
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(c) for c in mkdocs):
            time.sleep(0.05)
        assert not any(_alive(c) for c in mkdocs), "MkDocs outlived the killed build"
    finally:
        parent.kill()
        parent.wait()
    assert tree(project / "site") == before  # the killed build changed nothing
    assert any(name.startswith(".site.build.") for name in leftovers(project))
    code, output = build(project)
    assert code == 0, output
    assert leftovers(project) == []
