"""Online link check: does every cited source (and its archived copy) still answer?

`policy-timeline check --links` calls `check_links(catalog, events_dir, cache=...)`. Each
URL is asked once (HEAD, then GET when HEAD is refused), eight at a time, with a timeout,
a polite User-Agent and at most `MAX_REDIRECTS` redirects. Results are kept in a JSON
cache (`.cache/links.json`, not committed) with the day they were checked, and are asked
again after `max_age_days`. A dead source is a located *warning*
(`file:line:column: sources[i].url`), never an error: a site going away is not the
contributor's mistake, and the record stays true.

"Dead" means the server said the page is gone (404, 410) or the host name no longer
exists. Timeouts, refused connections, 5xx, 401/403/429 (often a bot filter) are
reported as "could not be checked" but never treated as dead. When a dead source has an
`archive_url`, the rendered pages link the archived copy instead: builds read the cache
through `linkcache.py` (its format lives there), which imports none of this network code.

No network access happens anywhere else in the project; the tests point records at a
local HTTP server.
"""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .catalog import Catalog
from .clock import site_today
from .errors import Problem
from .linkcache import DEFAULT_CACHE, Result, load_cache, save_cache
from .loader import display_path, read_document

__all__ = [
    "check_links",
    "check_url",
]

USER_AGENT = (
    "policy-timeline-linkcheck/0.1 (checks that cited sources still exist; one request per"
    " page, at most weekly)"
)
TIMEOUT = 15.0
WORKERS = 8
MAX_REDIRECTS = 5
MAX_AGE_DAYS = 7
# HEAD is often refused or mishandled: ask again with GET.
RETRY_WITH_GET = frozenset({400, 403, 404, 405, 406, 429, 500, 501, 502, 503})


# ---------------------------------------------------------------------------------------
# Asking one URL


class _RedirectTrouble(OSError):
    """Too many redirects, a loop, or a redirect to something that is not a web page."""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http(s)."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urljoin(req.full_url, newurl)
        if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
            raise _RedirectTrouble(f"redirected to a non-web address {target[:80]!r}")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"  # stay a HEAD request across redirects
        return new


def _opener() -> urllib.request.OpenerDirector:
    # No proxy from the environment magic beyond the standard handlers; no cookies.
    return urllib.request.build_opener(_Redirects())


def _ask(opener: urllib.request.OpenerDirector, url: str, method: str,
         timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
    })
    try:
        with opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # a little of the body: enough to know it comes
            return response.status, response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400:  # urllib would not follow: a loop, too many, not http
            where = exc.headers.get("Location", "") if exc.headers else ""
            raise _RedirectTrouble(f"a redirect that was not followed (more than {MAX_REDIRECTS},"
                                   f" a loop, or to a non-web address {where[:60]!r})") from None
        return exc.code, exc.geturl() or url


def _error_text(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror) and reason.errno in (
        socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)
    ):
        return "host not found (DNS)"
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "no answer in time (timeout)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {getattr(reason, 'reason', None) or reason}"
    text = str(reason).strip() or type(exc).__name__
    return text[:120]


def check_url(url: str, *, timeout: float = TIMEOUT, today: dt.date | None = None,
              opener: urllib.request.OpenerDirector | None = None) -> Result:
    """Ask for `url` (HEAD, then GET if needed); never raises."""
    day = (today or site_today()).isoformat()
    opener = opener or _opener()
    status: int | None = None
    final = url
    error = ""
    for method in ("HEAD", "GET"):
        try:
            status, final = _ask(opener, url, method, timeout)
            error = ""
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            status, error = None, _error_text(exc)
            if error.startswith(("host not found", "no answer in time")):
                break  # GET would not do better
        except Exception as exc:  # noqa: BLE001 - one odd server must not stop the check
            status, error = None, f"{type(exc).__name__}: {str(exc)[:100]}"
        if status is not None and status not in RETRY_WITH_GET:
            break
    return Result(url, day, status, final if final and final != url else None, error)


# ---------------------------------------------------------------------------------------
# Checking a catalog


@dataclass(frozen=True)
class _Cited:
    event_id: str
    index: int  # the source's position in the event's list
    field: str  # "url" or "archive_url"
    url: str
    archive_url: str | None


def _cited(catalog: Catalog) -> list[_Cited]:
    out = []
    for event in catalog.events:
        for i, s in enumerate(event.sources):
            out.append(_Cited(event.id, i, "url", s.url, s.archive_url))
            if s.archive_url:
                out.append(_Cited(event.id, i, "archive_url", s.archive_url, None))
    return out


def check_links(
    catalog: Catalog,
    events_dir: Path,
    *,
    cache: Path = DEFAULT_CACHE,
    max_age_days: int = MAX_AGE_DAYS,
    timeout: float | None = None,
    workers: int = WORKERS,
    today: dt.date | None = None,
    check: Callable[[str], Result] | None = None,
) -> list[Problem]:
    """Warnings for every cited URL that is dead or could not be checked.

    Asks only for URLs not in the cache or checked more than `max_age_days` ago; writes
    the cache back (also when interrupted half-way: what was learnt is kept).
    """
    day = today or site_today()
    cited = _cited(catalog)
    results = load_cache(cache)
    stale = sorted({
        c.url for c in cited
        if c.url not in results or _age(results[c.url], day) > max_age_days
    })
    seconds = timeout if timeout is not None else TIMEOUT
    ask = check or (lambda u: check_url(u, timeout=seconds, today=day))
    try:
        if stale:
            with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
                for result in pool.map(ask, stale):
                    results[result.url] = result
    finally:
        save_cache(cache, results)

    problems = []
    docs: dict[str, Any] = {}
    for c in cited:
        result = results.get(c.url)
        if result is None or result.ok:
            continue
        doc = _document(events_dir, catalog, c.event_id, docs)
        loc = ("sources", c.index, c.field)
        line, column = doc.where(loc) if doc else (1, 1)
        path = doc.path if doc else display_path(Path(events_dir) / catalog.files[c.event_id])
        problems.append(Problem(path, line, column, f"sources[{c.index}].{c.field}",
                                _message(c, result), _hint(c, result, results), "warning"))
    return problems


def _age(result: Result, today: dt.date) -> int:
    try:
        return (today - dt.date.fromisoformat(result.checked)).days
    except ValueError:
        return 10**6


def _document(events_dir: Path, catalog: Catalog, event_id: str, docs: dict[str, Any]):
    if event_id not in docs:
        file = Path(events_dir) / catalog.files[event_id]
        docs[event_id], _ = read_document(file, display_path(file))
    return docs[event_id]


def _message(c: _Cited, r: Result) -> str:
    what = "the archived copy" if c.field == "archive_url" else "the source"
    if r.dead:
        return f"{what} is gone: {r.describe()} (checked {r.checked})"
    return f"{what} could not be checked: {r.describe()} (checked {r.checked})"


def _hint(c: _Cited, r: Result, results: dict[str, Result]) -> str:
    if c.field == "archive_url":
        return "find another archived copy, e.g. on web.archive.org or archive.today"
    if not r.dead:
        return "open it in a browser; if it is gone, add an archive_url or another source"
    if c.archive_url:
        archived = results.get(c.archive_url)
        if archived is not None and archived.dead:
            return "its archive_url is gone too: find another archived copy or source"
        return f"the site now links the archived copy instead ({c.archive_url})"
    return ("add `archive_url:` with an archived copy (web.archive.org), or replace the"
            " source; the page keeps linking the dead URL until then")

