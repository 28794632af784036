"""A real `mkdocs build` of a small site in a git repository with commits at fixed dates:
event pages say when their record last changed and how to cite them, "What changed" lists
the commits, its feed is valid Atom, the About page names who to write to. Outside git the
site still builds (strict), without dates, with one line saying why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from tests.helpers import CONFIG, SITE_URL, build_site, page, write_site

pytestmark = [pytest.mark.build,
              pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")]

SEED = "events/2023/2023-06-13-mistral-seed.yaml"
SITE_CONFIG = CONFIG.replace("      home_intro: docs-intro/home.md\n", (
    "      home_intro: docs-intro/home.md\n"
    "      contact: {name: Corrections desk, email: corrections@example.org}\n"
)).replace("  - About: about.md\n", "  - What changed: changes.md\n  - About: about.md\n")
ABOUT = ("# About\n\nA hand-written page.\n\n## Corrections\n\n<!-- policy-timeline: contact -->\n\n"
         "Errors are corrected and listed on [What changed](changes.md).\n")


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "e@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = date
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("history-site") / "project", config=SITE_CONFIG,
                      docs={"about.md": ABOUT})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "First records", date="2024-11-02T10:00:00+01:00")
    seed = root / SEED
    seed.write_text(seed.read_text(encoding="utf-8") + "# amount checked again\n", encoding="utf-8")
    git(root, "commit", "-qam", "Seed round: amount checked again", date="2025-03-12T10:00:00+01:00")
    built, _ = build_site(root)
    return built


def test_event_pages_show_the_day_their_record_last_changed(site):
    html = page(site, "events/2023-06-13-mistral-seed/")
    assert 'Record last changed: <time datetime="2025-03-12">12 March 2025</time>' in html
    assert "Seed round: amount checked again" in html
    other = page(site, "events/2023-12-06-trilogue/")
    assert 'Record last changed: <time datetime="2024-11-02">2 November 2024</time>' in other


def test_event_pages_have_a_cite_block_with_the_absolute_url_and_that_date(site):
    html = page(site, "events/2023-06-13-mistral-seed/")
    assert '<h2 id="cite-this-page">Cite this page' in html
    text = re.search(r'<pre class="pt-cite-text"><code>(.*?)</code></pre>', html)[1]
    assert text == (f"Mistral AI raises a seed round. Test timeline. Last changed 12 March 2025."
                    f" {SITE_URL}events/2023-06-13-mistral-seed/")


def test_what_changed_lists_the_commits_newest_first_and_links_its_feed(site):
    html = page(site, "changes/")
    assert html.index("Seed round: amount checked again") < html.index("First records")
    assert re.findall(r'<h2 id="day-([\d-]+)"', html) == ["2025-03-12", "2024-11-02"]
    assert 'href="../events/2023-06-13-mistral-seed/">Mistral AI raises a seed round</a>' in html
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*what'
                     r' changed" href="../feeds/changes.atom">', html)
    assert '<a href="changes/" class="md-nav__link">' in page(site, "")  # in the navigation


def test_the_changes_feed_validates_as_atom(site):
    data = (site / "feeds" / "changes.atom").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == ["Seed round: amount checked again", "First records"]
    assert parsed.entries[0].updated == "2025-03-12T10:00:00+01:00"


def test_the_about_page_names_who_to_write_to(site):
    html = page(site, "about/")
    assert '<a href="mailto:corrections@example.org">Corrections desk</a>' in html
    assert '<a href="../changes/">What changed</a>' in html


def test_outside_git_the_site_builds_without_dates_and_says_why(tmp_path, capfd, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = write_site(tmp_path / "project", config=SITE_CONFIG, docs={"about.md": ABOUT})
    built, _ = build_site(root)  # strict: the warning does not fail it
    err = capfd.readouterr().err
    [line] = [x for x in err.splitlines() if "policy-timeline:" in x]
    assert "not in a git checkout" in line and "Traceback" not in err
    html = page(built, "events/2023-06-13-mistral-seed/")
    assert "Record last changed" not in html and "Cite this page" in html
    assert "built without the project's history" in page(built, "changes/")
    assert not (built / "feeds" / "changes.atom").exists()
