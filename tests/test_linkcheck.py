"""`check --links`: sources asked over HTTP, dead ones reported where they are cited.

Never touches the internet: every record points at a small HTTP server on 127.0.0.1
with routes that answer 200, 404, 410, 503, 403, redirect (once, in a loop, too often,
to a file: URL), refuse HEAD, or answer too slowly.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_timeline import linkcheck
from policy_timeline.catalog import load_catalog
from policy_timeline.cli import main
from policy_timeline.linkcache import CACHE_VERSION, Result, dead_urls, with_dead_urls
from policy_timeline.linkcheck import check_links, check_url
from policy_timeline.options import SiteOptions

from .conftest import TODAY

TIMEOUT = 2.0  # generous: a loaded CI machine must not turn a quick answer into a timeout


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: list[tuple[str, str]] = []  # (method, path)
        self.agents: set[str] = set()
        self.in_flight = 0
        self.max_in_flight = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    state: _State

    def log_message(self, *args) -> None:
        pass

    def _route(self, method: str) -> None:
        state = self.state
        with state.lock:
            state.hits.append((method, self.path))
            state.agents.add(self.headers.get("User-Agent", ""))
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        self._counted = True
        try:
            self._answer(method)
        finally:
            self._done()

    def _done(self) -> None:
        """The request stops counting as in flight before its answer leaves: once the client
        has the answer it may send its next request before this thread runs again."""
        if getattr(self, "_counted", False):
            self._counted = False
            with self.state.lock:
                self.state.in_flight -= 1

    def _send(self, status: int, location: str | None = None, body: bytes = b"ok") -> None:
        self._done()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _answer(self, method: str) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/ok") or path.startswith("/archive-ok"):
            self._send(200)
        elif path in ("/gone", "/gone-with-archive", "/gone-archive-gone", "/archive-gone"):
            self._send(404)
        elif path == "/removed":
            self._send(410)
        elif path == "/server-error":
            self._send(503)
        elif path == "/forbidden":
            self._send(403)
        elif path == "/redirect":
            self._send(302, "/ok-target")
        elif path == "/redirect-loop":
            self._send(302, "/redirect-loop")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, f"/chain/{n - 1}") if n > 0 else self._send(200)
        elif path == "/redirect-to-file":
            self._send(302, "file:///etc/passwd")
        elif path == "/head-refused":
            self._send(405 if method == "HEAD" else 200)
        elif path == "/slow":
            time.sleep(TIMEOUT * 3)
            self._send(200)
        elif path.startswith("/busy/"):
            time.sleep(0.15)
            self._send(200)
        else:
            self._send(404)

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # eight clients at once must not overflow the listen backlog

    def handle_error(self, request, client_address) -> None:
        pass  # the client gave up on /slow: expected


@pytest.fixture
def server():
    state = _State()
    handler = type("Handler", (_Handler,), {"state": state})
    srv = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield base, state
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


ENTITIES = "acme:\n  name: Acme\n  type: company\n  description: A company.\n"
THREADS = "main:\n  title: Main\n  introduction: The main thread.\n"

# (path, archive path or None); the order is the order of sources in the event
SOURCES = [
    ("/ok", None),                       # 0 fine
    ("/gone", None),                     # 1 dead, no archive
    ("/gone-with-archive", "/archive-ok"),  # 2 dead, archive fine: the page links the archive
    ("/gone-archive-gone", "/archive-gone"),  # 3 dead, archive dead too
    ("/removed", None),                  # 4 dead (410)
    ("/server-error", None),             # 5 not checked (503)
    ("/forbidden", None),                # 6 not checked (403)
    ("/redirect", None),                 # 7 fine after one redirect
    ("/redirect-loop", None),            # 8 not checked: loop
    ("/chain/9", None),                  # 9 not checked: too many redirects
    ("/chain/3", None),                  # 10 fine: three redirects
    ("/redirect-to-file", None),         # 11 not checked: redirect to file:
    ("/head-refused", None),             # 12 fine with GET
    ("/slow", None),                     # 13 not checked: timeout
]


def write_records(root: Path, base: str) -> Path:
    events = root / "events"
    (events / "2024").mkdir(parents=True)
    (events / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    (events / "threads.yaml").write_text(THREADS, encoding="utf-8")
    lines = [
        "title: Many sources",
        "date: 2024-03-01",
        "kind: statement",
        "summary: Said " + " ".join(f"[{i + 1}]" for i in range(len(SOURCES))) + ".",
        "sources:",
    ]
    for i, (path, archive) in enumerate(SOURCES):
        lines += [
            f"  - url: {base}{path}",
            f"    title: Page {i}",
            "    publisher: Example",
            "    kind: press",
            "    language: en",
        ]
        if archive:
            lines.append(f"    archive_url: {base}{archive}")
    (events / "2024" / "2024-03-01-many-sources.yaml").write_text("\n".join(lines) + "\n",
                                                                 encoding="utf-8")
    return events


def url_line(events: Path, fragment: str) -> int:
    text = (events / "2024" / "2024-03-01-many-sources.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(text, 1) if line.rstrip().endswith(fragment))


def run(events: Path, cache: Path, **kw):
    catalog = load_catalog(events, today=TODAY)
    kw.setdefault("today", TODAY)
    kw.setdefault("timeout", TIMEOUT)
    return check_links(catalog, events, cache=cache, **kw)


def test_dead_and_unchecked_sources_are_located_warnings(tmp_path, server):
    base, state = server
    events = write_records(tmp_path, base)
    problems = run(events, tmp_path / "cache.json")
    by_field = {p.field: p for p in problems}
    assert all(p.severity == "warning" for p in problems)
    assert all(p.path.endswith("2024-03-01-many-sources.yaml") for p in problems)

    dead = {1: "HTTP 404", 2: "HTTP 404", 3: "HTTP 404", 4: "HTTP 410"}
    unchecked = {5: "HTTP 503", 6: "HTTP 403", 8: "redirect", 9: "redirect", 11: "file:///etc/passwd",
                 13: "timeout"}
    fine = {0, 7, 10, 12}
    for i, what in dead.items():
        p = by_field[f"sources[{i}].url"]
        assert "is gone" in p.message and what in p.message, p
        assert p.line == url_line(events, SOURCES[i][0]), p
    for i, what in unchecked.items():
        p = by_field[f"sources[{i}].url"]
        assert "could not be checked" in p.message and what in p.message, p
        assert p.line == url_line(events, SOURCES[i][0]), p
    for i in fine:
        assert f"sources[{i}].url" not in by_field
    # the archives are checked too
    assert "sources[2].archive_url" not in by_field
    archive = by_field["sources[3].archive_url"]
    assert "archived copy is gone" in archive.message
    assert archive.line == url_line(events, "/archive-gone")

    assert "add `archive_url:`" in by_field["sources[1].url"].hint
    assert "links the archived copy instead" in by_field["sources[2].url"].hint
    assert f"{base}/archive-ok" in by_field["sources[2].url"].hint
    assert "archive_url is gone too" in by_field["sources[3].url"].hint

    assert state.agents == {linkcheck.USER_AGENT}
    assert "policy-timeline" in linkcheck.USER_AGENT
    # HEAD first; GET only where HEAD was refused or failed
    assert ("HEAD", "/ok") in state.hits and ("GET", "/ok") not in state.hits
    assert ("GET", "/head-refused") in state.hits
    chain = [h for h in state.hits if h[1].startswith("/chain/9")]
    assert len(chain) <= 2  # one HEAD, one GET: the loop is not followed further
    assert sum(1 for h in state.hits if h[1].startswith("/chain/")) <= 2 * (linkcheck.MAX_REDIRECTS + 1) + 8


class _FakeWeb:
    """A stand-in for check_url: /gone paths are 404, the rest 200; counts questions."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, url: str, today: dt.date = TODAY) -> Result:
        with self.lock:
            self.asked.append(url)
        status = 404 if "/gone" in url or "/archive-gone" in url else 200
        return Result(url, today.isoformat(), status)


def test_the_cache_is_written_and_reused_until_it_is_stale(tmp_path):
    base = "http://127.0.0.1:9"
    events = write_records(tmp_path, base)
    cache = tmp_path / ".cache" / "links.json"
    web = _FakeWeb()
    first = run(events, cache, check=web)
    assert len(web.asked) == len(set(web.asked)) == len(SOURCES) + 2  # each URL once
    data = json.loads(cache.read_text())
    assert data["version"] == CACHE_VERSION
    entry = data["results"][f"{base}/gone"]
    assert entry["status"] == 404 and entry["checked"] == TODAY.isoformat()

    web.asked.clear()
    second = run(events, cache, check=web, today=TODAY + dt.timedelta(days=3))
    assert web.asked == []  # nothing asked again within max_age_days
    assert sorted(map(str, second)) == sorted(map(str, first))

    later = TODAY + dt.timedelta(days=linkcheck.MAX_AGE_DAYS + 1)
    third = run(events, cache, check=lambda u: web(u, later), today=later)
    assert f"{base}/gone" in web.asked
    assert [p.field for p in third] == [p.field for p in first]
    assert json.loads(cache.read_text())["results"][f"{base}/gone"]["checked"] == later.isoformat()


def test_a_broken_cache_is_ignored_not_fatal(tmp_path):
    events = write_records(tmp_path, "http://127.0.0.1:9")
    cache = tmp_path / "cache.json"
    for junk in ("{not json", "[]", '{"version": 999}', '{"version": 1, "results": {"x": 5}}',
                 '{"version": 1, "results": {"http://127.0.0.1:9/ok": {"checked": "soon"}}}'):
        cache.write_text(junk)
        web = _FakeWeb()
        assert run(events, cache, check=web)  # checked afresh
        assert web.asked
        assert json.loads(cache.read_text())["version"] == CACHE_VERSION
    cache.unlink()
    cache.mkdir()  # a folder where the cache should be: an OSError, which the CLI reports cleanly
    with pytest.raises(OSError):
        run(events, cache, check=_FakeWeb())


def test_requests_run_concurrently_but_bounded(tmp_path, server):
    base, state = server
    events = tmp_path / "events"
    (events / "2024").mkdir(parents=True)
    (events / "entities.yaml").write_text(ENTITIES)
    (events / "threads.yaml").write_text(THREADS)
    n = 24
    body = ["title: Busy", "date: 2024-03-01", "kind: statement",
            "summary: Busy " + " ".join(f"[{i + 1}]" for i in range(n)), "sources:"]
    for i in range(n):
        body += [f"  - url: {base}/busy/{i}", f"    title: Busy {i}", "    publisher: Example",
                 "    kind: press", "    language: en"]
    (events / "2024" / "2024-03-01-busy.yaml").write_text("\n".join(body) + "\n")
    assert run(events, tmp_path / "cache.json", workers=8, timeout=10) == []
    assert len({path for _, path in state.hits}) == n
    assert 1 < state.max_in_flight <= 8  # concurrent, never more than eight at once


def test_check_url_never_raises_on_odd_input(server):
    base, _ = server
    for url in (f"{base}/ok", "http://127.0.0.1:1/", "http://[::1]:1/", f"{base}/slow"):
        result = check_url(url, timeout=TIMEOUT, today=TODAY)
        assert isinstance(result, Result)
    assert check_url(f"{base}/ok", timeout=TIMEOUT).ok
    refused = check_url("http://127.0.0.1:1/", timeout=TIMEOUT)
    assert not refused.ok and not refused.dead and "refused" in refused.error


def test_an_unknown_host_counts_as_dead():
    err = OSError()
    err.reason = socket.gaierror(socket.EAI_NONAME, "Name or service not known")  # type: ignore[attr-defined]
    text = linkcheck._error_text(err)
    assert text.startswith("host not found")
    assert Result("https://gone.example/", "2025-01-01", None, None, text).dead


def test_dead_urls_feed_the_renderer(tmp_path, server):
    base, _ = server
    events = write_records(tmp_path, base)
    cache = tmp_path / "cache.json"
    run(events, cache)
    dead = dead_urls(cache)
    assert f"{base}/gone-with-archive" in dead and f"{base}/ok" not in dead
    assert f"{base}/slow" not in dead and f"{base}/server-error" not in dead  # only surely gone
    options = with_dead_urls(SiteOptions(), cache)
    assert options.extra["dead_urls"] == dead
    assert with_dead_urls(SiteOptions(), tmp_path / "missing.json") == SiteOptions()

    render = pytest.importorskip("policy_timeline.render")
    catalog = load_catalog(events, today=TODAY)
    page = render.render_pages(catalog, options)["events/2024-03-01-many-sources.md"].html
    # the dead original with a live archive: its title links the archive, not the original
    assert f'href="{base}/gone-with-archive"' not in page
    assert f'href="{base}/archive-ok"' in page
    # dead without an archive: still linked (nothing better to offer)
    assert f'href="{base}/gone"' in page
    plain = render.render_pages(catalog, SiteOptions())["events/2024-03-01-many-sources.md"].html
    assert f'href="{base}/gone-with-archive"' in plain


def test_cli_check_links_reports_warnings_and_strict_fails(tmp_path, server, monkeypatch):
    base, _ = server
    write_records(tmp_path, base)
    monkeypatch.setattr(linkcheck, "TIMEOUT", TIMEOUT)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / ".cache" / "links.json"
    args = ["check", "events", "--today", TODAY.isoformat(), "--links", "--cache", str(cache)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "events/2024/2024-03-01-many-sources.yaml:" in result.output
    assert "sources[1].url: warning: the source is gone: HTTP 404" in result.output
    assert "Traceback" not in result.output
    assert cache.is_file()
    strict = CliRunner().invoke(main, args + ["--strict"], catch_exceptions=False)
    assert strict.exit_code == 1
    # without --links nothing is asked and nothing is said about links
    offline = CliRunner().invoke(main, args[:4], catch_exceptions=False)
    assert offline.exit_code == 0 and "sources[1].url" not in offline.output


# ---------------------------------------------------------------------------------------
# Offline: `check --site DIR` walks a built site for broken internal links and anchors


@pytest.mark.build
def test_check_site_passes_a_built_site_and_locates_a_broken_link(built_site, tmp_path,
                                                                  monkeypatch):
    import shutil

    project, site, _ = built_site
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    monkeypatch.chdir(project)
    args = ["check", "events", "--today", "2026-11-26", "--site", str(copy)]
    clean = CliRunner().invoke(main, args, catch_exceptions=False)
    assert clean.exit_code == 0, clean.output

    about = copy / "about" / "index.html"
    html = about.read_text(encoding="utf-8")
    html = html.replace("</article>", '<a href="../no-such-page/">x</a>\n'
                                      '<a href="../timeline/#no-such-anchor">y</a></article>', 1)
    about.write_text(html, encoding="utf-8")
    broken = CliRunner().invoke(main, args, catch_exceptions=False)
    assert broken.exit_code == 1
    line = next(i for i, text in enumerate(html.splitlines(), 1) if "no-such-page" in text)
    assert f"about/index.html:{line}:" in broken.output
    assert "link: '../no-such-page/': no such file" in broken.output
    assert "no id 'no-such-anchor'" in broken.output
    assert "2 errors" in broken.output
