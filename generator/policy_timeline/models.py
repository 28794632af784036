"""Record types: events, entities, threads and sources, with their single-record rules.

Strict and frozen (records are facts), unknown keys rejected (a typo must not vanish).
No I/O here: the loader turns files into these, the catalog checks what spans files.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from .dates import PATTERN_TEXT, PartialDate, Qualifier
from .words import N_

# ---------------------------------------------------------------------------------------
# Shared field types


def _parse_date(value: Any) -> PartialDate:
    return PartialDate.parse(value)


DateField = Annotated[
    PartialDate,
    PlainValidator(_parse_date),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": PATTERN_TEXT},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
            "description": "YYYY, YYYY-MM or YYYY-MM-DD: the precision is what you write.",
        }
    ),
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
EVENT_ID_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?-[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_EVENT_ID = re.compile(EVENT_ID_PATTERN, re.ASCII)  # no fullwidth or Arabic-Indic digits
MAX_ID = 100


def _check_slug(value: str) -> str:
    if len(value) > MAX_ID:
        raise ValueError(f"an id has at most {MAX_ID} characters")
    if not _SLUG.match(value):
        raise ValueError(
            f"{value[:60]!r} is not a valid id: use lowercase ASCII letters, digits and"
            " single hyphens (kebab-case), e.g. mistral-ai"
        )
    return value


def _check_event_id(value: str) -> str:
    if len(value) > MAX_ID:
        raise ValueError(f"an id has at most {MAX_ID} characters")
    if not _EVENT_ID.match(value):
        raise ValueError(
            f"{value[:60]!r} is not a valid event id: start with the date, then kebab-case"
            " words, e.g. 2024-02-26-mistral-large-launch"
        )
    return value


Slug = Annotated[
    str, Field(max_length=MAX_ID, json_schema_extra={"pattern": SLUG_PATTERN}),
    AfterValidator(_check_slug),
]
EventId = Annotated[
    str, Field(max_length=MAX_ID, json_schema_extra={"pattern": EVENT_ID_PATTERN}),
    AfterValidator(_check_event_id),
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class RecordValueError(ValueError):
    """A field value refused with a hint how to fix it (the loader shows the hint)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


# Characters a reader cannot see, or that reorder or break the text around them:
# controls (Cc: escapes, NEL U+0085...), formats (Cf: zero-width space U+200B, the bidi
# marks, embeddings, overrides and isolates U+200E-U+200F, U+202A-U+202E, U+2066-U+2069,
# the soft hyphen U+00AD, the BOM U+FEFF...), and the line and paragraph separators
# (Zl U+2028, Zp U+2029), which JavaScript, feeds and CSV readers take as line breaks.
# Spaces (Zs) stay allowed: French typography needs U+00A0 and U+202F.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# Joiners are spelling in Persian and Indic scripts and in emoji sequences (U+200C, U+200D):
# allowed between two non-ASCII letters, marks or symbols, refused anywhere else (next to
# Latin text, where they only hide a difference: "Mis\u200dtral" is not "Mistral").
_JOINERS = frozenset("\u200c\u200d")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _joined(value: str, i: int) -> bool:
    if i == 0 or i + 1 == len(value):
        return False
    return all(not c.isascii() and unicodedata.category(c)[0] in "LMS"
               for c in (value[i - 1], value[i + 1]))


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "") or {"\x85": "NEXT LINE", "\t": "TAB", "\n": "LINE FEED",
                                        "\r": "CARRIAGE RETURN"}.get(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def check_visible(value: str, *, multiline: bool) -> str:
    """Refuse invisible, control and bidirectional characters, naming the first one.

    One-line fields (titles, names) refuse every line break and tab too; multi-line
    fields (summaries, notes) keep `\n`, `\r` and tabs. Raises `RecordValueError`.
    """
    allowed = "\n\r\t" if multiline else ""
    # Printable ASCII is always fine: only the other characters are looked at, one by one.
    for match in _NOT_PRINTABLE_ASCII.finditer(value):
        i, ch = match.start(), match.group()
        if ch in allowed:
            continue
        if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES or ch in allowed:
            continue
        if ch in _JOINERS and _joined(value, i):
            continue
        where = f"{_char_name(ch)} at character {i + 1}"
        if ch in _BIDI:
            raise RecordValueError(
                f"contains a bidirectional control character {where}",
                "remove it: it reorders the text readers see; browsers and feed readers lay"
                " out right-to-left words without it")
        if ch in "\n\r\x85\u2028\u2029":
            if not multiline:
                raise RecordValueError(
                    f"must fit on one line: contains a line break {where}",
                    "write it on one line (a line or paragraph separator counts as a break)")
            raise RecordValueError(
                f"contains a line or paragraph separator control character {where}",
                "use an ordinary line break, or a blank line between paragraphs")
        if ch == "\t":
            raise RecordValueError(f"contains a tab control character {where}",
                                   "use a space: this field is one line of text")
        raise RecordValueError(
            f"contains an invisible or control character {where}",
            "delete it (retype the words around it if your editor does not show it);"
            " non-breaking spaces (U+00A0, U+202F) are fine")
    return value


def _clean_text(value: str) -> str:
    check_visible(value, multiline=True)
    if not value.strip():
        raise ValueError("must not be empty")
    return unicodedata.normalize("NFC", value.strip())


def _one_line(value: str) -> str:
    if "\n" in value.strip() or "\r" in value.strip():
        raise ValueError("must fit on one line")
    check_visible(value.strip(" \t\n\r"), multiline=False)
    return value


Line = Annotated[str, AfterValidator(_one_line), AfterValidator(_clean_text), Field(max_length=300)]
ShortText = Annotated[str, AfterValidator(_clean_text), Field(max_length=2000)]
LongText = Annotated[str, AfterValidator(_clean_text), Field(max_length=20000)]

SAFE_SCHEMES = ("http", "https")


# In ASCII, the spaces (str.isspace) and the invisible characters (Cc) are these.
_ASCII_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def check_web_url(value: str) -> str:
    """Only absolute http(s) URLs with a host: no `javascript:`, `data:` or `file:` links,
    no user information (`https://javascript:alert(1)@example.org/` shows one host and
    goes to another; the pages would drop such a link while feeds kept it)."""
    if (_ASCII_SPACE_OR_CONTROL.search(value) if value.isascii()  # the usual case, at once
            else (any(ch.isspace() for ch in value) or _CONTROL.search(value)
                  or any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in value))):
        raise ValueError("a URL must not contain spaces or control characters")
    parts = urlsplit(value)
    if parts.scheme.lower() not in SAFE_SCHEMES:
        raise ValueError(
            f"only http:// and https:// links are allowed, not {parts.scheme or 'a relative'!r}"
            " URLs"
        )
    if not parts.hostname:
        raise ValueError("the URL has no host name")
    _check_userinfo(parts.netloc)
    parts.port  # raises ValueError for a port that is not a number from 0 to 65535
    if "\\" in value or "<" in value or ">" in value or '"' in value:
        raise ValueError("the URL contains characters that must be percent-encoded")
    return value


def _check_userinfo(netloc: str) -> None:
    if "@" in netloc:
        raise RecordValueError(
            f"the URL has user information before its host ({netloc.rsplit('@', 1)[0][:40]!r}@):"
            " a link with a user name or password is not allowed",
            "cite the page's plain address, https://host/path, without anything before an `@`"
            " in the host part")


WebUrl = Annotated[
    str,
    Field(max_length=2000, json_schema_extra={"pattern": r"^[hH][tT][tT][pP][sS]?://[^\s/]+"}),
    AfterValidator(check_web_url),
]

# Marker like [1] in a summary; not a Markdown link [1](...) or reference [1]: ...
CITATION = re.compile(r"\[(\d{1,3})\](?![(:])")
_MD_LINK_TARGET = re.compile(r"\]\(\s*<?([^)>]*)")
_MD_REF_TARGET = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\n>]*)", re.MULTILINE)
_MD_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")


def _as_browser_reads(target: str) -> str:
    """A link target as a browser follows it: entities decoded (`&#106;`, `&colon;`), tabs
    and newlines dropped (Markdown keeps them in a link, browsers remove them), leading
    spaces and controls stripped, a title after a space cut off, backslashes read as `/`."""
    text = re.sub(r"[\t\n\r]", "", html.unescape(target))
    text = text.lstrip("".join(map(chr, range(33))))
    text = text.split()[0] if text.split() else ""
    return text.replace("\\", "/")


def check_markdown_links(value: str) -> str:
    """Links in Markdown text may go to http(s) pages or relative paths only."""
    targets = (
        _MD_LINK_TARGET.findall(value)
        + _MD_REF_TARGET.findall(value)
        + _MD_AUTOLINK.findall(value)
    )
    for target in targets:
        seen = _as_browser_reads(target)
        scheme = urlsplit(seen).scheme.lower()
        if scheme and scheme not in SAFE_SCHEMES:
            raise ValueError(
                f"a link to {target[:40]!r} is not allowed: links may only be http(s) or"
                " relative"
            )
        if scheme:
            _check_userinfo(urlsplit(seen).netloc)
        if seen.startswith("//"):
            raise ValueError(
                f"a link to {target[:40]!r} is not allowed: write https:// in full, not a"
                " protocol-relative //host link"
            )
    return value


Markdown = Annotated[LongText, AfterValidator(check_markdown_links)]


class Record(BaseModel):
    """Base of every record type: strict, frozen, unknown keys rejected."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid", allow_inf_nan=False)


# ---------------------------------------------------------------------------------------
# Sources

SourceKind = Literal["official", "company", "press", "analysis", "advocacy", "reference"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]


# A title is what the page calls itself. A description in brackets ("[CNBC report on ...]")
# is an invented title: a source whose title is unknown has no `title:` at all.
PSEUDO_TITLE_HINT = ("leave the title out when it is unknown: the site shows the publisher,"
                     " date, language and link instead, marked \"title not recorded\"")

# Phrases of notes meant for editors (how a title was found, what a stored copy showed).
# A source's `note` is shown to readers ("Supports: ..."); these belong in `editor_note:`
# (never shown or exported) or in a YAML comment.
EDITOR_PHRASES: tuple[str, ...] = (
    "stored copy",
    "stored page",
    "title not known",
    "page title",
    "bracketed description",
    "title as given",
    "title from the",
    "in the research",
)
EDITOR_NOTE_HINT = ("a source's note is for readers (what it supports, e.g. \"Supports: the"
                    " date\"); move notes for editors to `editor_note:` or a YAML comment")


def is_pseudo_title(value: str) -> bool:
    """A bracketed description standing in for an unknown title: `[Report on ...]`."""
    value = value.strip()
    return value.startswith("[") and value.endswith("]")


def _check_title(value: str) -> str:
    if is_pseudo_title(value):
        raise RecordValueError("a bracketed description is not a title", PSEUDO_TITLE_HINT)
    return value


def editor_phrase(value: str) -> str | None:
    """The first editor phrase (EDITOR_PHRASES) in a note, or None."""
    folded = " ".join(value.casefold().split())
    return next((p for p in EDITOR_PHRASES if p in folded), None)


def _check_reader_note(value: str) -> str:
    phrase = editor_phrase(value)
    if phrase:
        raise RecordValueError(f"the note reads like a note for editors (“{phrase}”), but a"
                               " source's note is shown to readers", EDITOR_NOTE_HINT)
    return value


def short_link(url: str, limit: int = 60) -> str:
    """A URL as a reader can recognise it: host (no `www.`), path and query, shortened.

    `https://www.example.com/news/2024/02/some-long-slug?id=3` -> `example.com/news/…/some-long-slug?id=3`.
    What a title-less source is shown by, with its publisher and date.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    whole = host + path + query
    if len(whole) <= limit:
        return whole
    segments = [s for s in path.split("/") if s]
    tail = (segments[-1] if segments else "") + query
    if len(host) + len(tail) + 3 > limit:
        keep = max(limit - len(host) - 3, 12)
        tail = tail[: keep - 1] + "…" if len(tail) > keep else tail
    middle = "/…/" if len(segments) > 1 else "/"
    return host + middle + tail


class Source(Record):
    """One cited page, after Wikipedia's "cite web"."""

    url: WebUrl = Field(description="The page that was read.")
    title: Annotated[Line, AfterValidator(_check_title)] | None = Field(
        default=None,
        description="The page's own title, as published. Leave it out when it is unknown (never"
        " a description in brackets): the site then shows the publisher, date and link, marked"
        " \"title not recorded\".",
    )
    publisher: Line = Field(description="The original outlet or author.")
    kind: SourceKind = Field(
        description="official (EU institutions, governments, courts), company, press,"
        " analysis (law firms, think tanks, researchers), advocacy, reference."
    )
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = Field(
        description="ISO 639-1 code of the page's language, e.g. en, fr. Quote it: 'no'."
    )
    published: DateField | None = None
    accessed: DateField | None = Field(
        default=None, description="Only when someone read the live page on that day."
    )
    via: Line | None = Field(
        default=None, description="The site a copy was read on, when it is not the publisher."
    )
    via_reason: ShortText | None = Field(
        default=None,
        description="Why the copy named in `via` is cited rather than the original publication"
        " (e.g. the original is gone and not archived). Required for a host on the"
        " non-canonical list.",
    )
    archive_url: WebUrl | None = Field(
        default=None, description="Only an archived copy someone actually saved or checked."
    )
    quote: Annotated[ShortText, Field(max_length=300)] | None = Field(
        default=None, description="At most a short fragment where the exact wording matters."
    )
    note: Annotated[ShortText, AfterValidator(_check_reader_note)] | None = Field(
        default=None, description="For readers: what this source supports, e.g. \"Supports: the"
        " date and the amount\". Shown on the site and in the data."
    )
    editor_note: ShortText | None = Field(
        default=None, description="For editors only (how the source was found or checked);"
        " never shown on the site nor exported."
    )

    @model_validator(mode="after")
    def _reason_needs_via(self) -> Source:
        if self.via_reason is not None and self.via is None:
            raise RecordValueError("via_reason explains a copy named in `via`, and there is none",
                                   "add `via:` (the site the copy was read on) or remove via_reason")
        return self

    @property
    def title_recorded(self) -> bool:
        return self.title is not None

    def label(self) -> str:
        """What the source is called in running text: its title, or its shortened link."""
        return self.title if self.title is not None else short_link(self.url)

    def metadata(self) -> dict[str, Any]:
        """What must agree wherever the same URL is cited."""
        return self.model_dump(include={"title", "publisher", "kind", "language", "published"})


# ---------------------------------------------------------------------------------------
# Event parts

EventKind = Literal[
    # EU legislative steps
    "proposal",
    "opinion",
    "position",
    "trilogue",
    "political-agreement",
    "committee-vote",
    "plenary-vote",
    "adoption",
    "signature",
    "publication",
    "corrigendum",
    "entry-into-force",
    "application-date",
    # implementation
    "institution",
    "guidance",
    "code-of-practice",
    "consultation",
    # companies and money
    "founding",
    "funding-round",
    "investment",
    "partnership",
    "contract",
    "infrastructure",
    "product-release",
    "market",
    # scrutiny and debate
    "regulatory-review",
    "statement",
    "letter",
    "report",
    "meeting",
    "other",
]
EVENT_KINDS: tuple[str, ...] = EventKind.__args__  # type: ignore[attr-defined]
LEGISLATIVE_KINDS = frozenset(EVENT_KINDS[:13])

Status = Literal["happened", "scheduled", "rescheduled", "cancelled"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
Weights = Literal["open", "closed", "mixed"]
WEIGHTS: tuple[str, ...] = Weights.__args__  # type: ignore[attr-defined]
Verification = Literal["verified", "partial"]
VERIFICATIONS: tuple[str, ...] = Verification.__args__  # type: ignore[attr-defined]

RelationType = Literal[
    "follows",
    "responds-to",
    "amends",
    "implements",
    "reschedules",
    "part-of",
    "same-day-as",
    "announces",
    "closes",
    "see-also",
]
RELATION_TYPES: tuple[str, ...] = RelationType.__args__  # type: ignore[attr-defined]

MONEY_KINDS = ("funding-round", "investment")
"""Kinds of event whose `money` is raised by someone: counted in funding charts and totals."""
RAISER_ROLE = re.compile(r"rais|borrow|receiv", re.IGNORECASE)
"""A participant's role that says it raises the money: "company raising funds", "borrower",
"company receiving the investment" (not a lender, an investor or a supplier)."""

OBLIGATION_KINDS = frozenset({"application-date"})
"""Kinds of event that are dated obligations: listed in a thread's "What applies when"."""
APPLIES_TO_MAX = 120

Citations = Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]


class Participant(Record):
    """An entity with its role in this one event (the role lives on the link)."""

    entity: Slug
    role: Annotated[Line, Field(max_length=80)] = Field(
        description="e.g. lead investor, co-legislator, regulator, signatory."
    )


class Relation(Record):
    """A typed link to another event; the other page shows it as a backlink."""

    type: RelationType
    event: EventId
    note: Line | None = None


class Reschedule(Record):
    """An earlier date a deadline had, and what moved it."""

    was: DateField = Field(description="The date the deadline had before.")
    changed_by: EventId | None = Field(
        default=None, description="The event that moved the deadline."
    )
    note: ShortText | None = None
    cite: Citations | None = Field(
        default=None, description="Numbers of this event's sources that say so."
    )


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, as reported.")]


ValuationBasis = Literal["pre-money", "post-money", "unspecified"]
VALUATION_BASES: tuple[str, ...] = ValuationBasis.__args__  # type: ignore[attr-defined]
Instrument = Literal["equity", "debt", "convertible", "equity-and-debt", "grant", "other"]
INSTRUMENTS: tuple[str, ...] = Instrument.__args__  # type: ignore[attr-defined]


class Valuation(Record):
    amount: Annotated[float, Field(gt=0)] | Annotated[int, Field(gt=0)]
    currency: Currency
    basis: ValuationBasis = "unspecified"
    approximate: bool = False


class Money(Record):
    """An amount as reported: currency kept, flags honest."""

    amount: Annotated[int, Field(gt=0)] | Annotated[float, Field(gt=0)]
    currency: Currency
    approximate: bool = False
    at_least: bool = False
    instrument: Instrument | None = None
    valuation: Valuation | None = None
    lead_investors: list[Slug] = []
    investors: list[Slug] = []
    raised_by: Slug | None = Field(
        default=None, description="Who raises the money (the company, the borrower), when no"
        " participant's role says so (\"company raising funds\", \"borrower\", \"company"
        " receiving the investment\").",
    )
    note: ShortText | None = None


class Vote(Record):
    body: Line = Field(description="Who voted, e.g. European Parliament plenary.")
    for_: Annotated[int, Field(ge=0, alias="for")] = Field(alias="for")
    against: Annotated[int, Field(ge=0)]
    abstentions: Annotated[int, Field(ge=0)] | None = None

    model_config = ConfigDict(
        strict=True, frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )


CELEX_PATTERN = r"^[0-9CE][0-9]{4}[A-Z]{1,2}[0-9A-Z()_]{1,12}$"
PROCEDURE_PATTERN = r"^\d{4}/\d{4}\((COD|NLE|CNS|APP|INI|RSP|BUD)\)$"
COM_PATTERN = r"^(COM|SEC|SWD|C)\(\d{4}\) ?\d{1,5}( final)?$"


class Legal(Record):
    """Official identifiers; the site turns each into its canonical link."""

    celex: Annotated[str, Field(pattern=CELEX_PATTERN)] | None = Field(
        default=None, description="EUR-Lex CELEX number, e.g. 32024R1689."
    )
    eli: WebUrl | None = Field(default=None, description="European Legislation Identifier URI.")
    procedure: Annotated[str, Field(pattern=PROCEDURE_PATTERN)] | None = Field(
        default=None, description="Procedure reference, e.g. 2021/0106(COD)."
    )
    com: Annotated[str, Field(pattern=COM_PATTERN)] | None = Field(
        default=None, description="Commission document number, e.g. COM(2021) 206 final."
    )
    oj: Line | None = Field(default=None, description="Official Journal reference.")
    articles: list[Annotated[Line, Field(max_length=40)]] = []
    version: Line | None = Field(
        default=None, description="The text version the article numbers refer to."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Legal:
        if not self.model_fields_set:
            raise ValueError("give at least one identifier (celex, eli, procedure, com or oj)")
        return self


class Claim(Record):
    value: Line
    cite: Citations


DISAGREEMENT_WORDS: dict[str, str] = {
    "date": N_("the date"),
    "end": N_("the end date"),
    "title": N_("what happened"),
    "status": N_("whether it took place"),
    "money": N_("the money"),
    "money.amount": N_("the amount"),
    "money.currency": N_("the currency"),
    "money.instrument": N_("the kind of financing"),
    "money.valuation": N_("the valuation"),
    "money.lead_investors": N_("the lead investors"),
    "money.investors": N_("the investors"),
    "votes": N_("the vote"),
    "participants": N_("who took part"),
    "valuation": N_("the valuation"),
    "amount": N_("the amount"),
}
"""Reader words for a disagreement's `field` when it names a record field: the one place
that turns `money.valuation` into "the valuation" (English message ids of the catalogs,
translated where shown). Other fields are already words."""


def disagreement_words(field: str) -> str:
    """What sources disagree on, as a reader reads it ("money.valuation" -> "the valuation")."""
    return DISAGREEMENT_WORDS.get(field.strip().casefold(), field)


class Disagreement(Record):
    """Sources that disagree: every value is kept with who says it."""

    field: Annotated[Line, Field(max_length=80)] = Field(
        description="What they disagree on, e.g. date, money.amount, valuation."
    )
    values: Annotated[list[Claim], Field(min_length=2)]
    note: ShortText | None = None


# ---------------------------------------------------------------------------------------
# Translations: a record's reader text in another language, kept in the same record

LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1, e.g. fr.")]
SourceHash = Annotated[str, Field(pattern=r"^[0-9a-f]{10}$", description="Written by"
                                  " `policy-timeline translations --stamp`: a hash of the"
                                  " English text this translation was made from.")]
Position = Annotated[str, Field(pattern=r"^[1-9][0-9]*$",
                                description="The item's number in its list, from 1.")]


class NoteTranslation(Record):
    note: ShortText


class DisagreementTranslation(Record):
    field: Annotated[Line, Field(max_length=80)] | None = None
    note: ShortText | None = None
    values: dict[Position, Line] = Field(
        default={}, description="The claimed values in words, by number (dates and amounts"
        " written as the language writes them).")


class RoleTranslation(Record):
    role: Annotated[Line, Field(max_length=80)]


class VoteTranslation(Record):
    body: Line


class EventTranslation(Record):
    """An event's reader text in one language; dates, amounts, sources and ids are shared."""

    title: Line | None = None
    summary: Markdown | None = None
    caveat: ShortText | None = None
    applies_to: Annotated[Line, Field(max_length=APPLIES_TO_MAX)] | None = None
    licence: Line | None = None
    participants: dict[Position, RoleTranslation] = Field(
        default={}, description="Participants' roles, by participant number.")
    votes: dict[Position, VoteTranslation] = {}
    sources: dict[Position, NoteTranslation] = Field(
        default={}, description="Reader notes of sources, by source number.")
    disagreements: dict[Position, DisagreementTranslation] = {}
    schedule_history: dict[Position, NoteTranslation] = {}
    relations: dict[Position, NoteTranslation] = {}
    money: NoteTranslation | None = None
    source_hash: SourceHash | None = None


class EntityTranslation(Record):
    name: Line | None = None
    short_name: Line | None = None
    description: ShortText | None = None
    source_hash: SourceHash | None = None


class ThreadTranslation(Record):
    title: Line | None = None
    short_title: Annotated[Line, Field(max_length=40)] | None = None
    introduction: Markdown | None = None
    source_hash: SourceHash | None = None


# ---------------------------------------------------------------------------------------
# Event


class Event(Record):
    """One dated, sourced fact. Its id is its file name."""

    id: EventId = Field(
        default="", description="Optional: the file name without .yaml; must match it."
    )
    title: Line
    date: DateField
    qualifier: Qualifier | None = Field(default=None, description="circa, before or after.")
    end: DateField | None = Field(default=None, description="Last day of a period.")
    kind: EventKind
    status: Status = "happened"
    schedule_history: list[Reschedule] = []
    last_verified: DateField | None = Field(
        default=None, description="When a scheduled date was last checked against its sources."
    )
    applies_to: Annotated[Line, Field(max_length=APPLIES_TO_MAX)] | None = Field(
        default=None, description="For an application date: to whom or what the rules that"
        " start to apply then apply, in a few words (e.g. \"providers of general-purpose AI"
        " models\"). Shown in the \"What applies when\" table.",
    )
    key: bool = Field(
        default=False, description="A turning point of its story: labelled on the timeline"
        " strip and emphasised in lists. Mark few events (a handful per thread).",
    )
    threads: list[Slug] = []
    participants: list[Participant] = []
    summary: Markdown = Field(description="Own words, with numbered citations like [1].")
    sources: Annotated[list[Source], Field(min_length=1)]
    relations: list[Relation] = []
    money: Money | None = None
    votes: list[Vote] = []
    legal: Legal | None = None
    licence: Line | None = Field(default=None, description="For product releases.")
    weights: Weights | None = Field(
        default=None, description="For model releases: are the weights published?"
    )
    disagreements: list[Disagreement] = []
    verification: Verification = "verified"
    caveat: ShortText | None = Field(
        default=None, description="What is only partly verified, or what to read with care."
    )
    tags: list[Slug] = []
    translations: dict[LanguageCode, EventTranslation] = Field(
        default={}, description="The reader text in other languages, by language code.")

    @property
    def when(self) -> PartialDate:
        return self.date.with_qualifier(self.qualifier)

    def citation_numbers(self) -> set[int]:
        """Every source number the record cites, in the summary or elsewhere."""
        numbers = {int(n) for n in CITATION.findall(self.summary)}
        for item in self.schedule_history:
            numbers.update(item.cite or [])
        for d in self.disagreements:
            for claim in d.values:
                numbers.update(claim.cite)
        return numbers

    def raisers(self) -> tuple[str, ...]:
        """Who raises this event's money: `money.raised_by`, else the participants whose
        role says so; none for an event that is not a funding round or an investment."""
        m = self.money
        if m is None or self.kind not in MONEY_KINDS:
            return ()
        if m.raised_by is not None:
            return (m.raised_by,)
        funders = set(m.lead_investors) | set(m.investors)
        return tuple(p.entity for p in self.participants
                     if p.entity not in funders and RAISER_ROLE.search(p.role)
                     and "investor" not in p.role.casefold())

    def entity_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(location, entity id) of every entity the record names."""
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("participants", i, "entity"), p.entity) for i, p in enumerate(self.participants)
        ]
        if self.money:
            for key in ("lead_investors", "investors"):
                refs += [(("money", key, i), e) for i, e in enumerate(getattr(self.money, key))]
            if self.money.raised_by is not None:
                refs.append((("money", "raised_by"), self.money.raised_by))
        return refs

    def event_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(location, event id) of every other event the record names."""
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("relations", i, "event"), r.event) for i, r in enumerate(self.relations)
        ]
        refs += [
            (("schedule_history", i, "changed_by"), h.changed_by)
            for i, h in enumerate(self.schedule_history)
            if h.changed_by
        ]
        return refs

    def rule_problems(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """(location, message, hint) for each rule that spans several fields of the record."""
        out: list[tuple[tuple[str | int, ...], str, str]] = []
        if self.end is not None and self.end.last_day() < self.date.first_day():
            out.append((("end",), f"end {self.end.iso()} is before date {self.date.iso()}",
                        "swap the two dates, or fix the one that is wrong"))
        if self.status == "rescheduled" and not self.schedule_history:
            out.append((("status",), "status rescheduled needs a schedule_history",
                        "add schedule_history: [{was: <earlier date>, changed_by: <event id>}]"))
        if self.status == "scheduled" and self.schedule_history:
            out.append((("status",), "a deadline with a schedule_history is not just scheduled",
                        "use status: rescheduled"))
        if self.applies_to is not None and self.kind not in OBLIGATION_KINDS:
            out.append((("applies_to",), f"applies_to is for dated obligations (kind"
                        f" {', '.join(sorted(OBLIGATION_KINDS))}), not a {self.kind}",
                        "remove applies_to, or change the kind if the event is the date"
                        " rules start to apply"))
        markers = {int(n) for n in CITATION.findall(self.summary)}
        if not markers:
            out.append((("summary",), "the summary cites no source",
                        "add a marker like [1] after the sentence the first source supports"))
        cited = self.citation_numbers()
        for n in sorted(cited):
            if n > len(self.sources):
                out.append((("summary",), f"citation [{n}] has no source (the record lists"
                            f" {len(self.sources)})", "add the source or fix the number"))
        for n in sorted(set(range(1, len(self.sources) + 1)) - cited):
            out.append((("sources", n - 1), f"source {n} ({self.sources[n - 1].publisher})"
                        " is never cited", f"add [{n}] to the summary, or remove the source"))
        return out


# ---------------------------------------------------------------------------------------
# Registries

EntityType = Literal[
    "company", "investor", "institution", "government", "person", "law", "model",
    "organisation", "political-group", "country",
]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]


class Entity(Record):
    """An organisation, person, institution, law or product, named by events."""

    id: Slug = Field(default="", description="Set from the registry key.")
    name: Line
    type: EntityType
    description: ShortText = Field(description="One paragraph, in own words.")
    short_name: Line | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$|^EU$")] | None = None
    url: WebUrl | None = None
    wikidata: Annotated[str, Field(pattern=r"^Q\d+$")] | None = None
    legal: Legal | None = None
    part_of: Slug | None = None
    translations: dict[LanguageCode, EntityTranslation] = {}


class Thread(Record):
    """A storyline events belong to."""

    id: Slug = Field(default="", description="Set from the registry key.")
    title: Line
    short_title: Annotated[Line, Field(max_length=40)] | None = Field(
        default=None, description="A few words for tight places, e.g. the lane labels of the"
        " interactive view (\"EU AI Act\"); default: the title.")
    introduction: Markdown
    order: int = 100
    translations: dict[LanguageCode, ThreadTranslation] = {}


# ---------------------------------------------------------------------------------------
# Settings of a records folder (settings.yaml at its top)

HOST_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
NonCanonicalKind = Literal["mirror", "aggregator", "reprint", "staging", "development"]
NON_CANONICAL_KINDS: tuple[str, ...] = NonCanonicalKind.__args__  # type: ignore[attr-defined]

Host = Annotated[str, Field(pattern=HOST_PATTERN, max_length=253, description="A host name in lowercase, e.g."
                            " pubt.io; its subdomains are included, a leading www. is ignored.")]


def host_key(host: str) -> str:
    """A host as the list compares it: lowercase, without a trailing dot or leading `www.`."""
    return host.lower().rstrip(".").removeprefix("www.")


class NonCanonicalHost(Record):
    """A host whose pages are copies (mirrors, aggregators, reprints) or unpublished
    (staging and development servers): cite the original publication instead."""

    host: Host
    kind: NonCanonicalKind = Field(description="mirror, aggregator, reprint, staging or"
                                   " development.")
    own_publishers: list[Line] = Field(
        default=[], description="Publishers whose own articles on this host are originals, not"
        " reprints (e.g. Daily Mail on dailymail.co.uk): a source with one of these publishers"
        " is not flagged.")
    note: ShortText | None = Field(default=None, description="Why the host is on the list.")

    def matches(self, hostname: str) -> bool:
        mine, theirs = host_key(self.host), host_key(hostname)
        return theirs == mine or theirs.endswith("." + mine)

    def flags(self, source: Source) -> bool:
        """Whether citing `source` here needs a reason (`via` and `via_reason`)."""
        if not self.matches(urlsplit(source.url).hostname or ""):
            return False
        own = {p.casefold() for p in self.own_publishers}
        return source.publisher.casefold() not in own


class Settings(Record):
    """Settings of a records folder, read from `settings.yaml` at its top."""

    non_canonical_hosts: list[NonCanonicalHost] = Field(
        default=[], description="Mirrors, aggregators, reprints, staging and development hosts."
        " `check` warns on a citation to one unless the source names the copy in `via` and"
        " says in `via_reason` why it is all there is.")

    def hosts(self) -> list[NonCanonicalHost]:
        return list(self.non_canonical_hosts)

    def duplicates(self) -> list[int]:
        """Positions of entries whose host an earlier entry already lists."""
        seen: set[str] = set()
        out = []
        for i, item in enumerate(self.non_canonical_hosts):
            key = host_key(item.host)
            if key in seen:
                out.append(i)
            seen.add(key)
        return out

    def non_canonical(self, source: Source) -> NonCanonicalHost | None:
        """The list entry that flags `source`, or None."""
        return next((h for h in self.non_canonical_hosts if h.flags(source)), None)
