"""The one place that decides where every page and file lives, so links never drift.

Paths are docs-relative source paths (`events/<id>.md`) as MkDocs sees them; `link`
turns one into a relative Markdown link from another page, and `url` into the
directory-style URL MkDocs publishes (`events/<id>/`), or `events/<id>.html` when the
site sets `use_directory_urls: false` (`SiteOptions.directory_urls`). The `Urls` methods
`url`, `href` and `absolute` follow that setting; the module functions of the same names
assume directory URLs unless told otherwise.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from .options import SiteOptions


class Urls:
    """Page and file paths under the configured prefix."""

    def __init__(self, options: SiteOptions | None = None) -> None:
        self.prefix = (options.prefix if options else "").strip("/")
        self.directory_urls = options.directory_urls if options else True
        self.site_url = options.site_url if options else None

    def _p(self, path: str) -> str:
        return f"{self.prefix}/{path}" if self.prefix else path

    # pages (Markdown sources)
    def home(self) -> str:
        return self._p("index.md")

    def timeline(self) -> str:
        return self._p("timeline/index.md")

    def year(self, year: int) -> str:
        return self._p(f"timeline/{year:04d}.md")

    def event(self, event_id: str) -> str:
        return self._p(f"events/{event_id}.md")

    def entities(self) -> str:
        return self._p("entities/index.md")

    def entity(self, entity_id: str) -> str:
        return self._p(f"entities/{entity_id}.md")

    def threads(self) -> str:
        return self._p("threads/index.md")

    def thread(self, thread_id: str) -> str:
        return self._p(f"threads/{thread_id}.md")

    def sources(self) -> str:
        return self._p("sources.md")

    def data(self) -> str:
        return self._p("data/index.md")

    def interactive(self) -> str:
        return self._p("interactive/index.md")

    def changes(self) -> str:
        """The "What changed" page."""
        return self._p("changes.md")

    # files (published as they are)
    def data_file(self, name: str) -> str:
        return self._p(f"data/{name}")

    def feed(self, kind: str = "all", ident: str | None = None) -> str:
        """`feeds/all.atom`, `feeds/threads/<id>.atom`, `feeds/entities/<id>.atom`;
        `feeds/changes.atom` (kind "changes": the "What changed" page's feed)."""
        if kind == "changes":
            return self._p("feeds/changes.atom")
        return self._p("feeds/all.atom" if ident is None else f"feeds/{kind}/{ident}.atom")

    def calendar(self, thread_id: str | None = None) -> str:
        """`calendar/deadlines.ics` or `calendar/threads/<id>.ics`."""
        return self._p("calendar/deadlines.ics" if thread_id is None
                       else f"calendar/threads/{thread_id}.ics")

    def asset(self, name: str) -> str:
        return self._p(f"assets/policy-timeline/{name}")

    def index_pages(self) -> frozenset[str]:
        """Overview pages a site lists in its nav (the rest are reached through links)."""
        return frozenset({self.home(), self.timeline(), self.entities(), self.threads(),
                          self.sources(), self.data(), self.interactive(), self.changes()})

    # links, following the site's use_directory_urls
    def url(self, path: str) -> str:
        """The published URL of a docs path, relative to the site root."""
        return url(path, directory_urls=self.directory_urls)

    def href(self, from_path: str, to_path: str, anchor: str | None = None) -> str:
        """A relative URL for raw HTML from one published page to another page or file."""
        return href(from_path, to_path, anchor, directory_urls=self.directory_urls)

    def link(self, from_path: str, to_path: str, anchor: str | None = None) -> str:
        """A relative Markdown link between docs paths (MkDocs rewrites and checks it)."""
        return link(from_path, to_path, anchor)

    def absolute(self, path: str) -> str | None:
        """The absolute URL of a docs path on the published site, when site_url is known."""
        return absolute(self.site_url, path, directory_urls=self.directory_urls)


@lru_cache(maxsize=65536)
def url(path: str, *, directory_urls: bool = True) -> str:
    """The published URL of a docs path, with MkDocs' directory URLs (`a/b.md` -> `a/b/`).

    Without directory URLs a page is published as `a/b.html` (`a/index.md` as `a/index.html`).
    """
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def link(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative link from one docs path to another, as MkDocs resolves Markdown links."""
    rel = _relparts(_parts(to_path), _parts(posixpath.dirname(from_path)))
    return rel + (f"#{anchor}" if anchor else "")


# `posixpath.relpath` for the clean relative paths of a site, without touching the file
# system (relpath calls os.getcwd twice) and with each path split once: pages hold tens of
# thousands of links.


@lru_cache(maxsize=65536)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split("/") if part and part != ".")


def _relparts(to: tuple[str, ...], base: tuple[str, ...]) -> str:
    common = 0
    while common < len(to) and common < len(base) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + list(to[common:])) or "."


@lru_cache(maxsize=65536)
def _base(from_path: str, directory_urls: bool) -> tuple[str, ...]:
    """The folder (as parts) that relative URLs on the page at `from_path` start from."""
    base = url(from_path, directory_urls=directory_urls)
    return _parts(base.rstrip("/") if base.endswith("/") else posixpath.dirname(base))


@lru_cache(maxsize=65536)
def _target(to_path: str, directory_urls: bool) -> tuple[tuple[str, ...], bool]:
    """A target's published URL as parts, and whether it ends in a slash."""
    target = url(to_path, directory_urls=directory_urls)
    return _parts(target), target.endswith("/") or target == ""


def absolute(site_url: str | None, path: str, *, directory_urls: bool = True) -> str | None:
    """The absolute URL of a docs path on the published site, when site_url is known."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + url(path, directory_urls=directory_urls)


def href(from_path: str, to_path: str, anchor: str | None = None, *,
         directory_urls: bool = True) -> str:
    """A relative URL for raw HTML (which MkDocs does not rewrite), between published pages."""
    parts, slash = _target(to_path, directory_urls)
    rel = _relparts(parts, _base(from_path, directory_urls))
    if slash:
        rel = rel + "/" if rel != "." else "./"
    return rel + (f"#{anchor}" if anchor else "")
