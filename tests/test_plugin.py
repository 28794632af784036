"""The MkDocs plugin, through real builds of small sites (tests/helpers.py).

Small facts in the built HTML, never whole pages: links resolve, anchors exist, backlinks
show on both pages, a hand-written page wins, docs/ is left alone, event pages stay out of
the nav, the CLI renders exactly what the plugin injects.
"""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.output import MANIFEST
from policy_timeline.sitecheck import broken_links, format_broken
from policy_timeline.siteconfig import render_options
from tests.helpers import CONFIG, EVENTS, SITE_URL, build_site, foreign_requests, page

pytestmark = pytest.mark.build


def nav_links(html: str) -> list[str]:
    """hrefs of the primary navigation (the sidebar nav Material renders into every page)."""
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', html)


def test_plugin_is_registered():
    from mkdocs.plugins import get_plugins

    assert get_plugins()["policy-timeline"].load().__name__ == "TimelinePlugin"


def test_every_internal_link_and_anchor_resolves(built_site):
    _, site, _ = built_site
    problems = broken_links(site, site_url=SITE_URL)
    assert problems == [], format_broken(problems)


def test_the_pages_are_built(built_site):
    _, site, _ = built_site
    for url in ("", "timeline/", "timeline/2023/", "events/2023-06-13-mistral-seed/",
                "entities/mistral-ai/", "threads/ai-act/", "sources/", "data/", "about/",
                "interactive/"):
        assert (site / url / "index.html").is_file(), url
    assert (site / "404.html").is_file()
    for asset in ("filters.js", "policy-timeline.css"):
        assert (site / "assets/policy-timeline" / asset).is_file()
    assert (site / "data/events.json").is_file()


def test_citations_jump_to_the_source_list(built_site):
    _, site, _ = built_site
    html = page(site, "events/2023-06-13-mistral-seed/")
    assert 'href="#source-2"' in html and 'id="source-2"' in html
    assert re.search(r'<li id="source-2"><cite><a href="https://example.net/tech/seed"', html)


def test_backlinks_on_both_pages(built_site):
    _, site, _ = built_site
    partnership = page(site, "events/2024-02-26-partnership/")
    stake = page(site, "events/2024-microsoft-stake/")
    assert re.search(r'Includes: <a href="../2024-microsoft-stake/">', partnership)
    assert re.search(r'Part of: <a href="../2024-02-26-partnership/">', stake)


def test_event_pages_stay_out_of_the_nav(built_site):
    _, site, _ = built_site
    html = page(site, "timeline/")
    links = nav_links(html)
    assert links and not [x for x in links if "events/" in x or "entities/" in x.strip("./")]
    assert "2023/" in links  # year pages are listed under Timeline
    assert any("threads/ai-act/" in x for x in links)
    assert any("interactive/" in x for x in links)


def test_head_tags_and_assets(built_site):
    _, site, _ = built_site
    html = page(site, "events/2023-06-13-mistral-seed/")
    head = html.split("</head>")[0]
    assert '<script type="application/ld+json">' in head
    assert 'type="application/atom+xml"' in head
    assert 'href="../../assets/policy-timeline/policy-timeline.css"' in head
    assert 'src="../../assets/policy-timeline/filters.js"' in html


def test_edit_button_opens_the_record(built_site):
    _, site, _ = built_site
    html = page(site, "events/2024-02-26-partnership/")
    record = "https://github.com/example/timeline/edit/main/events/2024/2024-02-26-partnership.yaml"
    assert re.search(rf'<a href="{re.escape(record)}" title="[^"]*" class="md-content__button', html)
    assert f'<a href="{record}" rel="nofollow">Edit this record</a>' in html


def test_the_timeline_works_without_javascript(built_site):
    _, site, _ = built_site
    html = page(site, "timeline/")
    assert re.search(r'<form class="pt-filters" data-pt-filters[^>]* hidden>', html)
    assert html.count('<li class="pt-event') == len(EVENTS)  # every record, shown (key ones too)
    assert "hidden" not in re.findall(r'<ol class="pt-events"[^>]*>', html)[0]


def test_titles_are_escaped_once(built_site):
    """A generated page's title is HTML already: the theme's footer (`| e`) and nav must
    not escape it again ("Mistral AI&amp;#39;s funding" in a screen reader's label)."""
    _, site, _ = built_site
    twice = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if "&amp;#" in p.read_text(encoding="utf-8")]
    assert twice == []  # (the axe test of the fixture site's thread page checks the footer)


def test_no_request_to_another_host(built_site):
    """Scripts, styles, images and fonts all come from the site itself."""
    _, site, _ = built_site
    assert foreign_requests(site, SITE_URL.split("/")[2]) == []


def test_nothing_is_written_to_docs(make_site):
    root, _ = make_site(build=False)
    before = sorted(p.relative_to(root / "docs") for p in (root / "docs").rglob("*"))
    build_site(root)
    after = sorted(p.relative_to(root / "docs") for p in (root / "docs").rglob("*"))
    assert after == before == [Path("about.md")]


def test_a_hand_written_page_wins(make_site):
    config = CONFIG + "not_in_nav: |\n  /entities/microsoft.md\n"
    docs = {"about.md": "# About\n", "entities/microsoft.md": "# Microsoft\n\nHand-written.\n"}
    root, _ = make_site(build=False, config=config, docs=docs)
    site, logs = build_site(root)
    assert "Hand-written." in page(site, "entities/microsoft/")
    assert any("keeping the site's own entities/microsoft.md" in r.getMessage() for r in logs)
    assert "Hand-written." not in page(site, "entities/mistral-ai/")


def test_invalid_records_fail_with_every_problem(make_site):
    from tests.helpers import RECORDS

    records = dict(RECORDS)
    records["2024/2024-02-26-partnership.yaml"] = records[
        "2024/2024-02-26-partnership.yaml"].replace("kind: partnership", "kind: partnershp")
    records["2023/2023-mistral-founded.yaml"] = records[
        "2023/2023-mistral-founded.yaml"].replace("entity: mistral-ai", "entity: mistral")
    root, _ = make_site(build=False, records=records)
    with pytest.raises(AssertionError) as failure:
        build_site(root)
    message = str(failure.value)
    assert "2024-02-26-partnership.yaml" in message and "kind" in message
    assert "2023-mistral-founded.yaml" in message and "unknown entity 'mistral'" in message
    assert not (root / "site" / "index.html").exists()


def test_record_warnings_fail_a_strict_build(make_site):
    from tests.helpers import RECORDS

    records = dict(RECORDS)
    records["2099/2099-08-02-sandboxes.yaml"] = records["2099/2099-08-02-sandboxes.yaml"].replace(
        "last_verified: 2026-11-20\n", "")
    root, _ = make_site(build=False, records=records)
    with pytest.raises(AssertionError, match="a deadline needs last_verified"):
        build_site(root)
    site, logs = build_site(root, strict=False)
    assert (site / "events/2099-08-02-sandboxes/index.html").is_file()


def test_relative_links_in_records_build_or_fail_at_the_record(make_site):
    """Links `check` accepts build strictly; one it reports fails the build at its record."""
    from tests.helpers import RECORDS

    records = dict(RECORDS)
    name = "2024/2024-02-26-partnership.yaml"
    good = ("  See [Mistral AI](../entities/mistral-ai.md), [the series A]"
            "(2023-12-mistral-series-a.md#sources), [2024](../timeline/2024.md) and"
            " [the data](../data/events.csv).\n")
    records[name] = records[name].replace("\n  - Azure compute", f"\n{good}\n  - Azure compute")
    root, site = make_site(records=records)
    page = (site / "events/2024-02-26-partnership/index.html").read_text(encoding="utf-8")
    assert 'href="../../entities/mistral-ai/"' in page
    assert 'href="../../data/events.csv"' in page
    assert 'href="../2023-12-mistral-series-a/#sources"' in page
    records[name] = records[name].replace("../timeline/2024.md", "../nowhere.md")
    root, _ = make_site("broken", build=False, records=records)
    with pytest.raises(AssertionError) as failure:
        build_site(root)
    first = str(failure.value).split("WARNING: ", 2)[1]  # the first warning of the build
    assert f"{root / 'events' / name}:" in first.split("\n")[0]
    assert "the link to '../nowhere.md'" in first


def test_cli_render_writes_every_injected_page_and_file(built_site, tmp_path, monkeypatch):
    root, _, config = built_site
    plugin = config.plugins["policy-timeline"]
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["render", "--out", str(tmp_path / "pages")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = tmp_path / "pages"
    assert (out / MANIFEST).read_text(encoding="utf-8").startswith(
        "# Files written here by policy-timeline")
    docs = {p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*")
            if p.is_file()}
    own = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*")}
    # the generated pages and the site's own pages, the data files and the assets
    assert {p for p in docs if p.endswith(".md")} == set(plugin.pages) | own
    assert {"data/events.json", "assets/policy-timeline/policy-timeline.css"} <= docs
    home = (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert "An <em>introduction</em> written by the site's editors." in home
    assert (out / "mkdocs.yml").is_file()


@pytest.mark.parametrize("extra", [
    "",
    "use_directory_urls: false\n",
    "plugins:\n  - search\n  - policy-timeline:\n      prefix: record\n      pages: [events, timeline]\n"
    "      exports: [json]\n      edit_url: https://example.org/edit/\n",
    "plugins:\n  - policy-timeline:\n      data_licence: {name: CC-BY-4.0, path: https://example.org/l}\n",
])
def test_cli_and_plugin_read_the_same_options(tmp_path, extra):
    from mkdocs.config import load_config

    from tests.helpers import write_site

    config = CONFIG.replace("edit_uri: edit/main/docs/\n", "")  # MkDocs' GitHub default
    if extra.startswith("plugins:"):
        config = re.sub(r"plugins:\n(  .*\n)+", extra, config)
    else:
        config += extra
    root = write_site(tmp_path, config=config)
    mk = load_config(str(root / "mkdocs.yml"))
    mk.plugins.on_config(mk)
    assert mk.plugins["policy-timeline"].options == render_options(root / "mkdocs.yml")


def test_serve_watches_the_records_and_the_intro(built_site):
    root, _, config = built_site
    plugin = config.plugins["policy-timeline"]

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(str(path))

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert str(root / "events") in server.watched
    assert str(root / "docs-intro" / "home.md") in server.watched


def test_site_without_directory_urls(make_site):
    root, site = make_site(config=CONFIG + "use_directory_urls: false\n")
    assert (site / "events/2024-02-26-partnership.html").is_file()
    problems = broken_links(site, site_url=SITE_URL)
    assert problems == [], format_broken(problems)


def test_a_prefix_puts_the_generated_pages_in_a_folder(make_site):
    config = re.sub(r"nav:\n(  .*\n)+", "nav:\n  - index.md\n  - Timeline: tl/timeline/index.md\n"
                    "  - Home: tl/index.md\n  - Threads: tl/threads/index.md\n"
                    "  - Entities: tl/entities/index.md\n  - Sources: tl/sources.md\n"
                    "  - Data: tl/data/index.md\n", CONFIG)
    config = config.replace("home_intro: docs-intro/home.md", "home_intro: docs-intro/home.md\n      prefix: tl")
    root, site = make_site(config=config, docs={"index.md": "See [it](tl/timeline/index.md).\n"})
    assert (site / "tl/events/2024-02-26-partnership/index.html").is_file()
    problems = broken_links(site, site_url=SITE_URL)
    assert problems == [], format_broken(problems)


def test_two_builds_are_identical_but_for_the_sitemap(make_site, tmp_path):
    root, first = make_site()
    second, _ = build_site(root, site_dir=tmp_path / "second")
    comparison = filecmp.dircmp(first, second)

    def differences(c: filecmp.dircmp, prefix: str = "") -> list[str]:
        out = [prefix + name for name in c.diff_files + c.left_only + c.right_only]
        for name, sub in c.subdirs.items():
            out += differences(sub, prefix + name + "/")
        return out

    assert set(differences(comparison)) <= {"sitemap.xml.gz"}


@pytest.mark.parametrize("folder, name", [("THEME", "main.html"), ("THEME", "partials/source.html"),
                                          ("ASSETS", "policy-timeline.css"),
                                          ("ASSETS", "vendor/timelinejs/js/timeline.js")])
def test_a_missing_part_of_the_plugin_stops_the_build(make_site, tmp_path, monkeypatch,
                                                      folder, name):
    """A broken installation (a file the package data left out) is an error, never a site
    without its feed links, JSON-LD or styles."""
    import shutil

    import policy_timeline.plugin

    broken = tmp_path / "installed"
    shutil.copytree(getattr(policy_timeline.plugin, folder), broken)
    if not (broken / name).exists():  # TimelineJS not vendored here: half-vendor it
        (broken / name).parent.mkdir(parents=True, exist_ok=True)
        (broken / name).write_text("", encoding="utf-8")
    (broken / name).unlink()
    monkeypatch.setattr(policy_timeline.plugin, folder, broken)
    with pytest.raises(AssertionError, match="mkdocs build failed") as info:  # build_site
        make_site()
    message = str(info.value)
    assert "installation is incomplete" in message and str(broken / name) in message
    assert "Reinstall" in message
    assert not (tmp_path / "site" / "site").exists()


def test_data_files_are_copied_from_a_temporary_folder_removed_after_the_build(
        make_site, tmp_path, monkeypatch):
    """The data files are written as they are made, not held in memory for the build."""
    import tempfile

    from policy_timeline.catalog import load_catalog
    from policy_timeline.exports import export_files
    from policy_timeline.plugin import TimelinePlugin

    from .conftest import TODAY

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    seen = {}
    post_build = TimelinePlugin.on_post_build

    def spy(self, *, config):
        folder = self.export_dir
        seen["inside"] = folder.parent == scratch
        seen["files"] = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        return post_build(self, config=config)

    monkeypatch.setattr(TimelinePlugin, "on_post_build", spy)
    root, site = make_site()
    expected = export_files(load_catalog(root / "events", today=TODAY), render_options(root / "mkdocs.yml"))
    assert seen["inside"] and seen["files"] == set(expected)  # on disk while MkDocs copied them
    assert list(scratch.iterdir()) == []  # and removed after the build
    for path, data in expected.items():
        assert (site / path).read_bytes() == data, path


def test_a_build_stopped_before_its_end_leaves_no_data_folder(built_site, tmp_path, monkeypatch):
    """Ctrl-C in the middle of a preview's rebuild: the data folder goes when the process exits."""
    import tempfile

    from policy_timeline import plugin as module
    from policy_timeline.catalog import load_catalog
    from policy_timeline.options import site_options

    from .conftest import TODAY

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    root, _, _ = built_site
    instance = module.TimelinePlugin()
    written = instance._write_exports(load_catalog(root / "events", today=TODAY),
                                      site_options({}, site_name="x"))
    assert written and all(path.is_file() for _, path in written)
    module._remove_leftover_exports()  # what atexit runs
    assert list(tmp_path.iterdir()) == []
