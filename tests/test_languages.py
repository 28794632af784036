"""Where each language's pages live and how a page points at itself in the other languages."""

from __future__ import annotations

from policy_timeline.languages import (alternates, localize_nav, markdown_title, page_url,
                                       relative_href, root, split_suffix, twin)

LANGS = ("en", "fr")


def test_the_first_language_is_at_the_root_the_others_in_their_folder():
    assert root("en", LANGS) == ""
    assert root("fr", LANGS) == "fr/"
    assert root("de", ("en", "fr", "de")) == "de/"


def test_the_switcher_goes_to_the_same_page_in_the_other_language():
    english = alternates("events/x/", "en", LANGS, "https://example.org/t/")
    assert [(a.language, a.href, a.url) for a in english] == [
        ("en", "./", "https://example.org/t/events/x/"),
        ("fr", "../../fr/events/x/", "https://example.org/t/fr/events/x/")]
    french = alternates("events/x/", "fr", LANGS)
    assert [(a.language, a.href, a.url) for a in french] == [
        ("en", "../../../events/x/", None), ("fr", "./", None)]


def test_home_pages_and_file_urls_point_at_each_other():
    assert [a.href for a in alternates("", "en", LANGS)] == ["./", "fr/"]
    assert [a.href for a in alternates("", "fr", LANGS)] == ["../", "./"]
    assert [a.href for a in alternates("about.html", "fr", LANGS)] == ["../about.html", "about.html"]
    assert relative_href("timeline/", "fr/timeline/") == "../fr/timeline/"


def test_a_translated_page_is_named_by_its_suffix():
    assert split_suffix("about.fr.md", LANGS) == ("about.md", "fr")
    assert split_suffix("guide/index.fr.md", LANGS) == ("guide/index.md", "fr")
    assert split_suffix("about.md", LANGS) == ("about.md", None)
    assert split_suffix("about.en.md", LANGS) == ("about.en.md", None)  # the first language has no suffix
    assert split_suffix("about.de.md", LANGS) == ("about.de.md", None)  # not a site language
    assert twin("docs-intro/home.md", "fr", LANGS) == "docs-intro/home.fr.md"
    assert twin("docs-intro/home.md", "en", LANGS) == "docs-intro/home.md"


def test_page_urls_are_mkdocs_urls():
    assert page_url("index.md") == ""
    assert page_url("timeline/index.md") == "timeline/"
    assert page_url("events/x.md") == "events/x/"
    assert page_url("events/x.md", directory_urls=False) == "events/x.html"


def test_a_translated_page_gives_the_nav_its_title():
    assert markdown_title("---\ntitle: À propos\n---\n\n# Autre\n") == "À propos"
    assert markdown_title("Intro\n\n# Méthode\n\ntext") == "Méthode"
    assert markdown_title("no heading") is None


def test_the_nav_takes_the_titles_of_the_pages_in_the_language_built():
    nav = [{"Home": "index.md"}, {"Timeline": ["timeline/index.md", {"Interactive view": "interactive/index.md"},
                                                {"2024": "timeline/2024.md"}]},
           "about.md", {"Elsewhere": "https://example.org/"}]
    titles = {"index.md": "Accueil", "timeline/index.md": "Chronologie",
              "interactive/index.md": "Vue interactive", "timeline/2024.md": "Année 2024"}
    assert localize_nav(nav, titles) == [
        {"Accueil": "index.md"},
        {"Chronologie": ["timeline/index.md", {"Vue interactive": "interactive/index.md"},
                         {"2024": "timeline/2024.md"}]},
        "about.md", {"Elsewhere": "https://example.org/"}]
    assert localize_nav(None, titles) is None
