"""render: the event lists a reader scans (timeline, years, threads, entities).

Each row shows the first sentence of its summary under the title; key events say so in
words; a thread's page does not repeat its own tag; the filter form (thread, kind, who,
dates) is on every long list and offers only choices that narrow the list.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from policy_timeline import markup
from policy_timeline.catalog import load_catalog
from policy_timeline.options import site_options
from policy_timeline.render import render_pages
from tests.helpers import RECORDS, write_tree

from .conftest import TODAY

_ROW = re.compile(r'<li class="pt-event[^"]*"[^>]*>.*?</li>', re.DOTALL)
_HREF_ID = re.compile(r'class="pt-title" href="[^"]*events/([^/"]+)/"')


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("records")
    write_tree(root, RECORDS)
    return load_catalog(root, today=TODAY)


@pytest.fixture(scope="module")
def options():
    return site_options({}, site_name="Test timeline", site_url="https://example.org/t/")


@pytest.fixture(scope="module")
def pages(catalog, options):
    return {path: page.html for path, page in render_pages(catalog, options).items()}


def rows(body: str) -> dict[str, str]:
    """{event id: its <li>} of the event lists of a page."""
    out = {}
    for li in _ROW.findall(body):
        found = _HREF_ID.search(li)
        assert found, li
        out[found[1]] = li
    return out


def text_of(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))


def line_of(li: str) -> str | None:
    found = re.search(r'<span class="pt-line">(.*?)</span>', li, re.DOTALL)
    return text_of(found[1]) if found else None


def form_of(body: str) -> str:
    found = re.search(r"<form[^>]*data-pt-filters.*?</form>", body, re.DOTALL)
    assert found, "no filter form"
    return found[0]


def options_of(form: str, name: str) -> list[str]:
    found = re.search(rf'<select name="{name}">(.*?)</select>', form, re.DOTALL)
    return re.findall(r'<option value="([^"]+)"', found[1]) if found else []


# -- one line of summary -------------------------------------------------------------------


def test_every_row_shows_the_first_sentence_of_its_summary_without_markers(pages, catalog):
    timeline = rows(pages["timeline/index.md"])
    assert set(timeline) == {e.id for e in catalog.events}
    for event_id, li in timeline.items():
        event = catalog.by_id[event_id]
        line = line_of(li)
        assert line == markup.one_line(event.summary), event_id
        assert line and not re.search(r"\[\d+\]", line)
        # under the title: the line comes after the title link in the row
        assert li.index('class="pt-title"') < li.index('class="pt-line"')


def test_the_line_appears_on_thread_entity_year_and_home_lists_too(pages, catalog):
    for path in ("threads/mistral-funding.md", "entities/mistral-ai.md", "timeline/2024.md",
                 "index.md"):
        found = rows(pages[path])
        assert found, path
        for event_id, li in found.items():
            assert line_of(li) == markup.one_line(catalog.by_id[event_id].summary), (path, event_id)


def test_the_one_line_summary_is_computed_once_per_event(catalog, options, monkeypatch):
    calls: list[str] = []
    real = markup.one_line

    def counting(md, *args, **kwargs):
        calls.append(md)
        return real(md, *args, **kwargs)

    monkeypatch.setattr(markup, "one_line", counting)
    render_pages(catalog, options)
    assert len(calls) == len(catalog.events)


# -- key events ----------------------------------------------------------------------------


def test_key_events_are_labelled_in_words_and_others_are_not(pages, catalog):
    keys = {e.id for e in catalog.events if e.key}
    assert keys and keys != {e.id for e in catalog.events}, "the fixture should mark a few"
    for event_id, li in rows(pages["timeline/index.md"]).items():
        if event_id in keys:
            assert "pt-event--key" in li.split(">")[0]
            assert "Key event" in text_of(li)
            # the words come before the title, so a screen reader hears them first
            assert li.index("Key event") < li.index('class="pt-title"')
        else:
            assert "pt-event--key" not in li and "Key event" not in text_of(li)


# -- a thread's own tag --------------------------------------------------------------------


def test_a_thread_page_does_not_repeat_its_own_tag_but_keeps_the_others(pages, catalog):
    thread = "mistral-funding"
    found = rows(pages[f"threads/{thread}.md"])
    assert set(found) == {e.id for e in catalog.by_thread[thread]}
    other_tags = 0
    for event_id, li in found.items():
        tags = re.findall(r'<a class="pt-thread" href="([^"]*)"', li)
        assert "./" not in tags and not any(t.endswith(f"/{thread}/") for t in tags)
        others = [t for t in catalog.by_id[event_id].threads if t != thread]
        assert len(tags) == len(others), event_id
        other_tags += len(tags)
    assert other_tags, "the fixture should have an event of this thread in another thread"
    # on the timeline the same rows keep every tag
    timeline = rows(pages["timeline/index.md"])
    assert any(f"threads/{thread}/" in timeline[event_id] for event_id in found)


# -- filters -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["timeline/index.md", "timeline/2024.md",
                                  "threads/mistral-funding.md", "entities/mistral-ai.md"])
def test_long_lists_have_a_hidden_filter_form_with_a_date_range(pages, path):
    body = pages[path]
    form = form_of(body)
    assert form.split(">")[0].endswith(" hidden")  # shown by the script only
    assert 'data-pt-list' in body
    dates = dict(re.findall(r'<input type="date" name="(from|to)" min="([0-9-]+)"', form))
    assert set(dates) == {"from", "to"}
    spans = [(a, b) for a, b in re.findall(r'data-from="([0-9-]+)" data-to="([0-9-]+)"', body)]
    assert spans and all(a <= b for a, b in spans)
    assert re.search(r'max="([0-9-]+)"', form)[1] == max(b for _, b in spans)
    assert dates["from"] == min(a for a, _ in spans)
    count = re.search(r'<p class="pt-count"[^>]*>', body)[0]
    assert 'aria-live="polite"' in count and " hidden" in count
    assert "{total}" in count and "{shown}" in count


def test_a_thread_page_does_not_offer_its_own_thread_nor_an_entity_page_itself(pages):
    thread_form = form_of(pages["threads/mistral-funding.md"])
    assert "mistral-funding" not in options_of(thread_form, "thread")
    assert options_of(thread_form, "thread") == ["azure-deal"]
    entity_form = form_of(pages["entities/mistral-ai.md"])
    assert "mistral-ai" not in options_of(entity_form, "entity")
    assert options_of(entity_form, "entity")  # the others named with it


def test_date_spans_widen_partial_dates(pages, catalog):
    found = rows(pages["timeline/index.md"])
    spans = {k: re.search(r'data-from="([0-9-]+)" data-to="([0-9-]+)"', li).groups()
             for k, li in found.items()}
    assert spans["2023-mistral-founded"] == ("2023-01-01", "2023-12-31")
    assert spans["2023-12-mistral-series-a"] == ("2023-12-01", "2023-12-31")
    assert spans["2023-06-13-mistral-seed"] == ("2023-06-13", "2023-06-13")
    ranged = [e for e in catalog.events if e.end]
    assert ranged
    for e in ranged:
        assert spans[e.id] == (e.date.first_day().isoformat(), e.end.last_day().isoformat())


def test_the_long_lists_take_the_whole_width(catalog, options):
    """The timeline and year pages give the table-of-contents column to the list (their
    year and month headings are in the navigation and the "By year" links)."""
    outs = render_pages(catalog, options)
    for path in ("timeline/index.md", "timeline/2024.md"):
        assert outs[path].meta.get("hide") == ["toc"], path
    for path in ("threads/ai-act.md", "entities/mistral-ai.md", "index.md"):
        assert "hide" not in outs[path].meta, path
