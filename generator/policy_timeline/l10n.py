"""A language's conventions for dates, numbers, money and typography: pure functions.

Every function takes the page's `language` ("en" by default). English output is what the
site always wrote (`PartialDate.display`, `display_range`, `funding.format_money`), so the
English pages do not change; French follows the French conventions: "2 août 2024",
"1er mars 2024", "vers mars 2023", "avant 2016", "15 millions d'euros",
"1,7 milliard d'euros" (singular below two), "2,7 milliards de dollars", "500 000 €",
"25 %". Numbers are Babel's (CLDR): French groups digits with a narrow no-break space.

French typography (`typography`, `typography_html`) follows the Imprimerie nationale's
rules as French publishers apply them on screen: a narrow no-break space (U+202F, "espace
fine insécable") before ; ! ? and inside « guillemets », a full-width no-break space
(U+00A0) before the colon. The narrow one is what CLDR (Babel) puts between digit groups,
so numbers and punctuation share one thin space; CLDR's full one stays before "%" and "€".
Neither lets a line break before the mark. Editors and translators type plain spaces; these functions place
the no-break ones, only in text (never in tags, attributes, code, URLs or "10:30").
"""

from __future__ import annotations

import math
import re
from typing import Callable

from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent as _babel_percent
from babel.numbers import get_currency_symbol

from .dates import MONTHS, PartialDate, display_range

__all__ = [
    "DEFAULT", "NNBSP", "NBSP", "month_name", "format_plain_date", "format_date", "format_range",
    "format_number", "format_amount", "format_money", "format_percent", "typography",
    "typography_html", "filters",
]

DEFAULT = "en"
NNBSP = "\u202f"
"""Narrow no-break space: before ; ! ? and inside « » in French (and CLDR's digit groups)."""
NBSP = "\u00a0"
"""No-break space: before the colon in French."""

_FR_MONTHS = ("janvier février mars avril mai juin juillet août septembre octobre novembre"
              " décembre").split()
_FR_QUALIFIERS = {"circa": "vers ", "before": "avant ", "after": "après ", None: ""}


def _french(language: str) -> bool:
    return language.split("-")[0].split("_")[0].lower() == "fr"


# ---------------------------------------------------------------------------------------
# Dates

def month_name(month: int, language: str = DEFAULT) -> str:
    """1 -> "January" / "janvier" (French months take no capital)."""
    return (_FR_MONTHS if _french(language) else MONTHS)[month - 1]


def _fr_day(day: int) -> str:
    return "1er" if day == 1 else str(day)


def format_plain_date(date: PartialDate, language: str = DEFAULT) -> str:
    """The date without its qualifier: "2 August 2024" / "2 août 2024", "1er août 2024"."""
    if not _french(language):
        return date.plain()
    if date.day is not None:
        return f"{_fr_day(date.day)} {month_name(date.month, language)} {date.year}"  # type: ignore[arg-type]
    if date.month is not None:
        return f"{month_name(date.month, language)} {date.year}"
    return str(date.year)


def format_date(date: PartialDate, language: str = DEFAULT) -> str:
    """A date as readers see it: "c. 2023" / "vers 2023", "before 2016" / "avant 2016"."""
    if not _french(language):
        return date.display()
    return _FR_QUALIFIERS[date.qualifier] + format_plain_date(date, language)


def format_range(start: PartialDate, end: PartialDate | None, language: str = DEFAULT) -> str:
    """A date or a range: "6–8 December 2023" / "6–8 décembre 2023",
    "28 novembre – 2 décembre 2023", else "X – Y"."""
    if not _french(language):
        return display_range(start, end)
    if end is None:
        return format_date(start, language)
    if start.qualifier is None and end.qualifier is None and start.precision == end.precision == "day":
        if (start.year, start.month) == (end.year, end.month):
            return f"{_fr_day(start.day)}–{format_date(end, language)}"  # type: ignore[arg-type]
        if start.year == end.year:
            return (f"{_fr_day(start.day)} {month_name(start.month, language)} – "  # type: ignore[arg-type]
                    f"{format_date(end, language)}")
    return f"{format_date(start, language)} – {format_date(end, language)}"


# ---------------------------------------------------------------------------------------
# Numbers and money

def format_number(value: float | int, language: str = DEFAULT) -> str:
    """1234567 -> "1,234,567" / "1 234 567" (French: narrow no-break spaces, decimal comma)."""
    if not _french(language):
        if isinstance(value, int) or float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    return _babel_decimal(value, locale="fr_FR", decimal_quantization=False)


# (size, English word, French singular, French plural): French counts in the long scale.
_SCALES = ((10**12, "trillion", "billion", "billions"),
           (10**9, "billion", "milliard", "milliards"),
           (10**6, "million", "million", "millions"))


def _scaled(value: float | int) -> tuple[float, int] | None:
    """(number, scale index) when `value` reads exactly as "N million/billion/trillion"."""
    for i, (size, *_words) in enumerate(_SCALES):
        if value >= size:
            scaled = round(value / size, 3)
            if math.isclose(scaled * size, value, rel_tol=0, abs_tol=0.5):
                return scaled, i
            return None
    return None


def format_amount(value: float | int, language: str = DEFAULT) -> str:
    """385000000 -> "385 million" / "385 millions", 1.7e9 -> "1.7 billion" / "1,7 milliard"."""
    if not _french(language):
        from .funding import format_amount as english  # the English form has one home
        return english(value)
    found = _scaled(value)
    if found is None:
        return format_number(value, language)
    scaled, i = found
    _, _, one, many = _SCALES[i]
    # French: "1,7 milliard" (singular below two), "2 milliards"
    return f"{format_number(scaled, language)} {one if abs(scaled) < 2 else many}"


# French names of the currencies the records use: (singular, plural). Others read as
# their ISO code ("15 millions de CNY"), which is how the French press writes rare ones.
_FR_CURRENCIES = {
    "EUR": ("euro", "euros"), "USD": ("dollar", "dollars"), "GBP": ("livre sterling", "livres sterling"),
    "CHF": ("franc suisse", "francs suisses"), "JPY": ("yen", "yens"), "CNY": ("yuan", "yuans"),
    "CAD": ("dollar canadien", "dollars canadiens"), "AED": ("dirham", "dirhams"),
    "SEK": ("couronne suédoise", "couronnes suédoises"),
}


def _de(noun: str) -> str:
    """ "de dollars", "d'euros": the French elision before a vowel ("de yuans")."""
    return ("d'" if noun[:1].lower() in "aeiouéèêâîô" else "de ") + noun


def format_money(amount: float | int, currency: str, *, approximate: bool = False,
                 at_least: bool = False, language: str = DEFAULT) -> str:
    """ "about EUR 385 million" / "environ 385 millions d'euros", "500 000 €".

    French names the currency in words after "millions/milliards de", and writes smaller
    amounts with the symbol after the number ("500 000 €", "12 000 $US"), as CLDR does.
    """
    if not _french(language):
        from .funding import format_money as english
        return english(amount, currency, approximate=approximate, at_least=at_least)
    words = ("au moins " if at_least else "") + ("environ " if approximate else "")
    found = _scaled(amount)
    if found is None:
        symbol = get_currency_symbol(currency, locale="fr_FR")
        return f"{words}{format_number(amount, language)}{NBSP}{symbol}"
    name = _FR_CURRENCIES.get(currency)
    noun = name[1] if name else currency
    return f"{words}{format_amount(amount, language)} {_de(noun)}"


def format_percent(fraction: float, language: str = DEFAULT) -> str:
    """0.255 -> "25.5%" / "25,5 %" (a fraction, as CLDR takes it)."""
    locale = "fr_FR" if _french(language) else "en_US"
    return _babel_percent(fraction, locale=locale, decimal_quantization=False)


# ---------------------------------------------------------------------------------------
# French typography

# A space (or none, for guillemets) before the high marks; the colon of "10:30" or of a
# URL has no space before it, so it is never touched.
_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f]+([;!?])")
_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")


def typography(text: str, language: str = DEFAULT) -> str:
    """French plain text with its no-break spaces: "Étaye : la" -> "Étaye\\u00a0: la",
    "« oui »" -> "«\\u202foui\\u202f»", "Pourquoi ?" -> "Pourquoi\\u202f?". Other languages:
    unchanged. Only spaces the writer typed before ; ! ? : are replaced (none is added there,
    so "https://", "10:30" and "a?b=c" stay as they are); guillemets always get theirs."""
    if not _french(language) or not text:
        return text
    text = _BEFORE_HIGH.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    if "«" in text or "»" in text:
        text = _OPEN_QUOTE.sub("«" + NNBSP, text)
        text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    return text


_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_RAW = ("code", "pre", "kbd", "samp", "script", "style", "textarea")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w:-]*)")


def typography_html(body: str, language: str = DEFAULT) -> str:
    """`typography` on an HTML fragment's text only: tags and their attributes, comments and
    the content of code, pre, kbd, samp, script, style and textarea are left as they are."""
    if not _french(language) or not body:
        return body
    out: list[str] = []
    raw: list[str] = []  # open raw elements
    pos = 0
    for m in _TAG.finditer(body):
        chunk = body[pos:m.start()]
        out.append(chunk if raw else _text(chunk))
        tag = m[0]
        name = _TAG_NAME.match(tag)
        if name and name[1].lower() in _RAW and not tag.endswith("/>"):
            if tag.startswith("</"):
                if raw and raw[-1] == name[1].lower():
                    raw.pop()
            else:
                raw.append(name[1].lower())
        out.append(tag)
        pos = m.end()
    tail = body[pos:]
    out.append(tail if raw else _text(tail))
    return "".join(out)


def _text(chunk: str) -> str:
    """Typography on HTML text, entities kept as written (`&nbsp;`, `&amp;` stay)."""
    if not chunk or not any(c in chunk for c in ";!?:«»"):
        return chunk
    # entities contain ";": protect them so "&amp;" never gets a space before its ";"
    parts = re.split(r"(&#?\w+;)", chunk)
    return "".join(p if i % 2 else typography(p, "fr") for i, p in enumerate(parts))


def filters(language: str = DEFAULT) -> dict[str, Callable[..., str]]:
    """The Jinja filters a page of `language` formats with (installed by
    `templating.environment`): `date`, `date_range`, `number`, `amount`, `money`, `percent`,
    `typo`."""
    return {
        "date": lambda d: format_date(PartialDate.parse(d), language),
        "date_range": lambda start, end=None: format_range(
            PartialDate.parse(start), PartialDate.parse(end) if end is not None else None, language),
        "number": lambda v: format_number(v, language),
        "amount": lambda v: format_amount(v, language),
        "money": lambda amount, currency, approximate=False, at_least=False: format_money(
            amount, currency, approximate=approximate, at_least=at_least, language=language),
        "percent": lambda v: format_percent(v, language),
        "typo": lambda t: typography(t, language),
    }

