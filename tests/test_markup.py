"""markup: record text never becomes HTML, script, Markdown links or attributes.

Each payload goes through the helper, then through Python-Markdown configured like the
sites (attr_list, tables, toc, footnotes, def_list, md_in_html), and the resulting HTML
is parsed: no element, attribute or URL may come from the payload.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from policy_timeline import markup
from policy_timeline.markup import Safe, first_sentence, h, plain, plain_text, summary, text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](https://example.org){: onclick=\"alert(1)\"}",
    '{: onclick="alert(1)"}',
    "Title {#evil .evil onmouseover=alert(1)}",
    "![i](https://example.org/x.png)",
    "<https://evil.example/>",
    "[^1]\n\n[^1]: <script>alert(1)</script>",
    "<div markdown=\"1\">*x*</div>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)",
    "`<script>`",
    "<!-- comment --><b>bold</b>",
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=//evil.example>",
    "| a | b |\n|---|---|\n| <script> | x |",
    "# Heading\n\n> quote\n\n- list",
    "*emphasis* and _under_ and **strong**",
    "a\\<script\\>b",
    "${alert(1)}",
    "<style>body{display:none}</style>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
]

EXTENSIONS = ["attr_list", "tables", "toc", "footnotes", "def_list", "md_in_html", "abbr",
              "admonition"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def render(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_makes_no_element_in_markdown(payload):
    html = render(f"Before {text(payload)} after")
    assert [t for t, _ in tags_of(html)] == ["p"], html
    assert tags_of(html)[0][1] == {}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_a_heading_or_at_line_start_makes_no_element(payload):
    for md in (f"# {text(payload)}", text(payload), f"- {text(payload)}",
               f"| a |\n|---|\n| {text(payload)} |"):
        tags = [t for t, attrs in tags_of(render(md)) if attrs and set(attrs) - {"id"}]
        assert tags == [], (md, render(md))
        assert not {t for t, _ in tags_of(render(md))} - {"h1", "p", "ul", "li", "table", "thead",
                                                          "tbody", "tr", "th", "td"}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_raw_html_and_attributes(payload):
    html = render(h('<p class="x" title="{}">{}</p>', payload, payload))
    tags = tags_of(html)
    assert [t for t, _ in tags] == ["p"]
    assert set(tags[0][1]) == {"class", "title"}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_reads_back_as_the_original_words(payload):
    """Escaping changes how text is written, not what a reader sees."""
    import html as html_module

    one_line = " ".join(payload.split())
    assert html_module.unescape(text(payload)) == one_line


def test_text_escapes_markdown_and_html_characters():
    assert text("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f"
    assert text("[x](y) {z} *w* _v_ `u` #t |s \\r !q") == (
        "&#91;x&#93;&#40;y&#41; &#123;z&#125; &#42;w&#42; &#95;v&#95; &#96;u&#96; &#35;t"
        " &#124;s &#92;r &#33;q")
    assert text("- item") == "&#45; item"
    assert text("2024. A year") == "2024&#46; A year"
    assert text("  two\n lines\t ") == "two lines"


def test_text_keeps_safe_fragments_and_escapes_once():
    assert text(Safe("<b>ok</b>")) == "<b>ok</b>"
    once = text("AT&T")
    assert text(once) == once == "AT&amp;T"
    # the cache never mixes a Safe value with the same plain string
    assert text("<b>ok</b>") == "&lt;b&gt;ok&lt;/b&gt;"


def test_h_escapes_arguments_but_not_the_template():
    assert h("<a title=\"{}\">{}</a>", '"x"', Safe("<b>y</b>")) == \
        '<a title="&quot;x&quot;"><b>y</b></a>'
    assert h("{a}-{b}", a="<", b=Safe("<")) == "&lt;-<"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x",
    "//evil.example/x", "https://", "http:///path", "https://a b.example/", "ftp://x.example",
    "https://x.example/\"onmouseover=alert(1)", "https://x.example/<script>",
    "\u202ehttps://x.example", " https://x.example",
])
def test_url_rejects_anything_but_http_with_a_host(url):
    with pytest.raises(ValueError):
        markup.url(url)


def test_url_escapes_for_attributes():
    assert markup.url("https://x.example/a?b=1&c=2") == "https://x.example/a?b&#61;1&amp;c&#61;2"
    assert markup.url("HTTPS://x.example") == "HTTPS://x.example"


def test_the_helpers_for_templates():
    assert markup.paragraph_list("  One\n two.\n\n\nThree  ") == ["One two.", "Three"]
    assert markup.cut("a b c d", 100) == "a b c d"
    assert markup.cut("word " * 50, 20) == "word word word word…"
    assert markup.plural(1, "event") == "1 event" and markup.plural(2, "entity", "entities") == "2 entities"
    assert markup.html_text('<b a="1">&') == "&lt;b a=&#34;1&#34;&gt;&amp;"


def test_the_markdown_converter_is_reusable():
    convert = markup.markdown_converter()
    assert convert("*a*") == "<p><em>a</em></p>"
    assert convert("b") == "<p>b</p>"  # reset between calls: nothing left from the last


# ---------------------------------------------------------------------------------------
# summary


def cite(n: int) -> Safe:
    return h('<sup><a href="#source-{}">{}</a></sup>', n, f"[{n}]")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_summary_makes_no_element_from_a_payload(payload):
    html = render(summary(payload, cite=cite))
    allowed = {"p", "em", "strong", "ul", "ol", "li", "a", "sup", "hr"}
    for tag, attrs in tags_of(html):
        assert tag in allowed, (payload, html)
        if tag == "a":
            assert set(attrs) <= {"href", "rel"}, html
            href = attrs["href"] or ""
            assert href.startswith(("https://", "http://", "#source-")), html
        else:
            assert attrs == {} or tag == "sup", html


def test_summary_links_citations_to_the_source_list():
    html = render(summary("Said so [1]. Twice [1][2].", cite=cite))
    assert html.count('href="#source-1"') == 2
    assert 'href="#source-2"' in html


def test_summary_keeps_a_citation_as_text_without_a_target():
    html = render(summary("Said so [3].", cite=lambda n: None))
    assert "&#91;3&#93;" in html and "<a" not in html


def test_summary_keeps_http_links_with_nofollow_and_relative_links_as_markdown():
    md = summary("See [the text](https://eur-lex.europa.eu/x?a=1&b=2) and [the page](other.md).")
    links = [attrs for tag, attrs in tags_of(render(md)) if tag == "a"]
    assert links == [{"href": "https://eur-lex.europa.eu/x?a=1&b=2", "rel": "noopener nofollow"},
                     {"href": "other.md"}]
    assert "[the page](other.md)" in md


def test_summary_refuses_unsafe_links_even_if_they_got_there():
    for md in ("[x](javascript:alert(1))", "[x](JAVASCRIPT:alert%281%29)",
               "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](//evil.example)",
               "[x](javascript&#58;alert)", "[x](vbscript:msgbox)"):
        html = render(summary(md))
        for tag, attrs in tags_of(html):
            assert tag != "a", (md, html)


def test_summary_keeps_paragraphs_lists_and_emphasis():
    html = render(summary("First *one*.\n\n- a\n- b\n\nSecond **two**."))
    assert "<em>one</em>" in html and "<strong>two</strong>" in html
    assert html.count("<li>") == 2 and html.count("<p>") == 2


def test_summary_neutralises_block_syntax():
    html = render(summary("# Not a heading\n===\n2024. not a list\n: not a definition\n"
                          "!!! note\n> not a quote"))
    assert not {t for t, _ in tags_of(html)} - {"p"}


# ---------------------------------------------------------------------------------------
# plain text


def test_plain_drops_markup_but_keeps_the_words():
    assert plain("See [the *text*](https://x.example) [1].\n\n- one [2]\n- two") == \
        "See the text. one two"


@pytest.mark.parametrize(("md", "kept", "dropped"), [
    ("Investing again [1][2].", "Investing again [1][2].", "Investing again."),
    ("Investing again [1] [2].", "Investing again [1] [2].", "Investing again."),
    ("Both [12][3] agree.", "Both [12][3] agree.", "Both agree."),
    ("Sources [1][2][3], then [the act](https://x.example) [4].",
     "Sources [1][2][3], then the act [4].", "Sources, then the act."),
])
def test_plain_text_keeps_adjacent_markers_apart(md, kept, dropped):
    """`[1][2]` is two citations (the page renders two), never a reference link "1"."""
    assert plain_text(md, markers=True) == kept
    assert plain_text(md) == dropped
    assert plain(md) == dropped


@pytest.mark.parametrize(("md", "words"), [
    ("A *real* and **strong** word, _also_ __this__.", "A real and strong word, also this."),
    ("Compute 7*7 = 49 and 2*3 = 6.", "Compute 7*7 = 49 and 2*3 = 6."),
    ("Two * three * four is 2 * 3 * 4.", "Two * three * four is 2 * 3 * 4."),
    ("Rated 5*, on a 1-5* scale.", "Rated 5*, on a 1-5* scale."),
    ("A snake_case_name and *emphasis* [1].", "A snake_case_name and emphasis [1]."),
    ("**Bold with *inner* words**.", "Bold with inner words."),
])
def test_plain_text_drops_emphasis_but_keeps_arithmetic(md, words):
    assert plain_text(md, markers=True) == words
    assert plain(md) == plain_text(md).replace("\n\n", " ")


def test_plain_text_keeps_paragraphs_and_drops_bullets():
    md = "First *one* [1].\n\n- item [2]\n- other\n\nLast\nline."
    assert plain_text(md) == "First one.\n\nitem other\n\nLast line."
    assert plain(md) == "First one. item other Last line."


def test_there_is_one_plain_text_conversion():
    from policy_timeline.exports import common

    assert common.plain_text is plain_text


@pytest.mark.parametrize(("md", "first"), [
    ("One. Two.", "One."),
    ("The Regulation (e.g. Regulation (EU) 2024/1689) applies. Then more.",
     "The Regulation (e.g. Regulation (EU) 2024/1689) applies."),
    ("Founded c. 2023 in Paris. Then more.", "Founded c. 2023 in Paris."),
    ("No full stop", "No full stop"),
    ("Ends with a [link](https://x.example). Next.", "Ends with a link."),
])
def test_first_sentence(md, first):
    assert first_sentence(md) == first


# -- the one line under a title in event lists ---------------------------------------------


def test_one_line_is_the_first_sentence_as_plain_text_without_citation_markers():
    md = ("The *Commission* published [the draft](https://example.org/d) under Art. 56 [1][2]."
          " Parliament debated it later [3].")
    assert markup.one_line(md) == "The Commission published the draft under Art. 56."


def test_one_line_cuts_a_long_sentence_at_a_word_near_160_characters():
    words = " ".join(["policy"] * 60)  # 419 characters, no sentence end
    line = markup.one_line(words + " [1].")
    assert line.endswith("…") and "[" not in line
    assert 140 <= len(line) <= markup.LINE_LIMIT + 1
    assert line[:-1].split(" ") == ["policy"] * len(line[:-1].split(" "))  # whole words only


def test_one_line_keeps_a_short_summary_whole_and_reads_only_one_paragraph():
    assert markup.one_line("Mistral AI was founded [1].") == "Mistral AI was founded."
    assert markup.one_line("- Adopted in plenary [1]\n- Published later [2]") == (
        "Adopted in plenary Published later")
    assert markup.one_line("First part.\n\nSecond paragraph.") == "First part."
    assert markup.one_line("") == ""
