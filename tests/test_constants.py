"""One place for each idea: the package imports its lists and patterns from their owners.

A list of statuses, kinds, export formats or page kinds, or an id or date pattern, typed
again in another module drifts from the model the day one of them changes. This test reads
every module of the package and fails on a literal that repeats an owner's constant.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import policy_timeline
from policy_timeline import catalog, dates, models, options, schema

PACKAGE = Path(policy_timeline.__file__).parent

# (owner module, constant name, its value)
LISTS = {
    ("models", name): getattr(models, name)
    for name in ("STATUSES", "EVENT_KINDS", "SOURCE_KINDS", "RELATION_TYPES", "ENTITY_TYPES",
                 "WEIGHTS", "VERIFICATIONS", "INSTRUMENTS", "VALUATION_BASES")
} | {
    ("options", "PAGE_KINDS"): options.PAGE_KINDS,
    ("options", "EXPORT_FORMATS"): options.EXPORT_FORMATS,
    ("schema", "KINDS"): schema.KINDS,
    ("dates", "PRECISIONS"): dates.PRECISIONS,
    ("dates", "QUALIFIERS"): dates.QUALIFIERS,
    ("catalog", "DEADLINE_STATUSES"): catalog.DEADLINE_STATUSES,
    ("catalog", "states"): (*models.STATUSES, catalog.OVERDUE),
}
PATTERNS = {
    ("models", "SLUG_PATTERN"): models.SLUG_PATTERN,
    ("models", "EVENT_ID_PATTERN"): models.EVENT_ID_PATTERN,
    ("dates", "PATTERN_TEXT"): dates.PATTERN_TEXT,
}
# Rewritten in parallel while this test was written (templates, loader/catalog split):
# their literals are reported to the lead instead of changed here.
NOT_YET = {"render.py", "svg.py", "markup.py", "exports/pages.py", "exports/timelinejs.py",
           "loader.py", "catalog.py"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if p.relative_to(PACKAGE).as_posix() not in NOT_YET)


def retyped(path: Path) -> list[str]:
    """Literals in `path` that repeat a constant another module owns."""
    owner = path.stem
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = [e.value for e in node.elts
                     if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(items) < 2 or len(items) != len(node.elts):
                continue
            for (module, name), value in LISTS.items():
                if module != owner and set(items) == set(value):
                    out.append(f"line {node.lineno}: {items} is {module}.{name}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for (module, name), value in PATTERNS.items():
                if module != owner and node.value.strip("^$") == value.strip("^$"):
                    out.append(f"line {node.lineno}: {node.value!r} is {module}.{name}")
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_retypes_a_constant_it_could_import(path):
    assert retyped(path) == []


def test_the_check_finds_a_retyped_list_and_pattern(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('A = ["happened", "scheduled", "rescheduled", "cancelled"]\n'
                      'B = {"enum": ("year", "month", "day")}\n'
                      'C = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"\n'
                      'D = ("json", "csv")  # a subset is a choice, not a copy\n')
    assert sorted(line.split(":")[0] for line in retyped(sample)) == ["line 1", "line 2", "line 3"]
