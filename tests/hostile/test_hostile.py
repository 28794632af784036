"""Run the hostile-input corpus (cases.py) through `policy-timeline check`.

Each case: exit code 1 with every expected problem located (file, line, field) — or, for
a documented acceptance, exit 0 with nothing said about the case's files; never a
traceback; bounded time; bounded output. Heavy cases run again in a child process with a
capped address space. Finally, all the cases together in one folder: one run reports
every problem of every file.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_timeline.cli import main

from .cases import BASELINE, CASES, TODAY, Case, Expect

SECONDS = 5.0  # per case, CPU time of this process: a bound against blow-ups, not a benchmark
MEMORY_LIMIT = 1 << 30  # address-space cap for heavy cases: 1 GiB
MAX_LINE = 2_000  # no line of output may be longer (a 100k-char value must not be echoed)
MAX_OUTPUT = 50_000  # characters of output per case (problems are capped per file)


def write_baseline(events: Path) -> None:
    for rel, text in BASELINE.items():
        target = events / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def write_case(events: Path, case: Case) -> Path:
    """Write the case's files into `events/<case.name>/`; return that folder."""
    root = events / case.name
    root.mkdir(parents=True)
    for rel, content in case.files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        target.write_bytes(data)
    if case.setup:
        case.setup(root)
    return root


def run_check(cwd: Path) -> tuple[int, str, float]:
    """`policy-timeline check events` in `cwd`: exit code, all output, CPU seconds taken.

    CPU time, not wall time: a loaded machine (two test workers on two cores, other jobs)
    must not turn a bound against runaway parsing into a flaky failure.
    """
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.process_time()
        result = runner.invoke(main, ["check", "events", "--today", TODAY], catch_exceptions=False)
        elapsed = time.process_time() - start
    finally:
        os.chdir(old)
    return result.exit_code, result.output, elapsed


def problem_blocks(output: str) -> list[str]:
    """Each reported problem with its hint line(s) joined, as one string."""
    blocks: list[str] = []
    for line in output.splitlines():
        if line.startswith("    hint:") and blocks:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


def find(expect: Expect, prefix: str, output: str) -> bool:
    """Is `expect` among the problems, at `prefix/file:line:column: field: ...`?"""
    path = f"{prefix}/{expect.file}"
    field = expect.field or "(file)"
    if field.endswith("*"):
        field_re = re.escape(field[:-1]) + r"[^ ]*"
    else:
        field_re = re.escape(field)
    head = re.compile(rf"^{re.escape(path)}:{expect.line}:\d+: {field_re}: ")
    return any(
        head.match(block) and expect.fragment.lower() in block.lower()
        for block in problem_blocks(output)
    )


def assert_sane(output: str, case_names: list[str]) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert len(output) < MAX_OUTPUT * len(case_names), f"{len(output):,} characters of output"
    long = [line[:120] + "..." for line in output.splitlines() if len(line) > MAX_LINE]
    assert not long, f"output lines over {MAX_LINE} characters: {long}"
    # A line starting with `::` is a command to a GitHub Actions runner.
    assert not [line for line in output.splitlines() if line.lstrip().startswith("::")], output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    events = tmp_path / "events"
    write_baseline(events)
    write_case(events, case)
    code, output, elapsed = run_check(tmp_path)

    assert_sane(output, [case.name])
    assert elapsed < SECONDS, f"{case.name} took {elapsed:.1f} s"
    for text in case.forbid:
        assert text not in output, f"{text!r} must not be in the output:\n{output}"
    prefix = f"events/{case.name}"
    if case.accepted:
        assert code == 0, f"accepted ({case.accepted}) but check failed:\n{output}"
        assert prefix not in output, output
        return
    assert code == 1, output
    missing = [e for e in case.expect if not find(e, prefix, output)]
    assert not missing, f"not reported: {missing}\n--- output:\n{output}"
    # Nothing about the valid baseline: the bad file does not drag good ones down.
    assert not [rel for rel in BASELINE if f"events/{rel}" in output], output


def test_corpus_size_and_coverage() -> None:
    categories = {c.category for c in CASES}
    assert len(CASES) >= 40
    assert {"yaml", "encoding", "files", "ids", "dates", "references", "links", "types",
            "text"} <= categories
    assert any(c.accepted for c in CASES) and any(c.heavy for c in CASES)


# ---------------------------------------------------------------------------------------
# Memory: heavy cases in a child process whose address space is capped

CHILD = textwrap.dedent(
    """
    import resource, sys
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from policy_timeline.cli import main
    try:
        main(["check", "events", "--today", sys.argv[2]])
    except SystemExit as exc:
        code = exc.code
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("PEAK_KIB", peak_kib, file=sys.stderr)
    sys.exit(code)
    """
)

HEAVY = [c for c in CASES if c.heavy]


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize("case", HEAVY, ids=[c.name for c in HEAVY])
def test_heavy_case_has_bounded_memory(case: Case, tmp_path: Path) -> None:
    events = tmp_path / "events"
    write_baseline(events)
    write_case(events, case)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    before = _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(MEMORY_LIMIT), TODAY],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env,
    )
    elapsed = _children_cpu() - before
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-3000:])
    peak = int(re.search(r"PEAK_KIB (\d+)", proc.stderr).group(1))
    assert peak < 400 * 1024, f"{case.name}: peak resident memory {peak // 1024} MiB"
    assert elapsed < 3 * SECONDS, f"{case.name} took {elapsed:.1f} s (with interpreter start)"
    for e in case.expect:
        assert find(e, f"events/{case.name}", proc.stderr), (e, proc.stderr[-3000:])


# ---------------------------------------------------------------------------------------
# Everything at once


def test_all_cases_together_report_every_problem_in_one_run(tmp_path: Path) -> None:
    events = tmp_path / "events"
    write_baseline(events)
    for case in CASES:
        write_case(events, case)
    code, output, elapsed = run_check(tmp_path)

    assert_sane(output, [c.name for c in CASES])
    assert code == 1
    assert elapsed < 30, f"the whole corpus took {elapsed:.1f} s"
    missing = [
        (c.name, e) for c in CASES for e in c.expect if not find(e, f"events/{c.name}", output)
    ]
    assert not missing, f"{len(missing)} problems not reported, e.g. {missing[:5]}"
    for case in CASES:
        if case.accepted:
            assert f"events/{case.name}/" not in output, case.name
        for text in case.forbid:
            assert text not in output, (case.name, text)
    summary = output.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?", summary), summary


def test_all_cases_together_as_json(tmp_path: Path) -> None:
    """The machine-readable report holds the same located problems, and is valid JSON."""
    events = tmp_path / "events"
    write_baseline(events)
    for case in CASES:
        write_case(events, case)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(
            main, ["check", "events", "--today", TODAY, "--format", "json"], catch_exceptions=False
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    files = {p["path"].split("/")[1] for p in report["problems"]}
    expected = {c.name for c in CASES if c.expect}
    assert expected <= files, sorted(expected - files)[:10]
    for p in report["problems"]:
        assert p["line"] >= 1 and p["column"] >= 1 and p["message"]
