"""Child processes (MkDocs) that never outlive the command that started them.

On Linux the child asks the kernel for SIGTERM when its parent dies (PR_SET_PDEATHSIG),
which covers even a SIGKILL of the parent. SIGTERM and SIGHUP sent to the parent are
passed on as SIGINT (MkDocs stops cleanly on it), a SIGINT only if the child has not
stopped by itself a moment later (a terminal sends it to both); a child that does not
stop gets SIGTERM, then SIGKILL. The parent waits for it before it cleans up and exits.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence

PR_SET_PDEATHSIG = 1
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def _die_with_parent(parent: int):
    """A preexec function: SIGTERM this child when the process `parent` dies."""
    libc = None
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        except OSError:
            libc = None

    def preexec() -> None:
        if libc is not None:
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


class Interrupted(Exception):
    """The command got a signal; the child has been stopped."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def run(args: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    """Run `args`, return its exit code; stop it and raise Interrupted on a signal.

    A SIGINT typed at the terminal reaches the child by itself (same process group), so
    it is passed on only if the child is still running a moment later.
    """
    child = subprocess.Popen(list(args), env=dict(env) if env is not None else None,
                             preexec_fn=_die_with_parent(os.getpid()))
    received: list[int] = []

    def note(signum: int, _frame) -> None:
        received.append(signum)
        if signum != signal.SIGINT:
            _send(child, signal.SIGINT)  # MkDocs stops cleanly on it (serve removes its temp dir)

    previous = {}
    try:
        for signum in FORWARDED:
            previous[signum] = signal.signal(signum, note)
    except ValueError:  # not the main thread: signals cannot be caught here
        pass
    try:
        code = _wait(child, received)
    except BaseException:
        _send(child, signal.SIGTERM)
        child.wait()
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        raise Interrupted(received[0])
    return code


def _send(child: subprocess.Popen, signum: int) -> None:
    try:
        child.send_signal(signum)
    except ProcessLookupError:
        pass


def _wait(child: subprocess.Popen, received: list[int], grace: float = 5.0) -> int:
    """Wait for the child; after a signal, escalate if it does not stop within `grace`."""
    steps: list[int] | None = None
    waited = 0.0
    while True:
        try:
            return child.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            if not received:
                continue
            if steps is None:  # SIGINT may have reached the child from the terminal already
                steps = [signal.SIGINT] if received[0] == signal.SIGINT else []
                steps += [signal.SIGTERM, signal.SIGKILL]
            waited += 0.2
            if waited >= grace and steps:
                _send(child, steps.pop(0))
                waited = 0.0
