"""Renderer independence: `render --out` writes a folder Zensical builds into a working site.

The fixture site (tests/fixtures/site) is rendered with the CLI and built with a real
`zensical build`, offline (proxies pointed at a closed port, so any download fails), then
read as a reader's browser would: every page there, every internal link and asset
resolving, nothing loaded from another host, the JSON-LD of the event pages in place.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.sitecheck import broken_links, format_broken
from policy_timeline.urls import url

from .conftest import TODAY, VALID
from .helpers import FIXTURE_SITE as FIXTURE, copy_fixture_site, foreign_requests

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = yaml.safe_load((FIXTURE / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "ALL_PROXY": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": "",
           # Under `faketime DATE make test` the date is faked, but Zensical's runtime waits
           # on the monotonic clock, which a frozen faketime never advances.
           "FAKETIME_DONT_FAKE_MONOTONIC": "1"}


def zensical() -> list[str]:
    """The `zensical` command of this environment (a test extra: `make venv`)."""
    pytest.importorskip("zensical", reason="zensical is a test extra: run `make venv`")
    return [sys.executable, "-m", "zensical"]


def render_and_build(tmp: Path) -> tuple[Path, Path]:
    """(source folder, built site) of the fixture site."""
    project = tmp / "project"
    copy_fixture_site(project)
    out = tmp / "source"
    old = Path.cwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["render", "--out", str(out), "--today",
                                           TODAY.isoformat()], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    built = subprocess.run([*zensical(), "build", "--strict", "-f", str(out / "mkdocs.yml")],
                           cwd=out, capture_output=True, text=True, timeout=300,
                           env={**os.environ, **OFFLINE})
    assert built.returncode == 0, built.stdout + built.stderr
    return out, out / "site"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> tuple[Path, Path]:
    return render_and_build(tmp_path_factory.mktemp("zensical"))


def test_every_page_of_the_folder_is_built(zensical_site):
    source, site = zensical_site
    docs = source / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert "events/2024-02-26-partnership.md" in pages
    assert "about.md" in pages  # the site's own page came along
    missing = [p for p in pages if not (site / url(p) / "index.html").is_file()
               and not (site / url(p)).is_file()]
    assert missing == []
    # the data files and assets too, at the paths the plugin publishes them
    for name in ("data/events.json", "data/datapackage.json", "feeds/all.atom",
                 "assets/policy-timeline/policy-timeline.css",
                 "assets/policy-timeline/filters.js"):
        assert (site / name).is_file(), name


def test_every_internal_link_and_anchor_resolves(zensical_site):
    _, site = zensical_site
    problems = broken_links(site, site_url=SITE_URL)
    assert problems == [], format_broken(problems)


def test_nothing_is_loaded_from_another_host(zensical_site):
    _, site = zensical_site
    assert foreign_requests(site, urlsplit(SITE_URL).netloc) == []
    # the repository link is there, without the script that asks the GitHub API
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in home
    assert 'data-md-component="source"' not in home


def test_pages_name_their_feeds_in_their_head(zensical_site):
    # (through the folder's overrides/main.html; the links resolve: see above)
    _, site = zensical_site
    head = (site / "threads" / "ai-act" / "index.html").read_text(encoding="utf-8")
    head = head.split("</head>")[0]
    feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]*)"',
                       head)
    assert feeds == ["../../feeds/all.atom", "../../feeds/threads/ai-act.atom"]
    home = (site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert 'href="feeds/all.atom"' in home


def _jsonld(html: str) -> list[dict]:
    return [json.loads(s) for s in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_event_and_entity_pages_carry_their_json_ld(zensical_site):
    _, site = zensical_site
    events = sorted((site / "events").glob("*/index.html"))
    assert len(events) == len(list(VALID.rglob("20*.yaml")))
    for file in events:
        record = yaml.safe_load(next(VALID.rglob(f"{file.parent.name}.yaml"))
                                .read_text(encoding="utf-8"))
        data = _jsonld(file.read_text(encoding="utf-8"))
        assert [d["@type"] for d in data] == ["Event"], file
        assert data[0]["name"] == record["title"]
        assert data[0]["@id"].startswith(SITE_URL + f"events/{file.parent.name}/")
    entity = _jsonld((site / "entities" / "mistral-ai" / "index.html").read_text(encoding="utf-8"))
    assert len(entity) == 1 and entity[0]["name"] == "Mistral AI"


def test_pages_keep_their_headings_toc_and_navigation(zensical_site):
    _, site = zensical_site
    html = (site / "events" / "2024-02-26-partnership" / "index.html"
            ).read_text(encoding="utf-8")
    # headings with their ids and permalinks, listed in the page's table of contents
    assert re.search(r'<h2 id="sources">Sources<a class="headerlink" href="#sources"', html)
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.S)
    assert toc and 'href="#sources"' in toc[0] and 'href="#who-took-part"' in toc[0]
    # the site's nav with the timeline expanded into its years
    assert 'href="../../timeline/2024/"' in html
    # the page's own text, its citations and the link that edits its record
    assert "The two companies announced a partnership" in html
    assert 'href="#source-1"' in html and 'id="source-1"' in html
    assert "Edit this record" in html
    # no Google Fonts, no edit button pointing at a generated file that is in no repository
    assert "fonts.googleapis" not in html
    assert "/edit/main/docs/events/" not in html


def test_search_index_lists_the_pages_but_not_the_excluded_ones(zensical_site):
    source, site = zensical_site
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    docs = index.get("docs") or index.get("items") or []
    locations = {d.get("location", "").split("#")[0] for d in docs}
    assert "events/2024-02-26-partnership/" in locations
    excluded = []
    for page in (source / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n") and "exclude: true" in text.split("\n---\n", 1)[0]:
            excluded.append(url(page.relative_to(source / "docs").as_posix()))
    assert excluded, "the fixture has pages kept out of search"
    assert not locations & set(excluded)


def test_the_built_folder_can_be_rendered_again(tmp_path):
    # `zensical build` leaves site/ and .cache/ in the folder: rendering again replaces
    # them with the rest; a file of someone else's still stops it
    source, site = render_and_build(tmp_path)
    assert site.is_dir() and (source / ".cache").is_dir()
    project = tmp_path / "project"
    again = CliRunner().invoke(main, ["render", "--config", str(project / "mkdocs.yml"),
                                      "--events", str(project / "events"), "--out", str(source),
                                      "--today", TODAY.isoformat()])
    assert again.exit_code == 0, again.output
    assert not site.exists() and (source / "docs" / "index.md").is_file()
    (source / "notes.txt").write_text("mine", encoding="utf-8")
    refused = CliRunner().invoke(main, ["render", "--config", str(project / "mkdocs.yml"),
                                        "--events", str(project / "events"), "--out",
                                        str(source), "--today", TODAY.isoformat()])
    assert refused.exit_code == 1 and "notes.txt" in refused.output
    assert (source / "notes.txt").is_file()


def test_the_folder_written_for_plain_mkdocs_builds_with_mkdocs(tmp_path):
    # the same folder with the links as published (MkDocs leaves raw HTML alone): a plain
    # MkDocs build, no plugin, gives a site whose links all resolve
    project = tmp_path / "project"
    copy_fixture_site(project)
    out = tmp_path / "source"
    result = CliRunner().invoke(main, ["render", "--renderer", "mkdocs", "--config",
                                       str(project / "mkdocs.yml"), "--out", str(out),
                                       "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"]  # no policy-timeline plugin
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                            str(out / "mkdocs.yml")], cwd=out, capture_output=True, text=True,
                           timeout=300, env={**os.environ, **OFFLINE, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stdout + built.stderr
    problems = broken_links(out / "site", site_url=SITE_URL)
    assert problems == [], format_broken(problems)
    assert foreign_requests(out / "site", urlsplit(SITE_URL).netloc) == []
    event = (out / "site" / "events" / "2024-02-26-partnership" / "index.html")
    assert [d["@type"] for d in _jsonld(event.read_text(encoding="utf-8"))] == ["Event"]
