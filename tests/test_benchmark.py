"""The benchmark (`make bench`) runs in its smallest mode, so it cannot rot unseen."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import real_clock_env

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmark" / "run.py"
PAGE = ROOT / "docs" / "performance.md"

sys.path.insert(0, str(ROOT / "benchmark"))
import run as bench  # noqa: E402


def _in_git() -> bool:
    return shutil.which("git") is not None and subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode == 0


@pytest.mark.build
def test_quick_run_measures_everything_and_writes_only_its_section(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    prose = page.read_text(encoding="utf-8").split(bench.BEGIN)[0]
    args = [sys.executable, str(RUN), "--quick", "--out", str(tmp_path / "out"),
            "--write", "--docs-page", str(page)]
    if _in_git():
        args += ["--against", "HEAD"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=real_clock_env())  # it times things, and serve polls
    assert done.returncode == 0, done.stderr[-3000:]

    results = json.loads((tmp_path / "out" / "results.json").read_text())
    row = results["rows"][0]
    assert row["events"] == bench.QUICK_SIZE
    assert row["build_cpu_s"] > 0 and row["plain_cpu_s"] > 0 and row["peak_rss_mb"] > 0
    assert row["search_kb_per_event"] > 0
    # the site in two languages, timed against the one-language build (issue 13)
    assert row["languages_cpu_s"] > 0 and row["languages_ratio"] > 0
    assert "Build in 2 languages ≤ 2.1× the one-language build (CPU)" in done.stdout
    assert results["check"]["events"] == bench.QUICK_SIZE and results["check"]["check_cpu_s"] > 0
    assert results["serve"]["reload_s"] > 0
    if _in_git():
        assert row["ref_cpu_s"] > 0 and results["check"]["ref_check_cpu_s"] > 0
    assert "| target | measured |" in done.stdout

    text = page.read_text(encoding="utf-8")
    assert text.startswith(prose)  # the prose is kept
    assert text.count(bench.BEGIN) == 1 and text.count(bench.END) == 1
    assert "`policy-timeline check` of 30 records" in text
    assert "--quick" in text  # the command line that made the figures


def test_write_replaces_only_the_section_between_the_markers(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(f"# Performance\n\nProse.\n\n{bench.BEGIN}\nold figures\n{bench.END}\n\nMore prose.\n")
    results = json.loads((Path(__file__).parent / "fixtures" / "bench-results.json").read_text())
    bench.write_docs(page, results)
    text = page.read_text()
    assert "old figures" not in text
    assert text.startswith("# Performance\n\nProse.\n\n" + bench.BEGIN)
    assert text.endswith(bench.END + "\n\nMore prose.\n")
    assert "| Plugin build ≤ 1.0× plain MkDocs (CPU) at 1,000 events | 0.90×" in text
    assert "✅ met" in text and "❌ missed" in text
    bench.write_docs(page, results)
    assert page.read_text() == text  # a second write gives the same page


def test_write_refuses_a_page_without_markers(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n\nHand-written only.\n")
    with pytest.raises(SystemExit, match="markers"):
        bench.write_docs(page, {})
    assert page.read_text() == "# Performance\n\nHand-written only.\n"
