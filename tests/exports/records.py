"""A small records folder for the export tests: every date precision, a reschedule, a
cancellation, shared sources, money, an empty thread, and hostile text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from policy_timeline.catalog import Catalog, load_catalog

from ..conftest import TODAY  # noqa: E402  (the one pinned today of the tests)

ENTITIES = {
    "european-commission": {"name": "European Commission", "type": "institution",
                            "description": "The EU's executive.", "country": "EU"},
    "european-parliament": {"name": "European Parliament", "type": "institution",
                            "description": "The EU's directly elected legislature.",
                            "country": "EU"},
    "ai-act": {"name": "Artificial Intelligence Act", "short_name": "AI Act", "type": "law",
               "description": "Regulation (EU) 2024/1689 laying down harmonised rules on AI.",
               "country": "EU", "wikidata": "Q108456694",
               "legal": {"celex": "32024R1689", "eli": "http://data.europa.eu/eli/reg/2024/1689/oj",
                         "procedure": "2021/0106(COD)"}},
    "mistral-ai": {"name": "Mistral AI", "type": "company", "country": "FR",
                   "description": "A French AI company <b>& co</b>.",
                   "url": "https://mistral.ai/"},
    "microsoft": {"name": "Microsoft", "type": "company", "description": "A US software company.",
                  "country": "US"},
    "general-catalyst": {"name": "General Catalyst", "type": "investor",
                         "description": "A venture capital firm."},
    "jane-doe": {"name": "Jane Doe", "type": "person", "description": "A fictional MEP.",
                 "part_of": "european-parliament"},
}

THREADS = {
    "ai-act": {"title": "The EU AI Act", "order": 10, "introduction": "The law [and] its steps."},
    "funding": {"title": "Funding & deals", "order": 20, "introduction": "Money."},
    "quiet": {"title": "A thread with no events", "order": 30, "introduction": "Nothing yet."},
}


def _src(n: int, **extra) -> dict:
    base = {"url": f"https://example.org/news/{n}", "title": f"Article {n}",
            "publisher": "Example News", "kind": "press", "language": "en"}
    base.update(extra)
    return base


EVENTS: dict[str, dict] = {
    "2021-04-21-ai-act-proposal": {
        "title": "Commission proposes the AI Act </script><!-- & \"quotes\"",
        "date": "2021-04-21", "kind": "proposal", "threads": ["ai-act"],
        "participants": [{"entity": "european-commission", "role": "proposer"},
                         {"entity": "ai-act", "role": "subject"}],
        "legal": {"procedure": "2021/0106(COD)", "com": "COM(2021) 206 final"},
        "summary": "The Commission publishes its *proposal* [1], see [the text](https://example.org/text)."
                   " A <script>alert(1)</script> must stay text [2].",
        "sources": [_src(1, published="2021-04-21", accessed="2025-01-10"),
                    {"url": "https://www.example.org/shared/?utm_source=x", "title": "Shared",
                     "publisher": "Official", "kind": "official", "language": "en"}],
    },
    "2023-ai-act-debates": {
        "title": "Debates on foundation models", "date": 2023, "qualifier": "circa",
        "kind": "statement", "threads": ["ai-act"],
        "summary": "Member states debate foundation models [1].",
        "sources": [_src(2)],
    },
    "2023-12-06-trilogue": {
        "title": "Final trilogue", "date": "2023-12-06", "end": "2023-12-08",
        "kind": "trilogue", "threads": ["ai-act"],
        "participants": [{"entity": "european-parliament", "role": "co-legislator"},
                         {"entity": "jane-doe", "role": "rapporteur"}],
        "relations": [{"type": "follows", "event": "2021-04-21-ai-act-proposal"}],
        "summary": "A provisional agreement is reached [1].",
        "sources": [{"url": "https://example.org/shared", "title": "Shared",
                     "publisher": "Official", "kind": "official", "language": "en",
                     "accessed": "2025-02"}],
    },
    "2024-02-26-microsoft-mistral": {
        "title": "Microsoft and Mistral AI partner", "date": "2024-02-26", "kind": "partnership",
        "threads": ["funding"],
        "participants": [{"entity": "microsoft", "role": "partner"},
                         {"entity": "mistral-ai", "role": "partner"}],
        "summary": "A partnership is announced [1].",
        "sources": [_src(3, published="2024-02-26")],
    },
    "2024-06-mistral-series-b": {
        "title": "Mistral AI raises a Series B", "date": "2024-06", "kind": "funding-round",
        "threads": ["funding"],
        "participants": [{"entity": "mistral-ai", "role": "company"}],
        "money": {"amount": 600000000, "currency": "EUR", "approximate": True,
                  "lead_investors": ["general-catalyst"]},
        "summary": "Mistral AI raises about EUR 600M [1].",
        "sources": [_src(4)],
    },
    "2024-08-01-ai-act-adoption": {
        "title": "The AI Act is adopted", "date": "2024-05-21", "kind": "adoption",
        "threads": ["ai-act"], "participants": [{"entity": "ai-act", "role": "act"}],
        "summary": "The Council adopts the act [1].",
        "sources": [_src(5)],
    },
    "2026-05-07-omnibus-agreement": {
        "title": "Agreement on the Digital Omnibus", "date": "2026-05-07",
        "kind": "political-agreement", "threads": ["ai-act"],
        "summary": "Co-legislators agree to move the high-risk deadline [1].",
        "sources": [_src(6, published="2026-05-07")],
    },
    "2026-08-02-high-risk-rules-apply": {
        "title": "High-risk rules apply", "date": "2027-12-02", "kind": "application-date",
        "status": "rescheduled", "last_verified": "2026-04-20", "threads": ["ai-act"],
        "participants": [{"entity": "ai-act", "role": "act"}],
        "schedule_history": [{"was": "2026-08-02", "changed_by": "2026-05-07-omnibus-agreement",
                              "cite": [1]}],
        "relations": [{"type": "part-of", "event": "2024-08-01-ai-act-adoption"}],
        "summary": "The obligations for high-risk systems apply [1].",
        "sources": [_src(7)],
    },
    "2027-08-02-gpai-deadline": {
        "title": "Deadline for older general-purpose models", "date": "2027-08-02",
        "kind": "application-date", "status": "scheduled", "last_verified": "2026-11-01",
        "threads": ["ai-act"], "summary": "Older models must comply [1].",
        "sources": [_src(8)],
    },
    "2027-03-guidelines-due": {
        "title": "Guidelines due", "date": "2027-03", "kind": "guidance", "status": "scheduled",
        "last_verified": "2026-10-01", "threads": ["ai-act"],
        "summary": "The Commission should publish guidelines [1].",
        "sources": [_src(9)],
    },
    "2028-review": {
        "title": "Review of the act", "date": 2028, "kind": "regulatory-review",
        "status": "scheduled", "last_verified": "2026-10-01", "threads": ["ai-act"],
        "summary": "A review is due [1].", "sources": [_src(10)],
    },
    "2026-09-15-cancelled-hearing": {
        "title": "Hearing on the Omnibus", "date": "2026-09-15", "kind": "meeting",
        "status": "cancelled", "threads": ["ai-act"],
        "summary": "The hearing was called off [1].", "sources": [_src(11)],
    },
}


def write_records(root: Path, events: dict[str, dict] | None = None) -> Path:
    folder = root / "events"
    folder.mkdir(parents=True, exist_ok=True)
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True)  # noqa: E731
    (folder / "entities.yaml").write_text(dump(ENTITIES), encoding="utf-8")
    (folder / "threads.yaml").write_text(dump(THREADS), encoding="utf-8")
    for event_id, record in (EVENTS if events is None else events).items():
        year = folder / event_id[:4]
        year.mkdir(exist_ok=True)
        (year / f"{event_id}.yaml").write_text(dump(record), encoding="utf-8")
    return folder


def make_catalog(root: Path, events: dict[str, dict] | None = None,
                 today: dt.date = TODAY) -> Catalog:
    return load_catalog(write_records(root, events), today=today)
