"""French (and unchanged English) dates, numbers, money and typography."""

from __future__ import annotations

import pytest

from policy_timeline import l10n
from policy_timeline.dates import PartialDate, display_range
from policy_timeline.funding import format_money as english_money
from policy_timeline.l10n import NBSP, NNBSP

D = PartialDate.parse


@pytest.mark.parametrize("value, qualifier, english, french", [
    ("2024-08-02", None, "2 August 2024", "2 août 2024"),
    ("2024-03-01", None, "1 March 2024", "1er mars 2024"),
    ("2024-08", None, "August 2024", "août 2024"),
    ("2023-03", "circa", "c. March 2023", "vers mars 2023"),
    ("2016", "before", "before 2016", "avant 2016"),
    ("2025-02", "after", "after February 2025", "après février 2025"),
    ("2023", None, "2023", "2023"),
    ("2023-12-31", None, "31 December 2023", "31 décembre 2023"),
])
def test_dates(value, qualifier, english, french):
    date = D(value, qualifier)
    assert l10n.format_date(date) == english == date.display()
    assert l10n.format_date(date, "en") == english
    assert l10n.format_date(date, "fr") == french


@pytest.mark.parametrize("start, end, english, french", [
    ("2023-12-06", "2023-12-08", "6–8 December 2023", "6–8 décembre 2023"),
    ("2023-11-28", "2023-12-02", "28 November – 2 December 2023", "28 novembre – 2 décembre 2023"),
    ("2023-12-31", "2024-01-02", "31 December 2023 – 2 January 2024",
     "31 décembre 2023 – 2 janvier 2024"),
    ("2024-03-01", "2024-03-03", "1–3 March 2024", "1er–3 mars 2024"),
    ("2024-02", "2024-05", "February 2024 – May 2024", "février 2024 – mai 2024"),
    ("2024-02-26", None, "26 February 2024", "26 février 2024"),
])
def test_ranges(start, end, english, french):
    s, e = D(start), D(end) if end else None
    assert l10n.format_range(s, e) == english == display_range(s, e)
    assert l10n.format_range(s, e, "fr") == french


def test_month_names():
    assert [l10n.month_name(m, "fr") for m in (1, 2, 8, 12)] == ["janvier", "février", "août", "décembre"]
    assert l10n.month_name(8) == "August"
    assert l10n.month_name(8, "fr-FR") == "août"


@pytest.mark.parametrize("value, english, french", [
    (1234567, "1,234,567", f"1{NNBSP}234{NNBSP}567"),
    (500, "500", "500"),
    (2.5, "2.50", "2,5"),
    (12000, "12,000", f"12{NNBSP}000"),
])
def test_numbers(value, english, french):
    assert l10n.format_number(value) == english
    assert l10n.format_number(value, "fr") == french


@pytest.mark.parametrize("amount, currency, approx, least, french", [
    (15_000_000, "EUR", False, False, "15 millions d'euros"),
    (2_700_000_000, "USD", False, False, "2,7 milliards de dollars"),
    (1_700_000_000, "EUR", False, False, "1,7 milliard d'euros"),
    (1_000_000_000, "EUR", False, False, "1 milliard d'euros"),
    (2_000_000_000, "EUR", False, False, "2 milliards d'euros"),
    (1_000_000, "USD", False, False, "1 million de dollars"),
    (385_000_000, "EUR", True, False, "environ 385 millions d'euros"),
    (2_000_000_000, "USD", False, True, "au moins 2 milliards de dollars"),
    (600_000_000, "GBP", False, False, "600 millions de livres sterling"),
    (3_000_000_000_000, "USD", False, False, "3 billions de dollars"),  # long scale
    (50_000_000, "CNY", False, False, "50 millions de yuans"),
    (15_000_000, "XYZ", False, False, "15 millions de XYZ"),
    (500_000, "EUR", False, False, f"500{NNBSP}000{NBSP}€"),
    (1_234_567, "EUR", False, False, f"1{NNBSP}234{NNBSP}567{NBSP}€"),
    (12_000, "USD", True, False, f"environ 12{NNBSP}000{NBSP}$US"),
])
def test_french_money(amount, currency, approx, least, french):
    assert l10n.format_money(amount, currency, approximate=approx, at_least=least,
                             language="fr") == french


@pytest.mark.parametrize("amount, currency, approx, least", [
    (15_000_000, "EUR", False, False), (1_700_000_000, "EUR", True, False),
    (500_000, "USD", False, True), (1_234_567, "EUR", False, False),
])
def test_english_money_unchanged(amount, currency, approx, least):
    expected = english_money(amount, currency, approximate=approx, at_least=least)
    assert l10n.format_money(amount, currency, approximate=approx, at_least=least) == expected
    assert l10n.format_money(15_000_000, "EUR") == "EUR 15 million"
    assert l10n.format_amount(1.7e9) == "1.7 billion"
    assert l10n.format_amount(1.7e9, "fr") == "1,7 milliard"


def test_percent():
    assert l10n.format_percent(0.25) == "25%"
    assert l10n.format_percent(0.255, "fr") == f"25,5{NBSP}%"  # CLDR: a no-break space


@pytest.mark.parametrize("text, expected", [
    ("Étaye : la publication", f"Étaye{NBSP}: la publication"),
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("Enfin !", f"Enfin{NNBSP}!"),
    ("un ; deux", f"un{NNBSP}; deux"),
    ("« oui »", f"«{NNBSP}oui{NNBSP}»"),
    ("«oui»", f"«{NNBSP}oui{NNBSP}»"),
    (f"«{NNBSP}déjà{NNBSP}» : fait", f"«{NNBSP}déjà{NNBSP}»{NBSP}: fait"),
    ("à 10:30 précises", "à 10:30 précises"),
    ("voir https://example.org/a?b=c;d", "voir https://example.org/a?b=c;d"),
    ("Pourquoi?", "Pourquoi?"),  # no space typed: none added (could be code or a URL)
    ("", ""),
])
def test_typography(text, expected):
    assert l10n.typography(text, "fr") == expected


def test_typography_leaves_other_languages_alone():
    for text in ("Why ?", "« yes »", "Note : this"):
        assert l10n.typography(text, "en") == text
        assert l10n.typography_html(f"<p>{text}</p>", "en") == f"<p>{text}</p>"


def test_typography_html_only_touches_text():
    body = ('<p title="Pourquoi ?" data-x="a : b">Pourquoi ? <a href="https://x.org/?q=1 ;">'
            'lien</a> « cité » : oui</p><code>a ? b : c</code><pre>x ; y</pre>'
            '<script>var a = b ? c : d;</script><p>Q &amp; R ; fin &#39;x&#39; !</p>')
    out = l10n.typography_html(body, "fr")
    assert out == (
        f'<p title="Pourquoi ?" data-x="a : b">Pourquoi{NNBSP}? <a href="https://x.org/?q=1 ;">'
        f'lien</a> «{NNBSP}cité{NNBSP}»{NBSP}: oui</p><code>a ? b : c</code><pre>x ; y</pre>'
        f'<script>var a = b ? c : d;</script><p>Q &amp; R{NNBSP}; fin &#39;x&#39;{NNBSP}!</p>')


def test_filters_follow_the_language():
    fr, en = l10n.filters("fr"), l10n.filters("en")
    assert fr["date"]("2024-08-02") == "2 août 2024"
    assert en["date"]("2024-08-02") == "2 August 2024"
    assert fr["date_range"]("2023-12-06", "2023-12-08") == "6–8 décembre 2023"
    assert fr["money"](15_000_000, "EUR") == "15 millions d'euros"
    assert en["money"](15_000_000, "EUR") == "EUR 15 million"
    assert fr["typo"]("Oui ?") == f"Oui{NNBSP}?"
