"""Whole sites: hostile records built into HTML, and the repository's own site.

The hostile builds put classic XSS payloads in every text field a page shows and check
the built HTML: no element or attribute came from a record. The repository build is the
real mkdocs.yml with the real records, strict, with every internal link checked.
"""

from __future__ import annotations

import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policy_timeline.sitecheck import broken_links, format_broken
from tests.helpers import SITE_URL, XSS, build_site, foreign_requests, hostile_records

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self._script: str | None | bool = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._script = dict(attrs).get("type") if tag == "script" else False

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script is not False:
            self.scripts.append((self._script, data))


@pytest.mark.parametrize("payload", XSS)
def test_hostile_records_build_into_inert_html(make_site, payload):
    _, site = make_site(records=hostile_records(payload))
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for file in pages:
        parser = _Elements()
        parser.feed(file.read_text(encoding="utf-8"))
        for tag, attrs in parser.elements:
            for name, value in attrs.items():
                assert not name.startswith("on"), (file, tag, name)
                if name in ("href", "src", "action", "xlink:href", "formaction"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), \
                        (file, tag, value)
            assert tag not in ("iframe", "object", "embed", "math", "b", "img"), (file, tag)
            if tag == "script":
                assert set(attrs) <= {"src", "type", "id", "defer", "async"}, (file, attrs)
        for kind, script in parser.scripts:
            if kind == "application/ld+json":  # data: record text as JSON, never as markup
                assert "<" not in script, file
            else:
                assert "alert(1)" not in script, file
    problems = broken_links(site, site_url=SITE_URL)
    assert problems == [], format_broken(problems)


def test_the_repository_site_builds_strict_with_no_broken_link(tmp_path):
    """The real mkdocs.yml and events/ (this fails while records are being edited)."""
    start = time.monotonic()
    site, logs = build_site(ROOT, site_dir=tmp_path / "site")
    elapsed = time.monotonic() - start
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    problems = broken_links(site, site_url="https://policy-timeline.github.io/policy-timeline/")
    assert problems == [], format_broken(problems)
    assert not [r for r in logs if r.levelname == "WARNING"]
    assert foreign_requests(site, "policy-timeline.github.io") == []
    print(f"\nrepository site: {len(pages)} pages in {elapsed:.1f} s")
    assert not (ROOT / "docs" / "events").exists()
    assert os.listdir(ROOT / "docs")
