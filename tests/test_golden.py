"""Golden files: one page of each kind, drawn by the templates from the shared records.

A change to a template (or to what rendering gives it) shows as a diff of
tests/golden/<kind>.html, reviewed in the commit that makes it. Regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py -n 0
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from policy_timeline.catalog import load_catalog
from policy_timeline.options import site_options
from policy_timeline.render import render_pages
from tests.helpers import RECORDS, write_tree

from .conftest import TODAY

GOLDEN = Path(__file__).parent / "golden"
KINDS = {
    "home": "index.md",
    "timeline": "timeline/index.md",
    "year": "timeline/2024.md",
    "event": "events/2023-06-13-mistral-seed.md",
    "event-rescheduled": "events/2099-12-02-high-risk-rules-apply.md",
    "event-kept": "events/2099-08-02-sandboxes.md",
    "entity": "entities/mistral-ai.md",
    "entity-index": "entities/index.md",
    "thread": "threads/mistral-funding.md",
    "thread-applies": "threads/ai-act.md",
    "thread-index": "threads/index.md",
    "sources": "sources.md",
    "data": "data/index.md",
    "interactive": "interactive/index.md",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("golden-records")
    write_tree(root, RECORDS)
    options = site_options({}, site_name="Test timeline", site_url="https://example.org/t/",
                           repo_url="https://github.com/example/timeline",
                           edit_uri="edit/main/docs/", home_intro="The *intro*.")
    return render_pages(load_catalog(root, today=TODAY), options)


def _toc(headings, depth=0):
    for h in headings:
        yield f"{'  ' * depth}h{h.level} #{h.id} {h.title}"
        yield from _toc(h.children, depth + 1)


def golden_text(page) -> str:
    """The page as its golden file holds it: title, front matter and toc, then the HTML."""
    head = {"title": page.title, "meta": dict(page.meta), "toc": list(_toc(page.toc))}
    return ("<!--\n" + json.dumps(head, indent=1, ensure_ascii=False, sort_keys=True)
            + "\n-->\n" + page.html)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_page_matches_its_golden_file(pages, kind):
    text = golden_text(pages[KINDS[kind]])
    path = GOLDEN / f"{kind}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{KINDS[kind]} differs from {path.name}: if the change is meant, regenerate with"
        " UPDATE_GOLDEN=1 and review the diff in the commit")


def test_every_page_kind_has_a_golden_file():
    made = {p.stem for p in GOLDEN.glob("*.html")}
    assert made == set(KINDS), made ^ set(KINDS)
