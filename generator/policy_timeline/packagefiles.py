"""The files the package publishes on every site: its assets (styles, scripts, the
vendored TimelineJS), for the plugin and for `render --out`'s source folder alike."""

from __future__ import annotations

from pathlib import Path

from .options import SiteOptions
from .urls import Urls

ASSETS = Path(__file__).resolve().parent / "assets"
STYLESHEETS = ("policy-timeline.css", "print.css")
SCRIPTS = ("filters.js",)


def asset_files(options: SiteOptions) -> dict[str, Path]:
    """{site path: file} for everything in the package's assets/ (dot files left out).

    A Markdown file there (a vendored licence) is published as text, not as a page.
    """
    urls = Urls(options)
    out = {}
    for path in sorted(ASSETS.rglob("*")):
        rel = path.relative_to(ASSETS).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            out[urls.asset(rel[:-3] + ".txt" if rel.endswith(".md") else rel)] = path
    return out
