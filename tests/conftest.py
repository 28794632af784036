"""Shared fixtures: small real records folders written into a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "events"
TODAY = dt.date(2026, 11, 26)
"""The one pinned "today" of the tests: no test reads the clock. Tests that need another
day (a deadline before and after it passed) say so with their own date."""

# Every site build in the tests (in-process MkDocs, `policy-timeline build` and its child
# process) decides which deadlines have passed as of TODAY, not of the clock.
os.environ["POLICY_TIMELINE_TODAY"] = TODAY.isoformat()


@pytest.fixture(autouse=True)
def _slow_tests_carry_their_marker(request, monkeypatch):
    """`make test-fast` leaves out the tests marked build (and browser, wheel): a test that
    runs a real MkDocs build without the marker would slow the edit loop unseen, so it fails."""
    if any(request.node.get_closest_marker(m) for m in ("build", "browser", "wheel")):
        return

    def unmarked(*args, **kwargs):
        raise AssertionError(f"{request.node.nodeid} runs a real MkDocs build: mark it "
                             "@pytest.mark.build (see the markers in pyproject.toml)")

    monkeypatch.setattr("mkdocs.commands.build.build", unmarked)
    monkeypatch.setattr("policy_timeline.cli._mkdocs", unmarked)


@pytest.fixture
def records(tmp_path: Path):
    """A factory: copy the valid records into tmp_path, then apply {path: text | None}.

    None deletes a file; text (str or bytes) writes it. Returns the records folder.
    """

    def make(changes: dict[str, str | bytes | None] | None = None, base: Path = VALID) -> Path:
        root = tmp_path / "events"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(base, root)
        for rel, content in (changes or {}).items():
            target = root / rel
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return make


# ---------------------------------------------------------------------------------------
# Built sites (tests/helpers.py writes the project; these fixtures build it with MkDocs)


@pytest.fixture
def make_site(tmp_path: Path):
    """A factory: write a project into tmp_path/<name> and build it with `mkdocs build`.

    make_site(name="site", build=True, strict=True, records=..., config=..., docs=...,
    home_intro=...) -> (project folder, site folder or None). The keyword arguments go to
    tests.helpers.write_site (defaults: the rich records, CONFIG, DOCS, HOME_INTRO).
    """
    from tests.helpers import build_site, write_site

    def make(name: str = "site", *, build: bool = True, strict: bool = True, **kwargs):
        root = write_site(tmp_path / name, **kwargs)
        if not build:
            return root, None
        site, _ = build_site(root, strict=strict)
        return root, site

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The rich fixture project, built once (strict): (project folder, site folder, config)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.helpers import write_site

    root = write_site(tmp_path_factory.mktemp("fixture-site") / "project")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    build(config)
    return root, root / "site", config
