"""A reader switching language stays on the same item; French search finds French words.

The fixture site (tests/fixtures/site with the shared records) built with
`languages: [en, fr]`; a few shared records carry French text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import copy_fixture_site

pytestmark = [pytest.mark.browser, pytest.mark.build]

EVENT = "2024-02-26-microsoft-mistral"
FRENCH_WORD = "partenariat"  # only in the French summary of EVENT


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve_dir_session) -> str:
    tmp = tmp_path_factory.mktemp("languages-site")
    project = copy_fixture_site(tmp / "project")
    out = tmp / "site"
    out.mkdir()
    base = serve_dir_session(out) + "/"
    # Served where its site_url says: the absolute hreflang links (which Material's script
    # follows to look for each language's sitemap) stay on this host, as when published.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      home_intro: home.md\n", "      home_intro: home.md\n      languages: [en, fr]\n")
        .replace("site_url: https://example.org/fixture/", f"site_url: {base}"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(out)],
                          cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    assert (out / "fr" / "events" / EVENT / "index.html").is_file()
    return base


def _switch(page, language: str) -> None:
    page.locator(".md-header__option .md-select button").first.hover()
    link = page.locator(f'.md-select__link[hreflang="{language}"]')
    link.first.click()


@pytest.mark.parametrize("path", [f"events/{EVENT}/", "entities/mistral-ai/", "timeline/"])
def test_switching_language_keeps_the_reader_on_the_same_item(site, page, tracker, path):
    from playwright.sync_api import expect

    page.goto(site + path, wait_until="load")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _switch(page, "fr")
    page.wait_for_url(site + "fr/" + path)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    _switch(page, "en")
    page.wait_for_url(site + path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    tracker.assert_clean()


def test_french_search_finds_an_event_by_a_french_word(site, page, tracker):
    from playwright.sync_api import expect

    page.goto(site + "fr/", wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(FRENCH_WORD, delay=20)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    link = results.filter(has_text="Microsoft et Mistral AI")
    expect(link.first).to_be_visible(timeout=15_000)
    link.first.click()
    page.wait_for_url(f"**/fr/events/{EVENT}/**")
    expect(page.locator("article")).to_contain_text("Un partenariat est annoncé")
    tracker.assert_clean()


def test_english_search_does_not_find_the_french_word(site, page):
    from playwright.sync_api import expect

    page.goto(site, wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(FRENCH_WORD, delay=20)
    expect(page.locator(".md-search-result__meta")).to_be_visible(timeout=15_000)
    page.wait_for_timeout(1000)
    assert page.locator(".md-search-result__list a.md-search-result__link").count() == 0
