"""A site in several languages: where each language's pages live and how they point at
each other. Pure: the MkDocs plugin builds one tree per language and asks this module for
the paths, the alternates of a page, its translated twin and the nav's titles.

The first of the site's `languages` is at the site's root; each other one is a complete
site of its own under `<code>/` (its own search index, sitemap and data files), built
from the same records. A page has the same path inside every language's tree, so the
page "in the other language" is always the same path under the other root.

Hand-written pages follow the suffix convention (that of mkdocs-static-i18n):
`about.fr.md` beside `about.md` is the French `about.md`; the home introduction
`docs-intro/home.fr.md` beside `home.md` likewise.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath
from typing import Any, Mapping, NamedTuple, Sequence


class Alternate(NamedTuple):
    """The same page in one language: its code, its href from the current page, and its
    absolute URL (None when the site has no site_url)."""

    language: str
    href: str
    url: str | None


def root(language: str, languages: Sequence[str]) -> str:
    """The folder of a language's tree inside the site: "" for the first, "fr/" ..."""
    return "" if not languages or language == languages[0] else f"{language}/"


def relative_href(from_url: str, to_url: str) -> str:
    """The href from the page at site URL `from_url` to the one at `to_url` (both relative
    to the site's root, as MkDocs writes `page.url`: "", "events/x/", "about.html")."""
    start = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    target = posixpath.relpath(to_url or ".", start.rstrip("/") or ".")
    if to_url == "" or to_url.endswith("/"):
        target = "./" if target == "." else target + "/"
    return target


def alternates(page_url: str, language: str, languages: Sequence[str],
               site_url: str | None = None) -> list[Alternate]:
    """The page at `page_url` (inside `language`'s tree) in every language, in the order of
    `languages`, with hrefs relative to the page (they work offline and under any folder)."""
    here = root(language, languages) + page_url
    out = []
    for other in languages:
        there = root(other, languages) + page_url
        url = site_url.rstrip("/") + "/" + there if site_url else None
        out.append(Alternate(other, relative_href(here, there), url))
    return out


def split_suffix(src_uri: str, languages: Sequence[str]) -> tuple[str, str | None]:
    """("about.md", "fr") for "about.fr.md" when fr is one of the other languages;
    (src_uri, None) for any other file."""
    path = PurePosixPath(src_uri)
    parts = path.name.split(".")
    if len(parts) >= 3 and parts[-2] in languages[1:]:
        name = ".".join(parts[:-2] + parts[-1:])
        return str(path.with_name(name)), parts[-2]
    return src_uri, None


def twin(path: str, language: str, languages: Sequence[str]) -> str:
    """The name of a file's translation: `docs-intro/home.md` -> `docs-intro/home.fr.md`
    (the file itself for the first language)."""
    if language == languages[0]:
        return path
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{language}.{ext}" if dot else f"{path}.{language}"


_FRONT_TITLE = re.compile(r"\A---\s*\n(?:.*\n)*?title:\s*(.+?)\s*\n(?:.*\n)*?---\s*\n")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def markdown_title(text: str) -> str | None:
    """The title of a Markdown page as MkDocs finds it: front matter `title`, else the
    first level-1 heading."""
    match = _FRONT_TITLE.match(text)
    if match:
        return match[1].strip("'\"")
    match = _HEADING.search(text)
    return match[1] if match else None


def localize_nav(nav: Any, titles: Mapping[str, str]) -> Any:
    """A nav with the titles of its entries replaced by the titles of the pages in the
    language being built (`titles`: {page path: title}); a section takes the title of its
    first page. Entries that name no known page, and year entries, keep theirs."""

    def first_path(value: Any) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, list) and value:
            return first_path(value[0])
        if isinstance(value, dict) and len(value) == 1:
            return first_path(next(iter(value.values())))
        return None

    def walk(item: Any) -> Any:
        if isinstance(item, list):
            return [walk(i) for i in item]
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            path = first_path(value)
            new = titles.get(path) if path is not None and not str(title).isdigit() else None
            return {new or title: value if isinstance(value, str) else walk(value)}
        return item

    return None if nav is None else walk(nav)


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page `path` ("events/x.md" -> "events/x/"; "index.md" -> "")."""
    stem = path[:-3] if path.endswith(".md") else path
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    if not directory_urls:
        return f"{stem}.html"
    return f"{stem}/"
