"""Fixtures of the export tests: one small catalog per session (loading is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_timeline.options import SiteOptions

from .records import make_catalog

SITE = SiteOptions(site_name="Policy Timeline", site_url="https://example.net/pt/")
NO_URL = SiteOptions(site_name="Policy Timeline")


@pytest.fixture(scope="session")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("records"))


@pytest.fixture(scope="session")
def catalog_again(tmp_path_factory):
    """The same records loaded again from another folder."""
    return make_catalog(tmp_path_factory.mktemp("records-again"))


def write_files(files: dict[str, bytes], out: Path) -> Path:
    for rel, data in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out
