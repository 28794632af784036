"""MkDocs runs as a child that never outlives the command (generator/policy_timeline/process.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

ROOT = Path(__file__).resolve().parent.parent

PARENT = textwrap.dedent("""
    import sys
    from policy_timeline.process import Interrupted, run

    child = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(120)"
    try:
        run([sys.executable, "-c", child, sys.argv[1]])
    except Interrupted as exc:
        print("interrupted", exc.signum, flush=True)
        sys.exit(3)
""")


def alive(pid: int) -> bool:
    """Running (a zombie nobody has reaped yet counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def start(tmp_path: Path) -> tuple[subprocess.Popen, int]:
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(pid_file)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not pid_file.is_file():
        time.sleep(0.05)
    time.sleep(0.1)
    return parent, int(pid_file.read_text())


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return not alive(pid)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_the_child_does_not_outlive_its_parent(tmp_path, signum):
    parent, child = start(tmp_path)
    try:
        assert alive(child)
        parent.send_signal(signum)
        out, _ = parent.communicate(timeout=30)
        assert gone_within(child, 15), "the child outlived its parent"
        if signum != signal.SIGKILL:  # the parent waited for it, then said why it stopped
            assert parent.returncode == 3 and f"interrupted {int(signum)}" in out
    finally:
        parent.kill()
        parent.wait()
        if alive(child):
            os.kill(child, signal.SIGKILL)


def test_the_exit_code_of_a_finished_child_is_returned():
    from policy_timeline.process import run

    assert run([sys.executable, "-c", "raise SystemExit(7)"]) == 7
