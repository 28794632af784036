"""What we ship is what we test: the sdist and the wheel, installed where the repository is
out of sight, build examples/minimal with every part of the plugin.

The other tests import the editable install from the repository, so a file that the
package data leaves out (theme/main.html: the feed links and JSON-LD) never shows there.
Here `python -m build` makes the sdist and, from it, the wheel (so both carry what the
plugin reads at run time); the wheel goes into a fresh virtual environment (dependencies
from PyPI through pip, as `make venv`; pip's cache may serve them), and that environment's
MkDocs builds a copy of examples/minimal from a folder outside the repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from policy_timeline.sitecheck import broken_links, format_broken
from tests.conftest import TODAY
from tests.helpers import foreign_requests

pytestmark = [pytest.mark.build, pytest.mark.wheel]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "minimal"
PACKAGE = ROOT / "generator" / "policy_timeline"  # the import package, in the generator/ folder
# What the plugin and `render --out` read from their own folder at run time (besides the
# Python modules).
RUNTIME_FILES = ("theme/main.html", "theme/partials/search.html",
                 "theme/partials/source.html", "assets/policy-timeline.css", "assets/filters.js",
                 "sourcefolder_overrides/main.html")
VENDORED = ("assets/vendor/timelinejs/js/timeline.js", "assets/vendor/timelinejs/css/timeline.css")
SITE_HOST = "example.org"  # examples/minimal/mkdocs.yml's site_url
# What `python -m build` needs from a checkout (the rest is tests, records, the site).
SOURCES = ("pyproject.toml", "README.md", "MANIFEST.in", "generator", "schema", "examples")


def _env() -> dict[str, str]:
    """The environment of a child that must not see the repository or its .venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.pop("POLICY_TIMELINE_EVENTS_DIR", None)
    return env


def _run(args: list[str | Path], cwd: Path, timeout: int = 300) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=_env(), capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def build_dists(checkout: Path, out: Path) -> tuple[Path, Path]:
    """(sdist, wheel) of a copy of the checkout's sources; the wheel is built from the sdist."""
    src = out / "src"
    for name in SOURCES:
        path = checkout / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", "*.egg-info", "site", ".site.build.*"))
        elif path.is_file():
            src.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, src / name)
    # --no-isolation: the setuptools of the test environment (pyproject's test extras), so
    # the test does not set up two build environments; `make dist` builds isolated.
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out / "dist", src],
         cwd=out)
    [sdist] = (out / "dist").glob("*.tar.gz")
    [wheel] = (out / "dist").glob("*.whl")
    return sdist, wheel


def install(wheel: Path, venv: Path) -> Path:
    """A fresh virtual environment with the wheel (not editable) and its dependencies.

    The venv gets no pip of its own (ensurepip is slow); the test environment's pip
    installs into it (`pip --python`), from PyPI, without byte-compiling.
    """
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile",
          wheel], cwd=venv.parent, timeout=600)
    return python


def _missing(names: list[str], prefix: str, wanted: tuple[str, ...]) -> list[str]:
    return [w for w in wanted if prefix + w not in names]


def test_what_we_ship_builds_a_site_outside_the_repository(tmp_path):
    """One test (one build, one install), so pytest-xdist never does the slow part twice."""
    sdist, wheel = build_dists(ROOT, tmp_path / "build")
    check_contents(sdist, wheel)
    python = install(wheel, tmp_path / "venv")
    build_example(python, tmp_path)


def check_contents(sdist: Path, wheel: Path) -> None:
    in_wheel = zipfile.ZipFile(wheel).namelist()
    with tarfile.open(sdist) as tar:
        in_sdist = tar.getnames()
    top = sdist.name[: -len(".tar.gz")] + "/"
    wanted = RUNTIME_FILES
    if (PACKAGE / VENDORED[0]).is_file():  # `make vendor` ran: TimelineJS ships too
        wanted += VENDORED
    assert _missing(in_wheel, "policy_timeline/", wanted) == []
    assert _missing(in_sdist, top + "generator/policy_timeline/", wanted) == []
    # The wheel installs one top-level package, named for what it is.
    assert sorted({n.split("/", 1)[0] for n in in_wheel if not n.split("/", 1)[0].endswith(
        ".dist-info")}) == ["policy_timeline"]
    assert top + "schema/event.schema.json" in in_sdist
    assert top + "examples/minimal/mkdocs.yml" in in_sdist
    assert not [n for n in in_wheel if "__pycache__" in n or n.endswith(".pyc")]


def check_no_generator_package(python: Path, tmp_path: Path) -> None:
    """An installed copy never claims the top-level name `generator` in site-packages."""
    result = subprocess.run([str(python), "-c", "import generator"], cwd=tmp_path, env=_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0, "`import generator` works in the fresh venv"
    assert "ModuleNotFoundError: No module named 'generator'" in result.stderr, result.stderr
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=tmp_path).splitlines()[0].strip())
    assert (purelib / "policy_timeline" / "__init__.py").is_file()
    assert not (purelib / "generator").exists()
    assert not list(purelib.glob("generator.*"))


def build_example(python: Path, tmp_path: Path) -> None:
    # The venv imports the installed package, never the repository's.
    where = _run([python, "-c", "import policy_timeline; print(policy_timeline.__file__)"],
                 cwd=tmp_path)
    assert str(ROOT) not in where and "site-packages" in where
    check_no_generator_package(python, tmp_path)
    project = tmp_path / "minimal"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site"))
    site = tmp_path / "out"
    _run([python, "-m", "mkdocs", "build", "--strict", "--site-dir", site], cwd=project)
    _run([python.parent / "policy-timeline", "check", "--strict", "--today", TODAY.isoformat()],
         cwd=project)

    events = sorted((project / "events").rglob("20*.yaml"))
    assert len(events) == 3
    for record in events:
        html = (site / "events" / record.stem / "index.html").read_text(encoding="utf-8")
        # theme/main.html puts the JSON-LD and the feed autodiscovery links in <head>.
        head = html.split("</head>", 1)[0]
        [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
        assert json.loads(data), record.stem
        feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', head)
        assert feeds, record.stem
        assert "policy-timeline.css" in head
    assert (site / "feeds" / "all.atom").is_file()
    assert foreign_requests(site, SITE_HOST) == []
    problems = broken_links(site, site_url=f"https://{SITE_HOST}/minimal/")
    assert problems == [], format_broken(problems)
    if (PACKAGE / VENDORED[0]).is_file():
        assert (site / "assets" / "policy-timeline" / "vendor" / "timelinejs" / "js"
                / "timeline.js").is_file()
        interactive = (site / "interactive" / "index.html").read_text(encoding="utf-8")
        assert "vendor/timelinejs/js/timeline.js" in interactive
