"""A new event record from a few facts: its id, its file name and its YAML (`new`).

`new_event` is pure: it checks the record with the models and returns the file to
write, so the CLI only parses options and echoes. `write_new_event` puts it in the
records folder and never replaces a file that is already there.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .dates import PartialDate
from .errors import GeneratorError
from .catalog import DEADLINE_STATUSES
from .models import Event

__all__ = ["NewEvent", "ScaffoldError", "new_event", "slugify", "write_new_event"]

SCHEMA_FILE = "schema/event.schema.json"
"""Where the shipped event schema sits, relative to the folder holding the records."""


class ScaffoldError(GeneratorError):
    """The facts given do not make a valid event; `field` names the one at fault, if one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewEvent:
    """A record ready to be written: `path` is relative to the records folder."""

    event_id: str
    path: str
    text: str


def slugify(text: str, limit: int = 60) -> str:
    """Lowercase ASCII kebab-case from a title."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "event"


def _participant(item: str) -> dict[str, str]:
    entity, sep, role = item.partition(":")
    if not sep or not entity.strip() or not role.strip():
        raise ScaffoldError(f"{item!r}: write ENTITY:ROLE, e.g. mistral-ai:partner", "participant")
    return {"entity": entity.strip(), "role": role.strip()}


def new_event(*, title: str, date: str, kind: str, source_url: str, source_publisher: str,
              today: dt.date, status: str = "happened", threads: tuple[str, ...] = (),
              participants: tuple[str, ...] = (), summary: str = "",
              source_title: str | None = None, source_kind: str = "press",
              source_language: str = "en", source_published: str | None = None,
              slug: str | None = None) -> NewEvent:
    """The new record, checked as `check` would check its fields; raises ScaffoldError.

    The id is the date as precise as given and a slug of `slug` or the title; a summary
    always cites its one source ([1]); an unknown source title is left out, never made
    up; a deadline (scheduled, rescheduled) is marked verified `today`.
    """
    try:
        when = PartialDate.parse(date)
    except ValueError as exc:
        raise ScaffoldError(str(exc), "date") from None
    people = [_participant(item) for item in participants]
    event_id = f"{when.iso()}-{slugify(slug or title)}"
    text = summary.strip() or f"{title.rstrip('.')}."
    if "[1]" not in text:
        text += " [1]"
    source: dict[str, object] = {"url": source_url, "title": source_title,
                                 "publisher": source_publisher, "kind": source_kind,
                                 "language": source_language}
    if not source_title:
        del source["title"]
    if source_published:
        source["published"] = source_published
    record: dict[str, object] = {"title": title, "date": when.iso(), "kind": kind, "status": status}
    if status in DEADLINE_STATUSES:
        record["last_verified"] = today  # a YAML date, unquoted
    if threads:
        record["threads"] = list(threads)
    if people:
        record["participants"] = people
    record["summary"] = text
    record["sources"] = [source]
    try:
        Event.model_validate({**record, "id": event_id})
    except ValidationError as exc:
        lines = [f"  {'.'.join(map(str, e['loc']))}: {str(e['msg']).removeprefix('Value error, ')}"
                 for e in exc.errors(include_url=False)]
        raise ScaffoldError("the event would not be valid:\n" + "\n".join(lines)) from None
    path = f"{when.year:04d}/{event_id}.yaml"
    schema = "../" * (path.count("/") + 1) + SCHEMA_FILE
    body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=88)
    body = body.replace(f"date: '{when.iso()}'", f"date: {when.iso()}")
    return NewEvent(event_id, path, f"# yaml-language-server: $schema={schema}\n{body}")


def write_new_event(events_dir: Path, event: NewEvent) -> Path:
    """Write the record into `events_dir`; an existing file is never replaced."""
    target = Path(events_dir) / event.path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as fh:
            fh.write(event.text)
    except FileExistsError:
        raise ScaffoldError(f"{target} already exists: choose another --slug") from None
    return target
