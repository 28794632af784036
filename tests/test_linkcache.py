"""The link-check cache read by every build, apart from the network code of `check --links`."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from policy_timeline import linkcache
from policy_timeline.linkcache import (CACHE_VERSION, DEFAULT_CACHE, Result, dead_urls,
                                       load_cache, save_cache, with_dead_urls)
from policy_timeline.options import SiteOptions

NETWORK = {"http", "urllib.request", "urllib.error", "socket", "ssl", "concurrent",
           "policy_timeline.linkcheck"}


def _results() -> dict[str, Result]:
    return {
        "https://example.org/gone": Result("https://example.org/gone", "2026-11-20", 404),
        "https://example.org/ok": Result("https://example.org/ok", "2026-11-20", 200,
                                         "https://example.org/ok/"),
        "https://example.org/slow": Result("https://example.org/slow", "2026-11-20", None, None,
                                           "no answer in time (timeout)"),
        "https://gone.example/": Result("https://gone.example/", "2026-11-19", None, None,
                                        "host not found (DNS)"),
        "https://example.org/forbidden": Result("https://example.org/forbidden", "2026-11-20",
                                                403),
    }


def test_the_cache_round_trips_and_is_written_the_same_way_twice(tmp_path):
    cache = tmp_path / ".cache" / "links.json"
    save_cache(cache, _results())
    first = cache.read_bytes()
    assert load_cache(cache) == _results()
    save_cache(cache, dict(reversed(list(_results().items()))))
    assert cache.read_bytes() == first  # sorted: the order of checking does not show
    data = json.loads(first)
    assert data["version"] == CACHE_VERSION and "url" not in data["results"]["https://example.org/ok"]
    assert [p.name for p in cache.parent.iterdir()] == ["links.json"]  # no temporary file left


def test_a_missing_broken_or_foreign_cache_reads_as_empty(tmp_path):
    cache = tmp_path / "links.json"
    assert load_cache(cache) == {} and dead_urls(cache) == frozenset()
    for junk in ("{not json", "[]", '{"version": 999, "results": {"https://x.org/": {"checked": "2026-01-01", "status": 404}}}'):
        cache.write_text(junk)
        assert load_cache(cache) == {}
    cache.write_text(json.dumps({"version": CACHE_VERSION, "results": {
        "https://x.org/a": 5, "https://x.org/b": {"status": 404},
        "https://x.org/c": {"checked": "2026-01-01", "status": 410}}}))
    assert list(load_cache(cache)) == ["https://x.org/c"]  # the unreadable entries are skipped


def test_only_surely_gone_urls_are_dead_and_reach_the_options(tmp_path):
    cache = tmp_path / "links.json"
    save_cache(cache, _results())
    assert dead_urls(cache) == {"https://example.org/gone", "https://gone.example/"}
    options = with_dead_urls(SiteOptions(site_name="T"), cache)
    assert options.extra["dead_urls"] == dead_urls(cache) and options.site_name == "T"
    assert with_dead_urls(SiteOptions(), tmp_path / "missing.json") == SiteOptions()
    assert DEFAULT_CACHE == Path(".cache") / "links.json"


def test_the_cache_module_imports_no_network_code():
    tree = ast.parse(Path(linkcache.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(("policy_timeline." if node.level else "") + (node.module or ""))
    assert not {m for m in imported if m in NETWORK or m.split(".")[0] in NETWORK}, imported


def test_a_build_reads_the_cache_without_loading_the_link_checker():
    code = (
        "import sys\n"
        "import policy_timeline.plugin, policy_timeline.siteconfig, policy_timeline.cli\n"
        "print(sorted(m for m in sys.modules if m == 'policy_timeline.linkcheck'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
