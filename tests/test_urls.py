"""urls: one place for every path; links between them resolve to the right page."""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_timeline import urls
from policy_timeline.options import SiteOptions
from policy_timeline.urls import Urls


def test_paths_without_and_with_a_prefix():
    u = Urls(SiteOptions())
    assert (u.home(), u.timeline(), u.year(2023), u.event("2024-02-26-x")) == (
        "index.md", "timeline/index.md", "timeline/2023.md", "events/2024-02-26-x.md")
    assert (u.entities(), u.entity("mistral-ai"), u.threads(), u.thread("ai-act")) == (
        "entities/index.md", "entities/mistral-ai.md", "threads/index.md", "threads/ai-act.md")
    assert u.sources() == "sources.md"
    assert u.asset("filters.js") == "assets/policy-timeline/filters.js"
    p = Urls(SiteOptions(prefix="/timeline/"))
    assert p.event("2024-x") == "timeline/events/2024-x.md"
    assert p.home() == "timeline/index.md"
    assert p.timeline() in p.index_pages() and p.event("2024-x") not in p.index_pages()


@pytest.mark.parametrize(("path", "directory", "flat"), [
    ("index.md", "", "index.html"),
    ("timeline/index.md", "timeline/", "timeline/index.html"),
    ("events/x.md", "events/x/", "events/x.html"),
    ("data/events.json", "data/events.json", "data/events.json"),
])
def test_url(path, directory, flat):
    assert urls.url(path) == directory
    assert urls.url(path, directory_urls=False) == flat
    assert Urls(SiteOptions(directory_urls=False)).url(path) == flat


@pytest.mark.parametrize(("here", "there", "anchor", "expected", "flat"), [
    ("events/a.md", "events/b.md", None, "../b/", "b.html"),
    ("events/a.md", "sources.md", "source-1", "../../sources/#source-1", "../sources.html#source-1"),
    ("index.md", "events/b.md", None, "events/b/", "events/b.html"),
    ("timeline/index.md", "timeline/2023.md", None, "2023/", "2023.html"),
    ("timeline/2023.md", "timeline/index.md", None, "../", "index.html"),
    ("events/a.md", "index.md", None, "../../", "../index.html"),
    ("index.md", "index.md", "x", "./#x", "index.html#x"),
    ("events/a.md", "events/a.md", "source-2", "./#source-2", "a.html#source-2"),
    ("events/a.md", "data/events.json", None, "../../data/events.json", "../data/events.json"),
])
def test_href_between_published_pages(here, there, anchor, expected, flat):
    assert urls.href(here, there, anchor) == expected
    assert Urls(SiteOptions()).href(here, there, anchor) == expected
    assert Urls(SiteOptions(directory_urls=False)).href(here, there, anchor) == flat


def _resolve(here_url: str, href: str) -> str:
    """Where a browser goes from the page at site URL `here_url` following `href`."""
    return urljoin("https://h.example/" + here_url, href).removeprefix("https://h.example/")


segment = st.sampled_from(["events", "timeline", "x", "a-b", "2023", "index"])
page = st.lists(segment, min_size=0, max_size=3).map(
    lambda parts: "/".join(parts + ["index.md"]) if not parts or parts[-1] == "index"
    else "/".join(parts) + ".md")


@given(page, page, st.booleans())
def test_href_always_resolves_to_the_target(here, there, directory):
    href = urls.href(here, there, "a", directory_urls=directory)
    assert _resolve(urls.url(here, directory_urls=directory), href) == \
        urls.url(there, directory_urls=directory) + "#a"


@given(page, page)
def test_link_is_posix_relpath(here, there):
    assert urls.link(here, there) == posixpath.relpath(there, posixpath.dirname(here) or ".")


def test_absolute_needs_a_site_url():
    assert Urls(SiteOptions()).absolute("events/x.md") is None
    u = Urls(SiteOptions(site_url="https://example.org/t/"))
    assert u.absolute("events/x.md") == "https://example.org/t/events/x/"
    assert Urls(SiteOptions(site_url="https://example.org/t/", directory_urls=False)).absolute(
        "events/x.md") == "https://example.org/t/events/x.html"
