"""The MkDocs adapter: loads the records, injects the generated pages and files.

The only module that imports MkDocs. All the work is done by pure functions
(`load_catalog`, `render_pages`, `iter_export_files`), which `policy-timeline render` calls
too, so `render --out DIR` writes exactly the pages injected here. Nothing is written to
`docs/`: pages live in memory (`File.generated`); the data files are written as they are
made into a temporary folder that MkDocs copies from (removed after the build).

    plugins:
      - search
      - policy-timeline:
          events_dir: events          # relative to mkdocs.yml
          home_intro: docs-intro/home.md
          # today: 2026-12-03           # pin "today" (default: the date in Brussels)

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
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .catalog import Catalog, load_catalog
from .clock import TODAY_ENV, site_today
from .errors import GeneratorError, RecordsInvalid
from .linkcheck import DEFAULT_CACHE, with_dead_urls
from .options import (EXPORT_FORMATS, PAGE_KINDS, OptionsInvalid, SiteOptions,
                      check_plugin_options, site_options)
from .markup import text
from .render import edit_urls, expand_nav, nav_inclusion, render_pages
from .siteconfig import read_home_intro
from .urls import Urls

from .exports import iter_export_files
from .exports.head import head_tags
from .exports.timelinejs import VENDOR

ASSETS = Path(__file__).resolve().parent / "assets"
THEME = Path(__file__).resolve().parent / "theme"
STYLESHEETS = ("policy-timeline.css",)
SCRIPTS = ("filters.js",)
THEME_FILES = ("main.html", "partials/search.html", "partials/source.html")
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
    today = c.Optional(c.Type((str, dt.date)))
    """Pin "today" (YYYY-MM-DD) for deciding which deadlines have passed; the environment
    variable POLICY_TIMELINE_TODAY (set by `policy-timeline build --today`) wins over it;
    default: the current date in Europe/Brussels."""


def serve_banner(html_page: str, message: str) -> str:
    """The page with the records' problems shown at the top of its body (preview only)."""
    # Styled by .pt-serve-error in assets/policy-timeline.css.
    banner = ('<div role="alert" class="pt-serve-error"><strong>The records have problems;'
              " this preview shows the last good version.</strong>\n"
              + "\n".join(text(line) for line in message.splitlines()) + "</div>")
    match = re.search(r"<body\b[^>]*>", html_page)
    if match is None:
        return banner + html_page
    return html_page[: match.end()] + banner + html_page[match.end():]


def asset_files(options: SiteOptions) -> dict[str, Path]:
    """{site path: file} for everything in the package's assets/ (dot files left out).

    A Markdown file there (a vendored licence) is published as text, not as a page.
    """
    urls = Urls(options)
    out = {}
    for path in sorted(ASSETS.rglob("*")):
        rel = path.relative_to(ASSETS).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            out[urls.asset(rel[:-3] + ".txt" if rel.endswith(".md") else rel)] = path
    return out


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

    def on_config(self, config: Any) -> Any:
        # Per-build state is reset here: `mkdocs serve` runs on_config for every rebuild.
        self.catalog: Catalog | None = None
        self.options: SiteOptions | None = None
        self.pages: dict[str, str] = {}
        self.edit_urls: dict[str, str] = {}
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
        try:
            self.catalog = load_catalog(events, today=today)
        except RecordsInvalid as exc:
            self.catalog = self._keep_serving(config, events, exc)
        else:
            if _site_key(config) in _SERVED:
                _SERVED[_site_key(config)] = self.catalog
        for warning in self.catalog.warnings:
            log.warning(str(warning))
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            intro = read_home_intro(root, self.config.home_intro)
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        self.options = options = site_options(
            {"prefix": self.config.prefix, "pages": self.config.pages,
             "exports": self.config.exports, "edit_url": self.config.edit_url,
             "data_licence": self.config.data_licence},
            site_name=config.site_name, site_url=config.site_url, repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            events_path=os.path.relpath(events.resolve(), root).replace(os.sep, "/"),
            use_directory_urls=config.use_directory_urls, home_intro=intro,
        )
        # Sources `check --links` found gone link their archived copy (.cache/links.json).
        self.options = options = with_dead_urls(options, root / DEFAULT_CACHE)
        self.pages = render_pages(self.catalog, options)
        self.edit_urls = edit_urls(self.catalog, options)
        config.nav = expand_nav(config.nav, self.catalog, options, self.pages)
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
        for path, markdown in self.pages.items():
            if self._user_file(files, path):
                continue
            listed = nav_inclusion(path, options) == "listed"
            level = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=markdown, inclusion=level))
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

    def on_post_build(self, *, config: Any) -> None:
        self._remove_exports()  # MkDocs has copied them into the site

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_exports()

    @staticmethod
    def _user_file(files: Files, path: str) -> bool:
        if files.get_file_from_path(path) is None:
            return False
        log.info("keeping the site's own %s instead of the generated one", path)
        return True

    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        if self.catalog is None or self.options is None:
            return context
        path = page.file.src_uri
        if page.file.generated_by and path in self.edit_urls:
            page.edit_url = self.edit_urls[path]  # Material's edit button opens the record
        context["policy_timeline_head"] = head_tags(self.catalog, self.options, path)
        return context

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        if builder is not None and self.catalog is not None:  # rebuilds of a served site follow
            _SERVED[_site_key(config)] = self.catalog
        if self.config.enabled:
            server.watch(self.config.events_dir)  # events/ lives outside docs/
            if self.config.home_intro:
                server.watch(self.config.home_intro)
        return server
