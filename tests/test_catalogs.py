"""catalogs: every reader's word of the templates and the code has its French translation,
`make messages` keeps the catalogs in step with the sources, and a site can override words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from policy_timeline import catalogs
from policy_timeline.catalogs import catalog_path, extract, missing, translations, update_catalogs
from policy_timeline.l10n import NBSP, NNBSP
from policy_timeline.templating import TEMPLATES, environment

NODES = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
NOT_WORDS = re.compile(r"&\w+;|&#\d+;|[^A-Za-z]+")


def test_every_message_has_a_french_translation():
    left = missing("fr")
    assert left == [], (f"{len(left)} message(s) without French translation: run `make messages`"
                        f" and translate them in {catalog_path('fr')}: {left[:10]}")


def test_extraction_finds_template_words_python_labels_and_plurals():
    ids = {m.id for m in extract() if m.id}
    assert "Where sources differ" in ids  # a template's _()
    assert "Sources differ on %(what)s:" in ids  # with a placeholder
    assert "the valuation" in ids  # models.DISAGREEMENT_WORDS, marked N_()
    assert "Date passed, not yet confirmed" in ids  # a status label in render.py
    assert "followed by" in ids and "same day as" in ids  # relation words
    assert ("%(num)d event", "%(num)d events") in ids  # a plural
    assert "Who is who" in ids  # a generated page's title


def test_templates_hold_no_reader_words_outside_the_catalog():
    """Text between tags in a template, outside {{ }} and {% %}, is a word no catalog
    translates: every reader's word goes through _()."""
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        # trans blocks are catalog messages
        source = re.sub(r"\{% trans %\}.*?\{% endtrans %\}|<(style|script)\b.*?</\1>", "",
                        source, flags=re.S)
        text = TAG.sub(" ", NODES.sub(" ", source))
        words = [w for w in NOT_WORDS.split(text) if w]
        if words:
            found[str(path.relative_to(TEMPLATES))] = words[:8]
    assert found == {}


def test_catalog_words_get_french_typography():
    fr = translations("fr")
    assert fr.gettext("Threads:") == f"Fils{NBSP}:"
    assert fr.gettext("also “%(name)s”") == f"aussi «{NNBSP}%(name)s{NNBSP}»"
    assert fr.ngettext("%(num)d event", "%(num)d events", 1) == "%(num)d événement"
    assert fr.ngettext("%(num)d event", "%(num)d events", 0) == "%(num)d événement"  # French: 0 is singular
    assert fr.ngettext("%(num)d event", "%(num)d events", 2) == "%(num)d événements"
    assert translations("en").gettext("Threads:") == "Threads:"


def test_the_catalog_header_is_used_not_fuzzy():
    with catalog_path("fr").open("rb") as f:
        catalog = read_po(f, locale="fr")
    assert not catalog.fuzzy
    assert catalog.num_plurals == 2


@pytest.fixture
def sources(tmp_path):
    """A copy of the package's sources and catalogs to run `make messages` on."""
    root = tmp_path / "pkg"
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copy(Path(catalogs.__file__).parent / "render.py", root / "render.py")
    locales = tmp_path / "locales"
    shutil.copytree(catalogs.LOCALES, locales)
    return root, locales


def test_update_adds_new_words_untranslated_and_keeps_the_translations(sources):
    root, locales = sources
    page = root / "templates" / "event.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}<p>{{ _("A brand new word") }}</p>'), encoding="utf-8")
    left = update_catalogs(locales, root)
    assert left == {"fr": 1}
    assert "A brand new word" in (locales / "messages.pot").read_text(encoding="utf-8")
    assert missing("fr", locales, template=extract(root)) == ["A brand new word"]
    with catalog_path("fr", locales).open("rb") as f:
        updated = read_po(f, locale="fr")
    assert updated["Where sources differ"].string == "Où les sources divergent"  # kept
    again = catalog_path("fr", locales).read_bytes()
    update_catalogs(locales, root)
    assert catalog_path("fr", locales).read_bytes() == again  # stable: no dates, no line numbers


def test_update_starts_a_new_language(sources):
    root, locales = sources
    left = update_catalogs(locales, root, new=("de",))
    assert left["de"] > 100 and left["fr"] == 0
    assert catalog_path("de", locales).is_file()


def test_a_site_catalog_overrides_and_adds_words(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    po = catalog_path("fr", tmp_path / "locales")
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Where sources differ"\nmsgstr "Désaccords entre les sources"\n',
                  encoding="utf-8")
    env = environment(templates, language="fr")  # locales/ beside templates_dir
    tpl = env.from_string('{{ _("Where sources differ") }} / {{ _("Who took part") }}')
    assert tpl.render() == "Désaccords entre les sources / Participants"
    assert environment(language="fr").from_string('{{ _("Where sources differ") }}').render() \
        == "Où les sources divergent"
