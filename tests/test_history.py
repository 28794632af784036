"""history: when each record last changed, from one `git log` of the records folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policy_timeline.history import LOG_COMMAND, History, parse_log, read_history

R, F = "\x1e", "\x1f"
LOG = (
    f"{R}c3{'0' * 38}{F}2025-03-12T23:30:00+00:00{F}Mistral seed: correct the amount\n\n"
    "M\t2023/2023-06-13-mistral-seed.yaml\n"
    "D\t2024/2024-01-01-gone.yaml\n"
    "R087\t2024/old-name.yaml\t2024/2024-05-01-new-name.yaml\n"
    f"{R}m2{'0' * 38}{F}2025-02-01T09:00:00+01:00{F}Merge branch 'x'\n"
    f"{R}b1{'0' * 38}{F}2025-01-05T10:00:00+01:00{F}Add records: seed; tab\there\n\n"
    "A\t2023/2023-06-13-mistral-seed.yaml\n"
    "A\t2024/2024-01-01-gone.yaml\n"
    "A\t2024/old-name.yaml\n"
    "A\tentities.yaml\n"
)


def test_parse_log_reads_every_change_newest_first():
    history = parse_log(LOG)
    assert [(c.path, c.action, c.commit[:2]) for c in history.changes] == [
        ("2023/2023-06-13-mistral-seed.yaml", "changed", "c3"),
        ("2024/2024-01-01-gone.yaml", "removed", "c3"),
        ("2024/2024-05-01-new-name.yaml", "changed", "c3"),  # a rename, at its new path
        ("2023/2023-06-13-mistral-seed.yaml", "added", "b1"),
        ("2024/2024-01-01-gone.yaml", "added", "b1"),
        ("2024/old-name.yaml", "added", "b1"),
        ("entities.yaml", "added", "b1"),
    ]
    first = history.changes[0]
    assert first.subject == "Mistral seed: correct the amount"
    assert first.when == dt.datetime(2025, 3, 12, 23, 30, tzinfo=dt.timezone.utc)
    assert first.short == "c300000"
    assert history.changes[2].old_path == "2024/old-name.yaml"
    assert history.changes[-1].subject == "Add records: seed; tab\there"


def test_a_commit_late_in_the_evening_is_dated_by_its_day_in_brussels():
    # 23:30 UTC on 12 March is 00:30 on 13 March in Brussels
    assert parse_log(LOG).changes[0].day == dt.date(2025, 3, 13)


def test_last_changed_keeps_the_newest_change_of_each_existing_file():
    last = parse_log(LOG).last_changed()
    assert sorted(last) == ["2023/2023-06-13-mistral-seed.yaml", "2024/2024-05-01-new-name.yaml",
                            "entities.yaml"]  # old-name.yaml was renamed away
    assert last["2023/2023-06-13-mistral-seed.yaml"].commit.startswith("c3")
    assert last["entities.yaml"].day == dt.date(2025, 1, 5)
    assert "2024/2024-01-01-gone.yaml" not in last  # removed: no page to date


def test_parse_log_of_nothing_and_of_garbage():
    assert parse_log("") == History(())
    with pytest.raises(ValueError):
        parse_log(f"{R}not a commit line\n")


def test_one_git_log_for_the_whole_folder():
    assert LOG_COMMAND[:4] == ("git", "-c", "core.quotepath=off", "log")
    assert LOG_COMMAND[-2:] == ("--", ".")  # the folder, never one file at a time


# ---------------------------------------------------------------------------------------
# A real repository with commits at fixed dates

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "e@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        # the committer date is the one used; the author date differs, to prove it
        env["GIT_COMMITTER_DATE"] = date
        env["GIT_AUTHOR_DATE"] = "2001-01-01T00:00:00+00:00"
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def make_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    events = root / "events"
    (events / "2024").mkdir(parents=True)
    (events / "2024" / "a.yaml").write_text("a: 1\n")
    (events / "2024" / "b.yaml").write_text("b: 1\n")
    (root / "README.md").write_text("not a record\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Add a and b", date="2024-05-01T12:00:00+02:00")
    (events / "2024" / "a.yaml").write_text("a: 2\n")
    (root / "README.md").write_text("changed, but outside the records\n")
    git(root, "commit", "-qam", "Correct a", date="2024-06-15T08:00:00+02:00")
    return events


@needs_git
def test_read_history_of_a_real_repository(tmp_path):
    events = make_repo(tmp_path)
    history, warning = read_history(events, {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})
    assert warning is None and history is not None
    last = history.last_changed()
    assert sorted(last) == ["2024/a.yaml", "2024/b.yaml"]  # README.md is not in the folder
    assert (last["2024/a.yaml"].day, last["2024/a.yaml"].subject) == (dt.date(2024, 6, 15), "Correct a")
    assert last["2024/b.yaml"].day == dt.date(2024, 5, 1)
    # the same commit gives the same dates, whatever the clock says
    assert read_history(events)[0] == history


def test_outside_a_git_checkout_there_is_no_history_and_one_line_saying_why(tmp_path):
    (tmp_path / "events").mkdir()
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    history, warning = read_history(tmp_path / "events", env)
    assert history is None
    assert "not in a git checkout" in warning and "\n" not in warning


def test_without_git_there_is_no_history_and_one_line_saying_why(tmp_path):
    history, warning = read_history(tmp_path, {"PATH": str(tmp_path)})  # no git on PATH
    assert history is None and warning.startswith("git is not installed") and "\n" not in warning


@needs_git
def test_a_shallow_clone_gives_no_dates_rather_than_wrong_ones(tmp_path):
    (tmp_path / "origin").mkdir()
    make_repo(tmp_path / "origin")
    git(tmp_path, "clone", "-q", "--depth", "1", (tmp_path / "origin").as_uri(), "shallow")
    history, warning = read_history(tmp_path / "shallow" / "events")
    assert history is None
    assert "shallow clone" in warning and "fetch-depth: 0" in warning and "\n" not in warning


@needs_git
def test_git_runs_twice_whatever_the_number_of_records(tmp_path, monkeypatch):
    events = make_repo(tmp_path)
    for n in range(30):
        (events / "2024" / f"extra-{n}.yaml").write_text(f"n: {n}\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Thirty more", date="2024-07-01T08:00:00+02:00")
    calls = []
    real = subprocess.run

    def counting(args, *rest, **kwargs):
        calls.append(args)
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    history, _ = read_history(events)
    assert len(history.last_changed()) == 32
    assert len(calls) == 2  # a probe (shallow?) and one git log for the whole folder
