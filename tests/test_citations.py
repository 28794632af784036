"""Citations a reader can trust (issue 10): titles never invented, reader and editor notes
kept apart, copies on non-canonical hosts flagged, laws reached by their legal references.

Across modules on purpose: each rule is followed from the record (models, loader) through
`check` (catalog) to what a reader sees (pages) and downloads (data files).
"""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from click.testing import CliRunner

from policy_timeline.catalog import check_folder, load_catalog
from policy_timeline.cli import main
from policy_timeline.errors import RecordsInvalid
from policy_timeline.exports import export_files
from policy_timeline.exports.jsonld import creative_work
from policy_timeline.models import EDITOR_PHRASES, Settings, Source, short_link
from policy_timeline.options import site_options
from policy_timeline.render import celex_in_url
from policy_timeline.render import render_pages as render_page_outs

from .conftest import TODAY, VALID

UNTITLED_URL = "https://www.example.com/news/2024/02/27/mistral-microsoft-deal-explained?id=7"

EVENT = """\
title: Reporters explain the deal
date: 2024-02-27
kind: statement
threads: [azure-deal]
participants:
  - {{entity: mistral-ai, role: subject}}
summary: A report explained the deal [1].
sources:
  - url: {url}
{extra}    publisher: {publisher}
    kind: press
    language: fr
    published: 2024-02-27
"""


def event(url: str = UNTITLED_URL, extra: str = "", publisher: str = "Le Monde") -> str:
    """An event citing one source; `extra` holds more indented source keys (title, note...)."""
    return EVENT.format(url=url, extra=extra, publisher=publisher)


FILE = "2024/2024-02-27-deal-explained.yaml"


def problems_of(root, severity=None):
    _, problems = check_folder(root, today=TODAY)
    return [p for p in problems if severity is None or p.severity == severity]


def _site(catalog):
    return site_options({}, site_name="Test", site_url="https://example.org/t/")


def render_pages(catalog, options):
    """{path: the page's HTML}."""
    return {path: page.html for path, page in render_page_outs(catalog, options).items()}


def _html_text(page: str) -> str:
    return page.replace("&#40;", "(").replace("&#41;", ")").replace("&#91;", "[").replace(
        "&#93;", "]").replace("&#61;", "=").replace("&#95;", "_")


# ---------------------------------------------------------------------------------------
# 1. A title is never invented


def test_a_source_without_a_title_is_valid_and_labelled_by_its_link():
    source = Source.model_validate({"url": UNTITLED_URL, "publisher": "Le Monde",
                                    "kind": "press", "language": "fr"})
    assert source.title is None and not source.title_recorded
    assert source.label() == "example.com/…/mistral-microsoft-deal-explained?id=7"


@pytest.mark.parametrize("url, shown", [
    ("https://www.example.com/", "example.com"),
    ("https://example.com/a/b", "example.com/a/b"),
    ("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689",
     "eur-lex.europa.eu/legal-content/EN/TXT?uri=CELEX:32024R1689"),
    ("https://www.example.com/news/2024/02/27/a-very-long-slug-that-goes-on-and-on-for-ever-and-ever",
     "example.com/…/a-very-long-slug-that-goes-on-and-on-for-ever…"),
])
def test_short_link_keeps_host_and_the_telling_end_of_the_path(url, shown):
    assert short_link(url) == shown
    assert len(short_link(url)) <= 60


def test_check_rejects_a_bracketed_pseudo_title_with_file_line_and_hint(records):
    root = records({FILE: event(extra='    title: "[CNBC report on the partnership]"\n')})
    found = [p for p in problems_of(root, "error") if p.field == "sources[0].title"]
    assert len(found) == 1
    problem = found[0]
    assert problem.path.endswith(FILE) and problem.line == 10
    assert "bracketed" in problem.message
    assert "leave the title out when it is unknown" in problem.hint


def test_brackets_inside_a_real_title_are_fine(records):
    root = records({FILE: event(extra='    title: "Mistral [updated] and Microsoft"\n')})
    assert not problems_of(root, "error")


def test_an_untitled_source_on_the_event_page_shows_what_is_known(records):
    catalog = load_catalog(records({FILE: event()}), today=TODAY)
    pages = render_pages(catalog, _site(catalog))
    page = _html_text(pages["events/2024-02-27-deal-explained.md"])
    item = page[page.index('<li id="source-1">'):]
    item = item[: item.index("</li>")]
    assert "<cite>" not in item  # no title, so nothing dressed up as one
    assert item.index("Le Monde") < item.index(">example.com/…/mistral-microsoft-deal-explained?id=7<")
    assert "(title not recorded)" in item
    assert f'href="{UNTITLED_URL}"' in item  # the link itself is whole
    assert "27 February 2024" in item and "in French" in item
    # the citation marker's tooltip names it the same way
    assert 'title="Le Monde: example.com/…/mistral-microsoft-deal' in page
    bibliography = _html_text(pages["sources.md"])
    assert "Le Monde, <a href" in bibliography and "(title not recorded)" in bibliography


def test_an_untitled_source_in_the_data_files(records):
    catalog = load_catalog(records({FILE: event()}), today=TODAY)
    options = _site(catalog)
    files = export_files(catalog, options, None)
    sources = json.loads(files["data/sources.json"])["sources"]
    mine = next(s for s in sources if s["url"] == UNTITLED_URL)
    assert mine["title"] is None and mine["title_recorded"] is False
    titled = next(s for s in sources if s["url"] == "https://example.org/news/partnership")
    assert titled["title"] == "Microsoft and Mistral AI" and titled["title_recorded"] is True
    schema = json.loads(files["data/schema/data-sources.schema.json"])
    jsonschema.validate(json.loads(files["data/sources.json"]), schema)
    rows = list(csv.DictReader(io.StringIO(files["data/sources.csv"].decode("utf-8"))))
    row = next(r for r in rows if r["url"] == UNTITLED_URL)
    assert row["title"] == "" and row["title_recorded"] == "false"
    assert next(r for r in rows if r["title"] == "Microsoft and Mistral AI")["title_recorded"] == "true"
    feed = files["feeds/all.atom"].decode("utf-8")
    assert "Le Monde, &lt;a href" in feed and "(title not recorded)" in feed
    node = creative_work(catalog.by_id["2024-02-27-deal-explained"].sources[0])
    assert "name" not in node and node["publisher"]["name"] == "Le Monde"
    for path, data in files.items():
        assert b"[None]" not in data and b">None<" not in data, path
    data_page = render_pages(catalog, options)["data/index.md"]
    assert "<code>title_recorded</code> is false" in data_page
    assert "<code>via_reason</code>" in data_page
    assert "schema/settings.schema.json" in data_page


# ---------------------------------------------------------------------------------------
# 2. Reader notes and editor notes


@pytest.mark.parametrize("phrase", EDITOR_PHRASES)
def test_check_rejects_editor_phrasing_in_a_reader_note(records, phrase):
    note = f"{phrase.capitalize()} as seen; supports the date"
    root = records({FILE: event(extra=f'    title: A title\n    note: "{note}"\n')})
    found = [p for p in problems_of(root, "error") if p.field == "sources[0].note"]
    assert len(found) == 1, problems_of(root)
    assert found[0].line == 11 and phrase in found[0].message
    assert "editor_note" in found[0].hint


def test_an_editor_note_is_kept_in_the_record_but_never_shown_or_exported(records):
    extra = ('    title: A title\n    note: "Supports: the date of the deal"\n'
             '    editor_note: Title from the stored copy; the live page is paywalled\n')
    catalog = load_catalog(records({FILE: event(extra=extra)}), today=TODAY)
    source = catalog.by_id["2024-02-27-deal-explained"].sources[0]
    assert source.editor_note.startswith("Title from the stored copy")
    options = _site(catalog)
    outputs = {**render_pages(catalog, options), **export_files(catalog, options, None)}
    for path, data in outputs.items():
        body = data if isinstance(data, str) else data.decode("utf-8", "replace")
        assert "stored copy" not in body and "paywalled" not in body, path
    page = render_pages(catalog, options)["events/2024-02-27-deal-explained.md"]
    assert '<span class="pt-note">(Supports: the date of the deal)</span>' in page


# ---------------------------------------------------------------------------------------
# 3. Non-canonical hosts

SETTINGS = """\
non_canonical_hosts:
  - {host: pubt.io, kind: aggregator}
  - {host: staging.libe.io, kind: staging}
  - host: dailymail.co.uk
    kind: reprint
    own_publishers: [Daily Mail]
"""


def _warnings(root):
    return [p for p in problems_of(root, "warning") if p.field.startswith("sources")]


@pytest.mark.parametrize("url", ["https://pubt.io/a/b", "https://www.pubt.io/a",
                                 "https://www.staging.libe.io/news/x", "https://PUBT.io/x"])
def test_a_citation_to_a_listed_host_is_warned_at_its_url(records, url):
    root = records({"settings.yaml": SETTINGS, FILE: event(url=url, extra="    title: A title\n")})
    found = _warnings(root)
    assert [(p.field, p.line) for p in found] == [("sources[0].url", 9)]
    assert "non-canonical" in found[0].message and "settings.yaml" in found[0].message
    assert "via:" in found[0].hint and "via_reason:" in found[0].hint


def test_a_listed_host_with_via_but_no_reason_is_still_warned(records):
    extra = "    title: A title\n    via: Pubt\n"
    root = records({"settings.yaml": SETTINGS, FILE: event(url="https://pubt.io/a", extra=extra)})
    found = _warnings(root)
    assert len(found) == 1 and "`via:`" not in found[0].hint and "via_reason" in found[0].hint


def test_a_listed_host_with_via_and_a_reason_is_accepted_and_the_reason_shown(records):
    extra = ("    title: A title\n    via: Pubt\n"
             "    via_reason: The original page was removed and never archived\n")
    root = records({"settings.yaml": SETTINGS, FILE: event(url="https://pubt.io/a", extra=extra)})
    assert not problems_of(root)
    catalog = load_catalog(root, today=TODAY, strict=True)
    page = render_pages(catalog, _site(catalog))["events/2024-02-27-deal-explained.md"]
    assert "Le Monde (read on Pubt: The original page was removed and never archived)" in page


def test_a_host_that_reprints_is_flagged_only_for_other_publishers(records):
    own = event(url="https://www.dailymail.co.uk/news/article-1/x.html", publisher="Daily Mail",
                extra="    title: A title\n")
    assert not _warnings(records({"settings.yaml": SETTINGS, FILE: own}))
    wire = event(url="https://www.dailymail.co.uk/wires/reuters/article-2/x.html",
                 publisher="Reuters", extra="    title: A title\n")
    assert len(_warnings(records({"settings.yaml": SETTINGS, FILE: wire}))) == 1


def test_other_hosts_and_folders_without_settings_are_not_warned(records):
    assert not _warnings(records({"settings.yaml": SETTINGS, FILE: event(extra="    title: T\n")}))
    assert not _warnings(records({FILE: event(url="https://pubt.io/a", extra="    title: T\n")}))


def test_strict_check_fails_on_a_non_canonical_citation(records):
    root = records({"settings.yaml": SETTINGS,
                    FILE: event(url="https://pubt.io/a", extra="    title: A title\n")})
    with pytest.raises(RecordsInvalid, match="non-canonical"):
        load_catalog(root, today=TODAY, strict=True)
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(root), "--today", TODAY.isoformat()]).exit_code == 0
    strict = runner.invoke(main, ["check", str(root), "--strict", "--today", TODAY.isoformat()])
    assert strict.exit_code != 0 and "pubt.io" in strict.output


def test_via_reason_needs_via(records):
    root = records({FILE: event(extra="    title: T\n    via_reason: Only copy left\n")})
    found = [p for p in problems_of(root, "error") if p.field.startswith("sources[0]")]
    assert len(found) == 1 and "via" in found[0].hint


@pytest.mark.parametrize("text, field, line, words", [
    ("non_canonical_hosts:\n  - {host: Not A Host, kind: mirror}\n",
     "non_canonical_hosts[0].host", 2, "pattern"),
    ("non_canonical_hosts:\n  - a.org\n", "non_canonical_hosts[0]", 2, "dictionary"),
    ("non_canonical_hosts:\n  - {host: x.org, kind: mirorr}\n", "non_canonical_hosts[0].kind",
     2, "mirror"),
    ("non_canonical_hosts:\n  - {host: a.org, kind: mirror}\n  - {host: www.a.org, kind: reprint}\n",
     "non_canonical_hosts[1].host", 3, "listed twice"),
    ("non_canonical_host: [a.org]\n", "non_canonical_host", 1, "non_canonical_hosts"),
    ("- a.org\n", "", 1, "mapping"),
])
def test_bad_settings_are_reported_where_they_are_written(records, text, field, line, words):
    found = problems_of(records({"settings.yaml": text}), "error")
    assert len(found) == 1, found
    problem = found[0]
    assert problem.path.endswith("settings.yaml") and problem.field == field
    assert problem.line == line
    assert words in problem.message + problem.hint


def test_settings_belong_at_the_top_of_the_records_folder(records):
    found = problems_of(records({"2024/settings.yaml": SETTINGS}), "error")
    assert len(found) == 1 and "top of the records folder" in found[0].message


def test_the_repository_settings_are_valid_and_list_the_issue_hosts():
    from policy_timeline.loader import load_folder

    from .test_content import EVENTS

    loaded = load_folder(EVENTS)
    assert loaded.settings_doc is not None
    assert not [p for p in loaded.problems if p.path.endswith("settings.yaml")]
    listed = {h.host for h in loaded.settings.hosts()}
    assert {"pubt.io", "fxbaogao.com", "dlapiper.vercel.app", "dailymail.co.uk"} <= listed
    assert Settings().hosts() == []


# ---------------------------------------------------------------------------------------
# 4. Primary texts: EUR-Lex links by CELEX


@pytest.mark.parametrize("url, celex", [
    ("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689", "32024R1689"),
    ("https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX%3A32024R1689&from=EN",
     "32024R1689"),
    ("https://eur-lex.europa.eu/eli/reg/2024/1689/oj", None),
    ("https://example.org/?uri=CELEX:32024R1689", None),
])
def test_celex_in_a_eur_lex_link(url, celex):
    assert celex_in_url(url) == celex


def test_a_eur_lex_source_shows_its_celex_number(records):
    url = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689"
    extra = "    title: Regulation (EU) 2024/1689 (Artificial Intelligence Act)\n"
    catalog = load_catalog(records({FILE: event(url=url, extra=extra,
                                                publisher="Official Journal of the EU")}),
                           today=TODAY)
    page = _html_text(render_pages(catalog, _site(catalog))["events/2024-02-27-deal-explained.md"])
    assert f'<cite><a href="{url}"' in page
    assert "Regulation (EU) 2024/1689 (Artificial Intelligence Act)</a></cite>" in page
    assert "CELEX 32024R1689" in page


# ---------------------------------------------------------------------------------------
# 6. Law pages list the events that concern the law

LAW = """\
ai-act:
  name: AI Act
  type: law
  description: Regulation (EU) 2024/1689.
  legal: {celex: 32024R1689, procedure: 2021/0106(COD)}
omnibus:
  name: Digital Omnibus on AI
  type: law
  description: A proposal amending the AI Act.
  legal: {com: COM(2025) 836}
"""

APPLIES = """\
title: Prohibitions apply
date: 2025-02-02
kind: application-date
legal: {celex: 32024R1689, articles: [Article 5]}
summary: The bans apply [1].
sources:
  - url: https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689
    title: Regulation (EU) 2024/1689
    publisher: Official Journal of the European Union
    kind: official
    language: en
"""

GUIDANCE = """\
title: Guidelines on prohibited practices
date: 2025-02-04
kind: guidance
relations:
  - {type: implements, event: 2025-02-02-prohibitions-apply}
summary: The Commission published guidelines [1].
sources:
  - url: https://example.org/guidelines
    title: Guidelines
    publisher: European Commission
    kind: official
    language: en
"""

PROPOSAL = """\
title: The Commission proposes the omnibus
date: 2025-11-19
kind: proposal
legal: {com: COM(2025) 836 final}
summary: The Commission proposed changes [1].
sources:
  - url: https://example.org/omnibus
    title: Omnibus
    publisher: European Commission
    kind: official
    language: en
"""


# The events of the shared records that reach the AI Act, and how (read off the records:
# participants, legal.celex 32024R1689, legal.procedure 2021/0106(COD)).
SHARED_AI_ACT = {
    "2021-04-21-ai-act-proposal": ("subject", "the act concerned (procedure 2021/0106(COD))"),
    "2021-04-21-commission-proposal": ("the act concerned (procedure 2021/0106(COD))",),
    "2023-06-14-parliament-adopts-position": ("the act concerned (procedure 2021/0106(COD))",),
    "2023-12-08-provisional-agreement": ("the act concerned (procedure 2021/0106(COD))",),
    "2024-07-12-published": ("published", "the act concerned (CELEX 32024R1689)"),
    "2024-08-01-ai-act-adoption": ("act",),
    "2026-08-02-high-risk-rules-apply": ("act",),
    "2027-08-02-high-risk-rules-apply": ("the act concerned (CELEX 32024R1689)",),
}


def _law_records(records, **more):
    """The shared records with LAW in place of their ai-act entity, and three events more."""
    shared = (VALID / "entities.yaml").read_text(encoding="utf-8")
    start = shared.index("\nai-act:\n") + 1
    end = shared.index("\n", shared.index("  legal:", start)) + 1  # its last line
    entities = shared[:start] + shared[end:] + LAW + "".join(more.values())
    return records({"entities.yaml": entities,
                    "2025/2025-02-02-prohibitions-apply.yaml": APPLIES,
                    "2025/2025-02-04-guidelines.yaml": GUIDANCE,
                    "2025/2025-11-19-omnibus-proposal.yaml": PROPOSAL})


def test_a_law_is_reached_by_legal_references_and_relations(records):
    catalog = load_catalog(_law_records(records), today=TODAY)
    reached = {e.id: roles for e, roles in catalog.by_entity["ai-act"]}
    assert reached == {
        "2025-02-02-prohibitions-apply": ("the act concerned (CELEX 32024R1689)",),
        "2025-02-04-guidelines": ("an implementing measure",),
        **SHARED_AI_ACT,
    }
    omnibus = {e.id: roles for e, roles in catalog.by_entity["omnibus"]}
    assert omnibus == {"2025-11-19-omnibus-proposal": ("the act concerned (COM(2025) 836)",)}
    # participants keep their roles as before
    assert {e.id: roles for e, roles in catalog.by_entity["microsoft"]} == {
        "2024-02-26-partnership": ("partner", "investor"),
        "2024-02-26-microsoft-mistral": ("partner",), "2024-microsoft-stake": ("investor",)}


def test_the_law_page_lists_the_events_that_concern_it(records):
    catalog = load_catalog(_law_records(records), today=TODAY)
    pages = render_pages(catalog, _site(catalog))
    page = _html_text(pages["entities/ai-act.md"])
    events = len(SHARED_AI_ACT) + 2
    assert f">Events ({events})</h2>" in page and "No event names it yet" not in page
    assert "Prohibitions apply</a>" in page and "Guidelines on prohibited practices</a>" in page
    assert "as the act concerned (CELEX 32024R1689)" in page
    assert f'<a href="ai-act/">AI Act</a> ({events} events)' in pages["entities/index.md"]
    feed = export_files(catalog, _site(catalog), {"atom"})["feeds/entities/ai-act.atom"]
    assert b"Prohibitions apply" in feed


def test_an_event_page_links_the_act_it_concerns(records):
    catalog = load_catalog(_law_records(records), today=TODAY)
    pages = render_pages(catalog, _site(catalog))
    applies = pages["events/2025-02-02-prohibitions-apply.md"]
    assert '<li><strong>Act concerned:</strong> <a href="../../entities/ai-act/">AI Act</a></li>' in applies
    # reached only through a relation: no legal block, so no such line
    assert "Act concerned" not in pages["events/2025-02-04-guidelines.md"]


def test_check_warns_on_an_entity_no_event_reaches(records):
    lonely = ("anthropic:\n  name: Anthropic\n  type: company\n"
              "  description: A US AI company.\n")
    root = _law_records(records, extra=lonely)
    warned = [p for p in problems_of(root, "warning") if p.path.endswith("entities.yaml")]
    assert [(p.field, "anthropic" in p.message) for p in warned] == [("anthropic", True)]
    line = next(i for i, text in enumerate((root / "entities.yaml").read_text().splitlines(), 1)
                if text.startswith("anthropic:"))
    assert warned[0].line == line
    with pytest.raises(RecordsInvalid, match="no event names or reaches 'anthropic'"):
        load_catalog(root, today=TODAY, strict=True)
    assert not [p for p in problems_of(_law_records(records), "warning")
                if p.path.endswith("entities.yaml")]


def test_new_leaves_out_an_unknown_title_and_refuses_a_bracketed_one(records):
    import yaml

    root = records()
    args = ["new", "--title", "Mistral AI opens an office", "--date", "2024-05-02",
            "--kind", "other", "--summary", "It opened an office [1].",
            "--source-url", "https://example.org/office", "--source-publisher", "Example News",
            "--dir", str(root)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((root / "2024" / "2024-05-02-mistral-ai-opens-an-office.yaml")
                             .read_text())
    assert "title" not in written["sources"][0]
    assert load_catalog(root, today=TODAY).by_id["2024-05-02-mistral-ai-opens-an-office"]
    bad = CliRunner().invoke(main, [*args[:-2], "--slug", "other", "--source-title", "[A report]",
                                    "--dir", str(root)])
    assert bad.exit_code != 0 and "bracketed" in bad.output
