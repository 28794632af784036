"""The repository's site as a reader sees it (issue 12): what applies when, words instead
of field names, one line per related event, no empty calendar offered, and the build
benchmark out of the readers' navigation. One strict build of the real mkdocs.yml."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.helpers import build_site

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site, _ = build_site(ROOT, site_dir=tmp_path_factory.mktemp("readers") / "site")
    return site


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("¶", "").split())


def _article(page: str) -> str:
    """The page's own content, without the theme's navigation."""
    return page.split('<article', 1)[1].split("</article>", 1)[0]


def test_the_home_page_leads_to_what_applies_when_on_the_ai_act_page(site):
    home = _article(_page(site, "index.html"))
    assert 'href="threads/ai-act/#what-applies-when"' in home
    thread = _page(site, "threads/ai-act/index.html")
    table = thread.split('id="what-applies-when"', 1)[1].split("</table>", 1)[0]
    text = _text(table)
    assert "Obligations for general-purpose AI models, governance and penalties start to apply" in text
    assert "Date first set Current date What moved it State Sources" in text
    assert ("Obligations for Annex III high-risk AI systems due to apply providers and"
            " deployers of high-risk AI systems listed in Annex III 2 August 2026 2 December"
            " 2027 Council of the EU adopts the Digital Omnibus on AI (29 June 2026): to"
            " 2 December 2027 Rescheduled") in text
    assert "#source-1" in table  # each row's sources link to its event page's citations
    csv = _page(site, "data/obligations.csv")
    assert csv.startswith("event_id,title,applies_to,") and "2027-12-02-annex-iii" in csv


def test_a_moved_deadline_shows_its_whole_history_and_a_kept_one_says_so(site):
    moved = _text(_article(_page(site, "events/2027-12-02-annex-iii-high-risk-obligations-apply/index.html")))
    assert "Originally 2 August 2026." in moved
    assert "Current date: 2 December 2027 (rescheduled)." in moved
    kept = _text(_article(_page(site, "events/2026-08-02-ai-act-general-application/index.html")))
    assert ("Date kept Not moved by Council of the EU adopts the Digital Omnibus on AI"
            " (29 June 2026), which moved 4 other deadlines: the date stayed 2 August 2026.") in kept


def test_readers_see_words_not_field_names(site):
    for path in site.joinpath("events").rglob("index.html"):
        text = _text(_article(path.read_text(encoding="utf-8")))
        assert not re.search(r"\bmoney\.\w+", text), path
        assert "Sources disagree" not in text, path
    series_a = _text(_article(_page(site, "events/2023-12-10-mistral-series-a/index.html")))
    assert "Sources differ on the valuation: Maddyness says: about EUR 2 billion" in series_a


def test_related_events_are_listed_once_each(site):
    page = _article(_page(site, "events/2024-02-26-microsoft-mistral-partnership/index.html"))
    related = page.split('id="related-events"', 1)[1].split("</ul>", 1)[0]
    targets = re.findall(r'<a href="([^"]+)"', related)
    assert len(targets) == len(set(targets))
    assert _text(related).count("Same day as") == 1


def test_no_empty_calendar_is_offered(site):
    for path in site.rglob("*.html"):
        for target in re.findall(r'href="([^"]+\.ics)"', path.read_text(encoding="utf-8")):
            calendar = (path.parent / target).resolve()
            assert calendar.is_file(), (path, target)
            assert "BEGIN:VEVENT" in calendar.read_text(encoding="utf-8"), (path, target)
    assert "0 deadlines" not in _page(site, "data/index.html")


def test_the_performance_page_is_built_but_not_in_the_readers_navigation(site):
    assert (site / "performance" / "index.html").is_file()
    for path in ("index.html", "timeline/index.html", "about/index.html"):
        nav = _page(site, path).split('<article', 1)[0]
        assert "performance/" not in nav, path
    assert 'href="../performance/"' in _article(_page(site, "about/index.html"))
