"""The site as a source folder another renderer builds: `render --out DIR`.

The plugin hands MkDocs finished HTML; Zensical (the successor of Material for MkDocs)
and plain MkDocs build from Markdown files and a configuration instead. This module
turns the same generated pages into such a folder, with no plugin needed to build it:

    DIR/mkdocs.yml       the site's configuration without the policy-timeline plugin
                         (Zensical and MkDocs both read it)
    DIR/overrides/       partials/source.html: the repository link without the script
                         that asks the GitHub API (no request to another host);
                         main.html: the feed links of a page's front matter in <head>
    DIR/docs/            the generated pages, the site's own pages, the data files, the
                         package's assets

`page_markdown(page)` writes one `PageOut` as Markdown: its front matter, its top-level
headings as Markdown headings with their ids (`## Title {#id}`, attr_list), so the
renderer makes the table of contents and the permalinks, and everything else as raw
HTML blocks, which Python-Markdown passes through untouched. JSON-LD goes at the end of
the body (the plugin puts it in `<head>` through its theme override). Links are written
for the renderer named (`source_links`). `source_folder(...)` assembles the whole
folder, pure: {relative path: content}; `site_source_folder` gathers what it needs.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import unquote, urlsplit

import markdown
import yaml

from . import markup
from .catalog import Catalog
from .options import SiteOptions
from .templating import PageOut
from .urls import Urls, link, url

__all__ = [
    "BUILD_OUTPUTS",
    "CONFIG_FILE",
    "DOCS_DIR",
    "OVERRIDES_DIR",
    "RENDERERS",
    "front_matter",
    "not_in_nav",
    "page_markdown",
    "published_paths",
    "read_folder",
    "renderer_config",
    "site_source_folder",
    "source_folder",
    "source_links",
]

RENDERERS = ("zensical", "mkdocs")
"""What the folder is written for (they differ in how they treat links in raw HTML)."""
CONFIG_FILE = "mkdocs.yml"
BUILD_OUTPUTS = ("site/", ".cache/")
"""What `zensical build` (or `mkdocs build`) writes inside the folder: the built site, the
cache. Rendering the folder again replaces them with the rest."""
DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
SOURCE_PARTIAL = Path(__file__).resolve().parent / "theme" / "partials" / "source.html"
"""The repository link without `data-md-component="source"` (whose script asks the GitHub
API for stars and forks); Zensical's partial is Material's, so the package's copy fits."""
HEAD_TEMPLATE = Path(__file__).resolve().parent / "sourcefolder_overrides" / "main.html"
"""Puts the `HEAD_KEY` tags of a page's front matter into its <head>."""
HEAD_KEY = "policy_timeline_head"

# Python-Markdown passes an element through untouched only when it is one of its
# block-level elements and starts a line; anything else at the top of a page (text,
# inline elements, <svg>...) is wrapped in a <div> so that no Markdown reads it.
BLOCK_LEVEL = frozenset(markdown.Markdown().block_level_elements)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
REQUIRED_EXTENSIONS = ("toc", "attr_list")
"""What the written pages need: `{#id}` on headings (attr_list), ids and permalinks (toc)."""


# ---------------------------------------------------------------------------------------
# One page


@dataclass(frozen=True)
class _Node:
    """A top-level node of a page body: `source[start:end]`; `tag` None for text/comments."""

    start: int
    end: int
    tag: str | None
    attrs: tuple[tuple[str, str | None], ...] = ()


class _TopLevel(HTMLParser):
    """Finds the top-level nodes of an HTML fragment, with their offsets in it."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = [0]
        for match in re.finditer("\n", source):
            self.lines.append(match.end())
        self.open: list[str] = []
        self.nodes: list[_Node] = []
        self._start = 0
        self._attrs: tuple[tuple[str, str | None], ...] = ()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _close(self, end: int, tag: str | None) -> None:
        self.nodes.append(_Node(self._start, end, tag, self._attrs if tag else ()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        text = self.get_starttag_text() or ""
        if not self.open:
            self._start, self._attrs = start, tuple(attrs)
            if tag in VOID:
                self._close(start + len(text), tag)
                return
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.open:
            start = self._offset()
            self._start, self._attrs = start, tuple(attrs)
            self._close(start + len(self.get_starttag_text() or ""), tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return  # a stray end tag: HTML ignores it, so do we
        while self.open and self.open.pop() != tag:
            pass
        if not self.open:
            end = self.source.index(">", self._offset()) + 1
            self._close(end, tag)

    def _loose(self, length: int, reference: bool = False) -> None:
        if not self.open:
            start = self._offset()
            end = start + length
            if reference and self.source[end - 1:end] != ";":  # `&amp` without its `;`
                end -= 1
            self.nodes.append(_Node(start, end, None))

    def handle_data(self, data: str) -> None:
        self._loose(len(data))

    def handle_entityref(self, name: str) -> None:
        self._loose(len(name) + 2, reference=True)

    def handle_charref(self, name: str) -> None:
        self._loose(len(name) + 3, reference=True)

    def handle_comment(self, data: str) -> None:
        self._loose(len(data) + 7)


def _top_level(body: str) -> list[_Node]:
    parser = _TopLevel(body)
    parser.feed(body)
    parser.close()
    if parser.open:  # unclosed elements: the rest of the body is one node
        parser._close(len(body), parser.open[0])
    return parser.nodes


_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="[^"]*\bheaderlink\b[^"]*"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _inline_markdown(inner: str) -> str:
    """A heading's inner HTML as Markdown inline text: tags kept (Python-Markdown passes
    inline HTML through), text escaped so no Markdown syntax in it takes effect."""
    inner = _HEADERLINK.sub("", inner)  # the renderer's toc extension adds its own
    out: list[str] = []
    last = 0
    for match in _TAG.finditer(inner):
        out.append(_escape_text(inner[last:match.start()]))
        out.append(_SPACE.sub(" ", match[0]))
        last = match.end()
    out.append(_escape_text(inner[last:]))
    return _SPACE.sub(" ", "".join(out)).strip()


def _escape_text(segment: str) -> str:
    plain = html.unescape(segment)
    core = plain.strip()
    if not core:
        return " " if plain else ""
    lead = " " if plain[0].isspace() else ""
    trail = " " if plain[-1].isspace() else ""
    return lead + markup.text(core) + trail


def _attr_list(attrs: Sequence[tuple[str, str | None]]) -> str:
    """The heading's attributes as attr_list writes them: `{#id .class key="value"}`."""
    parts = []
    for name, value in attrs:
        value = value or ""
        if name == "id" and value:
            parts.insert(0, f"#{value}")
        elif name == "class":
            parts.extend(f".{c}" for c in value.split())
        else:
            parts.append(f'{name}="{markup.text(value)}"')
    return " {" + " ".join(parts) + "}" if parts else ""


def _heading(body: str, node: _Node) -> str:
    level = int(node.tag[1])  # type: ignore[index]
    chunk = body[node.start:node.end]
    inner = chunk[chunk.index(">") + 1: chunk.rindex("<")]
    return "#" * level + " " + _inline_markdown(inner) + _attr_list(node.attrs)


def _body_markdown(body: str) -> list[str]:
    """The body as Markdown blocks: headings as Markdown, the rest as raw HTML."""
    blocks: list[str] = []
    loose: list[str] = []  # inline nodes waiting to be wrapped together

    def flush() -> None:
        text = "".join(loose).strip()
        loose.clear()
        if text:
            blocks.append(f"<div>\n{text}\n</div>")

    for node in _top_level(body):
        chunk = body[node.start:node.end]
        if node.tag in HEADINGS:
            flush()
            blocks.append(_heading(body, node))
        elif node.tag in BLOCK_LEVEL or (node.tag is None and chunk.startswith("<!--")):
            flush()
            blocks.append(chunk.strip())
        else:
            loose.append(chunk)
    flush()
    return blocks


def front_matter(page: PageOut) -> str:
    """The page's `meta` as YAML front matter (values as rendering wrote them: the
    text is already HTML-escaped, since themes print `title` and `description` raw)."""
    meta = dict(page.meta)
    meta.setdefault("title", markup.text(page.title) if page.title else None)
    meta = {k: v for k, v in meta.items() if v is not None}
    if not meta:
        return ""
    dumped = yaml.safe_dump(_plain(meta), sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=1 << 16)
    return f"---\n{dumped}---\n\n"


def _plain(value: Any) -> Any:
    """Plain containers and str (a `Safe` or other str subclass is dumped as str)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def page_markdown(page: PageOut, body_end: Iterable[str] = (), head: Sequence[str] = ()) -> str:
    """One generated page as a Markdown source file another renderer builds.

    `body_end`: raw HTML blocks put at the end of the body (the page's JSON-LD);
    `head`: tags for its <head> (feed links), carried in the front matter for the
    folder's overrides/main.html.
    """
    blocks = _body_markdown(page.html)
    blocks.extend(block.strip() for block in body_end if block.strip())
    if head:
        page = replace(page, meta={**page.meta, HEAD_KEY: list(head)})
    return front_matter(page) + "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------------------
# Links

_URL_ATTR = re.compile(r'(\s(?:href|src|xlink:href)=")([^"]*)(")')


def published_paths(paths: Iterable[str], *, directory_urls: bool = True) -> dict[str, str]:
    """{published URL path: docs path} for the files of a docs folder (`a/b.md` at `a/b/`)."""
    return {url(p, directory_urls=directory_urls): p for p in paths}


def source_links(body: str, page_path: str, targets: Mapping[str, str], *,
                 directory_urls: bool = True) -> str:
    """The page's relative URLs (final ones, relative to its published URL, as the plugin
    publishes them) as links to the source files (`../sources.md#x`).

    Zensical reads every relative link of a page, raw HTML included, as a link to a
    source file and rewrites it for the built site: a final URL would be rewritten once
    more and break. `targets`: `published_paths` of the folder. Links to anything else
    (other hosts, `#anchors`, root-relative URLs) are left as they are.
    """
    here = url(page_path, directory_urls=directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)

    def rewrite(match: re.Match[str]) -> str:
        value = html.unescape(match[2])
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith(("/", "#")) or not value:
            return match[0]
        resolved = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        if resolved == ".":
            resolved = ""
        elif resolved.startswith("../"):
            return match[0]
        elif parts.path.endswith("/") or parts.path in (".", ".."):
            resolved += "/"
        target = targets.get(resolved)
        if target is None:
            return match[0]
        new = link(page_path, target)
        if parts.query:
            new += "?" + parts.query
        if parts.fragment:
            new += "#" + parts.fragment
        return match[1] + html.escape(new) + match[3]

    return _URL_ATTR.sub(rewrite, body)


# ---------------------------------------------------------------------------------------
# The configuration


def _extensions(configured: Any) -> list[Any]:
    """The site's markdown_extensions, with what the written pages need added."""
    items = list(configured or [])
    names = {next(iter(i)) if isinstance(i, dict) else i for i in items}
    for name in REQUIRED_EXTENSIONS:
        if name not in names:
            items.append({"toc": {"permalink": True}} if name == "toc" else name)
    return items


def _plugins(configured: Any, plugin: str) -> list[Any]:
    """The site's plugins without the policy-timeline plugin (the folder needs none)."""
    out = []
    for item in configured if isinstance(configured, list) else ["search"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        if name != plugin:
            out.append(item)
    return out


COPIED = ("site_name", "site_description", "site_author", "site_url", "copyright",
          "repo_url", "repo_name", "use_directory_urls", "extra", "validation")
"""Settings of the site's mkdocs.yml the written configuration keeps as they are."""


def renderer_config(site: Mapping[str, Any], *, nav: Any, hidden: Sequence[str],
                    extra_css: Sequence[str], extra_javascript: Sequence[str],
                    plugin: str = "policy-timeline") -> dict[str, Any]:
    """The configuration of the source folder, from the site's mkdocs.yml.

    Kept: the site's name, addresses, theme (its features, palette, language...), its
    Markdown extensions (plus toc and attr_list), its other plugins, `extra`.
    Changed: no policy-timeline plugin; `font: false` (no Google Fonts); Zensical's
    `classic` variant unless the site names one (the look of Material); the theme's
    repository partial from `overrides/` (no GitHub API call); no edit buttons
    (`edit_uri: ""`: the generated pages have no source file in the repository, and an
    event page links its record itself); `nav` as the plugin shapes it; the generated
    pages the plugin keeps out of the nav in `not_in_nav` (patterns: see `not_in_nav`).
    """
    config: dict[str, Any] = {k: site[k] for k in COPIED if site.get(k) is not None}
    config["docs_dir"] = DOCS_DIR
    config["edit_uri"] = ""
    theme = site.get("theme")
    theme = dict(theme) if isinstance(theme, Mapping) else {"name": theme or "material"}
    theme.pop("custom_dir", None)  # the site's overrides may expect the plugin
    theme["custom_dir"] = OVERRIDES_DIR
    theme["font"] = False
    # Zensical's look of Material for MkDocs (its default, "modern", restyles the site);
    # MkDocs ignores the setting
    theme.setdefault("variant", "classic")
    if isinstance(theme.get("features"), list):
        theme["features"] = [f for f in theme["features"] if f != "content.action.edit"]
    config["theme"] = theme
    config["plugins"] = _plugins(site.get("plugins"), plugin)
    config["markdown_extensions"] = _extensions(site.get("markdown_extensions"))
    config["extra_css"] = [*(site.get("extra_css") or []), *extra_css]
    config["extra_javascript"] = [*(site.get("extra_javascript") or []), *extra_javascript]
    if nav is not None:
        config["nav"] = nav
    if hidden:  # `not_in_nav` patterns
        config["not_in_nav"] = "\n".join(hidden) + "\n"
    return config


# ---------------------------------------------------------------------------------------
# The folder


def source_folder(pages: Mapping[str, PageOut], *, config: Mapping[str, Any],
                  hand_written: Mapping[str, bytes] = {},
                  data_files: Mapping[str, str | bytes] = {},
                  assets: Mapping[str, bytes] = {},
                  body_end: Mapping[str, Sequence[str]] = {},
                  head: Mapping[str, Sequence[str]] = {},
                  source_partial: bytes | None = None,
                  head_template: bytes | None = None,
                  directory_urls: bool = True,
                  renderer: str = "zensical") -> dict[str, str | bytes]:
    """The whole folder, {path relative to DIR: content}, sorted, for `renderer`.

    `pages` by docs path (a `str` page is Markdown already: see below); `hand_written`,
    the site's own docs/ files, win over generated files at the same path (as in the
    plugin); `body_end[path]`, raw HTML blocks for the end of that page (JSON-LD);
    `head[path]`, tags for its <head> (feed links: `head_template` puts them there);
    `config` from `renderer_config`.

    The links of the pages' HTML: Zensical rewrites every relative link of a page, so
    they become links to source files (`source_links`); plain MkDocs leaves raw HTML
    alone, so they stay the final URLs the plugin publishes.
    """
    if renderer not in RENDERERS:
        raise ValueError(f"renderer {renderer!r}: choose from {', '.join(RENDERERS)}")
    docs: dict[str, str | bytes] = {}
    docs.update(assets)
    docs.update(data_files)
    targets = published_paths([*docs, *pages, *hand_written], directory_urls=directory_urls)

    def links(body: str, path: str) -> str:
        if renderer != "zensical":
            return body
        return source_links(body, path, targets, directory_urls=directory_urls)

    for path, page in pages.items():
        page = replace(page, html=links(page.html, path))
        docs[path] = page_markdown(page, body_end.get(path, ()), head.get(path, ()))
    docs.update(hand_written)
    out: dict[str, str | bytes] = {f"{DOCS_DIR}/{p}": c for p, c in docs.items()}
    out[CONFIG_FILE] = (f"# Written by `policy-timeline render --renderer {renderer}`: build"
                        f" it with `{renderer} build`.\n"
                        + yaml.dump(_plain(dict(config)), Dumper=_Dumper, sort_keys=False,
                                    allow_unicode=True, width=1 << 16))
    if source_partial is not None:
        out[f"{OVERRIDES_DIR}/partials/source.html"] = source_partial
    if head_template is not None:
        out[f"{OVERRIDES_DIR}/main.html"] = head_template
    return dict(sorted(out.items()))


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks (`not_in_nav` reads as the list it is)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def read_folder(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (dot files and folders left out), by relative path."""
    out = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and not any(p.startswith(".") for p in rel.split("/")):
                out[rel] = path.read_bytes()
    return out


def _nav_paths(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return {p for item in nav for p in _nav_paths(item)}
    if isinstance(nav, dict):
        return {p for value in nav.values() for p in _nav_paths(value)}
    return set()


def not_in_nav(pages: Iterable[str], hidden: Iterable[str], nav: Any = None) -> list[str]:
    """`not_in_nav` patterns for the `hidden` generated pages the nav does not list: a
    folder (`/events/`) when none of its pages needs to be in the automatic nav, else the
    files. A few patterns, not one per event (every page is matched against each)."""
    hidden, listed = set(hidden), _nav_paths(nav)
    folders: dict[str, list[str]] = {}
    for path in pages:
        if path not in listed:
            folders.setdefault(path.rpartition("/")[0], []).append(path)
    out = []
    for folder, paths in sorted(folders.items()):
        if folder and all(p in hidden for p in paths):
            out.append(f"/{folder}/")
        else:
            out.extend(f"/{p}" for p in sorted(paths) if p in hidden)
    return out


def site_source_folder(catalog: Catalog, options: SiteOptions, config_file: Path | None,
                       renderer: str = "zensical") -> dict[str, str | bytes]:
    """The source folder of the site configured by `config_file` (its mkdocs.yml, if any):
    what `render --out` writes. Reads the site's configuration, its docs/ folder and the
    package's assets; everything else is `source_folder`'s."""
    from .exports import export_files
    from .exports.head import feed_links, page_jsonld
    from .packagefiles import SCRIPTS, STYLESHEETS, asset_files
    from .render import CONTACT_MARKER, contact_block, expand_nav, nav_inclusion, render_pages
    from .siteconfig import read_config, site_markdown

    site: dict[str, Any] = {}
    hand_written: dict[str, bytes] = {}
    if config_file is not None and config_file.is_file():
        site = read_config(config_file)
        hand_written = read_folder(config_file.parent / str(site.get("docs_dir") or "docs"))
    marker = CONTACT_MARKER.encode()
    hand_written = {  # the About page's contact block, as the plugin puts it
        path: data.replace(marker, contact_block(options, path).encode("utf-8"))
        if path.endswith(".md") and marker in data else data
        for path, data in hand_written.items()}
    site.setdefault("site_name", options.site_name or "Timeline")
    pages = render_pages(catalog, options, markdown=site_markdown(site))
    urls = Urls(options)
    nav = expand_nav(site.get("nav"), catalog, options, pages)
    hidden = [p for p in pages if nav_inclusion(p, options) != "listed"]
    config = renderer_config(
        site,
        nav=nav,
        hidden=not_in_nav(pages, hidden, nav),
        extra_css=[urls.asset(name) for name in STYLESHEETS],
        extra_javascript=[urls.asset(name) for name in SCRIPTS],
    )
    return source_folder(
        pages,
        config=config,
        hand_written=hand_written,
        data_files=export_files(catalog, options, None),
        assets={path: file.read_bytes() for path, file in asset_files(options).items()},
        body_end={path: page_jsonld(catalog, options, path) for path in pages},
        head={path: feed_links(catalog, options, path) for path in pages},
        source_partial=SOURCE_PARTIAL.read_bytes(),
        head_template=HEAD_TEMPLATE.read_bytes(),
        directory_urls=options.directory_urls,
        renderer=renderer,
    )
