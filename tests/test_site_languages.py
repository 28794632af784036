"""A real `mkdocs build` of a site in two (and three) languages from one set of records:
both trees, <html lang>, hreflang alternates, the switcher's targets, the sitemap's
alternates, a search index per language, hand-written twins and untranslated pages."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree
from pathlib import Path

import pytest

from tests.helpers import CONFIG, DOCS, RECORDS, SITE_URL, build_site, write_site

pytestmark = pytest.mark.build

EVENT = "2024-02-26-microsoft-mistral"  # has French text in the shared records
UNTRANSLATED = "2023-06-13-mistral-seed"  # has none

DOCS_FR = {**DOCS, "about.fr.md": "# À propos\n\nUne page écrite à la main. Voir la"
                                  " [chronologie](timeline/index.md).\n"}


SITE_FR = "Une chronologie d'essai"


def _config(languages: str) -> str:
    return CONFIG.replace("home_intro: docs-intro/home.md",
                          f"home_intro: docs-intro/home.md\n      languages: {languages}\n"
                          f"      site_translations: {{fr: {{site_name: \"{SITE_FR}\"}}}}")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("languages") / "project",
                      config=_config("[en, fr]"), docs=DOCS_FR)
    (root / "docs-intro" / "home.fr.md").write_text("Une *introduction* en français.\n",
                                                    encoding="utf-8")
    built, _ = build_site(root)
    return built


def _read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _switcher(page: str) -> dict[str, str]:
    return dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z]{2})" class="md-select__link"',
                           page)[i][::-1] for i in range(page.count("md-select__link")))


PAGES = ["", "timeline/", f"events/{EVENT}/", "entities/mistral-ai/", "threads/azure-deal/",
         "about/", "sources/", "data/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_exists_in_both_languages_and_says_which(site, url):
    english, french = _read(site, url), _read(site, "fr/" + url)
    assert '<html lang="en"' in english and '<html lang="fr"' in french
    for page, lang in ((english, "en"), (french, "fr")):
        links = dict((h, l) for l, h in re.findall(
            r'<link rel="alternate" href="([^"]*)" hreflang="([a-z]{2})">', page))
        assert links == {"en": SITE_URL + url, "fr": SITE_URL + "fr/" + url}, lang
        assert f'<link rel="alternate" hreflang="x-default" href="{SITE_URL + url}">' in page


@pytest.mark.parametrize("url", PAGES)
def test_the_switcher_goes_to_the_same_page(site, url):
    depth = url.count("/")
    assert _switcher(_read(site, url)) == {"en": "./", "fr": "../" * depth + "fr/" + url}
    assert _switcher(_read(site, "fr/" + url)) == {"en": "../" * (depth + 1) + url, "fr": "./"}


def test_french_pages_read_the_french_record_text(site):
    page = _read(site, f"fr/events/{EVENT}/")
    assert "Microsoft et Mistral AI s&#39;associent" in page
    assert "Un partenariat est annoncé" in page and "A partnership is announced" not in page
    assert "Commission européenne" in _read(site, "fr/entities/european-commission/")
    assert "L&#39;accord Azure" in _read(site, "fr/threads/azure-deal/")
    assert "Une entreprise française" in _read(site, "fr/entities/mistral-ai/")
    # the English site is untouched
    assert "Microsoft and Mistral AI partner" in _read(site, f"events/{EVENT}/")
    assert "pt-untranslated" not in _read(site, f"events/{UNTRANSLATED}/")


def test_a_record_without_french_says_so_and_links_the_english_page(site):
    page = _read(site, f"fr/events/{UNTRANSLATED}/")
    note = re.search(r'<div class="admonition note pt-untranslated".*?</div>', page, re.S)[0]
    assert f'href="../../../events/{UNTRANSLATED}/"' in note
    assert '<div lang="en">' in page  # the English text is marked as English
    assert "pt-untranslated" not in _read(site, f"fr/events/{EVENT}/")
    assert "pt-untranslated" not in _read(site, "fr/entities/european-commission/")
    assert "pt-untranslated" in _read(site, "fr/entities/microsoft/")


def test_hand_written_pages_and_the_home_intro_have_their_twins(site):
    assert "Une page écrite à la main" in _read(site, "fr/about/")
    assert "A hand-written page" in _read(site, "about/")
    assert not (site / "about.fr").exists() and not (site / "fr" / "about.fr").exists()
    assert "Une <em>introduction</em> en français" in _read(site, "fr/")
    assert "introduction</em> written by the site" in _read(site, "")
    # the French nav names the page by its French title
    assert re.search(r'class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*À propos',
                     _read(site, "fr/"))


def test_each_language_has_its_own_search_index(site):
    english = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    french = json.loads((site / "fr" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"] and french["config"]["lang"] == ["fr"]
    french_text = " ".join(d["text"] + d["title"] for d in french["docs"])
    assert "partenariat" in french_text
    assert "partenariat" not in " ".join(d["text"] + d["title"] for d in english["docs"])
    assert all(not d["location"].startswith("fr/") for d in english["docs"])


def test_the_sitemaps_list_each_pages_alternates(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entry = re.search(rf"<url>\s*<loc>{re.escape(SITE_URL)}events/{EVENT}/</loc>.*?</url>",
                      sitemap, re.S)[0]
    assert f'hreflang="fr" href="{SITE_URL}fr/events/{EVENT}/"' in entry
    assert f'hreflang="en" href="{SITE_URL}events/{EVENT}/"' in entry
    assert f'hreflang="x-default" href="{SITE_URL}events/{EVENT}/"' in entry
    french = (site / "fr" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}fr/events/{EVENT}/</loc>" in french
    for text in (sitemap, french):
        ElementTree.fromstring(text.encode("utf-8"))  # well-formed XML


def test_a_one_language_site_has_no_switcher(built_site):
    _, site, _ = built_site
    page = _read(site, f"events/{EVENT}/")
    assert "md-select__link" not in page and "hreflang" not in page
    assert not (site / "fr").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "xhtml" not in sitemap
    urls = ElementTree.fromstring(sitemap.encode("utf-8"))
    assert len(urls) > 10 and all(u[0].text.startswith(SITE_URL) for u in urls)


def test_a_third_language_is_record_fields_and_pages_no_code(tmp_path):
    """Adding German: `languages: [en, fr, de]`, a `de` block in a record, docs/about.de.md.
    (The interface words come from the language's message catalog.)"""
    records = dict(RECORDS)
    name = next(p for p in records if p.endswith(f"{EVENT}.yaml"))
    records[name] = records[name].replace(
        "translations:\n  fr:",
        "translations:\n  de:\n    title: Microsoft und Mistral AI gehen eine Partnerschaft ein\n"
        "    summary: Eine Partnerschaft wird angekündigt [1].\n  fr:")
    docs = {**DOCS_FR, "about.de.md": "# Über\n\nEine handgeschriebene Seite.\n"}
    root = write_site(tmp_path / "project", records=records, config=_config("[en, fr, de]"),
                      docs=docs)
    site, _ = build_site(root)
    page = _read(site, f"de/events/{EVENT}/")
    assert '<html lang="de"' in page and "Eine Partnerschaft wird angekündigt" in page
    assert _switcher(page) == {"en": f"../../../events/{EVENT}/",
                               "fr": f"../../../fr/events/{EVENT}/", "de": "./"}
    assert "Deutsch" in page and "Français" in page
    assert "Eine handgeschriebene Seite" in _read(site, "de/about/")
    assert json.loads((site / "de" / "search" / "search_index.json").read_text(
        encoding="utf-8"))["config"]["lang"] == ["de"]
    assert "Un partenariat est annoncé" in _read(site, f"fr/events/{EVENT}/")


def test_the_site_name_is_in_each_language(site):
    """mkdocs.yml's site_name in the other languages comes from `site_translations`."""
    english, french = _read(site, ""), _read(site, "fr/")
    assert SITE_FR.replace("'", "&#39;") in french
    assert SITE_FR.replace("'", "&#39;") not in english
    assert re.search(r"<title>[^<]*Une chronologie d(&#39;|')essai</title>", french)


def test_the_french_interactive_view_speaks_french(site):
    """TimelineJS gets the page's language (its words and dates from the vendored locale
    file) and the French data file: the title slide's words come from the French catalog."""
    page = _read(site, "fr/interactive/")
    assert 'data-language="fr"' in page and 'data-language="en"' in _read(site, "interactive/")
    script = re.search(r'data-script-path="([^"]*)"', page)[1]
    locale = (site / "fr" / "interactive" / script / "locale" / "fr.json").resolve()
    assert locale.is_file() and json.loads(locale.read_text(encoding="utf-8"))["lang"] == "fr"
    data = json.loads((site / "fr" / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    english = json.loads((site / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    assert "oldest first" in english["title"]["text"]["text"]
    assert "oldest first" not in data["title"]["text"]["text"]
    assert "événements" in data["title"]["text"]["text"]
    english_months = ("January", "February", "March", "April", "June", "July", "August",
                      "September", "October", "November", "December")
    shown = [e["display_date"] for e in data["events"]]
    assert not [d for d in shown if any(m in d for m in english_months)]
    assert any(m in d for d in shown for m in ("février", "juin", "décembre"))
    assert [e["display_date"] for e in english["events"]] != shown
