"""Property-based tests (hypothesis): what must hold for every input, not just the examples.

1. The loader, given any text or bytes (YAML fragments, mutated records, random bytes),
   returns records or clean located `Problem`s: never an exception.
2. Partial dates sort in a total order consistent with how they are shown.
3. Rendering any valid catalog, whatever its text, gives Markdown from which no HTML
   element, attribute or script comes from record text.

Settings are bounded and derandomised (no example database), so CI is fast and stable.
"""

from __future__ import annotations

import html.parser
import re
import string
import calendar
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from policy_timeline.catalog import check_folder
from policy_timeline.dates import PRECISIONS, QUALIFIERS, PartialDate
from policy_timeline.errors import Problem
from policy_timeline.options import SiteOptions

from .conftest import TODAY

ROOT = Path(__file__).resolve().parents[1]

BOUNDED = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# ---------------------------------------------------------------------------------------
# 1. The loader never raises

REGISTRIES = {
    "entities.yaml": "mistral-ai:\n  name: Mistral AI\n  type: company\n  description: A company.\n",
    "threads.yaml": "azure-deal:\n  title: The deal\n  introduction: The deal.\n",
}

VALID_EVENT = """\
title: A test event
date: 2024-03-01
kind: statement
threads: [azure-deal]
participants:
  - entity: mistral-ai
    role: speaker
summary: |
  Something was said [1].
sources:
  - url: https://example.org/a
    title: A page
    publisher: Example News
    kind: press
    language: en
    published: 2024-02-29
money: {amount: 5, currency: EUR}
"""

KEYS = [
    "title", "date", "end", "kind", "status", "threads", "participants", "entity", "role",
    "summary", "sources", "url", "archive_url", "publisher", "language", "published",
    "relations", "type", "event", "money", "amount", "currency", "votes", "for", "against",
    "legal", "eli", "celex", "disagreements", "values", "cite", "schedule_history", "was",
    "qualifier", "id", "tags", "<<", "? [a]", "&a key", "*a", "'quoted'", '"dq"', "", "-",
    "titel", "ключ", "\u202ekey", "a" * 70,
]
VALUES = [
    "", "x", "A title", "2024", "2024-02", "2024-02-29", "2023-02-29", "2024-13-01", "0000",
    "2024-02-26T10:00:00", "[", "]", "{", "}", "[a, b]", "{a: 1}", "|", ">", "|-", "&a x",
    "*a", "&a", "!!python/object/apply:os.system [ls]", "!!binary aGk=", "!!set {a}",
    "!!str 1", "!local x", "~", "null", "yes", "no", "on", ".nan", "-.inf", "0x1F", "1e400",
    "-1", "1_000", "'unterminated", '"esc \\x00"', '"\\e[31m"', '"\\u202e"', "%TAG ! x",
    "---", "...", "# comment", "javascript:alert(1)", "[x](javascript:alert(1))",
    "https://example.org/a", "//evil.example", "mistral-ai", "azure-deal", "statement",
    "press", "en", "[1]", "<zzpayload>", "\t", "\ufeff", "\u00e9", "\U0001f4a5",
]


@st.composite
def yamlish_text(draw) -> str:
    """Lines of `indent [- ]key: value`, from field names, YAML syntax and traps."""
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        indent = draw(st.sampled_from(["", "  ", "    ", "      ", "\t", " "]))
        dash = draw(st.sampled_from(["", "", "- "]))
        key = draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)))
        value = draw(st.one_of(st.sampled_from(VALUES), st.text(max_size=12)))
        sep = draw(st.sampled_from([": ", ":", " : ", ""]))
        lines.append(f"{indent}{dash}{key}{sep}{value}")
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(st.sampled_from(["", "\n"]))


@st.composite
def mutated_record(draw) -> str:
    """A valid record with a few random edits: near-valid input explores the checks."""
    text = VALID_EVENT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 12))
        insert = draw(st.one_of(st.sampled_from(VALUES + KEYS + ["\n", "\n  ", ": "]),
                                st.text(max_size=6)))
        text = text[:at] + insert + text[at + cut:]
    return text


def _contents():
    return st.one_of(
        yamlish_text(),
        mutated_record(),
        st.binary(max_size=300),
        st.text(max_size=300),
    )


CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_loader_gives_records_or_located_problems_never_an_exception(tmp_path: Path) -> None:
    root = tmp_path / "events"
    for name, text in REGISTRIES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    target = root / "2024" / "2024-03-01-fuzz.yaml"
    target.parent.mkdir()

    @BOUNDED
    @given(_contents())
    def run(content: str | bytes) -> None:
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        target.write_bytes(data)
        catalog, problems = check_folder(root, today=TODAY)  # must not raise
        note(repr(content))
        assert all(isinstance(p, Problem) for p in problems)
        errors = [p for p in problems if p.severity == "error"]
        assert (catalog is None) == bool(errors)
        n_lines = data.count(b"\n") + 1
        for p in problems:
            assert p.path.endswith(("2024-03-01-fuzz.yaml", "entities.yaml", "threads.yaml"))
            assert p.line >= 1 and p.column >= 1, p
            if p.path.endswith("fuzz.yaml"):
                assert p.line <= n_lines + 1, (p, n_lines)
            assert p.message.strip(), p
            # whatever the file holds, a report line cannot carry control characters
            assert not CONTROL.search(str(p).replace("\n    hint:", " hint:")), repr(str(p))
        if catalog is not None:
            assert [e.id for e in catalog.events] == ["2024-03-01-fuzz"]

    run()


# ---------------------------------------------------------------------------------------
# 2. Partial dates: a total order consistent with display


@st.composite
def partial_dates(draw, qualifiers: bool = True) -> PartialDate:
    year = draw(st.one_of(st.integers(2022, 2026), st.sampled_from([1, 1999, 2000, 9999])))
    precision = draw(st.sampled_from(PRECISIONS))
    qualifier = draw(st.sampled_from([None, *QUALIFIERS])) if qualifiers else None
    if precision == "year":
        return PartialDate(year, qualifier=qualifier)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month, qualifier=qualifier)
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year, month, day, qualifier=qualifier)


@BOUNDED
@given(partial_dates(), partial_dates())
def test_equal_display_iff_equal_sort_key(a: PartialDate, b: PartialDate) -> None:
    assert (a.display() == b.display()) == (a.sort_key() == b.sort_key())
    assert (a.display() == b.display()) == (a == b)


@BOUNDED
@given(partial_dates(), partial_dates())
def test_comparisons_are_a_total_order(a: PartialDate, b: PartialDate) -> None:
    # exactly one of <, ==, > (trichotomy), and the operators agree with each other
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)
    assert (a < b) == (b > a)
    assert not (a < b and b < a)  # antisymmetry


@BOUNDED
@given(partial_dates(), partial_dates(), partial_dates())
def test_order_is_transitive(a: PartialDate, b: PartialDate, c: PartialDate) -> None:
    if a <= b and b <= c:
        assert a <= c
    if a < b and b < c:
        assert a < c
    assert sorted([a, b, c]) == sorted([c, b, a]) == sorted([b, a, c])


@BOUNDED
@given(st.integers(1, 9998), st.integers(1, 12))
def test_a_month_sorts_after_each_of_its_days_and_before_the_next_month(year: int, month: int) -> None:
    whole = PartialDate(year, month)
    days = calendar.monthrange(year, month)[1]
    for day in range(1, days + 1):
        assert PartialDate(year, month, day) < whole
    nxt = PartialDate(year + (month == 12), month % 12 + 1)
    assert whole < PartialDate(nxt.year, nxt.month, 1) < nxt
    year_date = PartialDate(year)
    assert whole < year_date < PartialDate(year + 1, 1, 1)


@BOUNDED
@given(partial_dates(qualifiers=False), partial_dates(qualifiers=False))
def test_before_and_after_bracket_the_date(x: PartialDate, day_source: PartialDate) -> None:
    before, after = x.with_qualifier("before"), x.with_qualifier("after")
    # every day the date could be is after "before X" and before "after X"
    for day in {x.first_day(), x.last_day()}:
        d = PartialDate(day.year, day.month, day.day)
        assert before < d < after
    assert before < x < after
    # a day surely outside X sorts outside the bracket
    other = PartialDate(day_source.last_day().year, day_source.last_day().month,
                        day_source.last_day().day)
    if other.last_day() < x.first_day():
        assert other < before
    if other.first_day() > x.last_day():
        assert after < other


@BOUNDED
@given(partial_dates())
def test_parse_reads_back_what_iso_writes(d: PartialDate) -> None:
    assert PartialDate.parse(d.iso(), d.qualifier) == d


# ---------------------------------------------------------------------------------------
# 3. Rendering: no HTML from record text

render = pytest.importorskip("policy_timeline.render")

MARKER_TAG = "zzpayload"
MARKER_ATTR = "onzz"

NASTY = [
    "<zzpayload onzz=1>", "</zzpayload>", "</script><zzpayload>", "<script>zzalert(1)</script>",
    "<img src=x onzz=1>", "<svg onzz=1>", "<zzpayload/onzz=1>", "<a href=\"javascript:zz()\">a</a>",
    "&", "&amp;", "&lt;zzpayload&gt;", "&#60;zzpayload&#62;", "&#x3C;zzpayload onzz=1&#x3E;",
    "{: onzz=\"1\" }", "{: #zz .zz onzz=1 }", "{ onzz=1 }", "[x](https://example.org/a)",
    "[x](../index.md)", "[x](https://example.org/\"onzz=\"1)", "`code`", "``", "```", "<!--",
    "-->", "*", "**", "_", "__", "~~", "==", "^^", "$", "$$", ":", "::", "|", "#", "[^1]",
    "[1]", "[zz]", "\\", "'", "\"", "{{ zz }}", "{% zz %}", "]]>", "<![CDATA[", "<?php",
    "\u00a0", "\u00e9", "\U0001f4a5", "javascript:zz()", "https://example.org/?a=1&b=2",
    "<https://example.org>", ":zz:", "+++", "---", "- ", "1. ", "> ", "!!! note", "???",
    "[[zz]]", "![x](https://example.org/x.png)", "@zz", "<style>", "<iframe>", "<textarea>",
    "<title>", "<zzpayload", "onzz=1", "\"onzz=\"1", "'onzz='1", ">", "<", "&quot;",
    "\\<zzpayload\\>", "*<zzpayload>*", "[<zzpayload>](https://example.org/)",
]
WORDS = st.text(alphabet=string.ascii_letters + string.digits + " .,;-", min_size=1, max_size=8)


def nasty_line(max_parts: int = 6):
    return st.lists(st.one_of(st.sampled_from(NASTY), WORDS), min_size=1, max_size=max_parts).map(
        lambda parts: "T " + " ".join(parts)
    )


def nasty_markdown():
    """Markdown text: several nasty lines and paragraphs, citing source 1."""
    return st.lists(nasty_line(), min_size=1, max_size=4).flatmap(
        lambda lines: st.sampled_from(["\n", "\n\n"]).map(lambda sep: sep.join(lines) + " [1]")
    )


SAFE_URLS = [
    "https://example.org/a",
    "https://example.org/a?x=1&y=2",
    "https://example.org/it's",
    "https://example.org/a#frag'onzz='1",
    "https://example.org/%3Czzpayload%3E",
    "http://example.org/{{zz}}",
    "https://example.org/a(b)",
]


@st.composite
def catalogs(draw) -> dict[str, object]:
    """A small valid records folder as {path: data}, with nasty text in every text field."""
    line = nasty_line
    entity_ids = ["alpha", "beta-corp"]
    entities = {
        eid: {
            "name": draw(line(3)),
            "type": draw(st.sampled_from(["company", "institution", "person", "law"])),
            "description": draw(line()),
            "short_name": draw(line(2)),
            "url": draw(st.sampled_from(SAFE_URLS)),
            **({"legal": {"oj": draw(line(2)), "version": draw(line(2)),
                          "articles": [draw(line(1))[:40]]}} if i == 0 else {}),
        }
        for i, eid in enumerate(entity_ids)
    }
    threads = {"zz-thread": {"title": draw(line(3)), "introduction": draw(nasty_markdown())}}
    n_events = draw(st.integers(1, 3))
    files: dict[str, object] = {"entities.yaml": entities, "threads.yaml": threads}
    ids = [f"2024-0{i + 1}-1{i}-event-{i}" for i in range(n_events)]
    for i, eid in enumerate(ids):
        source = {
            "url": draw(st.sampled_from(SAFE_URLS)) if i == 0 else f"https://example.org/s{i}",
            "title": draw(line(3)),
            "publisher": draw(line(2)),
            "kind": "press",
            "language": "en",
            "quote": draw(line(3))[:300],
            "note": draw(line(3)),
            "via": draw(line(2)),
            "archive_url": "https://web.archive.org/web/2024/https://example.org/a",
        }
        event = {
            "title": draw(line(4)),
            "date": eid[:10],
            "kind": draw(st.sampled_from(["statement", "funding-round", "adoption", "meeting"])),
            "threads": ["zz-thread"],
            "participants": [{"entity": "alpha", "role": draw(line(2))[:80]}],
            "summary": draw(nasty_markdown()),
            "sources": [source],
            "money": {"amount": 5_000_000, "currency": "EUR", "note": draw(line(2)),
                      "investors": ["beta-corp"]},
            "votes": [{"body": draw(line(2)), "for": 1, "against": 2}],
            "legal": {"oj": draw(line(2)), "version": draw(line(2)),
                      "articles": [draw(line(1))[:40]]},
            "disagreements": [{"field": draw(line(1))[:80], "note": draw(line(2)),
                               "values": [{"value": draw(line(2)), "cite": [1]},
                                          {"value": draw(line(2)), "cite": [1]}]}],
            "caveat": draw(line(2)),
            "licence": draw(line(1)),
            "verification": "partial",
        }
        if i > 0:
            event["relations"] = [{"type": "follows", "event": ids[i - 1], "note": draw(line(2))}]
        files[f"2024/{eid}.yaml"] = event
    return files


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def injected(html_text: str) -> list[str]:
    """What in this HTML could only have come from record text acting as markup."""
    parser = _Elements()
    parser.feed(html_text)
    parser.close()
    found = []
    for tag, attrs in parser.tags:
        if MARKER_TAG in tag:
            found.append(f"element <{tag}>")
        for name, value in attrs:
            if MARKER_ATTR in name or name.startswith("on"):
                found.append(f"attribute {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value and re.match(
                r"\s*(javascript|vbscript|data):", value, re.I
            ):
                found.append(f"{name}={value!r} on <{tag}>")
    for attrs, body in parser.scripts:
        if (attrs.get("type") or "").lower() != "application/ld+json" and "zz" in body:
            found.append(f"script with record text: {body[:80]!r}")
    return found


# Extensions a site might add later that give text more meaning: tested too, so turning
# one on cannot open a hole.
EXTRA_EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "abbr", "def_list", "admonition",
                    "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde", "pymdownx.details",
                    "pymdownx.superfences", "pymdownx.magiclink"]


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the site's extensions (mkdocs.yml) and EXTRA_EXTENSIONS."""
    from mkdocs.utils.yaml import yaml_load

    extensions: list = ["toc", "tables", "fenced_code"]  # MkDocs' defaults
    configs: dict = {}
    config_file = ROOT / "mkdocs.yml"
    if config_file.is_file():
        with open(config_file, encoding="utf-8") as fh:
            site = yaml_load(fh) or {}
        for item in site.get("markdown_extensions") or []:
            name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            extensions.append(name)
            if config:
                configs[name] = config
    extensions += EXTRA_EXTENSIONS
    return markdown.Markdown(extensions=list(dict.fromkeys(extensions)), extension_configs=configs)


def test_injected_detector_finds_real_markup() -> None:
    """The detector itself: raw markup in Markdown is found."""
    md = _site_markdown()
    assert injected(md.convert("a <zzpayload>b</zzpayload>"))
    assert injected(md.reset().convert("<img src=x onzz=1>"))
    assert not injected(md.reset().convert("a &lt;zzpayload onzz=1&gt;"))


def test_rendered_pages_carry_no_markup_from_record_text(tmp_path_factory) -> None:
    md = _site_markdown()
    folder = tmp_path_factory.mktemp("render") / "events"

    @settings(BOUNDED, max_examples=60)  # each example renders and converts ~20 pages
    @given(catalogs())
    def run(files: dict[str, object]) -> None:
        import shutil

        if folder.exists():
            shutil.rmtree(folder)
        for rel, data in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                              encoding="utf-8")
        catalog, problems = check_folder(folder, today=TODAY)
        assert catalog is not None, "\n".join(map(str, problems))
        # summaries are converted by the site's Markdown (every extension above)
        pages = render.render_pages(catalog, SiteOptions(site_name="Timeline"),
                                    markdown=lambda text: md.reset().convert(text))
        assert pages
        for path, page in pages.items():
            for key, value in page.meta.items():
                if isinstance(value, str):
                    assert not injected(value), (path, key, value)
                    assert "<" not in value, (path, key, value)  # themes print it unescaped
            found = injected(page.html)
            note(f"{path}:\n{page.html}")
            assert not found, f"{path}: {found}"

    run()
