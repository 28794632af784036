"""`policy-timeline serve`: a broken record never takes the preview down; a busy port is a
clean message. The server runs in a child process on a free loopback port; every wait is
bounded in time."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from policy_timeline.cli import main
from tests.helpers import SITE_URL, real_clock_env, write_site

pytestmark = pytest.mark.build

RECORD = "events/2024/2024-07-12-published.yaml"
BANNER = "The records have problems"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5.0) -> tuple[float, str]:
    """(seconds taken, body); a request that hangs fails the test after `timeout`."""
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read().decode("utf-8")
    return time.monotonic() - start, body


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
        except (OSError, urllib.error.URLError) as exc:
            last, result = exc, None
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what} (last error: {last})")


@pytest.fixture
def served(tmp_path):
    project = write_site(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**real_clock_env(), "NO_MKDOCS_2_WARNING": "1"}  # the watcher needs a real clock
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "policy_timeline", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        # MkDocs serves under site_url's path (/timeline/)
        url = f"http://127.0.0.1:{port}{urlsplit(SITE_URL).path}"
        wait_for(lambda: get(url)[1], 120, "the first build")
        yield project, url, log
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_serve_keeps_answering_while_a_record_is_broken_and_recovers(served):
    project, url, log = served
    record = project / RECORD
    good = record.read_text(encoding="utf-8")
    assert BANNER not in get(url)[1]

    # each save changes the file's size: under faketime the watcher sees no new mtimes
    record.write_text(good.replace("kind: publication", "kind: publicaton"), encoding="utf-8")
    def banner_shown():
        body = get(url)[1]
        return body if BANNER in body else None

    body = wait_for(banner_shown, 90, "the error banner")
    # the last good site is still served, with the problem shown where the reader looks
    line = good.splitlines().index("kind: publication") + 1
    assert f"2024-07-12-published.yaml:{line}:1: kind:" in body and "did you mean" in body
    assert "The AI Act is published" in get(url + "events/2024-07-12-published/")[1]
    for _ in range(5):  # no request waits for a good build
        seconds, _ = get(url, timeout=5)
        assert seconds < 5
        time.sleep(0.2)
    terminal = log.read_text(encoding="utf-8", errors="replace")
    assert "2024-07-12-published.yaml" in terminal and "still serving" in terminal
    assert "Traceback" not in terminal

    record.write_text(good.replace("The AI Act is published", "The AI Act is now published"),
                      encoding="utf-8")
    wait_for(lambda: BANNER not in get(url)[1]
             and "The AI Act is now published" in get(url + "events/2024-07-12-published/")[1],
             90, "the recovery")


def test_a_busy_port_is_a_clean_message(tmp_path, monkeypatch):
    project = write_site(tmp_path / "project")
    monkeypatch.chdir(project)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--dev-addr", f"127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert f"port {port} is in use" in result.output
    assert "pass --dev-addr 127.0.0.1:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["8000", "127.0.0.1:", "127.0.0.1:99999", "localhost:http"])
def test_a_malformed_dev_addr_is_a_clean_message(tmp_path, monkeypatch, value):
    project = write_site(tmp_path / "project")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["serve", "--dev-addr", value])
    assert result.exit_code == 2 and "HOST:PORT" in result.output
    assert "Traceback" not in result.output


def test_the_banner_is_escaped_and_goes_first_in_the_body():
    from policy_timeline.plugin import serve_banner

    page = '<html><head><title>x</title></head><body class="a"><p>page</p></body></html>'
    out = serve_banner(page, "x.yaml:1:1: title: <script>alert(1)</script>")
    assert out.index('<body class="a">') < out.index(BANNER) < out.index("<p>page</p>")
    assert "<script>" not in out and "&lt;script&gt;" in out
