"""The one place that decides where every page and file lives, so links never drift.

Paths are docs-relative source paths (`events/<id>.md`) as MkDocs sees them; `link`
turns one into a relative Markdown link from another page, and `url` into the
directory-style URL MkDocs publishes (`events/<id>/`).
"""

from __future__ import annotations

import posixpath

from .options import SiteOptions


class Urls:
    """Page and file paths under the configured prefix."""

    def __init__(self, options: SiteOptions | None = None) -> None:
        self.prefix = (options.prefix if options else "").strip("/")

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

    # files (published as they are)
    def data_file(self, name: str) -> str:
        return self._p(f"data/{name}")

    def feed(self, kind: str = "all", ident: str | None = None) -> str:
        """`feeds/all.atom`, `feeds/threads/<id>.atom`, `feeds/entities/<id>.atom`."""
        return self._p("feeds/all.atom" if ident is None else f"feeds/{kind}/{ident}.atom")

    def calendar(self, thread_id: str | None = None) -> str:
        """`calendar/deadlines.ics` or `calendar/threads/<id>.ics`."""
        return self._p("calendar/deadlines.ics" if thread_id is None
                       else f"calendar/threads/{thread_id}.ics")

    def asset(self, name: str) -> str:
        return self._p(f"assets/policy-timeline/{name}")


def url(path: str) -> str:
    """The published URL of a docs path, with MkDocs' directory URLs (`a/b.md` -> `a/b/`)."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def link(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative link from one docs path to another, as MkDocs resolves Markdown links."""
    rel = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def absolute(site_url: str | None, path: str) -> str | None:
    """The absolute URL of a docs path on the published site, when site_url is known."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + url(path)


def href(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative URL for raw HTML (which MkDocs does not rewrite), between published pages."""
    base = url(from_path)
    base_dir = base.rstrip("/") if base.endswith("/") else posixpath.dirname(base)
    target = url(to_path)
    rel = posixpath.relpath(target or ".", base_dir or ".")
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel + (f"#{anchor}" if anchor else "")
