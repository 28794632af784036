"""changes, citation and their pages: "What changed", "Cite this page", the changes feed.

The history is fixed text (`history.parse_log`), so these tests need no git and no clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from xml.etree import ElementTree

import feedparser
import pytest

from policy_timeline.catalog import load_catalog
from policy_timeline.changes import CHANGES_LIMIT, last_changed, recent_changes
from policy_timeline.citation import bibtex_escape, bibtex_key, citation
from policy_timeline.exports import export_files
from policy_timeline.history import parse_log
from policy_timeline.options import site_options
from policy_timeline.render import CONTACT_MARKER, contact_block, render_pages

from .conftest import TODAY, VALID

R, F = "\x1e", "\x1f"
SEED = "2023/2023-06-13-mistral-seed.yaml"
TRILOGUE = "2023/2023-12-06-trilogue.yaml"
LOG = (
    f"{R}{'c' * 40}{F}2025-03-12T10:00:00+01:00{F}Seed round: correct the amount\n\n"
    f"M\t{SEED}\n"
    "D\t2024/2024-01-01-withdrawn.yaml\n"
    "M\tsettings.yaml\n"
    f"{R}{'b' * 40}{F}2025-03-12T09:00:00+01:00{F}Add the trilogue; new entity\n\n"
    f"A\t{TRILOGUE}\n"
    "M\tentities.yaml\n"
    f"{R}{'a' * 40}{F}2024-11-02T09:00:00+01:00{F}First records\n\n"
    f"A\t{SEED}\n"
    "A\t2024/2024-01-01-withdrawn.yaml\n"
)
SITE_URL = "https://example.org/t/"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(VALID, today=TODAY)


def options(history=None, **plugin):
    out = site_options(plugin, site_name="Test timeline", site_url=SITE_URL)
    if history is not None:
        out = replace(out, extra={**out.extra, "history": history})
    return out


@pytest.fixture(scope="module")
def pages(catalog):
    return render_pages(catalog, options(parse_log(LOG),
                                         contact={"name": "Desk", "email": "desk@example.org"}))


def test_recent_changes_names_the_records_of_each_commit_newest_first(catalog):
    entries = recent_changes(catalog, parse_log(LOG))
    assert [e.subject for e in entries] == ["Seed round: correct the amount",
                                            "Add the trilogue; new entity", "First records"]
    first = entries[0]
    assert [(r.action, r.kind, r.event_id) for r in first.records] == [
        ("changed", "event", "2023-06-13-mistral-seed"),
        ("removed", "event", None)]  # settings.yaml is no record a reader sees
    assert [(r.action, r.kind) for r in entries[1].records] == [("added", "event"),
                                                                ("changed", "entities")]
    assert first.day == dt.date(2025, 3, 12)


def test_recent_changes_stops_at_the_limit(catalog):
    entries = recent_changes(catalog, parse_log(LOG), limit=3)
    assert sum(len(e.records) for e in entries) == 3
    assert [e.subject for e in entries] == ["Seed round: correct the amount",
                                            "Add the trilogue; new entity"]
    assert recent_changes(catalog, None) == []


def test_last_changed_is_the_latest_commit_of_each_record(catalog):
    last = last_changed(catalog, parse_log(LOG))
    assert last["2023-06-13-mistral-seed"].subject == "Seed round: correct the amount"
    assert last["2023-12-06-trilogue"].day == dt.date(2025, 3, 12)
    assert "2023-12-08-provisional-agreement" not in last  # never committed: no date


def test_event_page_shows_when_its_record_last_changed_and_how_to_cite_it(pages):
    html = pages["events/2023-06-13-mistral-seed.md"].html
    assert 'Record last changed: <time datetime="2025-03-12">12 March 2025</time>' in html
    # linked to its commit on the What changed page, which has that anchor
    assert 'href="../../changes/#change-ccccccc"' in html
    assert 'id="change-ccccccc"' in pages["changes.md"].html
    cite = html[html.index('<section class="pt-cite-page"'):]
    assert '<h2 id="cite-this-page">Cite this page</h2>' in cite
    url = "https://example.org/t/events/2023-06-13-mistral-seed/"
    text = re.search(r'<pre class="pt-cite-text"><code>(.*?)</code></pre>', cite)[1]
    assert text == f"Mistral AI raises a seed round. Test timeline. Last changed 12 March 2025. {url}"
    assert "the day this record last changed" in cite  # the date says what it is
    assert f"url = {{{url}}}," in cite and "year = {2025}," in cite
    assert "note = {Last changed 2025-03-12}" in cite


def test_without_history_the_cite_block_says_the_date_is_not_known(catalog):
    html = render_pages(catalog, options())["events/2023-06-13-mistral-seed.md"].html
    assert "Record last changed" not in html
    assert "Cite this page" in html and "built without the project's history" in html
    assert "Last changed" not in re.search(r'<pre class="pt-cite-text">(.*?)</pre>', html)[1]


def test_what_changed_lists_changes_by_day_newest_first_with_links(pages):
    html = pages["changes.md"].html
    assert pages["changes.md"].title == "What changed"
    days = re.findall(r'<h2 id="day-([\d-]+)">', html)
    assert days == ["2025-03-12", "2024-11-02"]
    assert html.index("Seed round: correct the amount") < html.index("Add the trilogue")
    assert ('<span class="pt-change-changed">Changed:</span> <a href="../events/'
            '2023-06-13-mistral-seed/">Mistral AI raises a seed round</a>') in html
    assert '<span class="pt-change-removed">Removed:</span> the record <code>2024/2024-01-01-withdrawn.yaml</code>' in html
    assert '<span class="pt-change-added">Added:</span> <a href="../events/2023-12-06-trilogue/">' in html
    assert '<a href="../entities/">who is who' in html
    assert "settings.yaml" not in html
    assert f"last {CHANGES_LIMIT} record changes" in html  # the limit is said
    assert 'href="../feeds/changes.atom"' in html
    assert 'href="mailto:desk@example.org"' in html  # where to report an error


def test_what_changed_without_history_says_so(catalog):
    html = render_pages(catalog, options())["changes.md"].html
    assert "built without the project's history" in html
    assert "changes.atom" not in html and "<h2" not in html


def test_the_changes_feed_is_valid_atom_with_one_entry_per_commit(catalog):
    files = export_files(catalog, options(parse_log(LOG)), {"atom"})
    data = files["feeds/changes.atom"]
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == ["Seed round: correct the amount",
                                                 "Add the trilogue; new entity", "First records"]
    assert parsed.entries[0].updated == "2025-03-12T10:00:00+01:00"  # the commit's date
    assert parsed.entries[0].link == SITE_URL + "changes/#change-ccccccc"
    assert "https://example.org/t/events/2023-06-13-mistral-seed/" in parsed.entries[0].content[0].value
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ElementTree.fromstring(data)  # RFC 4287: id, title, updated on feed and entries
    for element in [root, *root.findall("a:entry", ns)]:
        assert all(element.find(f"a:{name}", ns) is not None for name in ("id", "title", "updated"))
    assert root.find("a:updated", ns).text == "2025-03-12T10:00:00+01:00"
    # the same history gives the same bytes
    assert export_files(catalog, options(parse_log(LOG)), {"atom"})["feeds/changes.atom"] == data
    assert "feeds/sitemap.xml" in files and b"changes.atom" in files["feeds/sitemap.xml"]


def test_no_changes_feed_without_history(catalog):
    assert "feeds/changes.atom" not in export_files(catalog, options(), {"atom"})


def test_contact_block_for_the_about_page():
    block = contact_block(options(contact={"name": "Desk", "email": "desk@example.org",
                                           "url": "https://example.org/issues"}), "about.md")
    assert '<a href="mailto:desk@example.org">Desk</a>' in block
    assert '<a href="https://example.org/issues">' in block
    assert '<a href="../changes/">What changed</a>' in block
    assert contact_block(options(), "about.md") == ""
    assert CONTACT_MARKER.startswith("<!--")  # invisible when a site sets no contact


def test_the_contact_block_speaks_the_page_language():
    french = replace(options(contact={"url": "https://example.org/issues"}, languages=["en", "fr"]),
                     language="fr")
    block = contact_block(french, "about.md")
    assert "Pour signaler une erreur" in block and "To report an error" not in block
    assert '<a href="https://example.org/issues">https://example.org/issues</a>' in block


def test_bibtex_values_are_escaped():
    assert bibtex_escape("R&D: 50% of $1 {x}_#") == r"R\&D: 50\% of \$1 \{x\}\_\#"
    assert bibtex_escape("a\\b ~ ^") == r"a\textbackslash{}b \~{} \^{}"
    assert bibtex_key("2024-01-01 odd/id") == "2024-01-01-odd-id"
    out = citation("x", "T & C", "Site", "https://e.org/a%20b/", dt.date(2025, 3, 12))
    assert ("title", "{T \\& C}") in out["bibtex"]["fields"]
    assert ("url", "https://e.org/a\\%20b/") in out["bibtex"]["fields"]
    assert '"issued": {' in out["csl"] and '"title": "T & C"' in out["csl"]
