"""Generated pages as data: what rendering hands to the MkDocs plugin and to `render --out`.

Python builds the context, Jinja draws it (`environment`); the result is a `PageOut`: the
page's HTML body, its front matter and its table of contents. The plugin gives MkDocs that
HTML directly (no Python-Markdown pass over generated pages); `render --out` writes it as
a source file another renderer can build.

Templates ship in `templates/` beside this module. A site overrides any of them by putting a
file of the same name in its `templates_dir` (a plugin option): the site's folder is searched
first. Autoescaping is on, so record text is escaped by the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The package's own templates."""


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


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: the site's `templates_dir` first, then the package's templates."""
    search = [str(templates_dir)] if templates_dir is not None else []
    search.append(str(TEMPLATES))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
