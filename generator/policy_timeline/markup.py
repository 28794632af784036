"""Text for generated pages: what the templates cannot do themselves.

The templates escape HTML (Jinja's autoescape). What is left here:

- Record summaries are Markdown: `summary(md, cite=...)` makes one safe before it is
  converted (once per record, by `markdown_converter` or the site's own Markdown): only
  paragraphs, lists, emphasis and links are kept, everything else is escaped as the
  characters it is (`text`: HTML entities for `& < > " '` and for every character
  Markdown or its common extensions give a meaning), and the citation markers `[n]`
  become links. `h(template, *args)` builds such Markdown from pieces (`str.format`,
  every argument not `Safe` through `text`).
- `url(u)` lets through only absolute http(s) URLs with a host.
- One plain-text conversion (`plain_text`, `plain`, `first_sentence`) for descriptions,
  feeds, calendars and data files.
- `cut`, `plural`, `paragraph_list` for the contexts; `html_text` for the front matter a
  theme prints raw.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable
from urllib.parse import urlsplit

from markupsafe import escape as _html_escape

from .models import CITATION

__all__ = [
    "Safe",
    "first_sentence",
    "one_line",
    "h",
    "plain",
    "plain_text",
    "relative_links",
    "summary",
    "text",
    "url",
    "cut",
    "plural",
    "slug",
    "paragraph_list",
    "markdown_converter",
    "html_text",
]


class Safe(str):
    """Text already safe to put in a generated page; the helpers never escape it again."""

    __slots__ = ()


# Every character with a meaning in HTML, in Python-Markdown or in the extensions a site
# may enable (attr_list, footnotes, tables, abbr, def_list, pymdownx: caret, mark, tilde,
# arithmatex, emoji, critic, keys...). `:` and `-` only matter at the start of a line.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
}
_MARKDOWN = "\\`*_{}[]()#|!$~^=+@"
# `&` first, then `#`: the entities written for the other characters hold both.
_ESCAPES = tuple(
    (c, _ENTITIES.get(c) or f"&#{ord(c)};")
    for c in ["&", "#", *(c for c in [*_ENTITIES, *_MARKDOWN] if c not in "&#")]
)
# The summary keeps emphasis (`*`, `_`) and list markers; everything else is escaped.
_SUMMARY_ESCAPES = tuple((c, e) for c, e in _ESCAPES if c not in "*_+")


def _escape(value: str, escapes: tuple[tuple[str, str], ...] = _ESCAPES) -> str:
    # A chain of str.replace: many times faster than a translation table here.
    for char, entity in escapes:
        if char in value:
            value = value.replace(char, entity)
    return value
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_LEADING_MARK = re.compile(r"^([-:])")
_LEADING_NUMBER = re.compile(r"^(\d+)\.")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def _lead(value: str) -> str:
    """Neutralise what starts a block when it begins a line: `- `, `: `, `1. `."""
    value = _LEADING_MARK.sub(lambda m: f"&#{ord(m[1])};", value)
    return _LEADING_NUMBER.sub(r"\1&#46;", value)


def text(value: object) -> Safe:
    """Inline text, safe in Markdown, in raw HTML and in attribute values; one line."""
    if isinstance(value, Safe):
        return value
    return _text(str(value))


@lru_cache(maxsize=65536)
def _text(value: str) -> Safe:
    # Only called with plain str (never Safe): a Safe key would compare equal to the str.
    if "  " in value or "\n" in value or "\t" in value or "\r" in value or "\f" in value or "\v" in value:
        value = _SPACE.sub(" ", value)
    value = _escape(value.strip())
    if value and (value[0] in "-:" or value[0].isdigit()):
        value = _lead(value)
    return Safe(value)


_WEB_URL = re.compile(r"^https?://[^\s/?#\\@]+(?:[/?#]|$)", re.IGNORECASE)
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\\<>\"`\u202a-\u202e\u2066-\u2069]")


def url(value: str) -> Safe:
    """An external URL for an `href`: absolute http(s) with a host, else ValueError.

    Records were checked with `models.check_web_url` when loaded; this cheaper check
    stands guard again where URLs meet HTML, so nothing else can reach an href.
    """
    if not _WEB_URL.match(value) or _URL_FORBIDDEN.search(value):
        raise ValueError(f"not an http(s) URL: {value[:60]!r}")
    return text(value)


_RELATIVE = re.compile(r"^[A-Za-z0-9._~/%-]*(?:#[A-Za-z0-9._~%-]*)?$")


def h(template: str, *args: object, **kwargs: object) -> Safe:
    """`template.format(...)` with every non-`Safe` argument escaped by `text`."""
    if kwargs:
        return Safe(template.format(*map(text, args), **{k: text(v) for k, v in kwargs.items()}))
    return Safe(template.format(*map(text, args)))


# ---------------------------------------------------------------------------------------
# Summaries: a small, safe subset of Markdown

# [text](target) or [text](target "title"); the loader already refused other schemes.
_LINK = re.compile(
    r"\[(?P<label>[^\[\]\n]*)\]\(\s*<?(?P<target>[^()\s<>]*)>?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_TOKEN = re.compile(f"{_LINK.pattern}|{CITATION.pattern}")
_SETEXT = re.compile(r"^([=-])(?=[=\s-]*$)")
_LINE_START = re.compile(r"^(?:[:]|\d+\.(?=\s|$))")

Cite = Callable[[int], "Safe | None"]


def _summary_text(value: str) -> str:
    return _escape(value, _SUMMARY_ESCAPES)


def _summary_link(label: str, target: str) -> Safe:
    try:
        if urlsplit(target).scheme:
            return h('<a href="{}" rel="noopener nofollow">{}</a>', url(target), label)
        if target and not target.startswith("//") and _RELATIVE.match(target):
            return h("[{}]({})", label, Safe(target))
    except ValueError:
        pass
    return text(f"{label} ({target})")


def _summary_line(line: str, cite: Cite | None) -> str:
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(line):
        out.append(_summary_text(line[pos:match.start()]))
        if match["target"] is not None or match["label"] is not None:
            out.append(_summary_link(match["label"] or "", match["target"] or ""))
        else:
            number = int(match[match.lastindex or 0])
            marker = cite(number) if cite else None
            out.append(marker if marker is not None else text(f"[{number}]"))
        pos = match.end()
    out.append(_summary_text(line[pos:]))
    result = "".join(out)
    result = _SETEXT.sub(lambda m: f"&#{ord(m[1])};", result)
    # an ordered list item or a definition would renumber or restyle the text: keep as is
    return _LINE_START.sub(lambda m: m[0].replace(".", "&#46;").replace(":", "&#58;"), result)


def relative_links(md: str) -> list[tuple[int, str, bool]]:
    """(offset, target, kept) of each relative link in a record's Markdown, as `summary`
    reads it: `kept` when the page keeps it as a Markdown link (which MkDocs then checks
    and rewrites), false when its target is shown as text instead (spaces, `//`...)."""
    out = []
    for match in _LINK.finditer(str(md)):
        target = match["target"] or ""
        if urlsplit(target).scheme:
            continue
        kept = bool(target) and not target.startswith("//") and bool(_RELATIVE.match(target))
        out.append((match.start(), target, kept))
    return out


def summary(md: str, cite: Cite | None = None) -> Safe:
    """A record's Markdown made safe: paragraphs, `-`/`*` lists, emphasis and links.

    Raw HTML, images, headings, tables, code, footnotes and attribute lists are shown as
    the characters they are. External links get `rel="noopener nofollow"`; relative links
    stay Markdown links, which MkDocs checks. Each citation marker `[n]` becomes
    `cite(n)` (a `Safe` fragment), or the escaped text `[n]` when `cite` is None or
    returns None.
    """
    lines = [line.strip() for line in str(md).strip().splitlines()]
    return Safe("\n".join(_summary_line(line, cite) for line in lines))


# ---------------------------------------------------------------------------------------
# Plain text from Markdown (descriptions, first sentences)

# The same reading as `summary`, which is what the site shows: inline links keep their
# label, markers `[n]` are citations (even side by side: `[1][2]` is never a reference
# link, which `summary` does not render either), `*`/`_` are emphasis only when they
# wrap words (`*word*`, `**bold**`), never in `7*7`, `2 * 3` or `snake_case`.
_PLAIN_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(\s*<?[^()\s<>]*>?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_PLAIN_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_PLAIN_CITES = re.compile(r"[ \t]*" + CITATION.pattern)
_PLAIN_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE)
_PLAIN_EMPHASIS = re.compile(r"(?<![\w*`])(\*\*|__|\*|_|`)(?![\s*_`])(.+?)(?<![\s*_`\\])\1(?![\w*`])")
_ABBREVIATIONS = ("e.g.", "i.e.", "c.", "cf.", "vs.", "etc.", "no.", "art.", "mr.", "ms.",
                  "dr.", "st.", "inc.", "ltd.", "co.", "corp.", "jr.", "sr.")
_SENTENCE_END = re.compile(r"[.!?](?=[\"'”’)]*\s+[\"'“‘(]*[A-Z0-9])")


def plain_text(md: str, *, markers: bool = False, paragraphs: bool = True) -> str:
    """The words of a record's Markdown, as a reader of its page sees them: links reduced
    to their text, emphasis markers dropped, list bullets removed, whitespace collapsed.

    Citation markers `[n]` are dropped unless `markers` is true. With `paragraphs`, the
    paragraphs (blank lines) stay apart as one blank line; without, it is all one line.
    The one plain-text conversion of the project (pages, feeds, calendars, data files).
    Not escaped: pass it through `text`, or the escaper of the target format.
    """
    value = str(md).replace("\r\n", "\n").replace("\r", "\n")
    value = _PLAIN_BULLET.sub("", value)
    if "](" in value:
        value = _PLAIN_LINK.sub(r"\1", value)
    if "<" in value:
        value = _PLAIN_AUTOLINK.sub(r"\1", value)
    if not markers and "[" in value:
        value = _PLAIN_CITES.sub("", value)
    if "*" in value or "_" in value or "`" in value:
        # twice: emphasis inside emphasis (`**bold *and* more**`)
        value = _PLAIN_EMPHASIS.sub(r"\2", _PLAIN_EMPHASIS.sub(r"\2", value))
    if not paragraphs:
        return _SPACE.sub(" ", value).strip()
    parts = (_SPACE.sub(" ", p).strip() for p in _BLANK_LINES.split(value))
    return "\n\n".join(p for p in parts if p)


def plain(md: str) -> str:
    """`plain_text` on one line, without markers: descriptions and first sentences."""
    return plain_text(md, paragraphs=False)


def first_sentence(md: str, limit: int = 300) -> str:
    """The first sentence of a Markdown text, as plain text (not escaped)."""
    value = plain(md)
    for match in _SENTENCE_END.finditer(value):
        end = match.end()
        word = value[:end].rsplit(" ", 1)[-1].lower().lstrip("([\"'“‘")
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", word):
            continue
        value = value[:end]
        break
    if len(value) > limit:
        value = value[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return value


LINE_LIMIT = 160
"""About how long the one-line summary under a title in an event list may be."""


def one_line(md: str, limit: int = LINE_LIMIT) -> str:
    """The line under an event's title in a list: the first sentence of its summary as
    plain text (citation markers dropped), cut at a word before `limit` characters with "…"
    when longer. Not escaped."""
    return first_sentence(md, limit)


# ---------------------------------------------------------------------------------------
# For the templates (which escape by themselves): plain values, never HTML


def paragraph_list(value: object) -> list[str]:
    """The paragraphs (blank-line separated) of a plain text, each on one line; not escaped."""
    return [" ".join(p.split()) for p in _BLANK_LINES.split(str(value).strip()) if p.strip()]


def cut(value: str, limit: int) -> str:
    """`value` on one line, cut at a word before `limit` characters, with "…"."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def slug(value: str, limit: int = 40) -> str:
    """ASCII letters and digits joined by `-`, at most `limit` long (element ids)."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def plural(n: int, word: str, plural: str | None = None) -> str:
    """ "1 event", "3 events", "2 entities" (with `plural`)."""
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def html_text(value: object) -> str:
    """Text for an HTML page outside the templates (front matter a theme prints raw)."""
    return str(_html_escape(str(value)))


Markdown = Callable[[str], str]
"""Markdown -> HTML: what converts record summaries (once per record) and the home intro."""

DEFAULT_EXTENSIONS = ("toc", "tables", "attr_list", "def_list")


def markdown_converter(extensions: object = DEFAULT_EXTENSIONS,
                       configs: object = None) -> Markdown:
    """A Markdown -> HTML function from Python-Markdown with `extensions` and their
    `configs` (a site's `markdown_extensions` and `mdx_configs`)."""
    import markdown as _markdown  # imported when a page needs it, not at start-up

    md = _markdown.Markdown(extensions=list(extensions),  # type: ignore[call-overload]
                            extension_configs=dict(configs or {}))  # type: ignore[call-overload]

    def convert(source: str) -> str:
        return md.reset().convert(source)

    return convert


def site_converter(extensions: object, configs: object = None) -> Markdown:
    """Markdown -> HTML with a site's `markdown_extensions` and `mdx_configs`, for record text:
    the `toc` extension writes no permalink there (the page adds them to all its headings)."""
    configs = dict(configs or {})  # type: ignore[call-overload]
    if "toc" in configs:
        configs["toc"] = {**configs["toc"], "permalink": False}
    return markdown_converter(extensions, configs)


def extension_settings(entries: object) -> tuple[list[str], dict[str, object]]:
    """(names, configs) of a `markdown_extensions` list as mkdocs.yml writes it: names, or
    one-key mappings {name: config}."""
    names: list[str] = []
    configs: dict[str, object] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, config in entry.items():
                names.append(str(name))
                if isinstance(config, dict):
                    configs[str(name)] = config
    return names, configs

