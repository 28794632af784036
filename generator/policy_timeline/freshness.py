"""Freshness: which deadlines an editor should look at again, as of a given day.

Not validity: a record stays valid when its date passes, and no build or strict check
fails because of the calendar. This is the separate signal (`policy-timeline freshness`,
run weekly by .github/workflows/freshness.yml) that lists
- overdue deadlines: scheduled or rescheduled, their date passed (in Brussels), nobody
  has confirmed them yet (set `status: happened`, or record the new date);
- stale verifications: deadlines still to come whose `last_verified` is older than
  `max_age` days (check the date against its sources again and update it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .catalog import DEADLINE_STATUSES, Catalog, is_overdue

DEFAULT_MAX_AGE = 180
"""Days after which a deadline's `last_verified` date is reported as stale."""


@dataclass(frozen=True)
class Finding:
    """One deadline to check: where it is, what is wrong, what to do."""

    kind: str  # "overdue" or "stale"
    event: str
    title: str
    path: str
    line: int
    date: str
    status: str
    last_verified: str | None
    days: int  # overdue: days since the date passed; stale: age of last_verified
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.message}\n    hint: {self.hint}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _line(file: Path, key: str) -> int:
    """The line of a top-level `key:` in a record file (1 if it cannot be read)."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 1)


def freshness(catalog: Catalog, root: Path, today: dt.date, *,
              max_age: int = DEFAULT_MAX_AGE, display_root: Path | None = None) -> list[Finding]:
    """Overdue deadlines and stale verifications, in the catalog's (date) order.

    `root` is the records folder (to find lines), `display_root` how paths are shown
    (default: `root` as given). `catalog.today` is not used: the day is `today`.
    """
    if max_age < 0:
        raise ValueError("max_age must be 0 or more days")
    shown = Path(display_root) if display_root is not None else Path(root)
    out: list[Finding] = []
    for event in catalog.events:
        if event.status not in DEADLINE_STATUSES:
            continue
        rel = catalog.files.get(event.id, f"{event.id}.yaml")
        file, path = Path(root) / rel, (shown / rel).as_posix()
        verified = event.last_verified.iso() if event.last_verified else None
        last = event.end or event.when
        if is_overdue(event, today):
            days = (today - last.last_day()).days
            out.append(Finding(
                "overdue", event.id, event.title, path, _line(file, "end" if event.end else "date"),
                event.date.iso(), event.status, verified, days,
                f"{event.title!r}: the {event.status} date {(event.end or event.when).display()}"
                f" has passed ({days} day{'s' * (days != 1)} ago) and nobody has confirmed it",
                "check the sources: set `status: happened` (it took place), or record the new"
                " date with a schedule_history entry; then update last_verified"))
            continue
        if event.last_verified is None:
            continue  # `check` reports a deadline without last_verified
        age = (today - event.last_verified.last_day()).days
        if age > max_age:
            out.append(Finding(
                "stale", event.id, event.title, path, _line(file, "last_verified"),
                event.date.iso(), event.status, verified, age,
                f"{event.title!r}: the date {event.when.display()} was last checked"
                f" {event.last_verified.display()}, {age} days ago (more than {max_age})",
                "check the date against its sources again and set last_verified to that day"))
    return out


def report(findings: list[Finding], today: dt.date, max_age: int, time_zone: str) -> str:
    """Human text: every finding, then a one-line summary."""
    overdue = sum(f.kind == "overdue" for f in findings)
    stale = len(findings) - overdue
    when = f"as of {today.isoformat()} ({time_zone})"
    if not findings:
        return f"ok: no deadline needs checking {when}; verifications are at most {max_age} days old"
    lines = [str(f) for f in findings]
    lines.append(f"{len(findings)} deadline{'s' * (len(findings) != 1)} to check {when}:"
                 f" {overdue} overdue, {stale} verified more than {max_age} days ago")
    return "\n".join(lines)


def report_json(findings: list[Finding], today: dt.date, max_age: int, time_zone: str) -> dict:
    """The same for machines (the weekly workflow reads it)."""
    return {
        "ok": not findings,
        "today": today.isoformat(),
        "time_zone": time_zone,
        "max_age": max_age,
        "overdue": [f.as_dict() for f in findings if f.kind == "overdue"],
        "stale": [f.as_dict() for f in findings if f.kind == "stale"],
    }
