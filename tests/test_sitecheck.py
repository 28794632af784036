"""sitecheck: every internal link and anchor of a built site resolves (no MkDocs needed)."""

from __future__ import annotations

from pathlib import Path

from policy_timeline.sitecheck import Broken, broken_links, format_broken
from tests.helpers import write_tree

SITE = {
    "index.html": """<html><head>
<link rel="stylesheet" href="assets/site.css">
<script src="assets/missing.js"></script>
</head><body id="top">
<a href="events/a/">A</a> <a href="events/a/#source-1">ok anchor</a>
<a href="events/a/#source-9">bad anchor</a> <a href="events/b/">missing page</a>
<a href="#top">top</a> <a href="#nowhere">nowhere</a> <a href="">self</a>
<a href="https://elsewhere.example/x">external</a> <a href="mailto:x@example.org">mail</a>
<a href="javascript:alert(1)">js</a>
<a href="https://example.org/site/events/a/">own site, absolute</a>
<a href="https://example.org/site/events/zz/">own site, missing</a>
<a href="https://example.org/other/">same host, another site</a>
<a href="/site/events/a/#source-1">root-relative</a>
<a href="data/events.json">file</a> <a href="../outside.html">outside</a>
<svg><a href="events/a/"><text>svg link</text></a></svg>
</body></html>""",
    "assets/site.css": "body{}",
    "events/a/index.html": '<p><a name="source-1"></a><a href="../../">home</a>'
                           '<a href="../../index.html#top">top</a></p>',
    "data/events.json": "[]",
}


def test_broken_links_are_reported_with_their_page(tmp_path: Path):
    write_tree(tmp_path, SITE)
    found = broken_links(tmp_path, site_url="https://example.org/site/")
    assert found == sorted([
        Broken("index.html", "assets/missing.js", "no such file"),
        Broken("index.html", "events/a/#source-9", "no id 'source-9' in events/a/index.html"),
        Broken("index.html", "events/b/", "no such file"),
        Broken("index.html", "#nowhere", "no id 'nowhere' in index.html"),
        Broken("index.html", "javascript:alert(1)", "javascript: link"),
        Broken("index.html", "https://example.org/site/events/zz/", "no such file"),
        Broken("index.html", "../outside.html", "points above the site's root"),
    ])
    assert format_broken(found).endswith("7 broken links")


def test_a_clean_site(tmp_path: Path):
    write_tree(tmp_path, {"index.html": '<a href="a/">a</a>', "a/index.html": '<a href="../">up</a>'})
    assert broken_links(tmp_path) == []
    assert format_broken([]) == "0 broken links"
