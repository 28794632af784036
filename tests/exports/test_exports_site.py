"""The exports inside a real MkDocs + Material build of a small fixture site.

JSON-LD and feed links in the built pages, the data page's downloads and the Subscribe
links all resolve to files of the built site.
"""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import extruct
import frictionless
import pytest

from .records import EVENTS, write_records

pytestmark = pytest.mark.build
pytest.importorskip("policy_timeline.plugin")

CONFIG = """\
site_name: Export build test
{site_url}
use_directory_urls: {directory_urls}
theme:
  name: material
  font: false
plugins:
  - policy-timeline:
      events_dir: events
"""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternate: list[tuple[str, str]] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternate.append((a.get("type", ""), a.get("href", "")))
        if tag == "a" and a.get("href"):
            self.anchors.append(a["href"])


def _build(root: Path, *, site_url: str | None, directory_urls: bool) -> Path:
    write_records(root)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG.format(
        site_url=f"site_url: {site_url}" if site_url else "",
        directory_urls=str(directory_urls).lower()), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return root / "site"


@pytest.fixture(scope="module", params=[True, False], ids=["directory_urls", "html_urls"])
def built(request, tmp_path_factory):
    directory_urls = request.param
    site_url = "https://example.net/pt/" if directory_urls else None
    site = _build(tmp_path_factory.mktemp("site"), site_url=site_url,
                  directory_urls=directory_urls)
    return site, directory_urls


def _page(built, docs_path: str) -> tuple[str, str]:
    """(file path in the site, HTML) of a docs page."""
    site, directory_urls = built
    stem = docs_path[:-3]
    if directory_urls:
        rel = (stem[:-5] if stem.endswith("index") else stem + "/") + "index.html"
    else:
        rel = stem + ".html"
    return rel, (site / rel).read_text(encoding="utf-8")


def _resolves(site: Path, page_rel: str, href: str) -> bool:
    target = urldefrag(href)[0]
    if not target or urlsplit(target).scheme:
        return True
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), target))
    file = site / path
    return file.is_file() or (file / "index.html").is_file()


def test_event_page_carries_a_schema_org_event(built):
    rel, html = _page(built, "events/2026-08-02-high-risk-rules-apply.md")
    data = extruct.extract(html, base_url="https://example.net/pt/" + rel,
                           syntaxes=["json-ld"], uniform=True)["json-ld"]
    [event] = [d for d in data if d.get("@type") == "Event"]
    assert event["startDate"] == "2027-12-02"
    assert event["previousStartDate"] == ["2026-08-02"]
    assert event["eventStatus"] == "https://schema.org/EventRescheduled"
    rel, html = _page(built, "events/2023-ai-act-debates.md")
    [event] = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert event["startDate"] == "2023"


def test_law_page_carries_legislation(built):
    _, html = _page(built, "entities/ai-act.md")
    [law] = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert law["@type"] == "Legislation" and law["legislationIdentifier"][0] == "32024R1689"


@pytest.mark.parametrize("docs_path, feeds", [
    ("index.md", ["feeds/all.atom"]),
    ("threads/ai-act.md", ["feeds/all.atom", "feeds/threads/ai-act.atom"]),
    ("entities/mistral-ai.md", ["feeds/all.atom", "feeds/entities/mistral-ai.atom"]),
    ("events/2024-06-mistral-series-b.md", ["feeds/all.atom"]),
])
def test_feed_autodiscovery_resolves(built, docs_path, feeds):
    site, _ = built
    rel, html = _page(built, docs_path)
    parser = _Links()
    parser.feed(html)
    atom = [href for kind, href in parser.alternate if kind == "application/atom+xml"]
    assert len(atom) == len(feeds)
    for href, feed in zip(atom, feeds):
        assert posixpath.normpath(posixpath.join(posixpath.dirname(rel), href)) == feed
        assert (site / feed).is_file()


@pytest.mark.parametrize("docs_path, expected", [
    ("index.md", ["feeds/all.atom", "calendar/deadlines.ics"]),
    ("threads/ai-act.md", ["feeds/threads/ai-act.atom", "calendar/threads/ai-act.ics"]),
    ("entities/mistral-ai.md", ["feeds/entities/mistral-ai.atom"]),
])
def test_pages_show_subscribe_links(built, docs_path, expected):
    site, _ = built
    rel, html = _page(built, docs_path)
    parser = _Links()
    parser.feed(html)
    targets = {posixpath.normpath(posixpath.join(posixpath.dirname(rel), urldefrag(h)[0]))
               for h in parser.anchors if not urlsplit(h).scheme}
    assert set(expected) <= targets
    assert "Subscribe" in html


class _Cells(HTMLParser):
    """The text of each table row and each paragraph, as a browser shows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._para: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._para = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "p" and self._para is not None:
            self.paragraphs.append(" ".join("".join(self._para).split()))
            self._para = None

    def handle_data(self, data):
        for part in (self._cell, self._para):
            if part is not None:
                part.append(data)


def test_every_description_on_the_data_page_reads_as_written(built):
    """`from_event <type> to_event` must not lose `<type>` as an unknown HTML tag."""
    from policy_timeline.exports.csvdata import FORMULA_NOTE, TABLES

    _, html = _page(built, "data/index.md")
    parser = _Cells()
    parser.feed(html)
    shown = {row[0]: row[1] for row in parser.rows if len(row) == 2}
    for table in TABLES:
        assert shown[table.file] == f"{table.description} (CSV)", table.name
    assert "Typed links between events (from_event <type> to_event). (CSV)" == \
        shown["relations.csv"]
    assert " ".join(FORMULA_NOTE.split()) in parser.paragraphs


def test_data_page_links_resolve_and_the_package_validates(built):
    site, _ = built
    rel, html = _page(built, "data/index.md")
    parser = _Links()
    parser.feed(html)
    broken = [h for h in parser.anchors if not _resolves(site, rel, h)]
    assert not broken
    linked = {posixpath.normpath(posixpath.join(posixpath.dirname(rel), h))
              for h in parser.anchors if not urlsplit(h).scheme}
    for name in ("events.json", "sources.json", "events.csv", "datapackage.json",
                 "timelinejs.json"):
        assert f"data/{name}" in linked
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    events = json.loads((site / "data" / "events.json").read_text())
    assert len(events["events"]) == len(EVENTS)
