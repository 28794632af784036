"""Single-record rules of the record model."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from policy_timeline.models import Entity, Event, Legal, Money, Source, check_web_url

SOURCE = {"url": "https://example.org/a", "title": "A", "publisher": "P", "kind": "press",
          "language": "en"}


def make(**fields) -> Event:
    data = {"id": "2024-02-26-x", "title": "T", "date": "2024-02-26", "kind": "statement",
            "summary": "It happened [1].", "sources": [SOURCE], **fields}
    return Event.model_validate(data)


def test_records_are_frozen():
    event = make()
    with pytest.raises(ValidationError):
        event.title = "changed"


def test_strict_types_do_not_coerce():
    with pytest.raises(ValidationError):
        make(title=2024)
    with pytest.raises(ValidationError):
        Money.model_validate({"amount": "15000000", "currency": "EUR"})


def test_unknown_keys_are_rejected():
    with pytest.raises(ValidationError, match="Extra inputs"):
        make(titel="x")


def test_when_carries_the_qualifier():
    assert make(date="2023", qualifier="circa").when.display() == "c. 2023"


def test_text_is_stripped_and_control_characters_refused():
    assert make(title="  spaced  ").title == "spaced"
    with pytest.raises(ValidationError, match="control"):
        make(title="bad\u202etext")
    with pytest.raises(ValidationError, match="one line"):
        make(title="two\nlines")


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\u200b", "\u200e", "\u200f",
                                  "\u061c", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u2060",
                                  "\u200d", "\u200c", "\x1b", "\t", "\x7f"])
def test_one_line_fields_refuse_invisible_characters(char):
    """Titles, names, publishers and roles: no separator, zero-width, bidi or control."""
    code = f"U\\+{ord(char):04X}"
    with pytest.raises(ValidationError, match=code):
        make(title=f"Mis{char}tral")
    with pytest.raises(ValidationError, match=code):
        Source.model_validate({**SOURCE, "publisher": f"Le{char} Monde"})
    with pytest.raises(ValidationError, match=code):
        Entity.model_validate({"id": "x", "name": f"Mis{char}tral", "type": "company",
                               "description": "d"})


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\u200b", "\u200f", "\u202e",
                                  "\ufeff"])
def test_multi_line_fields_refuse_invisible_characters_but_keep_line_breaks(char):
    assert make(summary="One line [1].\n\nAnother\tparagraph.").summary.count("\n") == 2
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        make(summary=f"One{char} line [1].")


@pytest.mark.parametrize("title", [
    "Loi n\u00b0\u00a02024-1\u202f: l\u2019\u00e9t\u00e9 \u00ab\u202fIA\u202f\u00bb",  # French spaces
    "Persian \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # ZWNJ is spelling there
    "Coder \U0001f469\u200d\U0001f4bb emoji",  # ZWJ sequence
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 and Latin",  # RTL text without marks
])
def test_visible_unicode_and_typography_spaces_are_kept(title):
    assert make(title=title).title == title


def test_invisible_character_error_has_a_hint():
    from policy_timeline.models import RecordValueError, check_visible

    with pytest.raises(RecordValueError) as info:
        check_visible("Mis\u200btral", multiline=False)
    assert "U+200B (ZERO WIDTH SPACE) at character 4" in str(info.value)
    assert "delete it" in info.value.hint


@pytest.mark.parametrize("url", ["https://javascript:alert(1)@example.org/",
                                 "https://user@example.org/", "https://user:pw@example.org/x",
                                 "https://example.org@evil.example/", "https://@example.org/"])
def test_urls_with_user_information_are_refused(url):
    with pytest.raises(ValueError, match="user information"):
        check_web_url(url)
    with pytest.raises(ValidationError, match="user information"):
        Source.model_validate({**SOURCE, "url": url})
    if "(" not in url:  # a parenthesis ends a Markdown link target
        with pytest.raises(ValidationError, match="user information"):
            make(summary=f"See [it]({url}) [1].")


def test_urls_with_invisible_characters_are_refused():
    with pytest.raises(ValueError, match="control"):
        check_web_url("https://exam\u200bple.org/")
    assert check_web_url("https://example.org/a@b") == "https://example.org/a@b"  # @ in the path


def test_rule_problems_cover_citations_and_dates():
    event = make(summary="One [1] two [3].", end="2024-01-01",
                 sources=[SOURCE, {**SOURCE, "url": "https://example.org/b"}])
    messages = [m for _, m, _ in event.rule_problems()]
    assert "end 2024-01-01 is before date 2024-02-26" in messages
    assert "citation [3] has no source (the record lists 2)" in messages
    assert "source 2 (P) is never cited" in messages


def test_citations_in_history_and_disagreements_count():
    event = make(
        status="rescheduled", kind="application-date", last_verified="2026-11-01",
        schedule_history=[{"was": "2026-08-02", "cite": [2]}],
        disagreements=[{"field": "date", "values": [{"value": "a", "cite": [1]},
                                                    {"value": "b", "cite": [3]}]}],
        sources=[SOURCE, {**SOURCE, "url": "https://example.org/b"},
                 {**SOURCE, "url": "https://example.org/c"}],
    )
    assert event.rule_problems() == []


def test_rescheduled_needs_history():
    event = make(status="rescheduled", kind="application-date")
    assert [loc for loc, _, _ in event.rule_problems()] == [("status",)]


def test_markdown_link_to_a_relative_page_is_fine():
    assert make(summary="See [the act](../entities/ai-act.md) [1].").summary


def test_votes_use_the_word_for():
    event = make(kind="plenary-vote", votes=[{"body": "EP", "for": 523, "against": 46,
                                             "abstentions": 49}])
    assert event.votes[0].for_ == 523
    with pytest.raises(ValidationError):
        make(votes=[{"body": "EP", "for": -1, "against": 0}])


def test_money_refuses_nan_and_infinity():
    for amount in (float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            Money.model_validate({"amount": amount, "currency": "EUR"})


def test_legal_identifiers_are_checked():
    assert Legal.model_validate({"celex": "32024R1689", "procedure": "2021/0106(COD)",
                                 "com": "COM(2021) 206 final"}).celex == "32024R1689"
    with pytest.raises(ValidationError):
        Legal.model_validate({"procedure": "2021/106"})
    with pytest.raises(ValidationError, match="at least one identifier"):
        Legal.model_validate({})


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///x",
                                 "https://", "https://a b.example", "ftp://example.org"])
def test_unsafe_urls(url):
    with pytest.raises(ValueError):
        check_web_url(url)


def test_source_metadata_is_what_must_agree():
    source = Source.model_validate({**SOURCE, "published": "2024-02", "note": "x"})
    assert sorted(source.metadata()) == ["kind", "language", "published", "publisher", "title"]


def test_entity_ids_are_kebab_case():
    with pytest.raises(ValidationError, match="kebab-case"):
        Entity.model_validate({"id": "Mistral_AI", "name": "M", "type": "company",
                               "description": "d"})


def test_applies_to_is_for_application_dates_only():
    assert make(kind="application-date", status="scheduled",
                applies_to="providers of general-purpose AI models").rule_problems() == []
    problems = make(applies_to="providers").rule_problems()
    assert [loc for loc, _, _ in problems] == [("applies_to",)]
    assert "not a statement" in problems[0][1] and "remove applies_to" in problems[0][2]


def test_applies_to_is_a_few_words_on_one_line():
    with pytest.raises(ValidationError, match="one line"):
        make(kind="application-date", applies_to="providers\nand deployers")
    with pytest.raises(ValidationError, match="120"):
        make(kind="application-date", applies_to="x" * 121)


def test_the_event_schema_documents_applies_to():
    from policy_timeline.schema import record_schema

    field = record_schema("event")["properties"]["applies_to"]
    assert "to whom" in field["description"]
