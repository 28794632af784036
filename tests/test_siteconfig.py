"""One configuration, one set of records: every command reads mkdocs.yml as the plugin does.

A wrong plugin option stops `mkdocs build` and every command with the same message, and
`--events DIR` is the folder the site is built from, not only the one that is checked.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.options import EVENTS_DIR_ENV
from tests.conftest import TODAY, VALID
from tests.helpers import CONFIG, EVENTS, write_site

pytestmark = pytest.mark.build

T = ["--today", TODAY.isoformat()]
# Records that are all in the past: a build of them does not depend on the day it runs.
OTHER = Path(__file__).resolve().parents[1] / "examples" / "minimal" / "events"
BAD = "      pages: [home, evnts]\n      exportz: [json]\n"


def _with_options(options: str) -> str:
    return CONFIG.replace("      home_intro: docs-intro/home.md\n",
                          "      home_intro: docs-intro/home.md\n" + options)


def _mkdocs_build(root: Path, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=root,
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


def _option_messages(output: str) -> set[str]:
    """The option lines of an error, without the prefix each tool puts before them."""
    return set(re.findall(r"Plugin 'policy-timeline' option '[^']+': [^\n]+", output))


def test_a_wrong_option_gives_the_same_error_everywhere(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project", config=_with_options(BAD))
    mkdocs = _mkdocs_build(root)
    assert mkdocs.returncode != 0
    expected = _option_messages(mkdocs.stderr)
    assert len(expected) == 2, mkdocs.stderr
    assert any("'evnts' is not a page kind: choose from home, timeline" in m for m in expected)
    assert any("'exportz': unknown option" in m for m in expected)

    monkeypatch.chdir(root)
    out = tmp_path / "out"
    for command in (["render", "--out", str(out)],
                    ["export", "--format", "all", "--out", str(out)],
                    ["build", "--site-dir", str(tmp_path / "site")],
                    ["check", *T],
                    ["check", "events", "--site", str(root / "docs"), *T],
                    ["render", "--events", "events", "--out", str(out)]):
        result = CliRunner().invoke(main, [*command, *T] if command[0] != "check" else command)
        assert result.exit_code == 1, (command, result.output)
        assert "Traceback" not in result.output
        assert _option_messages(result.output) == expected, (command, result.output)
        assert "mkdocs.yml" in result.output
        assert not out.exists() and not (tmp_path / "site").exists(), command


def test_a_missing_home_intro_is_the_same_error_for_the_cli(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project", home_intro=None)
    expected = _option_messages(_mkdocs_build(root).stderr)
    assert any("'home_intro'" in m and "does not exist" in m for m in expected)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["render", "--out", str(tmp_path / "out"), *T])
    assert result.exit_code == 1 and _option_messages(result.output) == expected


def test_build_events_dir_builds_that_folder(tmp_path, monkeypatch):
    """The site has the events of --events DIR, not those of the configured events_dir."""
    root = write_site(tmp_path / "project")
    monkeypatch.chdir(root)
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--events", str(OTHER), "--site-dir", str(site),
                                       *T])
    assert result.exit_code == 0, result.output
    built = {p.name for p in (site / "events").iterdir() if p.is_dir()}
    wanted = {p.stem for p in OTHER.rglob("20*.yaml")}
    assert built == wanted
    configured = {Path(name).stem for name in EVENTS}
    assert configured and not configured & built  # the configured events_dir's are not there
    assert f"built {len(wanted)} events" in result.output


def test_the_plugin_reads_the_records_folder_from_the_environment(tmp_path):
    root = write_site(tmp_path / "project")
    site = tmp_path / "site"
    result = _mkdocs_build(root, "--site-dir", str(site), env={EVENTS_DIR_ENV: str(OTHER)})
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (site / "events").iterdir() if p.is_dir()} == \
        {p.stem for p in OTHER.rglob("20*.yaml")}


def test_render_export_and_serve_use_the_events_folder_given(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project")
    monkeypatch.chdir(root)
    wanted = {p.stem for p in VALID.rglob("20*.yaml")}
    result = CliRunner().invoke(main, ["render", "--events", str(VALID), "--out",
                                       str(tmp_path / "pages"), *T])
    assert result.exit_code == 0, result.output
    assert {p.stem for p in (tmp_path / "pages" / "docs" / "events").glob("*.md")} == wanted
    result = CliRunner().invoke(main, ["export", "--events", str(VALID), "--format", "csv",
                                       "--out", str(tmp_path / "data"), *T])
    assert result.exit_code == 0, result.output
    with next((tmp_path / "data").rglob("events.csv")).open(encoding="utf-8", newline="") as fh:
        assert {row["id"] for row in csv.DictReader(fh)} == wanted

    calls = []
    monkeypatch.setattr("policy_timeline.cli._mkdocs", lambda args, env=None: calls.append(env) or 0)
    result = CliRunner().invoke(main, ["serve", "--events", str(VALID)])
    assert result.exit_code == 0, result.output
    assert calls == [{EVENTS_DIR_ENV: str(VALID.resolve())}]


def test_commands_without_a_folder_use_the_plugins_events_dir(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project", config=_with_options("      events_dir: records\n"))
    (root / "events").rename(root / "records")
    monkeypatch.chdir(root)
    n = len([p for p in (root / "records").rglob("20*.yaml")])
    result = CliRunner().invoke(main, ["check", *T])
    assert result.exit_code == 0 and f"ok: {n} events checked" in result.output, result.output
    result = CliRunner().invoke(main, ["list", *T])
    assert result.exit_code == 0 and f"{n} events" in result.output, result.output
    result = CliRunner().invoke(main, [
        "new", "--title", "A test event", "--date", "2024-05-01", "--kind", "statement",
        "--source-url", "https://example.org/a", "--source-title", "A",
        "--source-publisher", "Example"])
    assert result.exit_code == 0, result.output
    assert (root / "records" / "2024" / "2024-05-01-a-test-event.yaml").is_file()
    assert not (root / "events").exists()


def test_render_converts_record_text_with_the_sites_markdown_extensions(tmp_path):
    """`render` reads summaries as the plugin does: with the site's extensions (here
    pymdownx.tilde), not the package's defaults."""
    from policy_timeline.siteconfig import site_markdown

    config = {"markdown_extensions": ["pymdownx.tilde", {"toc": {"permalink": True}}]}
    assert "<del>gone</del>" in site_markdown(config)("~~gone~~")
    assert "<del>" not in site_markdown({})("~~gone~~")
    assert "headerlink" not in site_markdown(config)("## Title")  # the page adds permalinks


def test_a_markdown_extension_that_cannot_load_is_a_clear_error():
    from policy_timeline.errors import GeneratorError
    from policy_timeline.siteconfig import site_markdown

    with pytest.raises(GeneratorError, match="markdown_extensions: .*no_such_extension"):
        site_markdown({"markdown_extensions": ["no_such_extension"]})
