"""render: the pages of a small catalog, without MkDocs.

The catalog is tests/helpers.RECORDS (every kind of detail). Pages are checked for the
facts a reader relies on: the text a reader sees (`read`), the headings and their ids,
the links and anchors of the HTML the templates draw.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import html as html_lib
import pytest

from policy_timeline.catalog import load_catalog
from policy_timeline.options import SiteOptions, site_options
from policy_timeline.render import (
    com_celex,
    expand_nav,
    format_amount,
    format_money,
    nav_inclusion,
    render_pages,
)
from tests.helpers import RECORDS, XSS, hostile_records, write_tree

from .conftest import TODAY



@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("records")
    write_tree(root, RECORDS)
    return load_catalog(root, today=TODAY)


@pytest.fixture(scope="module")
def options():
    return site_options({}, site_name="Test timeline", site_url="https://example.org/t/",
                        repo_url="https://github.com/example/timeline",
                        edit_uri="edit/main/docs/", home_intro="The *intro*.")


@pytest.fixture(scope="module")
def outs(catalog, options):
    return render_pages(catalog, options)


@pytest.fixture(scope="module")
def pages(outs):
    return {path: page.html for path, page in outs.items()}


def html(body: str) -> str:
    return body


_BLOCK = re.compile(r"</?(?:p|li|h[1-6]|tr|div|ul|ol|table|thead|tbody|form|svg)\b[^>]*>")


def read(body: str) -> str:
    """What a reader sees: blocks on their own lines, table cells between `|`, no tags."""
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.DOTALL)
    body = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", " | ", body)
    body = _BLOCK.sub("\n", body)
    body = html_lib.unescape(re.sub(r"<[^>]+>", "", body))
    return "\n".join(" ".join(line.split()) for line in body.splitlines() if line.strip())


def headings(body: str) -> list[tuple[int, str]]:
    return [(int(level), read(inner)) for level, inner in
            re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", body, re.DOTALL)]


def section(body: str, title: str) -> str:
    """The HTML from the heading `title` to the next heading of its level or higher."""
    found = re.search(r"<h([1-6])[^>]*>" + re.escape(title) + r"</h\1>", body)
    if not found:
        return ""
    level = int(found[1])
    rest = body[found.end():]
    end = re.search(r"<h[1-%d][ >]" % level, rest)
    return rest[: end.start()] if end else rest


def links(body: str) -> list[tuple[str, str]]:
    """(label as read, href) of every link."""
    return [(read(label), html_lib.unescape(href)) for href, label in
            re.findall(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', body, re.DOTALL)]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("href") is not None:
            self.hrefs.append(a["href"])


def parse(md: str) -> _Links:
    p = _Links()
    p.feed(html(md))
    return p


# ---------------------------------------------------------------------------------------


def test_the_page_set(catalog, pages):
    events = {f"events/{e.id}.md" for e in catalog.events}
    entities = {f"entities/{x}.md" for x in catalog.entities}
    threads = {f"threads/{t}.md" for t in catalog.threads}
    years = {f"timeline/{y}.md" for y in catalog.by_year}
    fixed = {"index.md", "timeline/index.md", "entities/index.md", "threads/index.md",
             "sources.md", "data/index.md"}
    assert fixed | events | entities | threads | years <= set(pages)
    assert list(pages) == sorted(pages)


def test_rendering_is_deterministic(catalog, options, outs):
    assert render_pages(catalog, options) == outs


def test_page_kinds_can_be_chosen(catalog):
    only = render_pages(catalog, SiteOptions(pages=frozenset({"events"})))
    assert set(only) == {f"events/{e.id}.md" for e in catalog.events}
    page = only["events/2024-02-26-partnership.md"].html
    # no entity or thread pages: their names are shown, not linked
    assert "Mistral AI" in read(page) and "entities/" not in page and "threads/" not in page
    assert "sources/" not in page


def test_front_matter(outs):
    page = outs["events/2023-06-13-mistral-seed.md"]
    assert page.title == page.meta["title"] == "Mistral AI raises a seed round"
    assert page.meta["description"].startswith("13 June 2023.")
    assert outs["timeline/index.md"].meta["search"] == {"exclude": True}
    assert "search" not in page.meta


def test_headings_carry_ids_and_the_toc_lists_them(outs):
    page = outs["events/2023-06-13-mistral-seed.md"]
    assert '<h1 id="mistral-ai-raises-a-seed-round">Mistral AI raises a seed round</h1>' in page.html
    (top,) = page.toc
    assert (top.level, top.id, top.title) == (1, "mistral-ai-raises-a-seed-round",
                                              "Mistral AI raises a seed round")
    assert [(h.level, h.id) for h in top.children][:2] == [(2, "where-sources-differ"), (2, "money")]
    assert all(f'id="{h.id}"' in page.html for h in top.children)
    # the same slug twice on one page gets `_1`, as Python-Markdown's toc gives it
    timeline = outs["timeline/index.md"]
    ids = [h.id for year in timeline.toc[0].children for h in (year, *year.children)]
    assert len(ids) == len(set(ids)) and "2023" in ids and "june-2023" in ids


# -- dates ---------------------------------------------------------------------------------


def test_dates_keep_their_precision(pages):
    timeline = pages["timeline/index.md"]
    assert '<time datetime="2023-06-13">13 June 2023</time>' in timeline
    assert '<time datetime="2023-12">December 2023</time>' in timeline
    assert '<time datetime="2023">2023</time>' in timeline
    assert '<time datetime="2024">c. 2024</time>' in timeline
    assert '<time datetime="2023-12-06" data-end="2023-12-08">6–8 December 2023</time>' in timeline


def test_timeline_groups_by_year_and_month_honestly(pages):
    timeline = pages["timeline/index.md"]
    found = headings(timeline)
    in_2023 = [t for level, t in found[found.index((2, "2023")) + 1: found.index((2, "2024"))]]
    assert in_2023 == ["June 2023", "December 2023", "2023 (month not known)"]
    assert all(level == 3 for level, _ in found[found.index((2, "2023")) + 1: found.index((2, "2024"))])
    month_unknown = section(timeline, "2023 (month not known)")
    assert "Mistral AI is founded in Paris" in month_unknown
    # the month-precision event comes after the days of its month
    december = section(timeline, "December 2023")
    assert december.index("final trilogue") < december.index("announces its Series A")


def test_year_pages_link_to_their_neighbours(pages):
    page = pages["timeline/2024.md"]
    assert ("2023", "../2023/") in links(page) and ("2025", "../2025/") in links(page)
    assert "← 2023 · All years · 2025 →" in read(page)
    assert "Parliament adopts the AI Act" in page and "seed round" not in page


def test_filters_are_generated_hidden_and_match_the_data_attributes(pages):
    timeline = pages["timeline/index.md"]
    form = timeline.split("<form")[1].split("</form>")[0]
    assert "data-pt-filters" in form and form.split(">")[0].endswith(" hidden")
    assert "data-search-exclude" in form  # the choices are not words of the page
    assert '<option value="mistral-funding">Mistral AI&#39;s funding</option>' in form
    assert '<option value="funding-round">funding round</option>' in form
    assert '<option value="lightspeed">Lightspeed Venture Partners</option>' in form
    li = [line for line in timeline.splitlines() if "seed round" in line and "<li" in line][0]
    assert 'data-kind="funding-round"' in li and 'data-threads="mistral-funding"' in li
    assert 'data-entities="lightspeed mistral-ai"' in li


# -- one event -------------------------------------------------------------------------------


def test_every_citation_points_to_a_source_on_the_page(catalog, pages):
    for event in catalog.events:
        page = parse(pages[f"events/{event.id}.md"])
        cites = {h for h in page.hrefs if h.startswith("#source-")}
        assert cites, event.id
        for href in cites:
            assert href[1:] in page.ids, (event.id, href)
        assert {f"source-{n}" for n in range(1, len(event.sources) + 1)} <= page.ids


def test_sources_link_to_their_bibliography_entry(catalog, pages):
    bibliography = parse(pages["sources.md"])
    for entry in catalog.sources:
        assert entry.anchor in bibliography.ids
    page = pages["events/2024-microsoft-stake.md"]
    entry = catalog.source_entry("https://example.org/news/partnership")
    assert f'href="../../sources/#{entry.anchor}"' in page
    item = pages["sources.md"].split(f'<li id="{entry.anchor}">')[1].split("</li>")[0]
    assert "Microsoft and Mistral AI announce a partnership" in item
    assert "Microsoft takes a stake in Mistral AI" in item


def test_source_details(pages):
    page = pages["events/2021-04-21-commission-proposal.md"]
    item = page.split('<li id="source-1">')[1].split("</li>")[0]
    assert '<a href="https://ec.europa.eu/commission/presscorner/detail/en/ip_21_1682"' \
           ' rel="noopener nofollow">Europe fit for the Digital Age</a>' in item
    assert "European Commission, published" in item and "in English" in item
    assert ">archived copy</a>" in item and "<q>the first ever legal framework on AI</q>" in item
    seed = pages["events/2023-06-13-mistral-seed.md"]
    assert "TechCrunch (read on Channel News Box)" in seed


def test_backlinks_appear_on_both_pages(pages):
    partnership = pages["events/2024-02-26-partnership.md"]
    stake = pages["events/2024-microsoft-stake.md"]
    assert "Includes: Microsoft takes a stake in Mistral AI" in read(partnership)
    assert ("Microsoft takes a stake in Mistral AI", "../2024-microsoft-stake/") in links(partnership)
    assert "Part of: Microsoft and Mistral AI announce a partnership" in read(stake)
    assert ("Microsoft and Mistral AI announce a partnership", "../2024-02-26-partnership/") in links(stake)
    assert "Followed by: The final trilogue on the AI Act" in read(pages["events/2021-04-21-commission-proposal.md"])


def test_thread_neighbours(pages):
    page = pages["events/2023-06-13-mistral-seed.md"]
    line = [x for x in read(section(page, "Threads")).splitlines() if x.startswith("Mistral AI's funding")][0]
    assert "previous: Mistral AI is founded in Paris" not in line  # founded sorts after June
    assert "next: Mistral AI announces its Series A" in line
    assert ("Mistral AI announces its Series A", "../2023-12-mistral-series-a/") in links(page)


def test_status_schedule_history_and_caveat(pages):
    page = pages["events/2099-12-02-high-risk-rules-apply.md"]
    assert '<span class="pt-badge pt-badge--rescheduled">Rescheduled</span>' in page
    history = read(section(page, "Schedule history"))
    assert "Originally 2 August 2098." in history
    assert ("Moved to 2 December 2099 by The Council adopts the AI omnibus (29 June 2026)") in history
    assert ("The Council adopts the AI omnibus", "../2026-06-29-omnibus-adopted/") in links(page)
    assert "<strong>Partly verified.</strong> The publication of the omnibus was not checked." in page
    assert "date last checked 20 November 2026" in page
    mover = pages["events/2026-06-29-omnibus-adopted.md"]
    moved = section(mover, "Deadlines this event moved")
    assert "The high-risk rules apply: now 2 December 2099 (was 2 August 2098)" in read(moved)
    assert ("The high-risk rules apply", "../2099-12-02-high-risk-rules-apply/") in links(moved)


def test_disagreements_show_every_value_with_its_sources(pages):
    page = pages["events/2023-06-13-mistral-seed.md"]
    block = section(page, "Where sources differ")
    assert "money.amount" not in page and "Sources disagree" not in page
    said = read(block).splitlines()
    assert said[0] == "Sources differ on the amount:"
    assert re.search(r"<li>\S.* says: EUR 105 million<sup.*href=\"#source-1\"", block)
    assert re.search(r"<li>\S.* says: USD 113 million<sup.*href=\"#source-2\"", block)
    assert "The dollar figure is a conversion." in block


def test_disagreements_read_as_sentences_naming_who_says_what(pages):
    said = read(section(pages["events/2023-06-13-mistral-seed.md"], "Where sources differ"))
    lines = said.splitlines()
    assert lines[1].endswith("says: EUR 105 million[1];") and lines[2].endswith(
        "says: USD 113 million[2].")
    assert not any(line.startswith(("says", "say")) for line in lines)


@pytest.mark.parametrize("field, words", [
    ("money.valuation", "the valuation"), ("money.amount", "the amount"), ("date", "the date"),
    ("Date", "the date"), ("Nvidia as an investor", "Nvidia as an investor")])
def test_disagreement_fields_become_reader_words(field, words):
    from policy_timeline.models import disagreement_words

    assert disagreement_words(field) == words


def test_related_events_are_one_line_per_event(tmp_path, options):
    from tests.helpers import write_tree as write

    records = dict(RECORDS)
    a, b = "2024/2024-02-26-a-deal.yaml", "2024/2024-02-26-a-launch.yaml"
    base = """\
title: {title}
date: 2024-02-26
kind: partnership
threads: [azure-deal]
relations:
  - {{type: same-day-as, event: {other}}}
summary: It happened [1].
sources:
  - url: https://example.org/relations-test/{slug}
    title: {title}
    publisher: Example Press
    kind: press
    language: en
"""
    records[a] = base.format(title="A deal", other="2024-02-26-a-launch", slug="deal")
    records[b] = base.format(title="A launch", other="2024-02-26-a-deal", slug="launch")
    write(tmp_path, records)
    page = render_pages(load_catalog(tmp_path, today=TODAY), options)[
        "events/2024-02-26-a-deal.md"].html
    related = read(section(page, "Related events"))
    assert related == "Same day as: A launch (26 February 2024)"


def test_money(pages):
    page = pages["events/2023-06-13-mistral-seed.md"]
    money = read(section(page, "Money"))
    assert "Amount: EUR 105 million" in money
    assert "Valuation: about EUR 240 million, post-money" in money
    assert "Lead investors: Lightspeed Venture Partners" in money
    assert ("Lightspeed Venture Partners", "../../entities/lightspeed/") in links(page)
    assert "Amount: at least USD 16 million" in read(pages["events/2024-microsoft-stake.md"])


def test_votes_and_release(pages):
    page = pages["events/2024-03-13-ep-vote.md"]
    assert "European Parliament plenary | 523 | 46 | 49" in read(page)
    assert '>523</td>' in page
    release = read(pages["events/2024-09-27-mistral-small.md"])
    assert "Licence: Apache 2.0" in release and "published (open weights)" in release


def test_legal_references_become_canonical_links(pages):
    proposal = parse(pages["events/2021-04-21-commission-proposal.md"])
    assert ("https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference="
            "2021/0106(COD)") in proposal.hrefs
    assert "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52021PC0206" in proposal.hrefs
    published = parse(pages["events/2024-07-12-published.md"])
    assert "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689" in published.hrefs
    assert "Article 113" in pages["events/2024-07-12-published.md"]
    law = parse(pages["entities/ai-act.md"])
    assert "http://data.europa.eu/eli/reg/2024/1689/oj" in law.hrefs


def test_com_numbers_link_only_for_proposals():
    assert com_celex("COM(2021) 206 final", "proposal") == "52021PC0206"
    assert com_celex("COM(2025) 836 final", "proposal") == "52025PC0836"
    assert com_celex("COM(2021) 206 final", "report") is None
    assert com_celex("SWD(2021) 84 final", "proposal") is None


def test_edit_link_only_with_an_edit_url(catalog, pages):
    assert ("Edit this record", "https://github.com/example/timeline/edit/main/events/2024/"
            "2024-02-26-partnership.yaml") in links(pages["events/2024-02-26-partnership.md"])
    plain = render_pages(catalog, SiteOptions(pages=frozenset({"events"})))
    assert "Edit this record" not in plain["events/2024-02-26-partnership.md"].html


def test_summary_links_and_lists(pages):
    page = parse(pages["events/2024-02-26-partnership.md"])
    assert "https://example.com/blog/partnership" in page.hrefs
    assert [a for t, a in page.tags if t == "a" and a.get("href") == "https://example.com/blog/partnership"
            ][0]["rel"] == "noopener nofollow"
    assert sum(1 for t, _ in page.tags if t == "li") >= 2


# -- entities, threads, home ------------------------------------------------------------------


def test_entity_page(pages):
    page = pages["entities/mistral-ai.md"]
    assert "Company · France" in read(page) and "Wikidata Q116758847" in page
    assert (2, "Events (10)") in headings(page) and "as company raising funds" in page
    assert "Microsoft (3)" in read(page) and ("Microsoft", "../microsoft/") in links(page)
    assert "Part of European Commission." in read(pages["entities/ai-office.md"])
    assert ("European Commission", "../european-commission/") in links(pages["entities/ai-office.md"])
    assert "Includes AI Office." in read(pages["entities/european-commission.md"])


def test_money_raised_keeps_currencies_apart(pages):
    page = pages["entities/mistral-ai.md"]
    table = read(section(page, "Money raised"))
    assert "13 June 2023 | Mistral AI raises a seed round | EUR 105 million[1][2], equity" in table
    assert "| about EUR 385 million[1], equity and debt |" in table
    assert "| at least USD 16 million[1] |" in table
    # never added across currencies nor over approximate amounts
    assert "EUR 490 million" not in page and "Totals" not in page
    overview = read(section(page, "Overview"))
    assert ("Money raised: 4 rounds in EUR and USD, not added up across currencies:"
            " EUR 105 million (Mistral AI raises a seed round); about EUR 385 million") in overview
    investor = pages["entities/lightspeed.md"]
    assert (2, "Rounds it invested in") in headings(investor)
    assert (2, "Money raised") not in headings(investor)
    assert "<svg" not in investor


def test_money_figures_cite_the_event_sources(pages):
    table = section(pages["entities/mistral-ai.md"], "Money raised")
    assert ('<a href="../../events/2023-06-13-mistral-seed/#source-2" title="TechCrunch:'
            ' Mistral AI blows in with a $113M seed round">[2]</a>') in table
    assert ('<a href="../../events/2023-12-mistral-series-a/#source-1"') in table


def test_entity_overview_comes_first(pages):
    page = pages["entities/mistral-ai.md"]
    found = headings(page)
    assert found.index((2, "Overview")) < found.index((2, "Money raised")) < found.index(
        (2, "Events (10)"))
    overview = read(section(page, "Overview"))
    assert overview.splitlines()[:4] == [
        "Threads: Mistral AI's funding (5 events), Funding & deals (2 events),"
        " The Azure deal (3 events), Open weights (2 events)",
        "First appearance: 13 June 2023, Mistral AI raises a seed round",
        "Last appearance: c. 2024, Microsoft takes a stake in Mistral AI",
        "Roles: company raising funds in 3 events, company in 2 events, developer in 2 events,"
        " partner in 2 events, founded in 1 event"]
    assert ("Mistral AI raises a seed round", "../../events/2023-06-13-mistral-seed/") in links(
        section(page, "Overview"))
    assert ("Mistral AI's funding", "../../threads/mistral-funding/") in links(
        section(page, "Overview"))


def test_entity_overview_names_its_most_frequent_roles(tmp_path, options):
    records = dict(RECORDS)
    for n in range(10):
        records[f"2025/2025-01-{n + 10:02d}-talk.yaml"] = (
            f"title: Mistral AI talk {n}\ndate: 2025-01-{n + 10:02d}\nkind: statement\n"
            f"participants:\n  - {{entity: mistral-ai, role: role {n}}}\n"
            "summary: A talk [1].\nsources:\n  - url: https://example.org/talk\n"
            "    title: Talk\n    publisher: Example Press\n    kind: press\n    language: en\n")
    write_tree(tmp_path, records)
    page = render_pages(load_catalog(tmp_path, today=TODAY), options)["entities/mistral-ai.md"].html
    roles = [line for line in read(section(page, "Overview")).splitlines()
             if line.startswith("Roles:")][0]
    # 5 roles of the records and 10 of one event each: the 8 most frequent, then a count
    assert roles.startswith("Roles: company raising funds in 3 events, company in 2 events,")
    assert roles.count(" in 1 event") == 4
    assert roles.endswith(", and 7 other roles (see the events below)")


def test_entity_overview_lists_votes(pages):
    parliament = read(section(pages["entities/european-parliament.md"], "Overview"))
    assert ("Vote: European Parliament plenary, 13 March 2024: 523 for, 46 against,"
            " 49 abstentions (Parliament adopts the AI Act)") in parliament
    assert "Roles: co-legislator in 4 events, voted in 1 event" in parliament


def test_entity_overview_adds_up_one_exact_currency(tmp_path, options):
    records = dict(RECORDS)
    a, stake = "2023/2023-12-mistral-series-a.yaml", "2024/2024-microsoft-stake.yaml"
    b = "2024/2024-06-mistral-series-b.yaml"
    records[a] = records[a].replace("approximate: true", "approximate: false")
    records[b] = records[b].replace("approximate: true", "approximate: false")
    records[stake] = records[stake].replace(
        "amount: 16000000, currency: USD, at_least: true", "amount: 16000000, currency: EUR")
    records[stake] = records[stake].replace("at least USD 16 million", "EUR 16 million")
    write_tree(tmp_path, records)
    page = render_pages(load_catalog(tmp_path, today=TODAY), options)["entities/mistral-ai.md"].html
    assert "Money raised: EUR 1.106 billion in total over 4 rounds" in read(section(page, "Overview"))


def test_funding_thread_charts_the_rounds_with_amounts_and_leads(pages):
    page = pages["threads/mistral-funding.md"]
    found = headings(page)
    assert found.index((2, "Money raised by Mistral AI")) < found.index((2, "Events (5)"))
    part = section(page, "Money raised by Mistral AI")
    assert '<svg' in part and 'href="../../events/2023-06-13-mistral-seed/"' in part
    assert "Lightspeed" in read(part) and "EUR 105 million[1][2]" in read(part)
    assert "Money raised" not in pages["threads/ai-act.md"]


def test_entity_index_groups_by_type(pages):
    index = pages["entities/index.md"]
    order = [t for level, t in headings(index) if level == 2]
    assert order.index("Companies") < order.index("Investors") < order.index("Institutions")
    assert "Mistral AI (10 events)" in read(index) and ("Mistral AI", "mistral-ai/") in links(index)


def test_thread_pages(pages):
    index = pages["threads/index.md"]
    assert ("The AI Act (21 events, 21 April 2021 to 2 December 2099): How the EU"
            " regulation on artificial intelligence was proposed, negotiated and adopted.") in read(index)
    assert ("The AI Act", "ai-act/") in links(index)
    page = pages["threads/mistral-funding.md"]
    found = headings(page)
    assert found.index((2, "Events (5)")) < found.index((3, "2023")) < found.index((3, "2024"))
    assert '<a href="https://example.org/data" rel="noopener nofollow">see the data</a>' in page


def test_home_page(pages):
    home = pages["index.md"]
    assert home.index(">Test timeline</h1>") < home.index("The <em>intro</em>.")
    latest = section(home, "Latest events")
    titles = re.findall(r'class="pt-title" href="[^"]+">([^<]+)</a>', latest)
    assert titles[0] == "The Council adopts the AI omnibus"  # newest first
    assert "The high-risk rules apply" not in latest
    coming = section(home, "Coming up")
    assert re.findall(r'class="pt-title" href="[^"]+">([^<]+)</a>', coming) == [
        "Guidelines due", "Deadline for older general-purpose models", "High-risk rules apply",
        "High-risk rules apply", "Review of the act", "National sandboxes must be ready",
        "The high-risk rules apply"]
    assert (2, "Threads") in headings(home)


def test_home_intro_with_its_own_heading_replaces_the_title(catalog):
    options = site_options({}, site_name="Site", home_intro="# Welcome\n\nHello.")
    home = render_pages(catalog, options)["index.md"]
    assert [h for h in headings(home.html) if h[0] == 1] == [(1, "Welcome")]
    assert home.title == "Welcome" and home.toc[0].id == "welcome"


# -- money formatting --------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "shown"), [
    (385_000_000, "385 million"), (1_700_000_000, "1.7 billion"), (105_000_000, "105 million"),
    (1_234_567, "1,234,567"), (11_700_000_000, "11.7 billion"), (950, "950"),
    (2.5e6, "2.5 million"), (1234.5, "1,234.50"), (16_000_000, "16 million"),
])
def test_format_amount(amount, shown):
    assert format_amount(amount) == shown


def test_format_money_flags():
    assert format_money(1e9, "EUR") == "EUR 1 billion"
    assert format_money(1e9, "EUR", approximate=True) == "about EUR 1 billion"
    assert format_money(1e9, "USD", at_least=True) == "at least USD 1 billion"


# -- nav -----------------------------------------------------------------------------------------


def test_expand_nav_adds_years_and_threads(catalog, options, pages):
    nav = [{"Home": "index.md"}, {"Timeline": "timeline/index.md"}, "threads/index.md",
           {"More": [{"Sources": "sources.md"}]}]
    out = expand_nav(nav, catalog, options, pages)
    assert out[0] == {"Home": "index.md"}
    timeline = out[1]["Timeline"]
    assert timeline[0] == "timeline/index.md"
    assert {"2023": "timeline/2023.md"} in timeline and {"2099": "timeline/2099.md"} in timeline
    threads = out[2]["Threads"]
    assert threads[1:] == [{"The AI Act": "threads/ai-act.md"},
                           {"Mistral AI&#39;s funding": "threads/mistral-funding.md"},
                           {"Funding &amp; deals": "threads/funding.md"},
                           {"The Azure deal": "threads/azure-deal.md"},
                           {"Open weights": "threads/open-weights.md"},
                           {"A thread with no events": "threads/quiet.md"}]
    assert out[3] == {"More": [{"Sources": "sources.md"}]}
    assert expand_nav(None, catalog, options, pages) is None


def test_nav_inclusion(options):
    assert nav_inclusion("timeline/index.md", options) == "listed"
    assert nav_inclusion("sources.md", options) == "listed"
    for path in ("events/x.md", "entities/x.md", "timeline/2023.md", "threads/x.md"):
        assert nav_inclusion(path, options) == "hidden"


# -- hostile text ---------------------------------------------------------------------------------

DANGEROUS_TAGS = {"script", "iframe", "img", "object", "embed", "math", "b", "style"}


@pytest.mark.parametrize("payload", XSS)
def test_no_record_text_becomes_markup(tmp_path, payload):
    write_tree(tmp_path, hostile_records(payload))
    catalog = load_catalog(tmp_path, today=TODAY)
    options = site_options({}, site_name="S", repo_url="https://github.com/e/x")
    pages = render_pages(catalog, options)
    assert len(pages) > 10
    for path, page in pages.items():
        body = page.html
        body = re.sub(r"<svg.*?</svg>", "", body, flags=re.DOTALL)  # drawn by svg.py
        parsed = parse(body)
        for tag, attrs in parsed.tags:
            if tag == "script" and set(attrs) == {"src"} and attrs["src"].endswith(".js"):
                continue  # a script file of the site (the interactive view)
            assert tag not in DANGEROUS_TAGS, (path, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name)
                if name in ("href", "src"):
                    assert not (value or "").lower().lstrip().startswith(("javascript:", "data:")), path
        # the payload may be read as text or an attribute's (escaped) value, never as a
        # tag or an attribute of its own
        tags = [re.sub(r'"[^"<>]*"', '""', tag) for tag in re.findall(r"<[^>]*>", body)]
        assert not any("alert" in tag for tag in tags), path
        front = " ".join(str(v) for v in page.meta.values())
        assert "<" not in front and '"' not in front, path  # themes print these raw


# ---------------------------------------------------------------------------------------
# Deadlines whose date has passed: a state readers see, not a build failure

SANDBOXES = "2099-08-02-sandboxes"  # scheduled for 2 August 2099
HIGH_RISK = "2099-12-02-high-risk-rules-apply"  # rescheduled to 2 December 2099


def _pages_as_of(root, options, today):
    pages = render_pages(load_catalog(root, today=today, strict=True), options)
    return {path: page.html for path, page in pages.items()}


@pytest.fixture(scope="module")
def records_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("records-overdue")
    write_tree(root, RECORDS)
    return root


def _section(body: str, heading: str) -> str:
    return section(body, heading.lstrip("# "))


def test_home_lists_passed_deadlines_apart_from_coming_ones(records_root, options):
    import datetime as dt

    assert (2, "Deadlines to check") not in headings(
        _pages_as_of(records_root, options, TODAY)["index.md"])
    before = _pages_as_of(records_root, options, dt.date(2099, 8, 2))["index.md"]
    assert SANDBOXES in _section(before, "## Coming up") and HIGH_RISK in _section(before, "## Coming up")
    check = _section(before, "## Deadlines to check")  # the 2027 and 2028 ones are there
    assert check and SANDBOXES not in check
    after = _pages_as_of(records_root, options, dt.date(2099, 8, 3))["index.md"]
    coming, check = _section(after, "## Coming up"), _section(after, "## Deadlines to check")
    assert HIGH_RISK in coming and SANDBOXES not in coming  # no longer "coming"
    assert SANDBOXES in check and HIGH_RISK not in check
    assert "as of 3 August 2099, Brussels time" in check
    assert 'pt-badge--overdue">Date passed, not yet confirmed</span>' in check
    assert headings(after).index((2, "Coming up")) < headings(after).index((2, "Deadlines to check"))


def test_event_page_and_lists_show_the_overdue_badge(records_root, options):
    import datetime as dt

    pages = _pages_as_of(records_root, options, dt.date(2100, 1, 1))
    page = pages[f"events/{SANDBOXES}.md"]
    assert 'class="pt-badge pt-badge--overdue">Date passed, not yet confirmed</span>' in page
    assert 'pt-badge--scheduled' not in page
    note = page.split('<div class="pt-overdue" role="note">', 1)[1].split("</div>", 1)[0]
    assert "was scheduled for 2 August 2099" in note and "as of 1 January 2100" in note
    assert "last checked against the sources on 20 November 2026" in note
    assert pages["timeline/2099.md"].count("pt-badge--overdue") == 2  # both 2099 deadlines
    thread = pages["threads/ai-act.md"]
    table = section(thread, "What applies when")  # every obligation of the thread has passed
    assert table.count("pt-badge--overdue") == table.count("<tr>") - 1 >= 2
    # and in the thread's event list, the five of 2027 and 2028 and the two of 2099
    assert thread.split(">Events (", 1)[1].count("pt-badge--overdue") == 7
    html_page = html(page)
    assert "<strong>Date passed, not yet confirmed.</strong>" in html_page
    early = _pages_as_of(records_root, options, dt.date(2099, 1, 1))
    assert "pt-overdue" not in early[f"events/{SANDBOXES}.md"]
    assert "overdue" not in early["timeline/2099.md"]


# ---------------------------------------------------------------------------------------
# What applies when


@pytest.fixture(scope="module")
def applies_pages(tmp_path_factory, options):
    """The shared records, the moved high-risk deadline saying to whom it applies."""
    records = dict(RECORDS)
    (key,) = [k for k in records if k.endswith("2099-12-02-high-risk-rules-apply.yaml")]
    records[key] = records[key].replace("status: rescheduled\n", "status: rescheduled\n"
                                        "applies_to: providers of high-risk systems\n", 1)
    root = tmp_path_factory.mktemp("applies")
    write_tree(root, records)
    outs = render_pages(load_catalog(root, today=TODAY), options)
    return {path: page.html for path, page in outs.items()}


def test_thread_page_has_a_what_applies_when_table(applies_pages, pages):
    page = applies_pages["threads/ai-act.md"]
    table = read(section(page, "What applies when"))
    assert ("What applies | To whom | Date first set | Current date | What moved it | State"
            " | Sources") in table
    assert ("The high-risk rules apply | providers of high-risk systems | 2 August 2098 |"
            " 2 December 2099 | The Council adopts the AI omnibus (29 June 2026): to"
            " 2 December 2099 | Rescheduled | [1][2]") in table
    assert re.search(r"National sandboxes must be ready \| not recorded \| 2 August 2099 \|"
                     r" 2 August 2099 \| Not moved by (.*, )?The Council adopts the AI omnibus"
                     r" \(29 June 2026\)(, .*)? \| Scheduled", table)
    found = links(section(page, "What applies when"))
    assert ("The Council adopts the AI omnibus", "../../events/2026-06-29-omnibus-adopted/") in found
    assert ("[2]", "../../events/2099-12-02-high-risk-rules-apply/#source-2") in found
    assert "What applies when" not in read(pages["threads/mistral-funding.md"])


def test_home_links_each_what_applies_when_table(pages):
    home = section(pages["index.md"], "What applies when")
    assert ("The AI Act", "threads/ai-act/#what-applies-when") in links(home)
    assert re.search(r"\(\d+ dated obligations\)", read(home))
    assert 'id="what-applies-when"' in pages["threads/ai-act.md"]


def test_rescheduled_event_shows_its_whole_date_history(pages):
    history = read(section(pages["events/2099-12-02-high-risk-rules-apply.md"], "Schedule history"))
    assert history.splitlines()[0] == "Originally 2 August 2098."
    assert history.splitlines()[-1] == "Current date: 2 December 2099 (rescheduled)."


def test_a_deadline_that_kept_its_date_says_so(pages):
    kept = section(pages["events/2099-08-02-sandboxes.md"], "Date kept")
    assert re.search(r"^Not moved by The Council adopts the AI omnibus \(29 June 2026\), which"
                     r" moved \d+ other deadlines?: the date stayed 2 August 2099\.$", read(kept),
                     re.MULTILINE)
    assert ("The Council adopts the AI omnibus", "../2026-06-29-omnibus-adopted/") in links(kept)
    assert "Date kept" not in pages["events/2099-12-02-high-risk-rules-apply.md"]
    assert "Date kept" not in pages["events/2023-06-13-mistral-seed.md"]


# ---------------------------------------------------------------------------------------
# Pages in French (`render_pages(..., language="fr")`): the interface from the catalog,
# French dates and money, French typography; the record text as it is (i18n-core's part)

@pytest.fixture(scope="module")
def french(catalog, options):
    return render_pages(catalog, options, language="fr")


def test_french_pages_read_in_french(french):
    page = french["events/2099-12-02-high-risk-rules-apply.md"]
    said = read(page.html)
    assert "Historique du calendrier" in said and "Schedule history" not in said
    assert "Date initiale : 2 août 2098." in said  # (read() turns no-break spaces into spaces)
    assert "Date initiale\u00a0: 2 août 2098." in page.html
    assert "Nouvelle date : 2 décembre 2099 par" in said
    assert '<span class="pt-badge pt-badge--rescheduled">Reporté</span>' in page.html
    assert "dernière vérification de la date\u00a0: 20 novembre 2026" in page.html
    assert "publication : 12 juillet 2024, en anglais" in said
    assert page.meta["description"].startswith("2 décembre 2099. ")
    assert [h.title for h in page.toc[0].children][:1] == ["Historique du calendrier"]


def test_french_money_and_disagreements(french):
    said = read(french["events/2023-06-13-mistral-seed.md"].html)
    assert "Les sources divergent sur le montant :" in said
    assert "105 millions d'euros" in said
    assert "EUR 105 million" in said  # the claims are the sources' words, kept as written


def test_french_page_titles_and_counts(french):
    assert french["entities/index.md"].meta["title"] == "Qui est qui"
    assert french["timeline/index.md"].meta["title"] == "Chronologie"
    said = read(french["timeline/index.md"].html)
    assert re.search(r"\d+ événements, ", said)
    assert "Tous les fils" in french["timeline/index.md"].html


def test_english_is_the_default_and_unchanged(outs, catalog, options):
    again = render_pages(catalog, options, language="en")
    assert {p: o.html for p, o in again.items()} == {p: o.html for p, o in outs.items()}


def test_french_funding_chart_and_table(french, outs):
    page = french["entities/mistral-ai.md"].html
    assert "Montant levé" in page and "Amount raised" not in page
    assert "105 millions d'euros" in read(page)
    assert re.search(r"<desc[^>]*>4 tours de table, 13 juin 2023 – ", page)
    assert "Amount raised" in outs["entities/mistral-ai.md"].html  # English unchanged
