"""Reproducible builds: the same records give the same bytes, whenever the build runs.

Policy (`policy-timeline build`, see `policy_timeline.cli.source_date_epoch`): when
SOURCE_DATE_EPOCH is not set, the build sets it to the records' own latest date (the
"updated" date of the feeds: events that happened, last verifications, source dates) at
midnight UTC. MkDocs takes the sitemap's <lastmod> and the gzip header of
sitemap.xml.gz from it; the feeds, calendars and data files are derived from the records
alone. So nothing in the output reads the clock. With SOURCE_DATE_EPOCH set, the
sitemap's dates are that day.

"Another wall-clock time" is simulated for the MkDocs child process with a
`sitecustomize` module that moves `time.time`, `datetime.now` and `date.today` 400 days
and 7 hours ahead.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_timeline.catalog import load_catalog
from policy_timeline.cli import main, source_date_epoch
from tests.conftest import TODAY as PINNED_TODAY
from tests.helpers import write_site

pytestmark = pytest.mark.build

TODAY = PINNED_TODAY.isoformat()

FAKE_CLOCK = '''
import datetime as _dt, os as _os, time as _time
_SHIFT = float(_os.environ.get("FAKE_CLOCK_SHIFT", "0") or 0)
if _SHIFT:
    _real_time = _time.time
    _time.time = lambda: _real_time() + _SHIFT
    _real_datetime, _real_date = _dt.datetime, _dt.date

    class _Datetime(_real_datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(_time.time(), tz)  # clock-ok: the fake clock

        @classmethod
        def utcnow(cls):
            return cls.utcfromtimestamp(_time.time())  # clock-ok

        @classmethod
        def today(cls):
            return cls.fromtimestamp(_time.time())  # clock-ok

    class _Date(_real_date):
        @classmethod
        def today(cls):
            return cls.fromtimestamp(_time.time())  # clock-ok

    _dt.datetime, _dt.date = _Datetime, _Date
'''


def tree(site: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under site."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*")) if p.is_file()
    }


def build(project: Path, site: Path, env: dict[str, str | None]) -> None:
    old = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(
            main, ["build", "--site-dir", str(site), "--today", TODAY], env=env,
            catch_exceptions=False,
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """One project built three ways: now; 400 days later; with SOURCE_DATE_EPOCH set."""
    base = tmp_path_factory.mktemp("reproducible")
    project = write_site(base / "project")
    clock = base / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(FAKE_CLOCK, encoding="utf-8")
    python_path = os.pathsep.join(filter(None, [str(clock), os.environ.get("PYTHONPATH")]))

    now = base / "site-now"
    build(project, now, {"SOURCE_DATE_EPOCH": None})
    later = base / "site-later"
    build(project, later, {"SOURCE_DATE_EPOCH": None, "PYTHONPATH": python_path,
                           "FAKE_CLOCK_SHIFT": str(400 * 86400 + 7 * 3600)})
    fixed = base / "site-fixed"
    build(project, fixed, {"SOURCE_DATE_EPOCH": "1700000000"})
    return project, now, later, fixed


def test_the_fake_clock_really_moves_the_clock(tmp_path):
    import subprocess
    import sys

    (tmp_path / "sitecustomize.py").write_text(FAKE_CLOCK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "FAKE_CLOCK_SHIFT": str(400 * 86400)}
    code = ("import datetime, time; from mkdocs.utils import get_build_date;"
            " print(datetime.date.today(), int(time.time()), get_build_date())")  # clock-ok
    env.pop("SOURCE_DATE_EPOCH", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    moved = dt.date.today() + dt.timedelta(days=400)  # clock-ok: tests the fake clock itself
    assert out[0] == moved.isoformat() and out[2] == moved.isoformat(), out


def test_two_builds_at_different_times_are_byte_identical(builds):
    _, now, later, _ = builds
    a, b = tree(now), tree(later)
    assert set(a) == set(b)
    different = sorted(k for k in a if a[k] != b[k])
    assert different == [], f"differ between builds: {different[:20]}"
    # what is covered: pages, sitemap (+ .gz), search index, feeds, calendars, data files
    for must in ("index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                 "feeds/all.atom", "calendar/deadlines.ics", "data/events.json",
                 "data/events.csv"):
        assert must in a, must
    assert any(k.startswith("events/") and k.endswith("index.html") for k in a)


def test_without_source_date_epoch_the_dates_come_from_the_records(builds):
    project, now, _, _ = builds
    catalog = load_catalog(project / "events", today=dt.date.fromisoformat(TODAY))
    epoch = int(source_date_epoch(catalog, environ={}))
    day = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
    assert day <= dt.date.fromisoformat(TODAY)  # from the records, not the clock
    sitemap = (now / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmods == {day.isoformat()}
    packed = (now / "sitemap.xml.gz").read_bytes()
    assert struct.unpack("<I", packed[4:8])[0] == epoch  # gzip header mtime
    assert gzip.decompress(packed).decode("utf-8") == sitemap


def test_source_date_epoch_sets_the_sitemap_dates(builds):
    _, now, _, fixed = builds
    sitemap = (fixed / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2023-11-14"}
    packed = (fixed / "sitemap.xml.gz").read_bytes()
    # MkDocs stamps the gzip header with the pages' update date: midnight of that day
    midnight = dt.datetime(2023, 11, 14, tzinfo=dt.timezone.utc).timestamp()
    assert struct.unpack("<I", packed[4:8])[0] == midnight
    assert gzip.decompress(packed).decode("utf-8") == sitemap
    # only the sitemap depends on it: pages, feeds and data come from the records
    a, c = tree(now), tree(fixed)
    assert sorted(k for k in a if a[k] != c[k]) == ["sitemap.xml", "sitemap.xml.gz"]


def test_source_date_epoch_policy(tmp_path):
    project = write_site(tmp_path / "project")
    catalog = load_catalog(project / "events", today=dt.date.fromisoformat(TODAY))
    derived = source_date_epoch(catalog, environ={})
    assert derived.isdigit()
    assert source_date_epoch(catalog, environ={"SOURCE_DATE_EPOCH": "1234567890"}) == "1234567890"
    for junk in ("", "  ", "yesterday", "-5", "1.5"):
        assert source_date_epoch(catalog, environ={"SOURCE_DATE_EPOCH": junk}) == derived
    # another folder with the same records: the same date (no file times, no clock)
    other = write_site(tmp_path / "other")
    os.utime(other / "events" / "entities.yaml", (0, 0))
    again = load_catalog(other / "events", today=dt.date(2030, 1, 1))
    assert source_date_epoch(again, environ={}) == derived


def test_render_and_export_write_the_same_bytes_twice(tmp_path, monkeypatch):
    project = write_site(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outs = []
    # the same pinned today twice (the strip draws today's line: another day is another page)
    for i, today in enumerate((TODAY, TODAY)):
        for command in (["render", "--out", f"out{i}/pages"],
                        ["export", "--format", "all", "--out", f"out{i}/data"]):
            result = CliRunner().invoke(main, command + ["--today", today], catch_exceptions=False)
            assert result.exit_code == 0, result.output
        outs.append(tree(project / f"out{i}"))
    assert outs[0] == outs[1]
    assert any(k.startswith("pages/docs/events/") for k in outs[0])
    assert any(k.startswith("data/") for k in outs[0])
