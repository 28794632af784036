"""Shared fixtures: small real records folders written into a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "events"
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def records(tmp_path: Path):
    """A factory: copy the valid records into tmp_path, then apply {path: text | None}.

    None deletes a file; text (str or bytes) writes it. Returns the records folder.
    """

    def make(changes: dict[str, str | bytes | None] | None = None, base: Path = VALID) -> Path:
        root = tmp_path / "events"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(base, root)
        for rel, content in (changes or {}).items():
            target = root / rel
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return make
