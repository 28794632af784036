"""JSON Schemas of the record files, so editors can check records as they are typed."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .models import SLUG_PATTERN, Entity, Event, Settings, Thread
from .output import umask

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("event", "entities", "threads", "settings")


def _model_schema(model: type, title: str, description: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation", by_alias=True)
    schema["properties"].pop("id", None) if model is not Event else None
    schema["title"] = title
    schema["description"] = description
    return schema


def _registry(model: type, title: str, description: str) -> dict[str, Any]:
    item = _model_schema(model, model.__name__, model.__doc__ or "")
    defs = item.pop("$defs", {})
    defs[model.__name__] = item
    return {
        "title": title,
        "description": description,
        "type": "object",
        "propertyNames": {"pattern": SLUG_PATTERN},
        "additionalProperties": {"$ref": f"#/$defs/{model.__name__}"},
        "$defs": dict(sorted(defs.items())),
    }


def record_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind of record file: `event`, `entities`, `threads` or `settings`."""
    if kind == "event":
        schema = _model_schema(Event, "policy-timeline event",
                               "One event record: events/<...>/<id>.yaml, the id is the file name.")
    elif kind == "entities":
        schema = _registry(Entity, "policy-timeline entities",
                           "entities.yaml: a mapping from entity id to its record.")
    elif kind == "threads":
        schema = _registry(Thread, "policy-timeline threads",
                           "threads.yaml: a mapping from thread id to its record.")
    elif kind == "settings":
        schema = _model_schema(Settings, "policy-timeline settings",
                               "settings.yaml at the top of a records folder.")
    else:
        raise ValueError(f"unknown schema {kind!r}: choose one of {', '.join(KINDS)}")
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_text(kind: str) -> str:
    """Stable JSON text of a schema (what the repository ships under schema/)."""
    return json.dumps(record_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Write every schema as `<kind>.schema.json` into `out`; the files written, in order.

    Each file is replaced atomically (a temporary file renamed over it): an editor
    reading the folder meanwhile sees the old schema or the new one, never half of one.
    Other files in the folder are left alone.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        target = out / f"{kind}.schema.json"
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}.", suffix=".json", dir=out)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(schema_text(kind))
            os.chmod(tmp, 0o666 & ~umask())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written

