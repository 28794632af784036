"""The one check of the plugin's options (options.check_plugin_options), as a function."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_timeline.errors import GeneratorError
from policy_timeline.options import EVENTS_DIR_ENV, OptionsInvalid, check_plugin_options


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "events").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "intro.md").write_text("Hello.\n", encoding="utf-8")
    return tmp_path


GOOD = {
    "enabled": True, "events_dir": "events", "prefix": "timeline",
    "pages": ["home", "events"], "exports": ["json", "atom"], "home_intro": "intro.md",
    "edit_url": "https://example.org/edit/", "data_licence": {"name": "CC-BY-4.0"},
    "contact": {"name": "Corrections desk", "email": "corrections@example.org",
                "url": "https://example.org/issues"},
}


def problems(raw, root, **kwargs) -> dict[str, str]:
    with pytest.raises(OptionsInvalid) as info:
        check_plugin_options(raw, root, environ={}, **kwargs)
    return dict(info.value.problems)


def test_good_options_pass_unchanged(root):
    assert check_plugin_options(GOOD, root, environ={}) == GOOD
    assert check_plugin_options(None, root, environ={}) == {}
    assert check_plugin_options({"data_licence": "CC0-1.0", "home_intro": None}, root,
                                environ={})


@pytest.mark.parametrize("key, value, expected", [
    ("pages", ["home", "evnts"], "'evnts' is not a page kind: choose from home, timeline"),
    ("pages", "home", "expected a list of page kinds"),
    ("exports", ["json", "pdf", "xls"], "'pdf', 'xls' are not export formats: choose from json"),
    ("events_dir", "nope", "the records folder"),
    ("events_dir", 3, "expected a path relative to mkdocs.yml"),
    ("home_intro", "missing.md", "does not exist"),
    ("prefix", "../up", "'.' and '..' are not allowed"),
    ("prefix", 7, "expected a folder name"),
    ("edit_url", "javascript:alert(1)", "expected an http(s) URL"),
    ("enabled", "yes", "expected true or false"),
    ("data_licence", {"title": "No name"}, "a licence needs a name"),
    ("data_licence", {"name": "CC0-1.0", "url": "x"}, "unknown key url"),
    ("data_licence", 4, "expected an SPDX id"),
    ("pagez", ["home"], "unknown option: the plugin's options are enabled, events_dir"),
    ("contact", "desk@example.org", "expected {name, email, url}"),
    ("contact", {"name": "Desk"}, "a contact needs an email or a url"),
    ("contact", {"email": "desk at example.org"}, "'desk at example.org' is not an email address"),
    ("contact", {"email": "desk@localhost"}, "is not an email address"),
    ("contact", {"url": "javascript:alert(1)"}, "expected an http(s) URL for the contact's url"),
    ("contact", {"mail": "desk@example.org"}, "unknown key mail: a contact has name, email, url"),
    ("contact", {"email": "desk@example.org", "name": ""}, "non-empty text"),
])
def test_each_wrong_option_is_named_with_what_to_write(root, key, value, expected):
    found = problems({**GOOD, key: value}, root)
    assert list(found) == [key]
    assert expected in found[key]


def test_every_problem_is_reported_at_once_naming_the_file(root):
    with pytest.raises(OptionsInvalid) as info:
        check_plugin_options({"pages": ["evnts"], "exports": "json", "colour": 1}, root,
                             config_file="site/mkdocs.yml", environ={})
    assert [key for key, _ in info.value.problems] == ["colour", "exports", "pages"]
    lines = str(info.value).splitlines()
    assert len(lines) == 3
    assert all(line.startswith("site/mkdocs.yml: Plugin 'policy-timeline' option '")
               for line in lines)
    assert isinstance(info.value, GeneratorError)  # the CLI prints it, no traceback


def test_a_records_folder_given_replaces_events_dir(root):
    other = root / "other"
    # The configured folder need not exist when another one is given.
    raw = {"events_dir": "gone"}
    assert check_plugin_options(raw, root, events_dir=other, environ={})["events_dir"] == \
        str(other.resolve())
    assert check_plugin_options(raw, root, environ={EVENTS_DIR_ENV: str(other)})["events_dir"] \
        == str(other.resolve())
    assert "events_dir" in problems(raw, root)
    assert "events_dir" in problems({}, root, events_dir=root / "missing")


def test_the_contact_reaches_the_pages(root):
    from policy_timeline.options import site_options

    options = site_options(check_plugin_options(GOOD, root, environ={}))
    assert options.extra["contact"]["email"] == "corrections@example.org"
    assert check_plugin_options({"contact": {"url": "https://example.org/issues"}}, root,
                                environ={})  # a url alone will do (the issue tracker)


@pytest.mark.parametrize("value, words", [
    ("fr", "expected a list of language codes"),
    ("[en, FR]", "two-letter ISO 639-1"),
    ("[en, fr, fr]", "listed twice"),
    ("[]", "expected a list"),
])
def test_a_wrong_languages_setting_is_a_clear_error(tmp_path, value, words):
    import yaml

    from policy_timeline.options import OptionsInvalid, check_plugin_options

    with pytest.raises(OptionsInvalid) as exc:
        check_plugin_options({"languages": yaml.safe_load(value)}, tmp_path)
    assert "option 'languages'" in str(exc.value) and words in str(exc.value)


def test_the_languages_setting_reaches_the_site_options(tmp_path):
    from policy_timeline.options import check_plugin_options, site_options

    options = site_options(check_plugin_options({"languages": ["en", "fr"]}, tmp_path))
    assert (options.languages, options.language) == (("en", "fr"), "en")
    assert site_options({}).languages == ("en",)


@pytest.mark.parametrize("value, words", [
    ("fr", "expected languages with their words"),
    ("{FR: {site_name: x}}", "two-letter ISO 639-1"),
    ("{fr: {name: x}}", "unknown key name"),
    ("{fr: {site_name: ''}}", "non-empty text"),
])
def test_a_wrong_site_translations_setting_is_a_clear_error(tmp_path, value, words):
    import yaml

    from policy_timeline.options import OptionsInvalid, check_plugin_options

    with pytest.raises(OptionsInvalid) as exc:
        check_plugin_options({"site_translations": yaml.safe_load(value)}, tmp_path)
    assert "option 'site_translations'" in str(exc.value) and words in str(exc.value)
