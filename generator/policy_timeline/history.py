"""When each record last changed, from the git history of the records folder.

Readers need to know how current a page is ("last changed 12 March 2025") and what has
changed lately (the "What changed" page and its feed). Both come from the repository's
history, read once per build with ONE `git log` over the whole records folder (linear in
the history, not one process per file), and parsed by the pure `parse_log`.

Reproducible: the dates are the committer dates of the commits (never the clock), so the
same commit gives the same dates in every build. A commit's date is shown as its day in
Brussels (`clock.TIME_ZONE`), the zone that decides everything else on the site.

Without a usable history (not a git checkout, a shallow clone whose dates would be wrong,
git not installed) `read_history` returns no history and a one-line warning: the site
builds, without dates. The adapters pass the history to rendering in
`options.extra["history"]`; rendering and exports never run git.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from dataclasses import replace
from typing import Callable, Iterable, Mapping
from zoneinfo import ZoneInfo

from .clock import TIME_ZONE
from .options import SiteOptions

RECORD = "\x1e"
"""Starts each commit in the log (ASCII record separator: never in a subject)."""
FIELD = "\x1f"
"""Separates the commit's fields (ASCII unit separator)."""
LOG_FORMAT = "%x1e%H%x1f%cI%x1f%s"
"""`git log --format`: hash, committer date (strict ISO 8601), subject."""
ACTIONS = {"A": "added", "M": "changed", "T": "changed", "R": "changed", "C": "added",
           "D": "removed"}
"""git's status letters as the words the "What changed" page uses."""
LOG_COMMAND = ("git", "-c", "core.quotepath=off", "log", "--relative", "--find-renames",
               "--no-color", "--encoding=UTF-8", f"--format={LOG_FORMAT}", "--name-status",
               "--", ".")
"""Run in the records folder: every commit that touched it, paths relative to it."""


@dataclass(frozen=True)
class Change:
    """One file of the records folder changed by one commit."""

    path: str
    """Relative to the records folder, with forward slashes (after the change)."""
    action: str
    """added, changed or removed (a renamed file counts as changed, at its new path)."""
    commit: str
    when: dt.datetime
    """The commit's committer date, with its offset."""
    subject: str
    old_path: str | None = None
    """The path before a rename (None: not renamed)."""

    @property
    def day(self) -> dt.date:
        """The committer date's day in Brussels."""
        return self.when.astimezone(ZoneInfo(TIME_ZONE)).date()

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class History:
    """Every change of the records folder's files, newest first (git log's order)."""

    changes: tuple[Change, ...] = ()

    def last_changed(self) -> dict[str, Change]:
        """{path: its latest change} of every file that still exists."""
        out: dict[str, Change | None] = {}  # None: renamed away, gone
        for change in self.changes:
            out.setdefault(change.path, change)
            if change.old_path:
                out.setdefault(change.old_path, None)
        return {path: c for path, c in sorted(out.items())
                if c is not None and c.action != "removed"}


def parse_log(text: str) -> History:
    """The history in the output of `LOG_COMMAND` (pure; unit-tested on fixed text).

    A merge commit lists no files (git shows merges without a diff): the commits it
    brings in carry their own changes and dates.
    """
    changes: list[Change] = []
    for block in text.split(RECORD):
        if not block.strip():
            continue
        head, _, body = block.partition("\n")
        fields = head.split(FIELD)
        if len(fields) != 3:
            raise ValueError(f"unexpected git log line: {head[:80]!r}")
        commit, when, subject = fields
        stamp = dt.datetime.fromisoformat(when.strip())
        for line in body.splitlines():
            if not line.strip():
                continue
            status, *paths = line.split("\t")
            action = ACTIONS.get(status[:1])
            if action is None or not paths:
                continue
            changes.append(Change(path=paths[-1], action=action, commit=commit.strip(),
                                  when=stamp, subject=subject.strip(),
                                  old_path=paths[0] if len(paths) > 1 else None))
    return History(tuple(changes))


def _git(args: Iterable[str], folder: Path, environ: Mapping[str, str]
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=folder, env=dict(environ), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", check=False)


def read_history(events_dir: Path | str, environ: Mapping[str, str] = os.environ
                 ) -> tuple[History | None, str | None]:
    """(the history of the records folder, None), or (None, a one-line warning saying why
    there are no dates). Runs git twice whatever the number of records."""
    folder = Path(events_dir)
    why = "the pages show no \"last changed\" dates and \"What changed\" lists nothing"
    if not folder.is_dir():
        return None, f"{folder} is not a folder: {why}."
    try:
        probe = _git(("git", "rev-parse", "--is-shallow-repository"), folder, environ)
    except FileNotFoundError:
        return None, f"git is not installed: {why}."
    except OSError as exc:
        return None, f"cannot run git ({exc.strerror or exc}): {why}."
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["not a git checkout"])[-1]
        return None, f"{folder} is not in a git checkout ({reason.removeprefix('fatal: ')}): {why}."
    if probe.stdout.strip() == "true":
        return None, (f"{folder} is in a shallow clone, whose history is cut: {why} (clone"
                      " with the whole history, e.g. actions/checkout with fetch-depth: 0).")
    log = _git(LOG_COMMAND, folder, environ)
    if log.returncode != 0:
        reason = (log.stderr.strip().splitlines() or ["git log failed"])[-1]
        return None, f"cannot read the history of {folder} ({reason}): {why}."
    try:
        return parse_log(log.stdout), None
    except ValueError as exc:
        return None, f"cannot read the history of {folder} ({exc}): {why}."


def with_history(options: SiteOptions, events_dir: Path | str,
                 warn: Callable[[str], None]) -> SiteOptions:
    """The options with the records' history in `extra["history"]` (what rendering and the
    feeds read), or unchanged after `warn`ing in one line why there is none."""
    history, warning = read_history(events_dir)
    if history is None:
        warn(warning or "no history")
        return options
    return replace(options, extra={**options.extra, "history": history})


__all__ = ["Change", "History", "LOG_COMMAND", "parse_log", "read_history", "with_history"]
