"""sourcefolder: a generated page (PageOut) as a Markdown source file, and the folder
`render --out` writes, checked against hand-made pages (whatever the templates draw).

The Markdown is read back with Python-Markdown and the extensions the written
configuration names, as Zensical and MkDocs read it: the headings come out as headings
with their ids, everything else exactly as the page's HTML had it.
"""

from __future__ import annotations

import html
import json
import re

import markdown
import pytest
import yaml

from policy_timeline.sourcefolder import (CONFIG_FILE, DOCS_DIR, OVERRIDES_DIR, not_in_nav,
                                          page_markdown, published_paths, renderer_config,
                                          source_folder, source_links)
from policy_timeline.templating import Heading, PageOut

EXTENSIONS = ["toc", "attr_list", "tables", "def_list", "admonition"]


def split(source: str) -> tuple[dict, str]:
    """(front matter, body) of a written page."""
    match = re.match(r"---\n(.*?)\n---\n\n(.*)\Z", source, re.S)
    assert match, source[:200]
    return yaml.safe_load(match[1]), match[2]


def to_html(body: str) -> tuple[str, list[dict]]:
    """The body as the renderer builds it: its HTML (permalinks on) and its toc tokens."""
    md = markdown.Markdown(extensions=EXTENSIONS,
                           extension_configs={"toc": {"permalink": True}})
    out = md.convert(body)
    return out, md.toc_tokens


def flat(tokens: list[dict]) -> list[tuple[int, str, str]]:
    """(level, id, title as a reader sees it) of a toc (its names are HTML)."""
    out = []
    for t in tokens:
        out.append((t["level"], t["id"], html.unescape(t["name"])))
        out.extend(flat(t["children"]))
    return out


def squash(html: str) -> str:
    """Whitespace between top-level blocks does not matter to a reader."""
    return re.sub(r">\s+<", "><", html).strip()


BODY = """<h1 id="the-page">The page</h1>
<p class="pt-meta"><time datetime="2024-02-26">26 February 2024</time> *not emphasis* _nor this_ [not](a-link.md)</p>
<h2 id="money">Money</h2>
<table>
<tr><th>Amount</th><td>EUR 15 million</td></tr>
</table>

<h2 id="sources">Sources <small>(2)</small></h2>
<ol class="pt-sources">
<li id="source-1"><cite><a href="https://example.org/a" rel="noopener nofollow">A * B</a></cite></li>

<li id="source-2">    indented four spaces: no code block</li>
</ol>
"""


def page(html: str = BODY, **kw) -> PageOut:
    kw.setdefault("meta", {"title": "The page", "description": "What happened."})
    return PageOut(path=kw.pop("path", "events/x.md"), title=kw.pop("title", "The page"),
                   html=html, **kw)


def test_headings_become_markdown_headings_with_their_ids_and_the_rest_stays_html():
    source = page_markdown(page())
    meta, body = split(source)
    assert meta == {"title": "The page", "description": "What happened."}
    assert "## Money {#money}" in body.splitlines()
    assert "# The page {#the-page}" in body.splitlines()
    out, toc = to_html(body)
    assert flat(toc) == [(1, "the-page", "The page"), (2, "money", "Money"),
                         (2, "sources", "Sources (2)")]
    assert out.count('class="headerlink"') == 3
    # without the permalinks the renderer adds, the page is the page's own HTML: the
    # same bytes between the headings, the same text in them (entities at most)
    out = squash(re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", out))
    heading = re.compile(r"(<h[1-6][^>]*>.*?</h[1-6]>)", re.S)
    got, want = heading.split(out), heading.split(squash(BODY))
    assert got[0::2] == want[0::2]
    assert [html.unescape(h) for h in got[1::2]] == [html.unescape(h) for h in want[1::2]]
    assert "<em>" not in out and "<code>" not in out  # no Markdown read inside the HTML


def test_heading_text_with_markdown_syntax_and_inline_html_reads_as_written():
    body = ('<h2 id="odd">*Stars* _and_ [brackets](x) {#braces} `ticks` &amp; &lt;tags&gt;'
            ' <code>kept</code></h2>\n<p>x</p>\n')
    out, toc = to_html(split(page_markdown(page(body)))[1])
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", out, re.S)
    assert heading and 'id="odd"' in heading[0]
    inner = re.sub(r'<a class="headerlink".*?</a>', "", heading[1])
    assert inner.endswith(" <code>kept</code>")  # inline HTML kept as HTML
    # the text reads as written: entities at most, no emphasis, link or attribute list
    assert html.unescape(inner.removesuffix(" <code>kept</code>")) == (
        "*Stars* _and_ [brackets](x) {#braces} `ticks` & <tags>")
    assert flat(toc)[0][:2] == (2, "odd")


def test_a_permalink_already_in_a_heading_is_not_doubled():
    body = '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>\n'
    html, _ = to_html(split(page_markdown(page(body)))[1])
    assert html.count('class="headerlink"') == 1


def test_heading_classes_and_attributes_survive():
    body = '<h3 class="pt-x pt-y" id="h" data-kind="k">H</h3>\n'
    html, _ = to_html(split(page_markdown(page(body)))[1])
    tag = re.search(r"<h3[^>]*>", html)[0]
    assert 'id="h"' in tag and 'class="pt-x pt-y"' in tag and 'data-kind="k"' in tag


def test_inline_content_at_the_top_level_is_wrapped_so_markdown_leaves_it_alone():
    body = ('<svg viewBox="0 0 10 10"><text>*a* _b_</text></svg>\nloose *text*'
            ' <a href="x/">link</a>\n<h2 id="n">Next</h2>\n<p>*p*</p>\n')
    html, _ = to_html(split(page_markdown(page(body)))[1])
    assert "<em>" not in html
    assert '<svg viewBox="0 0 10 10"><text>*a* _b_</text></svg>' in html
    assert "loose *text*" in html


def test_blank_lines_and_nested_headings_inside_a_block_stay_inside_it():
    body = '<section class="s">\n<h2 id="inner">Inner</h2>\n\n<p>one</p>\n\n\n<p>two *x*</p>\n</section>\n'
    html, toc = to_html(split(page_markdown(page(body)))[1])
    assert squash(html) == squash(body)  # the inner heading is left as HTML
    assert toc == []


def test_json_ld_goes_at_the_end_of_the_body_intact():
    data = {"@type": "Event", "name": "A </script> <b>*x*</b>"}
    script = ('<script type="application/ld+json">'
              + json.dumps(data).replace("</", "<\\/") + "</script>")
    html, _ = to_html(split(page_markdown(page(), body_end=[script]))[1])
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert [json.loads(f) for f in found] == [data]
    assert html.rstrip().endswith("</script>")


def test_front_matter_keeps_search_exclusion_and_gets_a_title():
    # meta is written as rendering made it; a page without a meta title gets its title,
    # escaped (themes print the front matter's title raw)
    meta, _ = split(page_markdown(page(meta={"search": {"exclude": True}},
                                       title="Tom & <Jerry>")))
    assert meta == {"search": {"exclude": True}, "title": "Tom &amp; &lt;Jerry&gt;"}
    meta, _ = split(page_markdown(page(meta={"title": "Given &amp; kept"}, title="Other")))
    assert meta == {"title": "Given &amp; kept"}


# ---------------------------------------------------------------------------------------
# Links


TARGETS = published_paths(["index.md", "sources.md", "events/x.md", "events/y.md",
                           "timeline/index.md", "data/events.json"])


@pytest.mark.parametrize("final, source", [
    ("../../sources/#source-1", "../sources.md#source-1"),
    ("../y/", "y.md"),
    ("../../", "../index.md"),
    ("../../timeline/", "../timeline/index.md"),
    ("../../data/events.json", "../data/events.json"),
    ("./#sources", "x.md#sources"),
])
def test_final_urls_become_links_to_source_files(final, source):
    body = f'<p><a href="{final}">a</a></p>'
    assert source_links(body, "events/x.md", TARGETS) == f'<p><a href="{source}">a</a></p>'


@pytest.mark.parametrize("href", ["https://example.org/x", "#here", "/abs/", "../../nowhere/",
                                  "mailto:a@example.org", "../../../../above/"])
def test_other_links_are_left_as_they_are(href):
    body = f'<a href="{href}">a</a>'
    assert source_links(body, "events/x.md", TARGETS) == body


def test_links_without_directory_urls():
    targets = published_paths(["sources.md", "events/x.md"], directory_urls=False)
    body = '<a href="../sources.html#s">a</a>'
    assert source_links(body, "events/x.md", targets, directory_urls=False) == \
        '<a href="../sources.md#s">a</a>'


# ---------------------------------------------------------------------------------------
# The configuration and the folder


SITE = {
    "site_name": "T", "site_url": "https://example.org/t/", "repo_url": "https://github.com/a/b",
    "edit_uri": "edit/main/docs/",
    "theme": {"name": "material", "custom_dir": "theme-overrides",
              "features": ["toc.follow", "content.action.edit"]},
    "plugins": ["search", {"policy-timeline": {"events_dir": "events"}}, "tags"],
    "markdown_extensions": ["tables"],
    "nav": ["index.md"],
}


def test_the_written_configuration_needs_no_plugin_and_asks_no_other_host():
    config = renderer_config(SITE, nav=["index.md", {"Timeline": ["timeline/index.md"]}],
                             hidden=["/events/"], extra_css=["assets/a.css"],
                             extra_javascript=["assets/a.js"])
    assert config["plugins"] == ["search", "tags"]
    assert config["theme"]["font"] is False
    assert config["theme"]["variant"] == "classic"  # the look of Material
    assert config["theme"]["custom_dir"] == OVERRIDES_DIR
    assert "content.action.edit" not in config["theme"]["features"]
    assert config["edit_uri"] == ""
    assert config["markdown_extensions"][0] == "tables"
    assert "attr_list" in config["markdown_extensions"]
    assert {"toc": {"permalink": True}} in config["markdown_extensions"]
    assert config["nav"][1] == {"Timeline": ["timeline/index.md"]}
    assert config["not_in_nav"] == "/events/\n"
    assert config["docs_dir"] == DOCS_DIR
    assert config["extra_css"] == ["assets/a.css"]
    assert config["site_url"] == "https://example.org/t/"


def test_not_in_nav_names_folders_when_it_can():
    pages = ["index.md", "events/a.md", "events/b.md", "entities/index.md", "entities/e.md",
             "timeline/index.md", "timeline/2024.md"]
    hidden = ["events/a.md", "events/b.md", "entities/e.md", "timeline/2024.md"]
    # the nav lists the entities index and the timeline's pages
    nav = ["index.md", {"Who": "entities/index.md"},
           {"Timeline": ["timeline/index.md", {"2024": "timeline/2024.md"}]}]
    assert not_in_nav(pages, hidden, nav) == ["/entities/", "/events/"]
    # no nav: the entities index must stay in the automatic nav
    assert not_in_nav(pages, hidden, None) == ["/entities/e.md", "/events/",
                                               "/timeline/2024.md"]


def test_the_folder_holds_config_pages_data_assets_and_the_sites_own_pages():
    files = source_folder(
        {"index.md": page(path="index.md"), "about.md": page(path="about.md"),
         "events/x.md": page(html='<p><a href="../../">home</a></p>\n')},
        config={"site_name": "T"},
        hand_written={"about.md": b"# Ours\n"},
        data_files={"data/events.json": "{}"},
        assets={"assets/a.css": b"a{}"},
        body_end={"events/x.md": ["<script>1</script>"]},
        source_partial=b"<a>repo</a>",
    )
    assert set(files) == {CONFIG_FILE, f"{OVERRIDES_DIR}/partials/source.html",
                          "docs/index.md", "docs/about.md", "docs/events/x.md",
                          "docs/data/events.json", "docs/assets/a.css"}
    assert files["docs/about.md"] == b"# Ours\n"  # the site's own page wins
    # a Markdown page (before the templates): written as it is, links made source links
    event = files["docs/events/x.md"]
    assert '<p><a href="../index.md">home</a></p>' in event  # a link to the source file
    assert event.rstrip().endswith("<script>1</script>")
    assert yaml.safe_load(files[CONFIG_FILE]) == {"site_name": "T"}
    assert list(files) == sorted(files)


def test_the_folder_is_the_same_every_time():
    args = dict(config={"site_name": "T", "not_in_nav": "/a/\n/b/\n"},
                data_files={"b.json": "1", "a.json": "2"})
    pages = {"b.md": page(path="b.md"), "a.md": page(path="a.md", toc=(Heading(1, "a", "A"),))}
    assert source_folder(pages, **args) == source_folder(dict(reversed(pages.items())), **args)


def test_for_plain_mkdocs_the_links_stay_the_published_urls():
    # MkDocs leaves raw HTML alone: the final URLs the plugin publishes are right there
    pages = {"events/x.md": page(html='<p><a href="../../sources/#s">s</a></p>\n'),
             "sources.md": page(path="sources.md")}
    zensical = source_folder(pages, config={"site_name": "T"})
    mkdocs = source_folder(pages, config={"site_name": "T"}, renderer="mkdocs")
    assert '<a href="../sources.md#s">' in zensical["docs/events/x.md"]
    assert '<a href="../../sources/#s">' in mkdocs["docs/events/x.md"]
    assert "mkdocs build" in mkdocs[CONFIG_FILE].splitlines()[0]
    with pytest.raises(ValueError):
        source_folder(pages, config={"site_name": "T"}, renderer="hugo")


def test_head_tags_ride_in_the_front_matter_for_the_theme_override():
    link = '<link rel="alternate" type="application/atom+xml" title="A &amp; B" href="f.atom">'
    meta, _ = split(page_markdown(page(), head=[link]))
    assert meta["policy_timeline_head"] == [link]
    files = source_folder({"x.md": page(path="x.md"), "y.md": page(path="y.md", meta={"title": "Y"})},
                          config={"site_name": "T"}, head={"x.md": [link], "y.md": [link]},
                          head_template=b"{% extends 'base.html' %}")
    assert split(files["docs/y.md"])[0] == {"policy_timeline_head": [link], "title": "Y"}
    assert files[f"{OVERRIDES_DIR}/main.html"] == b"{% extends 'base.html' %}"


def test_text_and_references_at_the_top_level_are_kept_whole():
    body = "AT&amp;T &#91;1&#93; &copy 2024 &#x5b;x&#x5d;\n<h2 id=\"h\">H</h2>\ntail &amp; end"
    out, _ = to_html(split(page_markdown(page(body)))[1])
    assert "AT&amp;T &#91;1&#93; &copy 2024 &#x5b;x&#x5d;" in out
    assert "tail &amp; end" in out


def test_the_about_pages_contact_block_is_written_into_the_folder(tmp_path):
    """`render --out` puts the contact where the About page asks for it, as the plugin does."""
    from policy_timeline.catalog import load_catalog
    from policy_timeline.siteconfig import render_options
    from policy_timeline.sourcefolder import site_source_folder
    from tests.conftest import TODAY
    from tests.helpers import CONFIG, write_site

    config = CONFIG.replace("      home_intro: docs-intro/home.md\n", (
        "      home_intro: docs-intro/home.md\n"
        "      contact: {email: desk@example.org}\n"))
    root = write_site(tmp_path, config=config, docs={
        "about.md": "# About\n\n<!-- policy-timeline: contact -->\n",
        "notes.md": "# Notes\n\nNo block here.\n"})
    options = render_options(root / "mkdocs.yml")
    files = site_source_folder(load_catalog(root / "events", today=TODAY), options,
                               root / "mkdocs.yml")
    about = files["docs/about.md"].decode()
    assert '<a href="mailto:desk@example.org">desk@example.org</a>' in about
    assert "<!-- policy-timeline: contact -->" not in about
    assert files["docs/notes.md"] == b"# Notes\n\nNo block here.\n"
