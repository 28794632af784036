"""Generated pages as data: what rendering hands to the MkDocs plugin and to `render --out`.

Python builds the context, Jinja draws it (`environment`); the result is a `PageOut`: the
page's HTML body, its front matter and its table of contents. The plugin gives MkDocs that
HTML directly (no Python-Markdown pass over generated pages); `render --out` writes it as
a source file another renderer can build.

Templates ship in `templates/` beside this module. A site overrides any of them by putting a
file of the same name in its `templates_dir` (a plugin option): the site's folder is searched
first. Autoescaping is on, so record text is escaped by the templates.

Also here, pure and shared by the adapters: `heading_ids` (ids and toc as Python-Markdown's
`toc` extension gives them), `add_permalinks` (as its `permalink` option writes them),
`page_links`/`page_ids` (to check a drawn page's links) and `template_problem` (a failing
template in one line).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple
from urllib.parse import urlsplit

import jinja2
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique as toc_unique

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The package's own templates."""


class Link(NamedTuple):
    """A link as the templates draw it (`partials/macros.html: link`): the label alone
    when `href` is None; `external` links get `rel="noopener nofollow"`."""

    label: str
    href: str | None = None
    external: bool = False


@dataclass(frozen=True)
class Heading:
    """One entry of a page's table of contents: `<h{level} id="{id}">` in the page's HTML."""

    level: int
    id: str
    title: str
    """Plain text (not HTML)."""
    children: tuple["Heading", ...] = ()


@dataclass(frozen=True)
class PageOut:
    """One generated page."""

    path: str
    """Docs-relative source path, e.g. `events/2024-02-26-microsoft-mistral.md`."""
    title: str
    html: str
    """The page body (everything MkDocs would put in `page.content`), from the templates."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """Front matter: `title`, `description`, `search: {exclude: true}`, `hide`..."""
    toc: tuple[Heading, ...] = ()
    """Headings of the body with their ids, nested by level (the page's own h1 included)."""


def environment(templates_dir: Path | None = None, language: str | None = None
                ) -> jinja2.Environment:
    """The Jinja environment: the site's `templates_dir` first, then the package's templates.

    `language`: the language of the pages drawn (its message catalog translates `_()`)."""
    search = [str(templates_dir)] if templates_dir is not None else []
    search.append(str(TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Words for readers are written `{{ _("...") }}` in templates, so a language's message
    # catalog can translate them; until one is installed, they read as written.
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def template_problem(exc: jinja2.TemplateError) -> str:
    """A template's failure in a line: which template, where, what (a site's override
    that breaks must say so, not show a traceback)."""
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename or exc.name}:{exc.lineno}: "
    elif isinstance(exc, jinja2.TemplateNotFound):
        return f"template {exc.name!r} not found (in the site's templates_dir or the package)"
    return (f"{where}{exc.message or exc}; check the site's templates_dir overrides against"
            " the package's templates of the same name")


# ---------------------------------------------------------------------------------------
# Headings: ids and the table of contents, as Python-Markdown's `toc` extension gives them

_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")

Slugify = Callable[[str, str], str]


def heading_ids(body: str, slugify: Slugify = toc_slugify, separator: str = "-"
                ) -> tuple[str, tuple[Heading, ...]]:
    """`body` with an id on every heading that has none, and its nested table of contents.

    Ids are what the `toc` extension would give the same headings (its slug of the
    heading's text, made unique in page order with `_1`, `_2`...), so anchors survive
    the move from Markdown to templates. Headings that carry an id keep it.
    """
    used: set[str] = set(_ID.findall("".join(m[2] or "" for m in _HEADING.finditer(body))))
    flat: list[tuple[int, str, str]] = []

    def number(match: re.Match[str]) -> str:
        level, attrs, inner = int(match[1]), match[2] or "", match[3]
        name = html.unescape(_TAGS.sub("", inner)).strip()
        found = _ID.search(attrs)
        if found:
            ident = html.unescape(found[1])
        else:
            ident = toc_unique(slugify(name, separator), used)
            attrs = f' id="{html.escape(ident)}"' + attrs
        flat.append((level, ident, name))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    out = _HEADING.sub(number, body)
    return out, nest_headings(flat)


def nest_headings(flat: list[tuple[int, str, str]]) -> tuple[Heading, ...]:
    """(level, id, title) in page order -> nested `Heading`s (a deeper level goes under
    the last shallower one, as the `toc` extension nests them)."""

    def build(items: list[tuple[int, str, str]]) -> tuple[Heading, ...]:
        out: list[Heading] = []
        i = 0
        while i < len(items):
            level, ident, title = items[i]
            j = i + 1
            while j < len(items) and items[j][0] > level:
                j += 1
            out.append(Heading(level, ident, title, build(items[i + 1:j])))
            i = j
        return tuple(out)

    return build(flat)


def add_permalinks(body: str, *, symbol: str = "&para;", title: str | None = "Permanent link",
                   cls: str = "headerlink", leading: bool = False) -> str:
    """Every heading with an id gets its permalink, as the `toc` extension's `permalink`
    option writes it (`symbol` is HTML, as in that option)."""
    title_attr = f' title="{html.escape(title)}"' if title else ""

    def link(match: re.Match[str]) -> str:
        level, attrs, inner = match[1], match[2] or "", match[3]
        found = _ID.search(attrs)
        if not found:
            return match[0]
        anchor = f'<a class="{html.escape(cls)}" href="#{found[1]}"{title_attr}>{symbol}</a>'
        inner = anchor + inner if leading else inner + anchor
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return _HEADING.sub(link, body)


# ---------------------------------------------------------------------------------------
# Links of generated pages (checked by the adapters, since MkDocs never parses them)

# Only real tags start with `<` (the templates and svg.py escape it in text and in attribute
# values), so a start tag runs from `<name` to the next `>`.
_HREFS = re.compile(r"<a\b[^>]*?\shref=(?:\"([^\"]*)\"|'([^']*)')")
_IDS = re.compile(r"<[a-zA-Z][\w:-]*\b[^>]*?\sid=(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+))")


def _attributes(pattern: re.Pattern[str], body: str) -> list[str]:
    return [html.unescape(next(v for v in m.groups() if v is not None)) for m in pattern.finditer(body)]


def page_links(body: str) -> list[str]:
    """Every relative link target (`href`) of a page's HTML: no scheme, no `//`."""
    out = []
    for target in _attributes(_HREFS, body):
        if not target or urlsplit(target).scheme or target.startswith("//"):
            continue
        out.append(target)
    return out


def page_ids(body: str) -> set[str]:
    """Every element id of a page's HTML (the anchors a link may name)."""
    return set(_attributes(_IDS, body))
