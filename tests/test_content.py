"""The repository's own records: the content promises of the site hold."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policy_timeline.catalog import load_catalog
from policy_timeline.exports import export_files
from policy_timeline.models import CITATION, EDITOR_PHRASES, LEGISLATIVE_KINDS, is_pseudo_title
from policy_timeline.options import site_options
from policy_timeline.render import celex_in_url, render_pages

from .conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"

# Events of the sovereignty and azure-deal threads for which no French-language source was
# found (in ../shared/research/ or by searching French coverage). Each needs a reason; an id
# that cites a French source, or left the threads, must leave this list.
NO_FRENCH_SOURCE_FOUND: dict[str, str] = {
    "2023-10-27-cedric-o-warns-ai-act-could-kill-mistral":
        "an interview given to Sifted in English; no French report of it was found",
    "2023-11-27-technical-meeting-foundation-models-deadlock":
        "reported in Agence Europe's English bulletins; no French report was found",
    "2025-06-23-kristersson-calls-for-ai-act-pause":
        "Swedish, Italian and English reports only; no French report was found",
    "2026-03-30-mistral-debt-financing-for-essonne-data-centre":
        "English-language reports only in the research and in searches of French coverage",
}
FRENCH_THREADS = ("sovereignty", "azure-deal")


@pytest.fixture(scope="module")
def records():
    """The records as check reads them (warnings kept, not raised), on a pinned day."""
    return load_catalog(EVENTS, today=TODAY)


@pytest.fixture(scope="module")
def outputs(records):
    """Every generated page and data file of the site: what readers see and download."""
    options = site_options({}, site_name="EU AI policy timeline",
                           site_url="https://example.org/timeline/")
    files = {path: data.decode("utf-8") for path, data in export_files(records, options, None).items()
             if path.endswith((".json", ".csv", ".atom", ".ics", ".xml", ".js", ".html"))}
    pages = {path: page.html for path, page in render_pages(records, options).items()}
    return {**pages, **files}


@pytest.fixture(scope="module")
def catalog():
    # strict: warnings (a missing last_verified...) fail too; a deadline whose date has
    # passed is a state, not a warning, and today is pinned: time passing changes nothing
    return load_catalog(EVENTS, today=TODAY, strict=True)


def test_size_of_the_timeline(catalog):
    assert len(catalog.events) >= 90
    assert len(catalog.entities) >= 25
    assert len(catalog.threads) >= 5
    assert {"ai-act", "mistral-funding", "azure-deal", "open-weights", "sovereignty"} <= set(catalog.threads)


def test_every_event_is_sourced_and_cites_in_its_summary(catalog):
    for event in catalog.events:
        assert event.sources, event.id
        assert CITATION.search(event.summary), event.id


def test_every_thread_has_events_and_an_introduction(catalog):
    for thread_id, thread in catalog.threads.items():
        assert catalog.by_thread[thread_id], thread_id
        assert len(thread.introduction) > 80, thread_id


def test_ai_act_legislative_steps_carry_their_identifiers(catalog):
    for event in catalog.by_thread["ai-act"]:
        if event.kind in LEGISLATIVE_KINDS:
            assert event.legal is not None, f"{event.id} has no legal identifiers"
            assert event.legal.procedure or event.legal.celex or event.legal.com, event.id


def test_deadlines_record_when_they_were_checked(catalog):
    for event in catalog.upcoming() + catalog.overdue():
        assert event.last_verified is not None, event.id


def test_partial_facts_say_what_is_partial(catalog):
    for event in catalog.events:
        if event.verification == "partial":
            assert event.caveat, event.id


def test_entities_are_all_used(records):
    # no entity page says "no event names it yet": a law is reached by the events whose
    # legal identifiers are its own (catalog.legal_reach), any other entity by taking part
    unused = sorted(set(records.entities) - set(records.by_entity))
    assert not unused, unused


# ---------------------------------------------------------------------------------------
# Issue 10: citations a reader can trust


def test_check_reports_nothing_about_the_citations(records):
    # non-canonical hosts, unreached entities and the other warnings of `check`
    assert not records.warnings, "\n".join(map(str, records.warnings))


def test_no_bracketed_pseudo_title_in_records_pages_or_data(records, outputs):
    pseudo = [(e.id, s.title) for e in records.events for s in e.sources
              if s.title is not None and is_pseudo_title(s.title)]
    assert not pseudo
    shown = [path for path, body in outputs.items() if "<cite>[" in body or "<cite>&#91;" in body]
    assert not shown


def test_no_editor_note_in_records_pages_or_data(records, outputs):
    notes = [(e.id, n, s.note) for e in records.events for n, s in enumerate(e.sources, 1)
             if s.note and any(p in s.note.casefold() for p in EDITOR_PHRASES)]
    assert not notes
    for path, body in outputs.items():
        folded = " ".join(body.casefold().split())
        found = [p for p in EDITOR_PHRASES if p in folded]
        assert not found, f"{path} says {found}"


def test_no_page_of_the_site_says_stored_copy(outputs):
    written = [ROOT / "docs-intro" / "home.md", *sorted((ROOT / "docs").glob("**/*.md"))]
    for file in written:
        assert "stored copy" not in file.read_text(encoding="utf-8").casefold(), file
    for path, body in outputs.items():
        assert "stored cop" not in body.casefold(), path


def test_copies_on_non_canonical_hosts_say_why_they_are_cited(records):
    hosts = records.settings.hosts()
    assert len(hosts) >= 13  # the list of the issue, at least
    unexplained = [(e.id, s.url) for e in records.events for s in e.sources
                   if records.settings.non_canonical(s) and not (s.via and s.via_reason)]
    assert not unexplained


def test_every_application_date_cites_the_act_on_eur_lex(records):
    missing = []
    for event in records.events:
        if event.kind != "application-date":
            continue
        official = [s for s in event.sources if urlsplit(s.url).hostname == "eur-lex.europa.eu"
                    and (celex_in_url(s.url) or urlsplit(s.url).path.startswith("/eli/"))]
        if not official or not all(s.title for s in official):
            missing.append(event.id)
    assert not missing, "cite the act on EUR-Lex by its CELEX number, with its title"


def test_french_language_sources_in_the_french_debate(records):
    lacking = sorted({e.id for t in FRENCH_THREADS for e in records.by_thread[t]
                      if not any(s.language == "fr" for s in e.sources)})
    without = sorted(set(lacking) - set(NO_FRENCH_SOURCE_FOUND))
    assert not without, "no French-language source: " + ", ".join(without)
    stale = sorted(set(NO_FRENCH_SOURCE_FOUND) - set(lacking))
    assert not stale, "these now cite a French source (or left the threads): remove them"
    assert all(reason.strip() for reason in NO_FRENCH_SOURCE_FOUND.values())


# Proposals whose procedure reference no source we can cite confirms: their steps carry the
# COM number (which links the proposal on EUR-Lex) until a procedure file is read.
PROCEDURE_NOT_VERIFIED = {
    "COM(2025) 836": "the Digital Omnibus on AI: its procedure file was not read; third-party"
                     " pages give 2025/0359(COD), which is not recorded until checked",
}


def test_legislative_steps_link_their_procedure_file(records):
    # the procedure reference links the Legislative Observatory file (render.procedure_url)
    steps = [e for e in records.events
             if e.kind in LEGISLATIVE_KINDS and e.kind != "application-date"]
    assert steps
    missing = [e.id for e in steps if not (e.legal and e.legal.procedure)
               and not (e.legal and e.legal.com in PROCEDURE_NOT_VERIFIED)]
    assert not missing, ("add legal: {procedure: YYYY/NNNN(COD)} from the procedure file to: "
                         + ", ".join(missing))
    exempt = [e for e in steps if e.legal and e.legal.com in PROCEDURE_NOT_VERIFIED]
    assert all(not e.legal.procedure for e in exempt), "a procedure is recorded: drop the exemption"


# The corrections found in the sample, and the fair story of February 2024.

SIDES = {  # the events on both sides of the February 2024 debate, and the open question
    "accusation": "2024-02-28-meps-and-advisers-criticise-microsoft-mistral-deal",
    "mistral's answer": "2024-02-28-mensch-restates-open-weights-commitment",
    "ministry's answer": "2024-02-28-french-finance-ministry-denies-prior-knowledge",
    "CMA finding": "2024-05-17-cma-finds-partnership-does-not-qualify",
    "Commission analysis": "2024-02-27-european-commission-to-analyse-microsoft-mistral-deal",
}


def _notes(event) -> str:
    return " ".join([event.summary, *(d.note or "" for d in event.disagreements),
                     *(c.value for d in event.disagreements for c in d.values)])


def test_the_corrections_of_the_sample_are_made(records):
    board = records.by_id["2024-06-19-ai-board-first-meeting"]
    assert "preparatory" in board.summary
    coreper = records.by_id["2024-02-02-coreper-endorses-ai-act"]
    assert "deputy ambassadors" in coreper.summary and "Coreper I" in coreper.summary
    for d in coreper.disagreements:  # the outlier 4 February is not a French source's
        for claim in d.values:
            if "4 February" in claim.value:
                assert all(coreper.sources[n - 1].language != "fr" for n in claim.cite)
    imco = records.by_id["2024-02-13-imco-libe-endorse-agreement"]
    assert "24 months" in imco.summary
    macron = records.by_id["2023-12-11-macron-criticises-ai-act-deal"]
    assert macron.date.iso() == "2023-12-11"
    assert any(s.publisher == "La Tribune" for s in macron.sources)
    assert "Mistral" in macron.summary  # the speech also praised Mistral AI's round
    letter = records.by_id["2025-07-03-stop-the-clock-ceo-letter"]
    assert any(claim.value.startswith("44") for d in letter.disagreements for claim in d.values)
    essonne = records.by_id["2025-02-09-mistral-data-centre-in-essonne"]
    same_day = [s for s in essonne.sources if s.published and s.published == essonne.date]
    assert essonne.qualifier == "circa" or same_day, "an inferred day is circa"
    omnibus = records.by_thread["digital-omnibus"]
    assert any("Article 4" in _notes(e) for e in omnibus), "the softening of AI literacy"
    days = {e.date.iso() for e in records.events}
    assert {"2030-08-02", "2030-12-31"} <= days  # the dates of Article 111


@pytest.mark.parametrize("where", ["home", "sovereignty"])
def test_both_sides_of_the_february_2024_debate(records, where):
    text = ((ROOT / "docs-intro" / "home.md").read_text(encoding="utf-8") if where == "home"
            else records.threads["sovereignty"].introduction)
    missing = [side for side, event_id in SIDES.items() if f"{event_id}.md" not in text]
    assert not missing, f"the {where} introduction does not link: {missing}"
    assert "no outcome" in text, "say that the Commission's analysis has no recorded outcome"


def test_every_copy_cited_says_why(records):
    # a copy (`via`) is kept only where it is all there is, and the record says why; check
    # itself insists only for the hosts of settings.yaml (other record sets may differ)
    unexplained = [(e.id, s.via) for e in records.events for s in e.sources
                   if s.via and not s.via_reason]
    assert not unexplained


def test_every_ai_act_application_date_says_to_whom_it_applies(catalog):
    """The "What applies when" table has a "to whom" for every AI Act obligation."""
    dates = [e for e in catalog.by_thread["ai-act"] if e.kind == "application-date"]
    assert len(dates) >= 10
    assert [e.id for e in dates if not e.applies_to] == []


def test_what_applies_when_on_the_ai_act_page_answers_the_gpai_question(outputs):
    """GPAI obligations: their date, that it applies, and the later deadline kept its date."""
    import re

    page = outputs["threads/ai-act.md"]
    table = page.split('id="what-applies-when"', 1)[1].split("</table>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", table).split())
    assert ("Obligations for general-purpose AI models, governance and penalties start to"
            " apply providers of general-purpose AI models") in text
    assert "2 August 2025 2 August 2025 — Applies" in text
    assert ("Deadline for general-purpose AI models placed on the market before August 2025"
            in text)
    assert "Not moved by Council of the EU adopts the Digital Omnibus on AI (29 June 2026)" in text


def test_a_disagreement_note_does_not_contradict_its_heading(catalog):
    """Under "Where sources differ", a note may explain a gap, not deny there is one."""
    for event in catalog.events:
        for d in event.disagreements:
            assert "are consistent" not in (d.note or ""), event.id
