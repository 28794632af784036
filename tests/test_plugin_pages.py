"""The plugin hands MkDocs pages drawn by the templates: a site's templates_dir overrides
them, permalinks follow the site's toc config, and their links are checked."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from policy_timeline.cli import main
from policy_timeline.options import OptionsInvalid, check_plugin_options
from tests.helpers import CONFIG, build_site, page, write_site

BADGE = ('{% macro badge(state, label) %}<mark class="site-badge" data-state="{{ state }}">'
         "{{ label }} (our own badge)</mark>{% endmacro %}\n")


def _with_option(config: str, line: str) -> str:
    return config.replace("      home_intro: docs-intro/home.md\n",
                          f"      home_intro: docs-intro/home.md\n      {line}\n")


def test_templates_dir_is_checked_with_the_other_options(tmp_path):
    (tmp_path / "events").mkdir()
    with pytest.raises(OptionsInvalid) as caught:
        check_plugin_options({"templates_dir": "no-such-folder"}, tmp_path)
    assert "templates_dir" in str(caught.value) and "does not exist" in str(caught.value)
    (tmp_path / "overrides").mkdir()
    assert check_plugin_options({"templates_dir": "overrides"}, tmp_path)["templates_dir"] == "overrides"


@pytest.mark.build
def test_a_site_overrides_one_partial_and_the_build_uses_it(tmp_path):
    root = write_site(tmp_path / "project", config=_with_option(CONFIG, "templates_dir: overrides"))
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "badge.html").write_text(BADGE, encoding="utf-8")
    site, _ = build_site(root)
    event = page(site, "events/2099-12-02-high-risk-rules-apply/")
    assert '<mark class="site-badge" data-state="rescheduled">Rescheduled (our own badge)</mark>' in event
    assert "pt-badge--rescheduled" not in event
    timeline = page(site, "timeline/")
    assert "(our own badge)" in timeline and "pt-badge" not in timeline
    # the other templates are still the package's
    assert '<ol class="pt-sources"' in event and 'class="pt-event"' in timeline
    # `render --out` reads the same option from mkdocs.yml
    out = tmp_path / "pages"
    result = CliRunner().invoke(main, ["render", "--out", str(out), "--config",
                                       str(root / "mkdocs.yml")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = (out / "docs" / "events" / "2099-12-02-high-risk-rules-apply.md").read_text(encoding="utf-8")
    assert "(our own badge)</mark>" in written


@pytest.mark.build
def test_a_broken_override_fails_the_build_with_its_name(tmp_path):
    root = write_site(tmp_path / "project", config=_with_option(CONFIG, "templates_dir: overrides"))
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "badge.html").write_text("{% macro badge( %}", encoding="utf-8")
    with pytest.raises(AssertionError) as caught:
        build_site(root)
    message = str(caught.value)
    assert "overrides/partials/badge.html:1" in message and "templates_dir" in message
    assert "Traceback" not in message


@pytest.mark.build
def test_a_broken_link_in_a_generated_page_fails_a_strict_build(tmp_path):
    root = write_site(tmp_path / "project", config=_with_option(CONFIG, "templates_dir: overrides"))
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "subscribe.html").write_text(
        '{% macro subscribe(links) %}<p><a href="../no-such-page/">gone</a>'
        ' <a href="#no-such-anchor">nowhere</a></p>{% endmacro %}\n', encoding="utf-8")
    with pytest.raises(AssertionError) as caught:
        build_site(root)
    message = str(caught.value)
    assert "contains a link '../no-such-page/'" in message
    assert "'#no-such-anchor'" in message and "anchor" in message
    _, records = build_site(root, strict=False, site_dir=tmp_path / "lenient")
    assert any("no-such-page" in r.getMessage() for r in records if r.levelname == "WARNING")


@pytest.mark.build
def test_generated_pages_keep_anchors_permalinks_and_a_small_search_index(built_site):
    _, site, config = built_site
    event = page(site, "events/2023-06-13-mistral-seed/")
    # the permalinks the site's `toc: permalink: true` asks for, on the templates' ids
    assert ('<h2 id="sources">Sources<a class="headerlink" href="#sources"'
            ' title="Permanent link">&para;</a></h2>') in event
    # Material's table of contents lists the headings (toc.follow needs their ids)
    assert re.search(r'<a href="#where-sources-differ" class="md-nav__link">', event)
    # the citation list is kept out of the search index; the summary is in it
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("events/2023-06-13-mistral-seed/")]
    text = " ".join(d["text"] for d in docs)
    assert "Mistral AI raised EUR 105 million" in text
    assert "Mistral AI blows in with a $113M seed round" not in text  # a source title
    assert "next: Mistral AI announces its Series A" not in text  # navigation, not content
    per_event = sum(len(json.dumps(d, ensure_ascii=False)) for d in docs)
    assert per_event <= 2048, per_event
    # the nav and title come from MkDocs as for any page
    assert "<title>Mistral AI raises a seed round - Test timeline</title>" in event


@pytest.mark.build
def test_permalinks_follow_the_sites_toc_options(tmp_path):
    config = CONFIG.replace("  - toc:\n      permalink: true\n",
                            "  - toc:\n      permalink: \"#\"\n      permalink_title: Link here\n")
    root = write_site(tmp_path / "project", config=config)
    site, _ = build_site(root)
    event = page(site, "events/2023-06-13-mistral-seed/")
    assert '<h2 id="money">Money<a class="headerlink" href="#money" title="Link here">#</a></h2>' in event
    plain = write_site(tmp_path / "plain", config=CONFIG.replace("      permalink: true\n", "      permalink: false\n"))
    site, _ = build_site(plain)
    assert 'class="headerlink"' not in page(site, "events/2023-06-13-mistral-seed/")
