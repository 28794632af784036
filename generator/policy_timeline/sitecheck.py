"""Check a built site's internal links: every href/src to a page or file of the site, and
every `#anchor`, must resolve to a file and an id that exist.

Pure over a folder (no network, no MkDocs): `broken_links(site_dir)` reads every `.html`
file and returns what does not resolve. Links to other hosts are not followed (they are
the records' sources), but `javascript:`/`data:`/`vbscript:` links are reported wherever
they are. Used by the tests and by the command line.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["Broken", "broken_links", "format_broken"]

# Attributes holding a URL, by element (SVG links use href or xlink:href).
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "form": ("action",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
IGNORED_SCHEMES = ("mailto", "tel")


@dataclass(frozen=True, order=True)
class Broken:
    """A link on `page` (site-relative path of the HTML file) that does not resolve."""

    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target}: {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for name in URL_ATTRS.get(tag, ()):
            value = values.get(name)
            if value is not None:
                self.links.append(value.strip())

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def _resolve(site: Path, rel: str) -> Path | None:
    """The file a site-relative URL path serves (directory URLs serve index.html)."""
    rel = rel.lstrip("/")
    candidate = site / rel if rel else site
    if rel == "" or rel.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site_dir: Path | str, *, site_url: str | None = None) -> list[Broken]:
    """Every internal link of every page of a built site that does not resolve, sorted.

    `site_url` (the site's published address) lets absolute links to the site itself be
    checked too; root-relative links (`/x/`) are read under its path.
    """
    site = Path(site_dir).resolve()
    own = urlsplit(site_url) if site_url else None
    root_path = (own.path if own else "/") or "/"
    pages: dict[str, _Page] = {}

    def page(path: Path) -> _Page:
        key = path.relative_to(site).as_posix()
        if key not in pages:
            pages[key] = _parse(path)
        return pages[key]

    out: list[Broken] = []
    for file in sorted(site.rglob("*.html")):
        here = file.relative_to(site).as_posix()
        parsed = page(file)
        for target in parsed.links:
            problem = _check(site, here, target, own, root_path, page)
            if problem:
                out.append(Broken(here, target, problem))
    return sorted(set(out))


def _check(site: Path, here: str, target: str, own, root_path: str, page) -> str | None:
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme in UNSAFE_SCHEMES:
        return f"{scheme}: link"
    if scheme in IGNORED_SCHEMES:
        return None
    path = parts.path
    if scheme or target.startswith("//"):
        if own is None or parts.netloc.lower() != own.netloc.lower():
            return None  # another site
        if not (path + "/").startswith(root_path):
            return None  # another site on the same host
    if path.startswith("/"):
        if not (path + "/").startswith(root_path):
            return f"outside the site's path {root_path}"
        rel = path[len(root_path):]
    elif path == "":
        rel = here
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(path)))
        if path.endswith("/") and not rel.endswith("/"):
            rel += "/"
        if rel.startswith("../") or rel == "..":
            return "points above the site's root"
        if rel == ".":
            rel = ""
    rel = unquote(rel)
    file = (site / here) if path == "" else _resolve(site, rel)
    if file is None:
        return "no such file"
    if parts.fragment and file.suffix == ".html":
        anchor = unquote(parts.fragment)
        if anchor not in page(file).ids:
            return f"no id {anchor!r} in {file.relative_to(site).as_posix()}"
    return None


def format_broken(problems: list[Broken]) -> str:
    """One line per broken link, then a count."""
    lines = [str(p) for p in problems]
    lines.append(f"{len(problems)} broken link{'s' * (len(problems) != 1)}")
    return "\n".join(lines)
