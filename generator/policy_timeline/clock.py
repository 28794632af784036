"""Which day it is for the site: the one place the adapters ask, never the catalog.

Whether a deadline's date has passed is decided in one time zone, Europe/Brussels (EU
deadlines are Brussels dates): on 3 December at 00:30 in Brussels a 2 December deadline
has passed, wherever the build runs. The library never reads the clock; the CLI and the
MkDocs plugin call `site_today` and pass the result in (`load_catalog(today=...)`), so
the same records and the same "today" always give the same output.

In order: the CLI's `--today`, else the environment variable POLICY_TIMELINE_TODAY (how
`policy-timeline build --today` reaches the MkDocs child process, and how CI or tests pin
a day), else the plugin's `today` option (the plugin gives the variable first), else the
current date in Brussels. `tzdata` (a dependency) makes the zone work on systems without time zone data.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Mapping
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/Brussels"
"""The time zone that decides whether a date has passed."""
TODAY_ENV = "POLICY_TIMELINE_TODAY"
"""Environment variable holding a pinned "today" (YYYY-MM-DD)."""


def parse_today(value: str | dt.date, where: str = "today") -> dt.date:
    """A YYYY-MM-DD day; ValueError naming `where` and the expected form otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{where}: {str(value)[:40]!r} is not a date; give it as YYYY-MM-DD"
                         f" (e.g. 2026-12-03)") from None


def brussels_today(now: dt.datetime | None = None) -> dt.date:
    """The calendar day in Brussels at `now` (an aware datetime; default: the clock)."""
    now = now if now is not None else dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        raise ValueError("brussels_today needs an aware datetime")
    return now.astimezone(ZoneInfo(TIME_ZONE)).date()


def site_today(value: str | dt.date | None = None, environ: Mapping[str, str] | None = None,
               *, where: str = "--today") -> dt.date:
    """The site's today: `value`, else $POLICY_TIMELINE_TODAY, else the date in Brussels."""
    if value is not None and str(value).strip():
        return parse_today(value, where)
    env = os.environ if environ is None else environ
    pinned = env.get(TODAY_ENV, "").strip()
    if pinned:
        return parse_today(pinned, TODAY_ENV)
    return brussels_today()
