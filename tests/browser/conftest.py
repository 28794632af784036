"""Browser-test harness: Debian's Chromium driven by Playwright, pages served on 127.0.0.1.

Fixtures
    chromium_path      path of Debian's chromium (skips if absent; fails if CI is set)
    serve_dir          factory: serve_dir(directory) -> "http://127.0.0.1:PORT" (no trailing /)
    serve_dir_session  the same, for session-scoped fixtures (e.g. one built site per session)
    browser            Playwright Browser (session)
    page               a fresh context + page whose traffic is watched (see PageTracker)
    tracker            the PageTracker of ``page``: console_errors, page_errors, dialogs,
                       external_requests, http_errors, assert_clean()
    axe_scan           axe_scan(page, context=None, options=None) -> list of axe violations

Nothing is downloaded: Chromium comes from Debian (``make browser``), Playwright from PyPI
(never ``playwright install``), axe-core from node_modules (``make node``). Every request to a
host other than 127.0.0.1/localhost is aborted and recorded.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

DEFAULT_TIMEOUT_MS = 20_000


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip locally; in CI a missing prerequisite is a failure (browser tests must run)."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------------------------------
# Chromium and Playwright


@pytest.fixture(scope="session")
def chromium_path() -> str:
    override = os.environ.get("CHROMIUM")
    candidates = [override] if override else []
    candidates += [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    skip_or_fail(
        "Debian's Chromium is not installed (no `chromium` on PATH, no /usr/bin/chromium); "
        "`make browser` installs it with apt-get (needs root or sudo)"
    )


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the PyPI package `playwright` is not installed; run `make venv`")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright, chromium_path):
    browser = _playwright.chromium.launch(
        executable_path=chromium_path,
        headless=True,
        args=CHROMIUM_ARGS,
    )
    yield browser
    browser.close()


# ---------------------------------------------------------------------------------------
# Watching a page


@dataclass
class PageTracker:
    """Everything a page did that a clean static page should not do."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[tuple[str, str]] = field(default_factory=list)  # (type, message)
    external_requests: list[str] = field(default_factory=list)  # aborted, never sent
    http_errors: list[tuple[int, str]] = field(default_factory=list)  # local 4xx/5xx

    def problems(
        self,
        *,
        ignore_console: tuple[str, ...] = (),
        allow_http_errors: bool = False,
    ) -> list[str]:
        out: list[str] = []
        out += [f"external request: {u}" for u in self.external_requests]
        out += [f"page error: {e}" for e in self.page_errors]
        out += [
            f"console error: {e}"
            for e in self.console_errors
            if not any(fragment in e for fragment in ignore_console)
        ]
        out += [f"dialog ({t}): {m}" for t, m in self.dialogs]
        if not allow_http_errors:
            out += [f"HTTP {s}: {u}" for s, u in self.http_errors]
        return out

    def assert_clean(self, **kwargs) -> None:
        problems = self.problems(**kwargs)
        assert not problems, "the page was not clean:\n  " + "\n  ".join(problems)

    def clear(self) -> None:
        for name in ("console_errors", "page_errors", "dialogs", "external_requests", "http_errors"):
            getattr(self, name).clear()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True  # data:, blob:, about:, chrome-error: never leave the machine
    return (parts.hostname or "") in LOCAL_HOSTS


def _watch(page, tracker: PageTracker) -> None:
    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
            tracker.console_errors.append(msg.text + where)

    def on_dialog(dialog):
        tracker.dialogs.append((dialog.type, dialog.message))
        try:
            dialog.dismiss()
        except Exception:  # the page may already be gone
            pass

    def on_response(response):
        if response.status >= 400 and is_local(response.url):
            tracker.http_errors.append((response.status, response.url))

    def on_websocket(ws):
        if not is_local(ws.url):
            tracker.external_requests.append(ws.url)

    page.on("console", on_console)
    page.on("pageerror", lambda err: tracker.page_errors.append(str(err)))
    page.on("dialog", on_dialog)
    page.on("response", on_response)
    page.on("websocket", on_websocket)


@pytest.fixture
def _tracked(browser):
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    tracker = PageTracker()

    def route(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            tracker.external_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    context.on("page", lambda new_page: _watch(new_page, tracker))  # popups, window.open
    page = context.new_page()
    try:
        page.tracker = tracker
    except AttributeError:
        pass
    yield page, tracker
    context.close()


@pytest.fixture
def page(_tracked):
    """A new browser context and page; see ``tracker`` for what it recorded."""
    return _tracked[0]


@pytest.fixture
def tracker(_tracked) -> PageTracker:
    return _tracked[1]


# ---------------------------------------------------------------------------------------
# Serving a directory on 127.0.0.1


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".map": "application/json",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
        ".eot": "application/vnd.ms-fontobject",
        ".ics": "text/calendar",
        ".xml": "application/xml",
        ".atom": "application/atom+xml",
        ".csv": "text/csv",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not a test failure


class _Servers:
    def __init__(self):
        self._running: list[tuple[QuietServer, threading.Thread]] = []

    def serve(self, directory: str | os.PathLike) -> str:
        directory = Path(directory)
        if not directory.is_dir():
            raise FileNotFoundError(f"cannot serve {directory}: not a directory")
        handler = functools.partial(QuietHandler, directory=str(directory))
        server = QuietServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True)
        thread.start()
        self._running.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}"

    def close(self) -> None:
        for server, thread in self._running:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
        self._running.clear()


@pytest.fixture
def serve_dir():
    """serve_dir(path) -> base URL "http://127.0.0.1:PORT" (no trailing slash)."""
    servers = _Servers()
    yield servers.serve
    servers.close()


@pytest.fixture(scope="session")
def serve_dir_session():
    servers = _Servers()
    yield servers.serve
    servers.close()


# ---------------------------------------------------------------------------------------
# Accessibility: axe-core, injected from node_modules (never shipped with the site)


class AxeScan:
    def __init__(self, path: Path):
        self.path = path

    def __call__(self, page, context=None, options=None) -> list[dict]:
        """Run axe on the page as it is now; return the violations (a list of dicts)."""
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(self.path))
        result = page.evaluate(
            "([context, options]) => axe.run(context || document, options || {})",
            [context, options],
        )
        return result["violations"]

    @staticmethod
    def describe(violations: list[dict]) -> str:
        lines = []
        for v in violations:
            lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} — {v.get('helpUrl', '')}")
            for node in v.get("nodes", [])[:5]:
                lines.append(f"    {json.dumps(node.get('target'))}: {node.get('failureSummary', '').strip()}")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_scan() -> AxeScan:
    """axe_scan(page) -> violations; axe_scan.describe(violations) for an assertion message."""
    if not AXE_JS.is_file():
        skip_or_fail(f"{AXE_JS.relative_to(ROOT)} is missing; run `make node` (npm ci)")
    return AxeScan(AXE_JS)


# ---------------------------------------------------------------------------------------
# The fixture site (tests/fixtures/site with the shared records), built once per session for
# the reader-level tests

from tests.helpers import copy_fixture_site  # noqa: E402  (the fixture site, shared records)


@pytest.fixture(scope="session")
def fixture_site_dir(tmp_path_factory) -> Path:
    """The fixture site and the shared records copied into a temporary folder and built
    with `mkdocs build`."""
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("fixture-site")
    project = tmp / "project"
    copy_fixture_site(project)
    out = tmp / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return out


@pytest.fixture(scope="session")
def fixture_site(fixture_site_dir, serve_dir_session) -> str:
    """Base URL (with a trailing slash) of the built fixture site, served on 127.0.0.1."""
    return serve_dir_session(fixture_site_dir) + "/"


@pytest.fixture
def phone_page(browser):
    """A page in a 375 px wide phone context that loads nothing from another host."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2, service_workers="block")
    context.route("**/*", lambda r: r.continue_()
                  if (urlsplit(r.request.url).hostname or "") in ("127.0.0.1", "localhost")
                  or not r.request.url.startswith("http") else r.abort("blockedbyclient"))
    try:
        yield context.new_page()
    finally:
        context.close()
