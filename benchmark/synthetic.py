"""Synthetic but realistic record sets for the benchmark: deterministic for a given size.

`write_records(folder, n)` writes `n` event files plus `entities.yaml` and `threads.yaml`
in the layout of the project's `events/` folder (`<YYYY>/<id>.yaml`). Every record is
valid under `policy-timeline check --strict` (no errors, no warnings):

- events spread over 2000-2024, about 5 % known only to the month and 1 % only to the
  year; 8 threads, each event in 1 or 2 of them;
- max(20, n/10) entities (institutions, companies, investors, people, laws...), some
  `part_of` a larger one; 1-3 participants per event;
- 1-3 sources per event; about one citation in five goes to a shared pool of n/20
  sources, so the bibliography has to merge them (same URL, same metadata);
- relations on about 40 % of events, always to an event that ends before this one
  starts, so directed relations cannot form a cycle;
- funding rounds with money and investors (about 5 %), plenary votes (about 5 %), legal
  identifiers (about 15 %), a few disagreements and caveats;
- a few scheduled deadlines and rescheduled ones (about 1 %, with a schedule history
  moved by an earlier event), dated at least two years after today so that the
  "deadline has passed" warning cannot fire.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FIRST_YEAR, LAST_YEAR = 2000, 2024
N_THREADS = 8

WORDS = (
    "commission council parliament committee regulation directive proposal amendment"
    " report opinion guidance consultation market competition data platform model"
    " provider deployer obligation transparency oversight sandbox standard audit risk"
    " assessment governance funding investment partnership infrastructure compute cloud"
    " research safety liability copyright enforcement penalty registry notification"
    " authority office board member state negotiation mandate compromise timetable"
).split()
VERBS = ("adopts", "publishes", "proposes", "announces", "signs", "approves", "rejects",
         "opens", "closes", "launches", "endorses", "postpones", "reviews", "confirms")
KINDS = ("proposal", "opinion", "position", "trilogue", "committee-vote", "adoption",
         "publication", "guidance", "consultation", "partnership", "contract",
         "infrastructure", "product-release", "statement", "letter", "report", "meeting",
         "regulatory-review", "institution", "market")
ENTITY_TYPES = ("institution", "company", "investor", "person", "government",
                "organisation", "law", "model", "country", "political-group")
SOURCE_KINDS = ("official", "company", "press", "press", "press", "analysis", "advocacy",
                "reference")
PUBLISHERS = tuple(f"{w.capitalize()} {s}" for w in WORDS[:40]
                   for s in ("Times", "Review"))
RELATIONS = ("follows", "responds-to", "implements", "amends", "part-of", "same-day-as",
             "see-also", "announces")
ROLES = ("co-legislator", "proposer", "regulator", "signatory", "partner", "developer",
         "critic", "host", "rapporteur", "observer")


def future_year() -> int:
    """First year of the synthetic deadlines: always at least two years ahead."""
    return max(2031, dt.date.today().year + 2)


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _summary(rng: random.Random, n_sources: int) -> str:
    """About 100 words in 3-4 sentences; every source cited at least once."""
    sentences = []
    count = max(3, n_sources)
    for i in range(count):
        n = i + 1 if i < n_sources else rng.randint(1, n_sources)
        sentences.append(f"{_sentence(rng, rng.randint(18, 30))} [{n}].")
    return "\n".join(sentences) + "\n"


def _day(rng: random.Random, year: int) -> dt.date:
    start = dt.date(year, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(year, 12, 31).toordinal()))


def _slug(rng: random.Random, k: int) -> str:
    return "-".join(rng.choice(WORDS) for _ in range(k))


def _entities(rng: random.Random, n: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    ids: list[str] = []
    for i in range(n):
        etype = ENTITY_TYPES[i % len(ENTITY_TYPES)] if i >= 4 else ("institution", "company",
                                                                    "investor", "investor")[i]
        eid = f"{_slug(rng, 2)}-{i:05d}"
        name = " ".join(w.capitalize() for w in eid.split("-")[:2]) + f" {i}"
        rec: dict[str, Any] = {
            "name": name,
            "type": etype,
            "description": " ".join(_sentence(rng, rng.randint(12, 22)) + "." for _ in range(2)),
        }
        if i % 3 == 0:
            rec["short_name"] = name.split()[0]
        if etype not in ("person", "law", "model"):
            rec["country"] = rng.choice(("EU", "FR", "DE", "IT", "US", "NL", "ES"))
        if i % 4 == 0:
            rec["url"] = f"https://{eid}.example.org/"
        if i % 5 == 0:
            rec["wikidata"] = f"Q{100000 + i}"
        if ids and i % 7 == 0 and etype in ("institution", "company", "organisation"):
            rec["part_of"] = rng.choice(ids[: max(1, len(ids) // 2)])
        out[eid] = rec
        ids.append(eid)
    return out


def _threads(rng: random.Random) -> dict[str, dict[str, Any]]:
    out = {}
    for i in range(N_THREADS):
        tid = f"thread-{i + 1}-{_slug(rng, 1)}"
        out[tid] = {
            "title": f"Thread {i + 1}: the {rng.choice(WORDS)} {rng.choice(WORDS)}",
            "order": (i + 1) * 10,
            "introduction": " ".join(_sentence(rng, rng.randint(15, 25)) + "." for _ in range(3)),
        }
    return out


def records(n: int, seed: int = 20240226) -> tuple[dict[str, dict], dict[str, dict], dict[str, dict]]:
    """(events {id: record}, entities {id: record}, threads {id: record}) for n events."""
    rng = random.Random(f"{seed}:{n}")
    entities = _entities(rng, max(20, n // 10))
    entity_ids = list(entities)
    investors = [k for k, v in entities.items() if v["type"] in ("investor", "company")]
    threads = _threads(rng)
    thread_ids = list(threads)

    n_deadlines = max(2, n // 100)
    pool = [
        {
            "url": f"https://library.example.org/documents/{j:05d}",
            "title": f"Reference document {j}: {_sentence(rng, 6).lower()}",
            "publisher": rng.choice(PUBLISHERS),
            "kind": "official" if j % 2 else "reference",
            "language": "en",
            "published": dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=j % 9000),
        }
        for j in range(max(5, n // 20))
    ]

    # Dates first: relations point to events that end before the citing one starts.
    plan: list[tuple[dt.date, str]] = []  # (date as a day, precision)
    for i in range(n - n_deadlines):
        day = _day(rng, rng.randint(FIRST_YEAR, LAST_YEAR))
        r = rng.random()
        plan.append((day, "year" if r < 0.01 else "month" if r < 0.06 else "day"))
    plan.sort()
    events: dict[str, dict[str, Any]] = {}
    spans: list[tuple[str, dt.date, dt.date]] = []  # (id, first day, last day), in date order
    used: set[str] = set()
    for i, (day, precision) in enumerate(plan):
        if precision == "year":
            when: Any = day.year
            first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
            prefix = f"{day.year:04d}"
        elif precision == "month":
            when = f"{day.year:04d}-{day.month:02d}"
            first = day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            prefix = when
        else:
            when, first, last, prefix = day.isoformat(), day, day, day.isoformat()
        slug = _slug(rng, 3)
        eid = f"{prefix}-{slug}"
        while eid in used:
            eid += f"-{i}"
        used.add(eid)
        events[eid] = _event(rng, i, when, first, spans, entity_ids, investors, thread_ids, pool)
        spans.append((eid, first, last))

    happened = [eid for eid, _, _ in spans]
    fy = future_year()
    for k in range(n_deadlines):
        day = _day(rng, fy + (k % 2))
        eid = f"{day.isoformat()}-deadline-{_slug(rng, 2)}-{k}"
        rec = _event(rng, len(events), day.isoformat(), day, spans, entity_ids, investors,
                     thread_ids, pool)
        rec["kind"] = "application-date"
        rec.pop("money", None)
        rec.pop("votes", None)
        rec["last_verified"] = "2024-12-01"
        if k % 2 and happened:
            rec["status"] = "rescheduled"
            rec["schedule_history"] = [{
                "was": (day - dt.timedelta(days=365)).isoformat(),
                "changed_by": rng.choice(happened[-max(1, len(happened) // 10):]),
                "note": "Moved by a later amendment.",
                "cite": [1],
            }]
        else:
            rec["status"] = "scheduled"
        events[eid] = rec
    return events, entities, threads


def _event(rng: random.Random, i: int, when: Any, first: dt.date,
           spans: list[tuple[str, dt.date, dt.date]], entity_ids: list[str],
           investors: list[str], thread_ids: list[str], pool: list[dict]) -> dict[str, Any]:
    n_sources = rng.choice((1, 2, 2, 3, 3))
    sources = []
    taken: set[str] = set()
    for s in range(n_sources):
        if rng.random() < 0.2:
            shared = rng.choice(pool)
            if shared["url"] in taken:
                continue
            src = {**shared, "published": shared["published"].isoformat()}
        else:
            src = {
                "url": f"https://news{i % 97}.example.com/{first.year}/{_slug(rng, 4)}-{i}-{s}",
                "title": _sentence(rng, rng.randint(6, 12)),
                "publisher": rng.choice(PUBLISHERS),
                "kind": rng.choice(SOURCE_KINDS),
                "language": rng.choice(("en", "en", "en", "fr", "de")),
                "published": first.isoformat(),
            }
            if rng.random() < 0.3:
                src["via"] = f"mirror{i % 13}.example.net"
        if rng.random() < 0.5:
            src["note"] = f"Supports the {rng.choice(WORDS)} and the {rng.choice(WORDS)}."
        taken.add(src["url"])
        sources.append(src)
    n_sources = len(sources)
    kind = rng.choice(KINDS)
    participants = [{"entity": e, "role": rng.choice(ROLES)}
                    for e in rng.sample(entity_ids, rng.randint(1, 3))]
    rec: dict[str, Any] = {
        "title": f"{_sentence(rng, 2)} {rng.choice(VERBS)} the {rng.choice(WORDS)}"
                 f" {rng.choice(WORDS)} {rng.choice(WORDS)} ({i})",
        "date": when,
        "kind": kind,
        "status": "happened",
        "threads": sorted(rng.sample(thread_ids, rng.choice((1, 1, 2)))),
        "participants": participants,
        "summary": _summary(rng, n_sources),
        "sources": sources,
    }
    earlier = [eid for eid, _, last in spans[-60:] if last < first]
    if earlier and rng.random() < 0.4:
        targets = rng.sample(earlier, min(len(earlier), rng.choice((1, 1, 2))))
        rec["relations"] = [{"type": rng.choice(RELATIONS), "event": t} for t in targets]
    r = rng.random()
    if r < 0.05:
        rec["kind"] = "funding-round"
        backers = rng.sample(investors, min(len(investors), rng.randint(2, 6)))
        rec["money"] = {
            "amount": rng.randint(5, 2000) * 1_000_000,
            "currency": rng.choice(("EUR", "USD", "GBP")),
            "approximate": rng.random() < 0.3,
            "instrument": rng.choice(("equity", "convertible", "debt")),
            "valuation": {"amount": rng.randint(50, 20000) * 1_000_000, "currency": "EUR",
                          "basis": "post-money"},
            "lead_investors": backers[:1],
            "investors": backers[1:],
            "raised_by": participants[0]["entity"],
        }
    elif r < 0.10:
        rec["kind"] = "plenary-vote"
        total = rng.randint(500, 705)
        yes = rng.randint(total // 2, total - 20)
        rec["votes"] = [{"body": "European Parliament plenary", "for": yes,
                         "against": rng.randint(0, total - yes), "abstentions": rng.randint(0, 20)}]
    if rng.random() < 0.15:
        rec["legal"] = {"procedure": f"{first.year}/{rng.randint(1, 999):04d}(COD)",
                        "celex": f"3{first.year}R{rng.randint(1, 2999):04d}"}
        if rng.random() < 0.5:
            rec["legal"]["articles"] = [f"Article {rng.randint(1, 113)}"]
    if n_sources >= 2 and rng.random() < 0.02:
        rec["disagreements"] = [{"field": "date", "values": [
            {"value": "the date given", "cite": [1]},
            {"value": "a day later", "cite": [2]},
        ]}]
    if rng.random() < 0.03:
        rec["verification"] = "partial"
        rec["caveat"] = _sentence(rng, 14) + "."
    # Every record in French too, as on the project site (the texts are stand-ins of the
    # same length; made without the random generator, so the English records stay the same).
    french = {key: f"FR {rec[key]}" for key in ("title", "summary", "caveat") if key in rec}
    rec["translations"] = {"fr": french}
    return rec


def write_records(folder: Path, n: int, seed: int = 20240226) -> int:
    """Write the record set of size n into `folder` (created); return the events written."""
    events, entities, threads = records(n, seed)
    folder.mkdir(parents=True, exist_ok=True)

    def dump(data: Any) -> str:
        return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)

    (folder / "entities.yaml").write_text(dump(entities), encoding="utf-8")
    (folder / "threads.yaml").write_text(dump(threads), encoding="utf-8")
    for eid, rec in events.items():
        year = folder / eid[:4]
        year.mkdir(exist_ok=True)
        (year / f"{eid}.yaml").write_text(dump(rec), encoding="utf-8")
    return len(events)
