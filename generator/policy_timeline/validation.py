"""Pydantic's validation errors to located problems, each with a hint how to fix it.

A pydantic error names a location inside the model (with union and validator tags) and
a terse message; the editor needs the file, line and field as written, and what to
type instead: the closest allowed key, the accepted date forms, the quotes YAML needs.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yamlnodes import Document, Loc


def _unwrap(tp: Any) -> list[Any]:
    """The candidate types behind Annotated / Optional / Union."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (Union, types.UnionType):
        out = []
        for arg in typing.get_args(tp):
            out += _unwrap(arg)
        return out
    return [tp]


def _field_type(model: type[BaseModel], name: str) -> Any:
    for key, info in model.model_fields.items():
        if name in (key, info.alias):
            return info.annotation
    return None


def allowed_keys(model: type[BaseModel], loc: Loc, hide: tuple[str, ...] = ("id",)) -> list[str]:
    """The keys the record model accepts at `loc` (for "did you mean" hints)."""
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for tp in current:
            for cand in _unwrap(tp):
                if isinstance(part, int) and typing.get_origin(cand) is list:
                    following.append(typing.get_args(cand)[0])
                elif typing.get_origin(cand) is dict:  # a mapping by key: its values' type
                    following.append(typing.get_args(cand)[1])
                elif isinstance(part, str) and isinstance(cand, type) and issubclass(cand, BaseModel):
                    found = _field_type(cand, part)
                    if found is not None:
                        following.append(found)
        current = following
    for tp in current:
        for cand in _unwrap(tp):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                return [info.alias or name for name, info in cand.model_fields.items()
                        if name not in hide]
    return []


_DATE_FIELDS = {"date", "end", "published", "accessed", "was", "last_verified"}
_DATE_HINT = "write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-02-26"


def _clean_loc(doc: Document, model: type[BaseModel], loc: tuple[Any, ...]) -> Loc:
    """Drop pydantic's union and validator tags from an error location."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            out.append(part)
        elif tuple(out) + (part,) in doc.positions or part in allowed_keys(model, tuple(out), ()):
            out.append(part)
    return tuple(out)


def validation_problems(
    doc: Document, exc: ValidationError, model: type[BaseModel], prefix: Loc = ()
) -> list[Problem]:
    """One located problem per pydantic error, with a hint that says how to fix it."""
    problems = []
    seen: set[Loc] = set()
    for err in exc.errors(include_url=False):
        inner = _clean_loc(doc, model, err["loc"])
        loc = prefix + inner
        kind = err["type"]
        message = str(err["msg"]).removeprefix("Value error, ")
        hint = ""
        if kind == "extra_forbidden":
            key = str(inner[-1]) if inner else ""
            allowed = allowed_keys(model, inner[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            message = f"unknown key {key[:60]!r}" + ("..." if len(key) > 60 else "")
            hint = (f"did you mean {close[0]!r}?" if close
                    else "allowed keys: " + ", ".join(sorted(allowed)))
        elif kind == "too_long" and isinstance(err.get("input"), str):
            ctx = err.get("ctx", {})
            message = (f"too long: at most {ctx.get('max_length')} characters (this has"
                       f" {ctx.get('actual_length', len(err['input']))})")
            hint = "shorten it; the page links the sources for the details"
        elif kind == "missing":
            message = f"{inner[-1] if inner else 'field'} is required"
            hint = f"add `{inner[-1]}:`" if inner else ""
        elif kind == "literal_error":
            expected = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
            close = difflib.get_close_matches(str(err.get("input")), expected, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else ""
        elif loc in doc.surprises or (prefix + inner) in doc.surprises:
            raw, what = doc.surprises[loc]
            message += f" (YAML read {raw!r} as {what})"
            hint = (f"put it in quotes: '{raw}'" if raw else "give a value after the colon")
        elif inner and inner[-1] in _DATE_FIELDS:
            hint = _DATE_HINT
        if not hint:  # a models.RecordValueError carries its own hint
            hint = str(getattr(err.get("ctx", {}).get("error"), "hint", "") or "")
        if kind in ("missing",) and loc in seen:
            continue
        seen.add(loc)
        problems.append(doc.problem(loc, message, hint))
    return problems
