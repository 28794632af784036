"""The link-check cache: what `check --links` last learnt about each cited URL.

The cache (`.cache/links.json`, not committed) is written by the online check
(`linkcheck.py`) and read by every build: a dead source with an `archive_url` is linked
through its archived copy (`with_dead_urls`). Reading it must not cost a build the
network code, so this module holds only the file format and what a result means; it
imports nothing that talks to the network.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .options import SiteOptions

__all__ = [
    "CACHE_VERSION",
    "DEAD_STATUSES",
    "DEFAULT_CACHE",
    "Result",
    "dead_urls",
    "load_cache",
    "save_cache",
    "with_dead_urls",
]

DEFAULT_CACHE = Path(".cache") / "links.json"
CACHE_VERSION = 1
DEAD_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class Result:
    """What asking for one URL gave."""

    url: str
    checked: str  # ISO day
    status: int | None = None  # final HTTP status, None when no answer
    final_url: str | None = None  # after redirects, when it differs
    error: str = ""  # why there was no usable answer

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400

    @property
    def dead(self) -> bool:
        """Surely gone: 404/410, or a host name that no longer exists."""
        return self.status in DEAD_STATUSES or self.error.startswith("host not found")

    def describe(self) -> str:
        if self.status is not None:
            return f"HTTP {self.status}" + (f" (after a redirect to {self.final_url})"
                                            if self.final_url else "")
        return self.error or "no answer"


def load_cache(path: Path) -> dict[str, Result]:
    """The cached results; an unreadable or foreign cache is treated as empty."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    out = {}
    for url, item in (data.get("results") or {}).items():
        try:
            out[url] = Result(url, str(item["checked"]), item.get("status"),
                              item.get("final_url"), str(item.get("error", "")))
        except (KeyError, TypeError):
            continue
    return out


def save_cache(path: Path, results: dict[str, Result]) -> None:
    """Write the cache atomically (a temporary file renamed over the old one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": CACHE_VERSION,
        "note": "written by `policy-timeline check --links`; safe to delete",
        "results": {
            url: {k: v for k, v in dataclasses.asdict(r).items() if k != "url"}
            for url, r in sorted(results.items())
        },
    }
    fd, tmp = tempfile.mkstemp(prefix=".links.", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dead_urls(cache: Path = DEFAULT_CACHE) -> frozenset[str]:
    """The URLs the last link check found dead (no network; empty without a cache)."""
    return frozenset(url for url, r in load_cache(cache).items() if r.dead)


def with_dead_urls(options: SiteOptions, cache: Path) -> SiteOptions:
    """`options` with `extra["dead_urls"]` from the link-check cache, when there is one."""
    dead = dead_urls(cache)
    if not dead:
        return options
    return dataclasses.replace(options, extra={**options.extra, "dead_urls": dead})
