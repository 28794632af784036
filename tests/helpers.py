"""Small real sites for the tests: a rich records folder, an mkdocs.yml, docs/, and a build.

`write_site(root, ...)` writes a project folder (records in `events/`, `mkdocs.yml`,
`docs/`, the home introduction in `docs-intro/`); `build_site(root)` runs a real
`mkdocs build` in this process and returns the site folder, failing with every warning
MkDocs logged when the build is not clean. `RECORDS` is a records folder that uses every
kind of detail the pages show; `CONFIG` is the mkdocs.yml of the test sites.
"""

from __future__ import annotations

import logging
import os
import textwrap
from pathlib import Path
from typing import Mapping

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SITE_URL = "https://example.org/timeline/"

ENTITIES = """\
mistral-ai:
  name: Mistral AI
  type: company
  country: FR
  url: https://mistral.ai/
  wikidata: Q116758847
  description: A French artificial-intelligence company founded in 2023.
microsoft:
  name: Microsoft
  type: company
  country: US
  description: A US software and cloud company.
lightspeed:
  name: Lightspeed Venture Partners
  type: investor
  description: A US venture capital firm.
european-commission:
  name: European Commission
  type: institution
  country: EU
  description: The executive of the European Union.
european-parliament:
  name: European Parliament
  type: institution
  country: EU
  description: The directly elected chamber of the EU's legislature.
ai-office:
  name: AI Office
  type: institution
  country: EU
  part_of: european-commission
  description: The Commission's centre for AI expertise.
ai-act:
  name: AI Act
  type: law
  description: Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence.
  legal: {celex: 32024R1689, eli: "http://data.europa.eu/eli/reg/2024/1689/oj"}
"""

THREADS = """\
ai-act:
  title: The AI Act
  order: 10
  introduction: |
    How the EU regulation on artificial intelligence was proposed, negotiated and adopted.
    Its rules apply in stages.
mistral-funding:
  title: Mistral AI's funding
  order: 20
  introduction: Each round Mistral AI raised, as reported [see the data](https://example.org/data).
azure-deal:
  title: The Azure deal
  order: 30
  introduction: The partnership between Microsoft and Mistral AI.
"""

OJ = """\
  - url: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
    title: Regulation (EU) 2024/1689
    publisher: Official Journal of the European Union
    kind: official
    language: en
    published: 2024-07-12"""

EVENTS: dict[str, str] = {
    "2021/2021-04-21-commission-proposal.yaml": """\
title: The Commission proposes the AI Act
date: 2021-04-21
kind: proposal
threads: [ai-act]
participants:
  - {entity: european-commission, role: proposer}
legal: {com: COM(2021) 206 final, procedure: 2021/0106(COD)}
summary: The Commission published its proposal for a regulation on AI [1].
sources:
  - url: https://ec.europa.eu/commission/presscorner/detail/en/ip_21_1682
    title: Europe fit for the Digital Age
    publisher: European Commission
    kind: official
    language: en
    published: 2021-04-21
    archive_url: https://web.archive.org/web/2021/https://ec.europa.eu/x
    quote: the first ever legal framework on AI
""",
    "2023/2023-mistral-founded.yaml": """\
title: Mistral AI is founded in Paris
date: 2023
kind: founding
threads: [mistral-funding]
participants:
  - {entity: mistral-ai, role: founded}
summary: Three researchers set up Mistral AI in Paris [1].
sources:
  - url: https://example.org/news/founded
    title: What is Mistral AI?
    publisher: Example Press
    kind: press
    language: en
""",
    "2023/2023-06-13-mistral-seed.yaml": """\
title: Mistral AI raises a seed round
date: 2023-06-13
kind: funding-round
threads: [mistral-funding]
participants:
  - {entity: mistral-ai, role: company raising funds}
money:
  amount: 105000000
  currency: EUR
  instrument: equity
  valuation: {amount: 240000000, currency: EUR, basis: post-money, approximate: true}
  lead_investors: [lightspeed]
disagreements:
  - field: money.amount
    values:
      - {value: EUR 105 million, cite: [1]}
      - {value: USD 113 million, cite: [2]}
    note: The dollar figure is a conversion.
summary: |
  Mistral AI raised EUR 105 million [1], reported in dollars as USD 113 million [2].
sources:
  - url: https://example.org/news/seed
    title: Mistral AI raises EUR 105m
    publisher: Example Press
    kind: press
    language: en
    published: 2023-06-14
  - url: https://example.net/tech/seed
    title: Mistral AI blows in with a $113M seed round
    publisher: TechCrunch
    via: Channel News Box
    kind: press
    language: en
    published: 2023-06-13
""",
    "2023/2023-12-mistral-series-a.yaml": """\
title: Mistral AI announces its Series A
date: 2023-12
kind: funding-round
threads: [mistral-funding]
participants:
  - {entity: mistral-ai, role: company raising funds}
money: {amount: 385000000, currency: EUR, approximate: true, instrument: equity-and-debt}
summary: Reports put the round at about EUR 385 million [1].
sources:
  - url: https://example.org/news/series-a
    title: Mistral AI's Series A
    publisher: Example Press
    kind: press
    language: fr
""",
    "2023/2023-12-06-final-trilogue.yaml": """\
title: The final trilogue on the AI Act
date: 2023-12-06
end: 2023-12-08
kind: trilogue
threads: [ai-act]
participants:
  - {entity: european-parliament, role: co-legislator}
relations:
  - {type: follows, event: 2021-04-21-commission-proposal}
summary: Negotiators met for three days [1].
sources:
  - url: https://example.org/news/trilogue
    title: Marathon talks
    publisher: Example Press
    kind: press
    language: en
""",
    "2024/2024-microsoft-stake.yaml": """\
title: Microsoft takes a stake in Mistral AI
date: 2024
qualifier: circa
kind: investment
threads: [azure-deal, mistral-funding]
participants:
  - {entity: mistral-ai, role: company raising funds}
  - {entity: microsoft, role: investor}
money: {amount: 16000000, currency: USD, at_least: true, investors: [microsoft]}
relations:
  - {type: part-of, event: 2024-02-26-partnership, note: announced with the partnership}
summary: Microsoft invested at least USD 16 million [1].
sources:
  - url: https://example.org/news/partnership?utm_source=feed
    title: Microsoft and Mistral AI
    publisher: Example Press
    kind: press
    language: en
    published: 2024-02-26
""",
    "2024/2024-02-26-partnership.yaml": """\
title: Microsoft and Mistral AI announce a partnership
date: 2024-02-26
kind: partnership
threads: [azure-deal]
participants:
  - {entity: microsoft, role: partner}
  - {entity: mistral-ai, role: partner}
relations:
  - {type: follows, event: 2023-12-mistral-series-a}
summary: |
  The two companies announced a partnership on Azure [1]. Read the
  [announcement](https://example.com/blog/partnership).

  - Azure compute for training [1]
  - Distribution of Mistral's models [1]
sources:
  - url: https://example.org/news/partnership
    title: Microsoft and Mistral AI
    publisher: Example Press
    kind: press
    language: en
    published: 2024-02-26
""",
    "2024/2024-03-13-ep-vote.yaml": """\
title: Parliament adopts the AI Act
date: 2024-03-13
kind: plenary-vote
threads: [ai-act]
participants:
  - {entity: european-parliament, role: voted}
votes:
  - {body: European Parliament plenary, for: 523, against: 46, abstentions: 49}
relations:
  - {type: follows, event: 2023-12-06-final-trilogue}
summary: Parliament adopted the regulation [1].
sources:
%s
""" % OJ,
    "2024/2024-07-12-published.yaml": """\
title: The AI Act is published in the Official Journal
date: 2024-07-12
kind: publication
threads: [ai-act]
participants:
  - {entity: ai-act, role: published}
legal: {celex: 32024R1689, articles: [Article 113], version: OJ L 2024/1689}
summary: The regulation was published [1].
sources:
%s
""" % OJ,
    "2024/2024-09-27-mistral-small.yaml": """\
title: Mistral AI releases a small open model
date: 2024-09-27
kind: product-release
threads: [mistral-funding]
participants:
  - {entity: mistral-ai, role: developer}
licence: Apache 2.0
weights: open
summary: The model came with its weights [1].
sources:
  - url: https://mistral.ai/news/small
    title: Small model
    publisher: Mistral AI
    kind: company
    language: en
""",
    "2026/2026-06-29-omnibus-adopted.yaml": """\
title: The Council adopts the AI omnibus
date: 2026-06-29
kind: adoption
threads: [ai-act]
participants:
  - {entity: european-commission, role: proposer}
summary: The Council adopted the changes [1].
sources:
  - url: https://example.org/news/omnibus
    title: Omnibus adopted
    publisher: Example Press
    kind: press
    language: en
""",
    "2099/2099-12-02-high-risk-rules-apply.yaml": """\
title: The high-risk rules apply
date: 2099-12-02
kind: application-date
status: rescheduled
last_verified: 2026-11-20
threads: [ai-act]
schedule_history:
  - was: 2098-08-02
    changed_by: 2026-06-29-omnibus-adopted
    note: Moved by the omnibus.
    cite: [2]
verification: partial
caveat: The publication of the omnibus was not checked.
summary: The rules apply from this date [1], moved by the omnibus [2].
sources:
%s
  - url: https://example.org/news/omnibus
    title: Omnibus adopted
    publisher: Example Press
    kind: press
    language: en
""" % OJ,
    "2099/2099-08-02-sandboxes.yaml": """\
title: National sandboxes must be ready
date: 2099-08-02
kind: application-date
status: scheduled
last_verified: 2026-11-20
threads: [ai-act]
participants:
  - {entity: ai-office, role: coordinator}
summary: Member states must set up sandboxes [1].
sources:
%s
""" % OJ,
}

RECORDS: dict[str, str] = {"entities.yaml": ENTITIES, "threads.yaml": THREADS, **EVENTS}

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
