"""Translatable texts: the same paths in English and in a translation, English as fallback."""

from __future__ import annotations

from policy_timeline.models import Entity, Event, Thread
from policy_timeline.translations import english_texts, source_hash, text, translated_texts

SOURCE = {"url": "https://example.org/a", "publisher": "Example", "kind": "press",
          "language": "en"}


def _event(**extra):
    data = {"id": "2024-01-02-x", "title": "Deal", "date": "2024-01-02", "kind": "statement",
            "summary": "A deal [1] and a reply [2].",
            "sources": [dict(SOURCE, note="Supports: the deal"), SOURCE],
            "disagreements": [{"field": "money.amount", "values": [
                {"value": "1", "cite": [1]}, {"value": "2", "cite": [2]}]},
                {"field": "who spoke first", "note": "Reports differ.", "values": [
                    {"value": "A", "cite": [1]}, {"value": "B", "cite": [2]}]}]}
    data.update(extra)
    return Event.model_validate(data, strict=False)


def test_english_texts_name_every_reader_text_by_path():
    texts = english_texts(_event())
    assert texts == {"title": "Deal", "summary": "A deal [1] and a reply [2].",
                     "sources.1.note": "Supports: the deal",
                     "disagreements.2.field": "who spoke first",
                     "disagreements.2.note": "Reports differ.",
                     "disagreements.2.values.1": "A", "disagreements.2.values.2": "B"}


def test_translated_texts_use_the_same_paths_and_fall_back_to_english():
    event = _event(translations={"fr": {
        "title": "Accord", "sources": {"1": {"note": "Étaye"}},
        "disagreements": {"2": {"note": "Les récits diffèrent.", "values": {"2": "Bé"}}}}})
    assert translated_texts(event, "fr") == {"title": "Accord", "sources.1.note": "Étaye",
                                             "disagreements.2.note": "Les récits diffèrent.",
                                             "disagreements.2.values.2": "Bé"}
    assert text(event, "title", "fr") == "Accord"
    assert text(event, "summary", "fr") == "A deal [1] and a reply [2]."
    assert text(event, "title", "de") == "Deal"
    assert translated_texts(event, "de") == {}


def test_entities_and_threads_translate_their_own_fields():
    entity = Entity.model_validate({"id": "ec", "name": "European Commission", "type":
                                    "institution", "description": "The executive.",
                                    "translations": {"fr": {"name": "Commission européenne"}}},
                                   strict=False)
    thread = Thread.model_validate({"id": "t", "title": "T", "introduction": "Intro."},
                                   strict=False)
    assert text(entity, "name", "fr") == "Commission européenne"
    assert text(entity, "description", "fr") == "The executive."
    assert english_texts(thread) == {"title": "T", "introduction": "Intro."}


def test_source_hash_changes_with_the_english_text_only():
    first = source_hash(english_texts(_event()))
    assert first == source_hash(english_texts(_event(translations={"fr": {"title": "Accord"}})))
    assert first != source_hash(english_texts(_event(title="Deal signed")))
    assert len(first) == 10


def test_a_localized_record_reads_its_translation_and_keeps_what_is_shared():
    from policy_timeline.translations import localized

    event = _event(translations={"fr": {"title": "Accord", "summary": "Un accord [1] et une réponse [2].",
                                        "sources": {"1": {"note": "Étaye"}},
                                        "disagreements": {"2": {"field": "qui a parlé le premier",
                                                                "note": "Les récits diffèrent."}}}})
    fr = localized(event, "fr")
    assert (fr.title, fr.summary) == ("Accord", "Un accord [1] et une réponse [2].")
    assert [s.note for s in fr.sources] == ["Étaye", None]
    assert [s.url for s in fr.sources] == [s.url for s in event.sources]
    assert [(d.field, d.note) for d in fr.disagreements] == [
        ("money.amount", None), ("qui a parlé le premier", "Les récits diffèrent.")]
    assert fr.date == event.date and fr.id == event.id
    assert event.title == "Deal"  # the English record is untouched
    assert localized(event, "de") is event


def test_a_localized_catalog_has_the_same_records_in_the_language():
    from policy_timeline.catalog import load_catalog
    from policy_timeline.translations import localized_catalog
    from tests.conftest import VALID

    catalog = load_catalog(VALID)
    fr = localized_catalog(catalog, "fr")
    assert [e.id for e in fr.events] == [e.id for e in catalog.events]
    assert fr.by_id["2024-02-26-microsoft-mistral"].title == "Microsoft et Mistral AI s'associent"
    assert fr.entities["european-commission"].name == "Commission européenne"
    assert fr.threads["azure-deal"].title == "L'accord Azure"
    assert catalog.by_id["2024-02-26-microsoft-mistral"].title == "Microsoft and Mistral AI partner"
    assert [e.id for e in fr.by_thread["azure-deal"]] == [e.id for e in catalog.by_thread["azure-deal"]]


def test_a_localized_event_shows_translated_roles_votes_and_claims_and_keeps_its_raiser():
    from policy_timeline.translations import localized

    event = _event(kind="funding-round",
                   participants=[{"entity": "mistral-ai", "role": "company raising funds"},
                                 {"entity": "lightspeed", "role": "lead investor"}],
                   money={"amount": 105000000, "currency": "EUR"},
                   votes=[{"body": "European Parliament plenary", "for": 1, "against": 0}],
                   translations={"fr": {
                       "participants": {"1": {"role": "entreprise qui lève des fonds"},
                                        "2": {"role": "investisseur principal"}},
                       "votes": {"1": {"body": "Parlement européen, séance plénière"}},
                       "disagreements": {"2": {"values": {"1": "Ah"}}}}})
    french = localized(event, "fr")
    assert [p.role for p in french.participants] == ["entreprise qui lève des fonds",
                                                     "investisseur principal"]
    assert french.votes[0].body == "Parlement européen, séance plénière"
    assert [c.value for c in french.disagreements[1].values] == ["Ah", "B"]
    assert [c.value for c in french.disagreements[0].values] == ["1", "2"]
    # the French role does not say "raising" in English: the raiser is kept by its id
    assert event.raisers() == french.raisers() == ("mistral-ai",)
