"""Small real sites for the tests: a rich records folder, an mkdocs.yml, docs/, and a build.

`write_site(root, ...)` writes a project folder (records in `events/`, `mkdocs.yml`,
`docs/`, the home introduction in `docs-intro/`); `build_site(root)` runs a real
`mkdocs build` in this process and returns the site folder, failing with every warning
MkDocs logged when the build is not clean. `RECORDS` is the shared fixture records folder
(tests/fixtures/valid/events, which uses every kind of detail the pages show) as
{path: text}; `CONFIG` is the mkdocs.yml of the test sites.
"""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from pathlib import Path
from typing import Mapping

from tests.conftest import VALID

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SITE_URL = "https://example.org/timeline/"


def _record_texts() -> dict[str, str]:
    """{path in the records folder: text} of the shared fixture records (tests/conftest.VALID)."""
    return {path.relative_to(VALID).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(VALID.rglob("*.yaml"))}


RECORDS: dict[str, str] = _record_texts()

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
"""The fixture site's mkdocs.yml and pages; its events/ folder is the shared records."""


def copy_fixture_site(project: Path) -> Path:
    """The fixture site with the shared records as its events/ folder, copied to `project`."""
    shutil.copytree(FIXTURE_SITE, project)
    shutil.copytree(VALID, project / "events")
    return project
"""The shared records, as files: the one record set of the tests."""
EVENTS: dict[str, str] = {rel: text for rel, text in RECORDS.items()
                          if rel not in ("entities.yaml", "threads.yaml")}

HOME_INTRO = "An *introduction* written by the site's editors.\n"

CONFIG = f"""\
site_name: Test timeline
site_url: {SITE_URL}
repo_url: https://github.com/example/timeline
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.indexes, content.action.edit]
plugins:
  - search
  - policy-timeline:
      home_intro: docs-intro/home.md
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - attr_list
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
nav:
  - Home: index.md
  - Timeline: timeline/index.md
  - Threads: threads/index.md
  - Entities: entities/index.md
  - Sources: sources.md
  - Data: data/index.md
  - About: about.md
"""

DOCS = {"about.md": "# About\n\nA hand-written page. See the [timeline](timeline/index.md).\n"}


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write {relative path: content} under root."""
    for rel, content in files.items():
        target = Path(root) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def write_site(root: Path, *, records: Mapping[str, str] | None = None, config: str = CONFIG,
               docs: Mapping[str, str] | None = None, home_intro: str | None = HOME_INTRO) -> Path:
    """A project folder: events/, mkdocs.yml, docs/ and docs-intro/home.md. Returns root."""
    root = Path(root)
    write_tree(root / "events", RECORDS if records is None else records)
    write_tree(root / "docs", DOCS if docs is None else docs)
    (root / "docs").mkdir(exist_ok=True)
    if home_intro is not None:
        write_tree(root / "docs-intro", {"home.md": home_intro})
    (root / "mkdocs.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    return root


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(root: Path, *, strict: bool = True, site_dir: Path | None = None
               ) -> tuple[Path, list[logging.LogRecord]]:
    """Run `mkdocs build` (strict by default) on root/mkdocs.yml; (site folder, log records).

    Fails with the messages MkDocs logged when the build aborts.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    site = Path(site_dir) if site_dir else Path(root) / "site"
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        config = load_config(str(Path(root) / "mkdocs.yml"), site_dir=str(site), strict=strict)
        build(config)
    except Abort as exc:
        messages = "\n".join(f"{r.levelname}: {r.getMessage()}" for r in handler.records
                             if r.levelno >= logging.WARNING)
        raise AssertionError(f"mkdocs build failed: {exc}\n{messages}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return site, handler.records


def foreign_requests(site: Path, own_host: str) -> list[tuple[str, str]]:
    """(file, tag) for every resource a page would load from another host.

    Scripts, styles, images, frames and media must come from the site; plain `<a>` links
    (the records' sources) and `<link rel=canonical|alternate|prev|next>` load nothing.
    Stylesheets must not pull fonts or images from elsewhere either.
    """
    import re

    out = []
    for file in sorted(Path(site).rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        html = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)
        for tag in re.findall(r"<(?:script|img|iframe|link|source|video|audio|embed|object)\b[^>]*>", html):
            if tag.startswith("<link") and re.search(r'rel="(alternate|canonical|prev|next)"', tag):
                continue
            for url in re.findall(r'(?:src|href|data)="([^"]*)"', tag):
                if url.startswith(("http:", "https:", "//")) and url.split("/")[2] != own_host:
                    out.append((str(file), tag))
    for css in sorted(Path(site).rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        if re.search(r"url\(\s*['\"]?(https?:)?//", text) or "fonts.googleapis" in text:
            out.append((str(css), "url(...)"))
    return out


def page(site: Path, url: str) -> str:
    """The HTML of the page at a site URL like `events/<id>/`."""
    path = Path(site) / url
    if url.endswith("/") or url == "":
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Hostile text in every field a page shows

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "{: onclick=\"alert(1)\"}",
    "[x](javascript:alert(1)) </script><b onmouseover=alert(1)>",
]


def hostile_records(payload: str) -> dict[str, str]:
    """A records folder with `payload` in every free-text field the pages show."""
    import yaml

    from policy_timeline.models import check_markdown_links

    p = payload
    try:  # Markdown fields: the loader refuses javascript: links, so drop the scheme there
        md = check_markdown_links(p)
    except ValueError:
        md = p.replace("javascript:", "")
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True)  # noqa: E731
    source = {"url": "https://example.org/a?q=%22%3E", "title": f"Title {p}",
              "publisher": f"Pub {p}", "kind": "press", "language": "en",
              "via": f"Via {p}", "quote": f"Quote {p}", "note": f"Note {p}",
              "archive_url": "https://web.archive.org/web/2024/https://example.org/a"}
    first = {
        "title": f"First {p}", "date": "2024-02-26", "kind": "funding-round",
        "threads": ["hostile"],
        "participants": [{"entity": "evil-corp", "role": f"Role {p}"},
                         {"entity": "victim", "role": "company raising funds"}],
        "summary": f"Summary {md} [1]. More *text* [2].\n\n- item {md} [1]",
        "money": {"amount": 1000000, "currency": "EUR", "investors": ["evil-corp"],
                  "note": f"Money {p}", "valuation": {"amount": 5000000, "currency": "EUR"}},
        "votes": [{"body": f"Body {p}", "for": 1, "against": 2}],
        "legal": {"oj": f"OJ {p}", "articles": ["Art. <b>1</b>"], "version": f"V {p}",
                  "celex": "32024R1689", "procedure": "2021/0106(COD)"},
        "licence": f"Licence {p}", "weights": "open",
        "disagreements": [{"field": f"Field {p}", "note": f"Disagree {p}",
                           "values": [{"value": f"A {p}", "cite": [1]},
                                      {"value": f"B {p}", "cite": [2]}]}],
        "verification": "partial", "caveat": f"Caveat {p}",
        "relations": [{"type": "see-also", "event": "2099-01-01-second", "note": f"Rel {p}"}],
        "sources": [source, {**source, "url": "https://example.org/b", "title": f"Other {p}"}],
    }
    second = {
        "title": f"Second {p}", "date": "2099-01-01", "kind": "application-date",
        "status": "rescheduled", "last_verified": "2026-11-20", "threads": ["hostile"],
        "schedule_history": [{"was": "2098-01-01", "changed_by": "2024-02-26-first",
                              "note": f"Moved {p}", "cite": [1]}],
        "summary": f"Second summary {md} [1].",
        "sources": [source],
    }
    entities = {
        "evil-corp": {"name": f"Evil {p}", "type": "company", "description": f"Desc {p}",
                      "short_name": f"Short {p}", "url": "https://example.org/evil"},
        "victim": {"name": f"Victim {p}", "type": "company", "description": f"Victim {p}\n\nSecond paragraph {p}",
                   "part_of": "evil-corp"},
    }
    threads = {"hostile": {"title": f"Thread {p}", "introduction": f"Intro {md}. Second {md}."}}
    return {
        "entities.yaml": dump(entities),
        "threads.yaml": dump(threads),
        "2024/2024-02-26-first.yaml": dump(first),
        "2099/2099-01-01-second.yaml": dump(second),
    }


def real_clock_env(env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """`env` without libfaketime: under `faketime DATE make test` timed waits never end, so
    a child that polls or times (the serve watcher, the benchmark) runs on the real clock
    (nothing such a child checks depends on the date)."""
    out = dict(env)
    if "faketime" in out.get("LD_PRELOAD", ""):
        out["LD_PRELOAD"] = " ".join(p for p in out["LD_PRELOAD"].replace(":", " ").split()
                                     if "faketime" not in p)
        for name in [n for n in out if n.startswith("FAKETIME")]:
            del out[name]
    return out

