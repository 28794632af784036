"""The theme templates the plugin ships: copies of Material partials stay in step with the
installed Material, each with only its one intended change."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "generator" / "policy_timeline" / "theme" / "partials"
MATERIAL = Path(material.__file__).resolve().parent / "templates" / "partials"

CHANGES = {
    "source.html": (' data-md-component="source"', ""),
    "search.html": ('role="dialog">', "role=\"dialog\" aria-label=\"{{ lang.t('search') }}\">"),
    "alternate.html": ('<a href="{{ alt.link | url }}"', '<a href="{{ alt.href or (alt.link | url) }}"'),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_partial_is_materials_with_one_change(name):
    theirs = (MATERIAL / name).read_text(encoding="utf-8").split("-#}\n", 1)[1]
    ours = (OURS / name).read_text(encoding="utf-8").split("-#}\n", 1)[1]
    old, new = CHANGES[name]
    path = (OURS / name).relative_to(ROOT)
    assert theirs.count(old) == 1, f"Material's {name} changed: refresh {path}"
    assert ours == theirs.replace(old, new), \
        f"{path} differs from Material's beyond the intended change"


def test_the_shipped_templates_are_the_expected_ones():
    shipped = sorted(p.relative_to(OURS.parent).as_posix() for p in OURS.parent.rglob("*.html"))
    assert shipped == ["main.html", "partials/alternate.html", "partials/search.html",
                       "partials/source.html"]
