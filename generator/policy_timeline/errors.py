"""The one error type users see: every problem of a run, each located in a file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the records, at `path:line:column`, in `field`."""

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: {self.field or '(file)'}: "
        text = where + ("warning: " if self.severity == "warning" else "") + self.message
        return text + (f"\n    hint: {self.hint}" if self.hint else "")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def as_error(self) -> Problem:
        return Problem(self.path, self.line, self.column, self.field, self.message, self.hint)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File order, then position; duplicates dropped."""
    return sorted(set(problems))


def format_report(problems: list[Problem]) -> str:
    """All problems, then a one-line count, as `check` prints them."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines)


class RecordsInvalid(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(format_report(self.problems))


class GeneratorError(Exception):
    """A user mistake outside the records (a missing folder, a file that exists)."""
