"""The GitHub Actions workflows: freshness runs weekly on its own, the site follows the days."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOWS = Path(__file__).resolve().parents[1] / ".github" / "workflows"


def _load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_freshness_runs_weekly_and_by_hand_and_reports_in_one_issue():
    flow = _load("freshness.yml")
    [cron] = [item["cron"] for item in flow["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday not in ("*",)  # once a week
    assert "workflow_dispatch" in flow["on"]
    assert flow["permissions"]["issues"] == "write"
    script = "\n".join(step.get("run", "") for job in flow["jobs"].values() for step in job["steps"])
    assert "policy-timeline freshness" in script and "--format json" in script
    assert "gh issue create" in script and "--label freshness" in script
    assert "gh issue edit" in script and "gh issue close" in script  # one issue, updated


def test_freshness_never_blocks_a_deploy():
    site = _load("site.yml")
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8")
    assert "freshness" not in text
    assert all("needs" not in job or "freshness" not in str(job["needs"])
               for job in site["jobs"].values())
    assert "schedule" in site["on"]  # rebuilt as days pass: passed deadlines get shown


def test_the_site_is_built_from_the_whole_history():
    """Last-changed dates and "What changed" come from git log: a shallow clone has none."""
    site = _load("site.yml")
    [build] = [job for job in site["jobs"].values() if any(
        "make site" in step.get("run", "") for step in job.get("steps", []))]
    [checkout] = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout.get("with", {}).get("fetch-depth") == 0
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "safe.directory" in runs  # git reads a checkout owned by another user
