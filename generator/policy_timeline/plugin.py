"""The MkDocs adapter: loads the records, injects the generated pages and files.

The only module that imports MkDocs. All the work is done by pure functions
(`load_catalog`, `render_pages`, `iter_export_files`), which `policy-timeline render` calls
too, so `render --out DIR` writes exactly the pages injected here. Nothing is written to
`docs/`: pages live in memory (`File.generated`); the data files are written as they are
made into a temporary folder that MkDocs copies from (removed after the build). A generated
page is a `GeneratedPage`: its HTML and table of contents come from the templates, so MkDocs
runs no Markdown over it; the plugin adds the permalinks the site's `toc` asks for and checks
the page's links itself (MkDocs' validation never sees them), warning as MkDocs would.

    plugins:
      - search
      - policy-timeline:
          events_dir: events          # relative to mkdocs.yml
          home_intro: docs-intro/home.md
          # today: 2026-12-03           # pin "today" (default: the date in Brussels)
          # templates_dir: templates    # templates that replace the package's of the same name

The options go through `options.check_plugin_options`, the check the CLI uses too, and
$POLICY_TIMELINE_EVENTS_DIR (set by `policy-timeline build/serve --events DIR`) replaces
`events_dir`. A file of the plugin's own missing at run time (theme, assets) stops the
build: a broken installation must not publish a site without its feed links or JSON-LD.

A hand-written page at a generated path wins (the generated one is dropped, with an
info message). Event, entity, year and thread pages stay out of the automatic nav
(a nav listing every event makes builds quadratic); the nav's timeline and threads
entries become sections with the year and thread pages (`render.expand_nav`).

"Today" (which deadlines have passed, shown as "date passed, not yet confirmed"): the
environment variable POLICY_TIMELINE_TODAY (set by `policy-timeline build/serve --today`),
else the `today` option, else the current date in Europe/Brussels (`policy_timeline.clock`).
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import os
import posixpath
import re
import shutil
import sys
from dataclasses import replace
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import languages as lang_paths
from .catalog import Catalog, load_catalog
from .clock import TODAY_ENV, site_today
from .errors import GeneratorError, RecordsInvalid
from .linkcache import DEFAULT_CACHE, with_dead_urls
from .packagefiles import ASSETS, SCRIPTS, STYLESHEETS, asset_files
from .options import (EXPORT_FORMATS, PAGE_KINDS, OptionsInvalid, SiteOptions,
                      check_plugin_options, site_options)
from .markup import Markdown, html_text, site_converter
from .history import with_history
from .render import CONTACT_MARKER, contact_block, edit_urls, expand_nav, nav_inclusion, render_pages
from .templating import Heading, PageOut, add_permalinks, environment, page_ids, page_links
from .translations import has_translation, localized_catalog, missing_paths
from .siteconfig import read_home_intro
from .urls import Urls

from .exports import iter_export_files
from .exports.head import head_tags
from .exports.pages import vendored_timelinejs
from .exports.timelinejs import VENDOR

THEME = Path(__file__).resolve().parent / "theme"
THEME_FILES = ("main.html", "partials/search.html", "partials/source.html",
               "partials/alternate.html", "sitemap.xml")
VENDOR_FILES = ("js/timeline.js", "css/timeline.css", "LICENSE")

log = get_plugin_logger(__name__)

# `mkdocs serve` makes a new plugin for every rebuild: the last good records of a served
# site are kept here, by configuration file, from `on_serve` (after the first build) on.
_SERVED: dict[str, Catalog] = {}


def _site_key(config: Any) -> str:
    # the first build may name the file as given (`mkdocs.yml`), rebuilds by full path
    return str(Path(config.config_file_path or "mkdocs.yml").resolve())


# Data folders of builds that never reached on_post_build (a preview stopped with Ctrl-C
# in the middle of a rebuild): removed when the process exits.
_EXPORT_DIRS: set[Path] = set()


@atexit.register
def _remove_leftover_exports() -> None:
    for folder in list(_EXPORT_DIRS):
        shutil.rmtree(folder, ignore_errors=True)
        _EXPORT_DIRS.discard(folder)


class TimelineConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing its settings."""
    events_dir = c.Dir(exists=True, default="events")
    """The records folder, relative to mkdocs.yml."""
    prefix = c.Type(str, default="")
    """Folder of the generated pages inside the site, e.g. `timeline`; empty: the root."""
    pages = c.ListOfItems(c.Choice(PAGE_KINDS), default=list(PAGE_KINDS))
    """Which kinds of pages to generate."""
    exports = c.ListOfItems(c.Choice(EXPORT_FORMATS), default=list(EXPORT_FORMATS))
    """Which data files to publish."""
    home_intro = c.Optional(c.File(exists=True))
    """A Markdown file (outside docs/) put at the top of the generated home page."""
    edit_url = c.Optional(c.Type(str))
    """Base URL to edit a record; default: from repo_url and edit_uri."""
    data_licence = c.Optional(c.Type((str, dict)))
    """The licence of the published data: an SPDX id, or {name, path, title}."""
    templates_dir = c.Optional(c.Dir(exists=True))
    """A folder of templates (relative to mkdocs.yml) that replace the package's ones of
    the same name, e.g. `partials/event_row.html`."""
    contact = c.Optional(c.Type(dict))
    """Who readers write to about an error: {name, email, url} (email or url); shown where
    a page writes <!-- policy-timeline: contact --> (the About page) and on "What changed"."""
    languages = c.ListOfItems(c.Type(str), default=["en"])
    """The site's languages: the first at the root, each other one under `/<code>/`
    (`policy_timeline.languages`); every page is made in each."""
    site_translations = c.Type(dict, default={})
    """mkdocs.yml's own words in the other languages: {fr: {site_name, site_description}}."""
    today = c.Optional(c.Type((str, dt.date)))
    """Pin "today" (YYYY-MM-DD) for deciding which deadlines have passed; the environment
    variable POLICY_TIMELINE_TODAY (set by `policy-timeline build --today`) wins over it;
    default: the current date in Europe/Brussels."""


def _warn_stderr(message: str) -> None:
    sys.stderr.write(f"WARNING  -  policy-timeline: {message}\n")
    sys.stderr.flush()


def serve_banner(html_page: str, message: str) -> str:
    """The page with the records' problems shown at the top of its body (preview only)."""
    # template serve_banner.html, styled by .pt-serve-error in assets/policy-timeline.css
    banner = environment().get_template("serve_banner.html").render(
        lines=message.splitlines()).rstrip("\n")
    match = re.search(r"<body\b[^>]*>", html_page)
    if match is None:
        return banner + html_page
    return html_page[: match.end()] + banner + html_page[match.end():]


def _toc_token(heading: Heading) -> dict[str, Any]:
    return {"level": heading.level, "id": heading.id, "name": html_text(heading.title),
            "children": [_toc_token(child) for child in heading.children]}


def permalink_options(config: Any) -> dict[str, Any] | None:
    """How the site's `toc` extension writes permalinks (None: it writes none)."""
    if "toc" not in config.markdown_extensions:
        return None
    toc = (config.mdx_configs or {}).get("toc") or {}
    permalink = toc.get("permalink")
    if permalink in (None, False):
        return None
    return {"symbol": "&para;" if permalink is True else str(permalink),
            "title": toc.get("permalink_title", "Permanent link"),
            "cls": toc.get("permalink_class", "headerlink"),
            "leading": bool(toc.get("permalink_leading", False))}


def site_markdown(config: Any) -> Markdown:
    """Markdown -> HTML with the site's extensions (record summaries, the home intro)."""
    return site_converter(config.markdown_extensions, config.mdx_configs)


def nav_titles(nav: Any) -> dict[str, str]:
    """{page path: title} of the entries `{title: path}` in a MkDocs nav (MkDocs gives a
    page its nav title; it cannot for a page made before the nav is read)."""
    out: dict[str, str] = {}

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    out.setdefault(value, str(title))
                else:
                    walk(value)

    walk(nav)
    return out


class GeneratedPage(Page):
    """A page the templates drew: MkDocs gets its HTML and toc as they are (no Markdown).

    Like Material's blog views, it is made in `on_files` and set as `file.page`, which
    MkDocs' navigation keeps; `read_source` reads no file and `render` converts nothing.
    """

    def __init__(self, out: PageOut, file: File, config: Any, plugin: "TimelinePlugin",
                 title: str | None = None) -> None:
        if title is not None and title == html_text(out.title):
            title = Markup(title)  # the generated nav's titles are HTML already: no second escape
        super().__init__(title, file, config)  # a title the nav gives wins, as for any page
        self.out = out
        self.plugin = plugin

    def read_source(self, config: Any) -> None:
        self.markdown = ""  # nothing for Markdown plugins to change: the page is HTML
        self.meta = dict(self.out.meta)
        if "title" in self.meta:  # already HTML: Material's `| e` must not escape it again
            self.meta["title"] = Markup(self.meta["title"])

    def render(self, config: Any, files: Files) -> None:
        permalinks = permalink_options(config)
        body = add_permalinks(self.out.html, **permalinks) if permalinks else self.out.html
        self.content = body
        self.toc = get_toc([_toc_token(h) for h in self.out.toc])  # type: ignore[arg-type]
        self._title_from_render = Markup(html_text(self.out.title))
        self.present_anchor_ids = page_ids(body)
        self.links_to_anchors = None
        self.plugin.check_links(self, files)


def _pristine(config: Any) -> dict[str, Any]:
    """What the plugin's on_config changes in MkDocs' config, as the site wrote it: the
    builds of the other languages start again from it."""
    return {"nav": copy.deepcopy(config.nav), "extra_css": list(config.extra_css),
            "extra_javascript": list(config.extra_javascript),
            "theme_dirs": list(config.theme.dirs)}


def _restore(config: Any, pristine: dict[str, Any]) -> None:
    config.nav = copy.deepcopy(pristine["nav"])
    config.extra_css[:] = pristine["extra_css"]
    config.extra_javascript[:] = pristine["extra_javascript"]
    config.theme.dirs[:] = pristine["theme_dirs"]


def _language_name(options: SiteOptions, code: str) -> str:
    """A language's name in that language (template partials/language_name.html)."""
    folder = options.extra.get("templates_dir")
    env = environment(Path(folder) if folder else None)
    return env.get_template("partials/language_name.html").render(code=code).strip()


def _search_plugin(config: Any) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


def missing_parts() -> list[Path]:
    """The files of the package the plugin needs that are not installed (none, normally).

    A wheel built without them would give a site without its feed links and JSON-LD
    (theme/main.html) or its styles: that must stop the build, not publish less.
    """
    wanted = [THEME / name for name in THEME_FILES]
    wanted += [ASSETS / name for name in STYLESHEETS + SCRIPTS]
    vendored = ASSETS / VENDOR  # optional (`make vendor`), but never half there
    if vendored.is_dir():
        wanted += [vendored / name for name in VENDOR_FILES]
    return [path for path in wanted if not path.is_file()]


class TimelinePlugin(BasePlugin[TimelineConfig]):
    """Generates the timeline's pages and data files into an MkDocs build."""

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None):
        # The options go through the same check as the CLI's (options.check_plugin_options)
        # first, so a wrong option reads the same everywhere; MkDocs' typed config then
        # resolves the paths. $POLICY_TIMELINE_EVENTS_DIR replaces events_dir.
        root = Path(config_file_path).parent if config_file_path else Path(".")
        try:
            options = check_plugin_options(options, root)
        except OptionsInvalid as exc:
            self.config = self.config_class(config_file_path=config_file_path)
            return [(key, ValidationError(message)) for key, message in exc.problems], []
        return super().load_config(options, config_file_path)

    # The language of the build under way: None for the first language (the build MkDocs
    # started), a code during the builds of the other languages (`_build_languages`).
    _language: str | None = None
    _pristine: dict[str, Any] | None = None
    _base_catalog: Catalog | None = None
    _root_url: str | None = None

    def on_config(self, config: Any) -> Any:
        # Per-build state is reset here: `mkdocs serve` runs on_config for every rebuild.
        if self._language is None:
            self._pristine = _pristine(config)
            self._base_catalog = None
            self._root_url = config.site_url  # the other languages' builds add /<code>/
        elif self._pristine is not None:
            _restore(config, self._pristine)  # undo what the first language's on_config added
        self.catalog: Catalog | None = None
        self.options: SiteOptions | None = None
        self.pages: dict[str, PageOut] = {}
        self.edit_urls: dict[str, str] = {}
        self._targets: dict[str, str] | None = None
        self._anchor_cache: dict[str, set[str]] = {}
        self.serve_error = None
        if not self.config.enabled:
            return config
        missing = missing_parts()
        if missing:
            raise PluginError(
                "the policy-timeline installation is incomplete: "
                + ", ".join(str(path) for path in missing) + " missing. Reinstall the package"
                " (a wheel built from a checkout carries them: see the README).")
        events = Path(self.config.events_dir)
        pinned = os.environ.get(TODAY_ENV, "").strip()
        try:
            today = site_today(pinned or self.config.today,
                               where=TODAY_ENV if pinned else "policy-timeline: today")
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        languages = tuple(self.config.languages)
        language = self._language or languages[0]
        if self._base_catalog is not None:  # another language: the records read once
            self.catalog = self._base_catalog
        else:
            try:
                self.catalog = load_catalog(events, today=today)
            except RecordsInvalid as exc:
                self.catalog = self._keep_serving(config, events, exc)
            else:
                if _site_key(config) in _SERVED:
                    _SERVED[_site_key(config)] = self.catalog
            for warning in self.catalog.warnings:
                log.warning(str(warning))
            self._base_catalog = self.catalog
        if language != languages[0]:
            self.catalog = localized_catalog(self.catalog, language)
        root = Path(config.config_file_path or ".").resolve().parent
        intro_file = self.config.home_intro
        if intro_file and language != languages[0]:
            translated = lang_paths.twin(intro_file, language, languages)
            intro_file = translated if (root / translated).is_file() else intro_file
        try:
            intro = read_home_intro(root, intro_file)
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        self.options = options = site_options(
            {"prefix": self.config.prefix, "pages": self.config.pages,
             "exports": self.config.exports, "edit_url": self.config.edit_url,
             "data_licence": self.config.data_licence, "contact": self.config.contact,
             "languages": list(languages)},
            site_name=config.site_name, site_url=config.site_url, repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            events_path=os.path.relpath(events.resolve(), root).replace(os.sep, "/"),
            use_directory_urls=config.use_directory_urls, home_intro=intro,
            templates_dir=Path(self.config.templates_dir).resolve() if self.config.templates_dir else None,
        )
        self.options = options = replace(options, language=language, extra={
            **options.extra, "timelinejs_vendored": vendored_timelinejs()})
        # Sources `check --links` found gone link their archived copy (.cache/links.json).
        self.options = options = with_dead_urls(options, root / DEFAULT_CACHE)
        # When each record last changed (git); outside git, one line on stderr, not through
        # MkDocs' logger, whose warnings fail a `--strict` build: not being in git is no mistake.
        self.options = options = with_history(options, events, warn=_warn_stderr)
        try:
            self.pages = render_pages(self.catalog, options, markdown=site_markdown(config))
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        if language != languages[0]:
            self.pages = self._mark_untranslated(self.pages, options)
        self.edit_urls = edit_urls(self.catalog, options)
        config.nav = expand_nav(config.nav, self.catalog, options, self.pages)
        if language != languages[0]:
            config.nav = lang_paths.localize_nav(config.nav, self._titles(config, language))
        self._alternate_names = {code: _language_name(options, code) for code in languages}
        urls = Urls(options)
        config.extra_css.extend(urls.asset(name) for name in STYLESHEETS)
        config.extra_javascript.extend(urls.asset(name) for name in SCRIPTS)
        # Our main.html (the <head> tags) comes after the site's custom_dir, before the theme.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        return config

    # `mkdocs serve`: a record saved half-edited must not take the preview down. The
    # last good records are served on, with the problems in the terminal and in a banner
    # on every page, until a save fixes them. (A failed rebuild would leave MkDocs'
    # server waiting for a good build before it answers any request.)
    serve_error: str | None = None

    def _keep_serving(self, config: Any, events: Path, exc: RecordsInvalid) -> Catalog:
        message = f"the records in {events} have problems:\n{exc}"
        last_good = _SERVED.get(_site_key(config))
        if last_good is None:  # a build, or the first build of `serve`: it fails
            raise PluginError(message) from None
        self.serve_error = message
        # not through MkDocs' logger: an error there would abort a `strict` serve build
        sys.stderr.write(f"ERROR    -  {message}\n            (still serving the last good"
                         " records; the preview updates when the problems are fixed)\n")
        sys.stderr.flush()
        return last_good

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        if not self.serve_error:
            return output
        return serve_banner(output, self.serve_error)

    def on_files(self, files: Files, /, *, config: Any) -> Files:
        if self.catalog is None or self.options is None:
            return files
        catalog, options = self.catalog, self.options
        if len(options.languages) > 1:
            self._pick_language_files(files, config)
        titles = nav_titles(config.nav)
        for path, out in self.pages.items():
            if self._user_file(files, path):
                continue
            listed = nav_inclusion(path, options) == "listed"
            level = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, path, content=out.html, inclusion=level)
            files.append(file)
            GeneratedPage(out, file, config, self, titles.get(path))  # sets file.page
        for path, source in asset_files(options).items():
            if not self._user_file(files, path):
                files.append(File.generated(config, path, abs_src_path=str(source)))
        for path, written in self._write_exports(catalog, options):
            if not self._user_file(files, path):
                files.append(File.generated(config, path, abs_src_path=str(written)))
        return files

    # The data files (a few hundred MB at 10,000 events) are written to a temporary
    # folder as they are made, and MkDocs copies them from there: held in memory as
    # `File.generated(content=...)` they would stay there for the whole build.
    export_dir: Path | None = None

    def _write_exports(self, catalog: Catalog, options: SiteOptions) -> list[tuple[str, Path]]:
        """Write every data file into a new temporary folder; (site path, file), sorted."""
        self._remove_exports()
        self.export_dir = folder = Path(tempfile.mkdtemp(prefix="policy-timeline-data-"))
        _EXPORT_DIRS.add(folder)
        written = []
        try:
            for path, content in iter_export_files(catalog, options, None):
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
                written.append((path, target))
        except GeneratorError as exc:
            self._remove_exports()
            raise PluginError(str(exc)) from None
        return sorted(written)

    def _remove_exports(self) -> None:
        if self.export_dir is not None:
            shutil.rmtree(self.export_dir, ignore_errors=True)
            _EXPORT_DIRS.discard(self.export_dir)
            self.export_dir = None

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_exports()

    def check_links(self, page: GeneratedPage, files: Files) -> None:
        """Warn (as MkDocs' own validation would, so `--strict` fails) about every link of
        a generated page that lands on no file of the site, or on a missing anchor."""
        if self._targets is None:
            self._targets = {}
            for file in files:
                self._targets.setdefault(file.url.rstrip("/"), file.src_uri)
                self._targets.setdefault(file.dest_uri, file.src_uri)
        base = posixpath.dirname("/" + page.file.dest_uri)
        for href in page_links(page.content or ""):
            parts = urlsplit(href)
            if parts.path:
                path = posixpath.normpath(posixpath.join(base, unquote(parts.path))).lstrip("/")
                if path == ".":
                    path = ""
                target = self._targets.get(path.rstrip("/"))
                if target is None:
                    target = self._targets.get(posixpath.join(path, "index.html"))
            else:
                target = page.file.src_uri
            if target is None:
                log.warning("Doc file '%s' contains a link '%s', but the target is not found"
                            " among documentation files.", page.file.src_uri, href)
                continue
            if parts.fragment and target in self.pages:
                anchors = (page.present_anchor_ids if target == page.file.src_uri
                           else self._anchors(target))
                if anchors is not None and unquote(parts.fragment) not in anchors:
                    log.warning("Doc file '%s' contains a link '%s', but the doc '%s' does not"
                                " contain an anchor '#%s'.", page.file.src_uri, href, target,
                                parts.fragment)

    def _anchors(self, path: str) -> set[str]:
        found = self._anchor_cache.get(path)
        if found is None:
            found = self._anchor_cache[path] = page_ids(self.pages[path].html)
        return found

    # -- languages ---------------------------------------------------------------------

    def _pick_language_files(self, files: Files, config: Any) -> None:
        """Hand-written pages in the language being built: `about.fr.md` is published as
        `about.md` of the French tree; the first language's tree drops the translations.
        A page without a translation stays in the first language."""
        assert self.options is not None
        languages, language = self.options.languages, self.options.language
        for file in list(files):
            base, suffix = lang_paths.split_suffix(file.src_uri, languages)
            if suffix is None:
                continue
            files.remove(file)
            if suffix != language:
                continue
            original = files.get_file_from_path(base)
            if original is None:  # a translated page with no original: published as it is
                original = File(base, config.docs_dir, config.site_dir, config.use_directory_urls)
                files.append(original)
            original.abs_src_path = file.abs_src_path
            original.edit_uri = file.src_uri  # the edit button opens the translation

    def _mark_untranslated(self, pages: dict[str, PageOut], options: SiteOptions
                           ) -> dict[str, PageOut]:
        """The pages of records with texts missing in the language being built: their English
        text under a note that says so and links the English page (`partials/untranslated.html`);
        a page with no text at all in the language is marked as English as a whole."""
        assert self.catalog is not None
        urls = Urls(options)
        records: dict[str, Any] = {}
        if "events" in options.pages:
            records.update((urls.event(e.id), e) for e in self.catalog.events)
        if "entities" in options.pages:
            records.update((urls.entity(k), v) for k, v in self.catalog.entities.items())
        if "threads" in options.pages:
            records.update((urls.thread(k), v) for k, v in self.catalog.threads.items())
        folder = options.extra.get("templates_dir")
        note = environment(Path(folder) if folder else None,
                           language=options.language).get_template("partials/untranslated.html")
        out = dict(pages)
        for path, record in records.items():
            if path not in pages or not missing_paths(record, options.language):
                continue
            url = lang_paths.page_url(path, options.directory_urls)
            here = lang_paths.root(options.language, options.languages) + url
            english = lang_paths.relative_href(here, url)
            html = note.render(english_href=english, body=Markup(pages[path].html),
                               language=options.languages[0],
                               partly=has_translation(record, options.language))
            out[path] = replace(pages[path], html=html)
        return out

    def _titles(self, config: Any, language: str) -> dict[str, str]:
        """{page path: its title in `language`}: generated pages and translated pages."""
        assert self.options is not None
        titles = {path: html_text(out.title) for path, out in self.pages.items()}
        docs = Path(config.docs_dir)
        for source in docs.rglob(f"*.{language}.md"):
            base, suffix = lang_paths.split_suffix(source.relative_to(docs).as_posix(),
                                                   self.options.languages)
            title = lang_paths.markdown_title(source.read_text(encoding="utf-8-sig"))
            if suffix == language and title:
                titles[base] = title
        return titles

    def _alternates(self, page_url: str) -> list[dict[str, Any]]:
        assert self.options is not None
        options = self.options
        return [{"lang": alt.language, "href": alt.href, "url": alt.url,
                 "name": self._alternate_names.get(alt.language, alt.language),
                 "current": alt.language == options.language}
                for alt in lang_paths.alternates(page_url, options.language, options.languages,
                                                 self._root_url)]

    def on_template_context(self, context: Any, /, *, template_name: str, config: Any) -> Any:
        if template_name == "sitemap.xml" and self.options and len(self.options.languages) > 1:
            context["policy_timeline_alternates"] = self._alternates
        return context

    @event_priority(-100)  # after the search index and every other plugin's post_build
    def on_post_build(self, *, config: Any) -> None:
        self._remove_exports()  # MkDocs has copied them into the site
        if self._language is not None or not self.config.enabled:
            return
        for language in list(self.config.languages)[1:]:
            self._build_language(config, language)

    def _build_language(self, config: Any, language: str) -> None:
        """Build the site again in `language`, into `<site_dir>/<language>/`: the same
        records (read once), that language's texts, theme language and search index."""
        from mkdocs.commands.build import build

        search = _search_plugin(config)
        saved = {"site_dir": config.site_dir, "site_url": config.site_url,
                 "site_name": config.site_name, "site_description": config.site_description,
                 "theme_language": config.theme["language"] if "language" in config.theme else None,
                 "alternate": config.extra.get("alternate")}
        saved_search = ({k: search.config[k] for k in ("lang", "separator", "pipeline")}
                        if search is not None else {})
        base_catalog = self._base_catalog
        try:
            self._language = language
            config.site_dir = os.path.join(saved["site_dir"], language)
            words = self.config.site_translations.get(language) or {}
            config.site_name = words.get("site_name", config.site_name)
            config.site_description = words.get("site_description", config.site_description)
            if saved["site_url"]:
                config.site_url = saved["site_url"].rstrip("/") + f"/{language}/"
            if "language" in config.theme:
                config.theme["language"] = language
            if search is not None:  # Material's search: recomputed from the theme language
                search.config["lang"] = None
                search.config["separator"] = None
                search.config["pipeline"] = None
            build(config, dirty=False)
        finally:
            self._language = None
            self._base_catalog = base_catalog
            config.site_dir = saved["site_dir"]
            config.site_url = saved["site_url"]
            config.site_name = saved["site_name"]
            config.site_description = saved["site_description"]
            if saved["theme_language"] is not None:
                config.theme["language"] = saved["theme_language"]
            config.extra["alternate"] = saved["alternate"]
            if saved["alternate"] is None:
                del config.extra["alternate"]
            for key, value in saved_search.items():
                search.config[key] = value

    @staticmethod
    def _user_file(files: Files, path: str) -> bool:
        if files.get_file_from_path(path) is None:
            return False
        log.info("keeping the site's own %s instead of the generated one", path)
        return True

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Files) -> str:
        # The About page (or any hand-written page) asks for the contact block here.
        if self.options is None or CONTACT_MARKER not in markdown:
            return markdown
        block = contact_block(self.options, page.file.src_uri)
        return markdown.replace(CONTACT_MARKER, block)

    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        if self.catalog is None or self.options is None:
            return context
        path = page.file.src_uri
        if page.file.generated_by and path in self.edit_urls:
            page.edit_url = self.edit_urls[path]  # Material's edit button opens the record
        context["policy_timeline_head"] = head_tags(self.catalog, self.options, path)
        if len(self.options.languages) > 1:
            alternates = self._alternates(page.url)
            context["policy_timeline_alternates"] = alternates
            # Material draws its language switcher and its <link hreflang> from
            # extra.alternate: `link` (absolute) for <head>, `href` (relative to the page)
            # for the switcher (theme/partials/alternate.html).
            config.extra["alternate"] = [
                {"name": a["name"], "lang": a["lang"], "href": a["href"],
                 "link": a["url"] or "/" + lang_paths.root(a["lang"], self.options.languages) + page.url}
                for a in alternates]
        return context

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        if builder is not None and self.catalog is not None:  # rebuilds of a served site follow
            _SERVED[_site_key(config)] = self.catalog
        if self.config.enabled:
            server.watch(self.config.events_dir)  # events/ lives outside docs/
            if self.config.home_intro:
                server.watch(self.config.home_intro)
        return server
