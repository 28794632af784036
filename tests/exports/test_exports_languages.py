"""Data in both languages: JSON and CSV carry the translations beside the English texts;
Atom feeds, calendars and JSON-LD exist in each language (the French tree's files)."""

from __future__ import annotations

import copy
import csv
import io
import json

import feedparser
import jsonschema
import pytest
from icalendar import Calendar

from policy_timeline.exports.atom import export_atom, language_feeds
from policy_timeline.exports.csvdata import export_csv
from policy_timeline.exports.head import head_tags
from policy_timeline.exports.ics import export_ics, language_calendars
from policy_timeline.exports.jsondata import data_schema, export_json
from policy_timeline.exports.jsonld import entity_jsonld, event_jsonld

from .conftest import SITE as ENGLISH_ONLY

import dataclasses

SITE = dataclasses.replace(ENGLISH_ONLY, languages=("en", "fr"))
"""A site in English and French: its data files carry both texts."""
from .records import ENTITIES, EVENTS, THREADS, make_catalog

DEADLINE = "2027-08-02-high-risk-rules-apply"
SEED = "2023-06-13-mistral-seed"
FR_TITLE = "Les règles sur les systèmes à haut risque s'appliquent"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory, monkeypatch_module):
    events = copy.deepcopy(EVENTS)
    events[DEADLINE]["translations"] = {"fr": {
        "title": FR_TITLE,
        "summary": "Les règles pour les systèmes à haut risque s'appliquent à partir de cette date [1][2].",
        "schedule_history": {1: {"note": "Report proposé par l'omnibus"}},
    }}
    events[DEADLINE]["schedule_history"][0]["note"] = "Moved by the omnibus proposal"
    events[SEED]["translations"] = {"fr": {"title": "Mistral AI lève un tour d'amorçage"}}
    entities = copy.deepcopy(ENTITIES)
    entities["european-commission"]["translations"] = {"fr": {
        "name": "Commission européenne", "description": "L'exécutif de l'Union européenne."}}
    threads = copy.deepcopy(THREADS)
    threads["ai-act"]["translations"] = {"fr": {"title": "Le règlement sur l'IA"}}
    monkeypatch_module.setattr("tests.exports.records.ENTITIES", entities)
    monkeypatch_module.setattr("tests.exports.records.THREADS", threads)
    return make_catalog(tmp_path_factory.mktemp("records-fr"), events)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_json_carries_the_translations_by_path_and_validates(catalog):
    files = export_json(catalog, SITE)
    events = json.loads(files["data/events.json"])
    item = next(e for e in events["events"] if e["id"] == DEADLINE)
    assert item["title"] == "High-risk rules apply"  # English stays in the fields
    fr = item["translations"]["fr"]
    assert fr["title"] == FR_TITLE
    assert fr["summary_text"] == ("Les règles pour les systèmes à haut risque s'appliquent à"
                                  " partir de cette date.")
    assert fr["schedule_history.1.note"] == "Report proposé par l'omnibus"
    assert next(e for e in events["events"] if e["id"] == "2028-review")["translations"] == {}
    entities = json.loads(files["data/entities.json"])
    commission = next(x for x in entities["entities"] if x["id"] == "european-commission")
    assert commission["translations"]["fr"]["name"] == "Commission européenne"
    threads = json.loads(files["data/threads.json"])
    assert next(t for t in threads["threads"] if t["id"] == "ai-act")["translations"] == {
        "fr": {"title": "Le règlement sur l'IA"}}
    for kind, data in (("events", events), ("entities", entities), ("threads", threads)):
        jsonschema.validate(data, data_schema(kind))


def test_the_data_follows_the_sites_languages():
    from types import SimpleNamespace
    from policy_timeline.exports.common import other_languages
    assert other_languages(SimpleNamespace(languages=("en",))) == []
    assert other_languages(SimpleNamespace(languages=("en", "fr", "de"))) == ["fr", "de"]
    assert other_languages(SimpleNamespace()) == ["fr"]  # no setting: the package's catalogs


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_has_a_french_column_after_each_text_column(catalog):
    files = export_csv(catalog, SITE)
    header = files["data/events.csv"].decode("utf-8").splitlines()[0].split(",")
    assert header[header.index("title") + 1] == "title_fr"
    assert header[header.index("summary") + 1] == "summary_fr"
    rows = {r["id"]: r for r in _rows(files["data/events.csv"])}
    assert rows[DEADLINE]["title_fr"] == FR_TITLE
    assert rows[DEADLINE]["summary_text_fr"].endswith("à partir de cette date.")
    assert rows["2028-review"]["title_fr"] == ""  # no translation: empty, never English
    entities = {r["id"]: r for r in _rows(files["data/entities.csv"])}
    assert entities["european-commission"]["name_fr"] == "Commission européenne"
    assert entities["microsoft"]["description_fr"] == ""  # no French text
    reschedules = [r for r in _rows(files["data/reschedules.csv"]) if r["event_id"] == DEADLINE]
    assert reschedules[0]["note_fr"] == "Report proposé par l'omnibus"


def test_datapackage_describes_the_french_columns(catalog):
    from policy_timeline.exports.datapackage import descriptor
    events = next(r for r in descriptor(catalog, SITE)["resources"] if r["name"] == "events")
    names = [f["name"] for f in events["schema"]["fields"]]
    assert "title_fr" in names and "summary_fr" in names


def test_french_feeds(catalog):
    english = export_atom(catalog, SITE)
    french = language_feeds(catalog, SITE, "fr")
    assert set(french) == {p for p in english if p.endswith(".atom")}
    feed = feedparser.parse(french["feeds/all.atom"])
    assert feed.feed.language == "fr"
    assert b'xml:lang="fr"' in french["feeds/all.atom"]
    entry = next(e for e in feed.entries if e.title == FR_TITLE)
    assert "2 août 2027" in entry.summary and "Date antérieure\u00a0: 2 août 2026" in entry.summary
    assert "Lire la fiche complète" in entry.content[0].value
    assert "Tous les événements de Policy Timeline" in feed.feed.subtitle
    english_ids = {e.id for e in feedparser.parse(english["feeds/all.atom"]).entries}
    assert not english_ids & {e.id for e in feed.entries}
    untranslated = next(e for e in feed.entries if e.title == "Mistral AI announces its Series A")
    assert "décembre 2023" in untranslated.summary  # English text, French words around it
    thread = feedparser.parse(french["feeds/threads/ai-act.atom"])
    assert thread.feed.title.startswith("Le règlement sur l'IA — ")


def test_english_feeds_keep_their_words(catalog):
    feed = feedparser.parse(export_atom(catalog, SITE)["feeds/all.atom"])
    assert feed.feed.language == "en"
    assert any("Earlier date: 2 August 2026" in e.summary for e in feed.entries)


def test_french_calendars(catalog):
    english = export_ics(catalog, SITE)
    french = language_calendars(catalog, SITE, "fr")
    assert set(french) == set(english)
    cal = Calendar.from_ical(french["calendar/deadlines.ics"])
    assert str(cal["x-wr-calname"]) == "Policy Timeline : échéances".replace(" :", "\u00a0:")
    entries = {str(c["uid"]): c for c in cal.walk("VEVENT")}
    item = entries[f"{DEADLINE}-fr@policy-timeline"]
    assert str(item["summary"]) == FR_TITLE
    assert "2 août 2027" in str(item["description"])
    month = next(c for c in entries.values() if "(mars 2027)" in str(c["summary"]))
    assert "au mois près (mars 2027)" in str(month["description"])


def test_jsonld_in_the_pages_language(catalog):
    event = catalog.by_id[DEADLINE]
    fr = event_jsonld(catalog, SITE, event, "fr")
    en = event_jsonld(catalog, SITE, event)
    assert fr["inLanguage"] == "fr" and en["inLanguage"] == "en"
    assert fr["name"] == FR_TITLE and en["name"] == "High-risk rules apply"
    assert fr["description"].startswith("Les règles pour les systèmes")
    assert fr["keywords"] == ["Le règlement sur l'IA"]
    assert fr["startDate"] == en["startDate"] and fr["@id"] == en["@id"]
    commission = entity_jsonld(catalog, SITE, catalog.entities["european-commission"], "fr")
    assert commission["name"] == "Commission européenne"
    tags = "".join(head_tags(catalog, SITE, "threads/ai-act.md", language="fr"))
    assert "Le règlement sur l&#x27;IA\u00a0: événements" in tags or \
        "Le règlement sur l'IA\u00a0: événements" in tags


def test_a_one_language_site_carries_no_empty_language_columns(catalog):
    files = export_csv(catalog, ENGLISH_ONLY)
    header = next(csv.reader(io.StringIO(files["data/events.csv"].decode("utf-8-sig"))))
    assert "title" in header and not [c for c in header if c.endswith("_fr")]
    events = json.loads(export_json(catalog, ENGLISH_ONLY)["data/events.json"])
    assert all("translations" not in e or not e["translations"] for e in events["events"])
