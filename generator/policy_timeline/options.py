"""What a site build needs to know besides the records: where pages go, which to make.

The plugin fills this from its MkDocs config, the CLI from mkdocs.yml read as YAML; both
go through `site_options`, so `render --out` writes exactly what the plugin injects.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import GeneratorError

PAGE_KINDS = ("home", "timeline", "years", "events", "entities", "threads", "sources", "data",
              "changes")
EVENTS_DIR = "events"
"""The records folder, relative to the site's mkdocs.yml, when nothing names another."""
EXPORT_FORMATS = ("json", "csv", "atom", "ics", "timelinejs", "datapackage")
DEFAULT_LANGUAGES = ("en",)
"""The site's languages when the `languages` option is not set: English only."""


@dataclass(frozen=True)
class SiteOptions:
    """Options shared by rendering and exports."""

    prefix: str = ""
    """Folder (URL prefix) of generated pages inside the docs, e.g. `timeline`; empty for the root."""
    pages: frozenset[str] = frozenset(PAGE_KINDS)
    """Which page kinds to generate."""
    exports: frozenset[str] = frozenset(EXPORT_FORMATS)
    """Which data files to generate."""
    site_name: str = "Timeline"
    site_url: str | None = None
    """Absolute URL of the published site (feeds and calendars need it)."""
    edit_url: str | None = None
    """URL that a record's path (relative to the records folder) is appended to for editing."""
    build_date: dt.date | None = None
    """Only from SOURCE_DATE_EPOCH: output never reads the clock otherwise."""
    directory_urls: bool = True
    """MkDocs' `use_directory_urls`: pages published as `a/b/` (True) or `a/b.html`."""
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    """The site's languages (the `languages` option): the first at the site's root, each
    other one under `/<code>/`, all built from the same records."""
    language: str = DEFAULT_LANGUAGES[0]
    """The language of the pages being made (one of `languages`)."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Free-form values the adapters pass to rendering; `home_intro` is the Markdown put
    at the top of the home page (read by the adapters from the plugin's `home_intro` file)."""


def build_date_from_env(environ: Mapping[str, str] = os.environ) -> dt.date | None:
    """The reproducible-builds date, if SOURCE_DATE_EPOCH is set to a valid number."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc).date()


def edit_url_for(repo_url: str | None, edit_uri: str | None, events_path: str) -> str | None:
    """Where an event file can be edited, as MkDocs builds its edit links for docs/."""
    if not repo_url or edit_uri == "":  # MkDocs: an empty edit_uri turns edit links off
        return None
    base = repo_url.rstrip("/") + "/"
    uri = (edit_uri or "edit/main/docs/").strip("/")
    # MkDocs' edit_uri points into docs/; records live beside docs/, in events_path.
    parts = uri.split("/")
    if parts and parts[-1] == "docs":
        parts = parts[:-1]
    return base + "/".join(parts + [events_path.strip("/")]) + "/"


def site_options(
    plugin: Mapping[str, Any],
    *,
    site_name: str | None = None,
    site_url: str | None = None,
    repo_url: str | None = None,
    edit_uri: str | None = None,
    events_path: str = EVENTS_DIR,
    use_directory_urls: bool = True,
    home_intro: str | None = None,
    templates_dir: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> SiteOptions:
    """SiteOptions from the plugin's options and the site's own settings.

    `home_intro` is the text of the plugin's `home_intro` file (the adapters read it);
    `templates_dir` the site's template folder, resolved (`render_pages` looks there first).
    """
    pages = plugin.get("pages")
    exports = plugin.get("exports")
    languages = tuple(plugin.get("languages") or DEFAULT_LANGUAGES)
    return SiteOptions(
        languages=languages,
        language=languages[0],
        prefix=str(plugin.get("prefix") or "").strip("/"),
        pages=frozenset(pages) if pages is not None else frozenset(PAGE_KINDS),
        exports=frozenset(exports) if exports is not None else frozenset(EXPORT_FORMATS),
        site_name=site_name or "Timeline",
        site_url=(site_url.rstrip("/") + "/") if site_url else None,
        edit_url=plugin.get("edit_url") or edit_url_for(repo_url, edit_uri, events_path),
        build_date=build_date_from_env(environ),
        directory_urls=bool(use_directory_urls),
        extra={k: v for k, v in (("home_intro", home_intro),
                                  ("data_licence", plugin.get("data_licence")),
                                  ("contact", plugin.get("contact")),
                                  ("templates_dir", str(templates_dir) if templates_dir else None))
               if v},
    )


# ---------------------------------------------------------------------------------------
# The plugin's options in mkdocs.yml: one validation for the MkDocs plugin and the CLI

PLUGIN_OPTIONS = ("enabled", "events_dir", "prefix", "pages", "exports", "home_intro",
                  "edit_url", "data_licence", "today", "templates_dir", "contact",
                  "languages", "site_translations")
"""The options of `plugins: - policy-timeline:` in mkdocs.yml."""
EVENTS_DIR_ENV = "POLICY_TIMELINE_EVENTS_DIR"
"""When set, the plugin reads its records from this folder instead of `events_dir`
(`policy-timeline build/serve --events DIR` sets it for the MkDocs child process)."""
LICENCE_KEYS = ("name", "path", "title")
SITE_TRANSLATION_KEYS = ("site_name", "site_description")
"""`site_translations: {fr: {site_name, site_description}}`: mkdocs.yml's own words in the
site's other languages."""
CONTACT_KEYS = ("name", "email", "url")
"""`contact: {name, email, url}`: who readers write to about an error (email or url needed)."""


class OptionsInvalid(GeneratorError):
    """The plugin's options in mkdocs.yml are wrong; `problems` is [(option, message)]."""

    def __init__(self, problems: list[tuple[str, str]], config_file: str = "mkdocs.yml") -> None:
        self.problems = problems
        lines = [f"{config_file}: Plugin 'policy-timeline' option '{key}': {message}"
                 for key, message in problems]
        super().__init__("\n".join(lines))


def check_plugin_options(raw: Mapping[str, Any] | None, root: Path | str, *,
                         config_file: str = "mkdocs.yml", events_dir: Path | None = None,
                         environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The plugin's options, checked; raises OptionsInvalid with every problem at once.

    The one check of these options: the plugin runs it before MkDocs' typed config
    (`TimelinePlugin.load_config`), the CLI on the options it reads from mkdocs.yml, so a
    wrong option gives the same message from `mkdocs build` and every command. Paths are
    relative to `root` (the folder of mkdocs.yml). Returns the options as given, with
    `events_dir` replaced by the `events_dir` argument (the CLI's --events), else by the
    folder in $POLICY_TIMELINE_EVENTS_DIR when that is set.
    """
    options = dict(raw or {})
    override = str(events_dir) if events_dir is not None else environ.get(EVENTS_DIR_ENV, "").strip()
    if override:
        options["events_dir"] = str(Path(override).resolve())
    root = Path(root)
    problems: list[tuple[str, str]] = []
    for key in sorted(options, key=str):
        message = _option_problem(str(key), options[key], root)
        if message:
            problems.append((str(key), message))
    if problems:
        raise OptionsInvalid(problems, config_file)
    return options


def _choices(value: Any, allowed: tuple[str, ...], what: str) -> str | None:
    if not isinstance(value, list):
        return f"expected a list of {what}s (one or more of {', '.join(allowed)}), got {value!r}"
    wrong = [v for v in value if v not in allowed]
    if wrong:
        return (f"{', '.join(repr(v) for v in wrong)} {'is not a' if len(wrong) == 1 else 'are not'}"
                f" {what}{'s' * (len(wrong) != 1)}: choose from {', '.join(allowed)}")
    return None


def _contact_problem(value: Any) -> str | None:
    """What is wrong with the `contact` option (who readers write to), or None."""
    if value is None:
        return None
    example = "e.g. {name: Corrections desk, email: corrections@example.org}"
    if not isinstance(value, dict):
        return f"expected {{name, email, url}}, {example}; got {value!r}"
    wrong = sorted(str(k) for k in value if k not in CONTACT_KEYS)
    if wrong:
        return f"unknown key {', '.join(wrong)}: a contact has {', '.join(CONTACT_KEYS)}"
    if any(not isinstance(v, str) or not v.strip() for v in value.values()):
        return "the contact's name, email and url are non-empty text"
    email, url = value.get("email"), value.get("url")
    if not email and not url:
        return f"a contact needs an email or a url (a contact form, an issue tracker), {example}"
    if email and (email.count("@") != 1 or " " in email.strip() or "." not in email.split("@")[1]):
        return f"{email!r} is not an email address, {example}"
    if url and not url.startswith(("https://", "http://")):
        return f"expected an http(s) URL for the contact's url, got {url!r}"
    return None


def _languages_problem(value: Any) -> str | None:
    example = "e.g. languages: [en, fr] (the first at the site's root, the others under /fr/...)"
    if not isinstance(value, list) or not value:
        return f"expected a list of language codes, {example}; got {value!r}"
    wrong = [v for v in value if not isinstance(v, str) or not re.fullmatch(r"[a-z]{2}", v)]
    if wrong:
        return (f"{', '.join(repr(v) for v in wrong)}: a language is a two-letter ISO 639-1"
                f" code in lowercase, {example}")
    twice = sorted({v for v in value if value.count(v) > 1})
    if twice:
        return f"{', '.join(repr(v) for v in twice)} listed twice: name each language once"
    return None


def _site_translations_problem(value: Any) -> str | None:
    example = "e.g. site_translations: {fr: {site_name: Une chronologie sourcée}}"
    if not isinstance(value, dict):
        return f"expected languages with their words, {example}; got {value!r}"
    for code, words in value.items():
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2}", code):
            return f"{code!r}: a language is a two-letter ISO 639-1 code in lowercase, {example}"
        if not isinstance(words, dict):
            return f"{code}: expected {{site_name, site_description}}, {example}; got {words!r}"
        wrong = sorted(str(k) for k in words if k not in SITE_TRANSLATION_KEYS)
        if wrong:
            return (f"{code}: unknown key {', '.join(wrong)}: the keys are"
                    f" {', '.join(SITE_TRANSLATION_KEYS)}")
        if any(not isinstance(v, str) or not v.strip() for v in words.values()):
            return f"{code}: the site's name and description are non-empty text"
    return None


def _option_problem(key: str, value: Any, root: Path) -> str | None:
    """What is wrong with one option, or None."""
    if key not in PLUGIN_OPTIONS:
        return f"unknown option: the plugin's options are {', '.join(PLUGIN_OPTIONS)}"
    if key == "enabled":
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if key == "pages":
        return _choices(value, PAGE_KINDS, "page kind")
    if key == "languages":
        return _languages_problem(value)
    if key == "site_translations":
        return _site_translations_problem(value)
    if key == "exports":
        return _choices(value, EXPORT_FORMATS, "export format")
    if key in ("events_dir", "home_intro", "templates_dir"):
        if key in ("home_intro", "templates_dir") and value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            return f"expected a path relative to mkdocs.yml, got {value!r}"
        path = root / value
        if key == "events_dir" and not path.is_dir():
            return f"the records folder {str(path)!r} does not exist"
        if key == "home_intro" and not path.is_file():
            return f"the file {str(path)!r} does not exist"
        if key == "templates_dir" and not path.is_dir():
            return (f"the templates folder {str(path)!r} does not exist (it holds templates"
                    " named like the package's, e.g. partials/badge.html, that replace them)")
        return None
    if key == "prefix":
        if not isinstance(value, str):
            return f"expected a folder name such as 'timeline', got {value!r}"
        if any(part in (".", "..") for part in value.strip("/").split("/")) and value.strip("/"):
            return f"{value!r}: the prefix is a folder inside the site; '.' and '..' are not allowed"
        return None
    if key == "today":
        if value is None:
            return None
        from .clock import parse_today

        try:
            parse_today(value)
        except ValueError:
            return f"{str(value)[:40]!r} is not a date; give it as YYYY-MM-DD (e.g. 2026-12-03)"
        return None
    if key == "contact":
        return _contact_problem(value)
    if key == "edit_url":
        if value is None:
            return None
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            return f"expected an http(s) URL, got {value!r}"
        return None
    # data_licence
    if value is None or (isinstance(value, str) and value.strip()):
        return None
    if isinstance(value, dict):
        wrong = sorted(str(k) for k in value if k not in LICENCE_KEYS)
        if wrong:
            return f"unknown key {', '.join(wrong)}: a licence has {', '.join(LICENCE_KEYS)}"
        if not isinstance(value.get("name"), str) or not value["name"].strip():
            return "a licence needs a name, e.g. CC-BY-4.0 (an SPDX id)"
        if any(not isinstance(v, str) for v in value.values()):
            return "the licence's name, path and title are text"
        return None
    return f"expected an SPDX id such as CC-BY-4.0, or {{name, path, title}}, got {value!r}"
