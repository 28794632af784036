"""Read the plugin's options from mkdocs.yml without importing MkDocs (for the CLI)."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .errors import GeneratorError
from .markup import Markdown, extension_settings, markdown_converter, site_converter
from .options import EVENTS_DIR, SiteOptions, check_plugin_options, site_options

PLUGIN = "policy-timeline"


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry !ENV and !!python/name tags: read them as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        seq = loader.construct_sequence(node)
        return seq[-1] if suffix == "ENV" and seq else seq
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_config(config_file: Path) -> dict[str, Any]:
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise GeneratorError(f"cannot read {config_file}: {exc}") from None
    return data if isinstance(data, dict) else {}


def plugin_config(config: dict[str, Any]) -> dict[str, Any]:
    for item in config.get("plugins") or []:
        if isinstance(item, dict) and PLUGIN in item:
            return dict(item[PLUGIN] or {})
    return {}


def checked_plugin_config(config_file: Path, config: dict[str, Any] | None = None,
                          events_dir: Path | None = None) -> dict[str, Any]:
    """The plugin's options in this mkdocs.yml, through the plugin's own check.

    Raises OptionsInvalid (a GeneratorError) with the message `mkdocs build` gives.
    `events_dir` (the CLI's --events) replaces the configured records folder.
    """
    config = read_config(config_file) if config is None else config
    return check_plugin_options(plugin_config(config), config_file.resolve().parent,
                                config_file=str(config_file), events_dir=events_dir)


def site_markdown(config: dict[str, Any]) -> Markdown:
    """Markdown -> HTML with the `markdown_extensions` of a mkdocs.yml read as YAML (the
    plugin's converter, for `render`); the package's defaults when it names none."""
    names, configs = extension_settings(config.get("markdown_extensions"))
    if not names:
        return markdown_converter()
    try:
        return site_converter(names, configs)
    except Exception as exc:  # an extension missing or configured with a Python tag
        raise GeneratorError(f"mkdocs.yml: markdown_extensions: {exc}. Install the extension,"
                             " or build with the plugin (mkdocs build), which resolves"
                             " Python tags.") from None


def render_options(config_file: Path, events_dir: Path | None = None) -> SiteOptions:
    """The SiteOptions the plugin would use for this mkdocs.yml (defaults if absent).

    `events_dir`: the records folder the pages come from, when not the configured one.
    """
    if not config_file.is_file():
        return site_options({})
    config = read_config(config_file)
    plugin = checked_plugin_config(config_file, config, events_dir)
    events = plugin.get("events_dir", EVENTS_DIR)
    root = config_file.resolve().parent
    events_path = os.path.relpath((root / events).resolve(), root).replace(os.sep, "/")
    options = site_options(
        plugin,
        site_name=config.get("site_name"),
        site_url=config.get("site_url"),
        repo_url=config.get("repo_url"),
        edit_uri=mkdocs_edit_uri(config.get("repo_url"), config.get("edit_uri")),
        events_path=events_path,
        use_directory_urls=config.get("use_directory_urls", True) is not False,
        home_intro=read_home_intro(root, plugin.get("home_intro")),
        templates_dir=(root / plugin["templates_dir"]).resolve() if plugin.get("templates_dir") else None,
    )
    from .exports.pages import vendored_timelinejs  # the plugin does the same
    from .linkcache import DEFAULT_CACHE, with_dead_urls

    from .history import with_history  # the plugin does the same: dates from git

    options = replace(options, extra={**options.extra, "timelinejs_vendored": vendored_timelinejs()})
    options = with_history(options, (root / events).resolve(),
                           warn=lambda m: sys.stderr.write(f"warning: {m}\n"))
    return with_dead_urls(options, root / DEFAULT_CACHE)


def mkdocs_edit_uri(repo_url: str | None, edit_uri: str | None) -> str | None:
    """`edit_uri` as MkDocs completes it: its default for GitHub, GitLab and Bitbucket."""
    if edit_uri is None and repo_url:
        host = urlsplit(repo_url).netloc.lower()
        if host in ("github.com", "gitlab.com"):
            edit_uri = "edit/master/docs/"
        elif host == "bitbucket.org":
            edit_uri = "src/default/docs/"
    if edit_uri and not edit_uri.endswith("/"):
        edit_uri += "/"
    return edit_uri


def read_home_intro(root: Path, name: str | None) -> str | None:
    """The text of the plugin's `home_intro` file (relative to mkdocs.yml), if one is set."""
    if not name:
        return None
    path = Path(root) / name
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GeneratorError(f"cannot read home_intro {path}: {exc.strerror or exc}") from None


def events_folder(config_file: Path) -> Path:
    """The records folder the plugin reads: its `events_dir`, relative to mkdocs.yml."""
    events = checked_plugin_config(config_file).get("events_dir", EVENTS_DIR)
    return config_file.parent / events
