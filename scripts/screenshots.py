#!/usr/bin/env python3
"""Screenshots of the pages readers look at, for a person to look at (`make screenshots`).

    .venv/bin/python scripts/screenshots.py                  # build site/, then shoot it
    .venv/bin/python scripts/screenshots.py --site site      # shoot an already built site
    .venv/bin/python scripts/screenshots.py --only interactive --only home

Home, the timeline, an event page, the Mistral AI entity page and the interactive view, each
in the light and the dark scheme (Material's palette follows `prefers-color-scheme`, which
Chromium emulates), at 1280 px (desktop) and 390 px (phone) wide: 20 PNG files in
screenshots/ (gitignored), named PAGE-SCHEME-WIDTH.png, plus index.html showing them side by
side. Pages are shot whole, cut at --max-height pixels.

The site is served on 127.0.0.1 and opened in Debian's Chromium (/usr/bin/chromium, as in
the browser tests) through Playwright from PyPI; every request to another host is refused
and reported. A script, not a test: it is how a person checks what the tests cannot judge.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"

PAGES = {
    "home": "",
    "timeline": "timeline/",
    "event": "events/2024-02-27-microsoft-eur-15-million-convertible-investment/",
    "mistral-ai": "entities/mistral-ai/",
    "interactive": "interactive/",
}
SCHEMES = ("light", "dark")
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHTS = {"desktop": 800, "phone": 844}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json",
                      ".css": "text/css", ".svg": "image/svg+xml"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    sys.exit("Debian's Chromium is missing: `make browser` installs it (apt-get install chromium)")


def build(site: Path) -> None:
    cli = Path(sys.executable).with_name("policy-timeline")
    command = [str(cli) if cli.exists() else "policy-timeline", "build", "--site-dir", str(site)]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def settle(page, name: str) -> None:
    """Wait until the page looks as a reader sees it (the interactive view drawn)."""
    page.wait_for_load_state("networkidle")
    if name == "interactive":
        page.wait_for_selector(".tl-slide", state="attached")
        page.wait_for_timeout(1500)  # TimelineJS animates to its first slide
    page.evaluate("document.fonts && document.fonts.ready")


def shoot(site: Path, out: Path, only: list[str], max_height: int) -> list[str]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    server, base = serve(site)
    written: list[tuple[str, str, str, Path]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), headless=True,
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-dev-shm-usage"])
            for scheme in SCHEMES:
                for size, width in WIDTHS.items():
                    phone = size == "phone"
                    context = browser.new_context(
                        viewport={"width": width, "height": HEIGHTS[size]},
                        color_scheme=scheme, is_mobile=phone, has_touch=phone,
                        device_scale_factor=1, service_workers="block")

                    def route(r):
                        host = urlsplit(r.request.url).hostname or ""
                        if r.request.url.startswith("http") and host not in ("127.0.0.1",
                                                                              "localhost"):
                            problems.append(f"request to another host: {r.request.url}")
                            return r.abort("blockedbyclient")
                        return r.continue_()

                    context.route("**/*", route)
                    page = context.new_page()
                    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                    for name, path in PAGES.items():
                        if only and name not in only:
                            continue
                        response = page.goto(base + path, wait_until="load")
                        if response is None or not response.ok:
                            problems.append(f"/{path}: HTTP "
                                            f"{response.status if response else 'no answer'}")
                            continue
                        settle(page, name)
                        got = page.evaluate(
                            "document.body.getAttribute('data-md-color-scheme')")
                        want = "slate" if scheme == "dark" else "default"
                        if got not in (None, want):
                            problems.append(f"/{path}: {scheme} asked, scheme {got} shown")
                        height = page.evaluate("document.documentElement.scrollHeight")
                        target = out / f"{name}-{scheme}-{size}.png"
                        page.screenshot(path=str(target), full_page=True,
                                        clip={"x": 0, "y": 0, "width": width,
                                              "height": min(height, max_height)})
                        written.append((name, scheme, size, target))
                        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
                              f"  ({width} x {min(height, max_height)} of {height} px)", flush=True)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    index(out, written)
    return problems


def index(out: Path, written: list[tuple[str, str, str, Path]]) -> None:
    """screenshots/index.html: every shot, one row per page."""
    rows = []
    for name in PAGES:
        cells = "".join(
            f'<figure><a href="{html.escape(t.name)}"><img src="{html.escape(t.name)}" '
            f'alt="{html.escape(f"{n}, {s}, {z}")}" loading="lazy"></a>'
            f"<figcaption>{html.escape(f'{s}, {z}')}</figcaption></figure>"
            for n, s, z, t in written if n == name)
        if cells:
            rows.append(f"<h2>{html.escape(name)}</h2><div class=row>{cells}</div>")
    (out / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Screenshots</title>"
        "<style>.row{display:flex;gap:1em;align-items:flex-start}"
        "img{max-width:320px;border:1px solid #888}</style>" + "".join(rows) + "\n",
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path,
                        help="a built site to shoot (default: build ./site first)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    parser.add_argument("--only", action="append", choices=sorted(PAGES), default=[],
                        help="only this page (repeatable)")
    parser.add_argument("--max-height", type=int, default=6000,
                        help="cut long pages at this many pixels (default 6000)")
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        site = ROOT / "site"
        build(site)
    if not (site / "index.html").is_file():
        sys.exit(f"{site} holds no built site (no index.html)")
    problems = shoot(site.resolve(), args.out.resolve(), args.only, args.max_height)
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
