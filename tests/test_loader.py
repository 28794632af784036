"""One small broken record set per failure kind: each problem names file, line and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_timeline.catalog import check_folder
from policy_timeline.cli import main
from policy_timeline.loader import Document, allowed_keys, format_loc, read_document
from policy_timeline.models import Event

from .conftest import TODAY, VALID

ENTITIES = (VALID / "entities.yaml").read_text(encoding="utf-8")

EVENT = "2024/2024-02-26-partnership.yaml"
SOURCE = """\
sources:
  - url: https://example.org/a
    title: A page
    publisher: Example News
    kind: press
    language: en
"""


def event(body: str, sources: str = SOURCE) -> str:
    return textwrap.dedent(body) + sources


GOOD_HEAD = """\
title: Something happened
date: 2024-03-01
kind: statement
summary: It happened [1].
"""

# name -> (changes to the valid set, expected file, line, field, message fragment)
CASES = {
    "yaml-syntax": (
        {"2024/2024-03-01-x.yaml": "title: [unclosed\ndate: 2024-03-01\n"},
        "2024/2024-03-01-x.yaml", 2, "", "YAML syntax error",
    ),
    "tab-indentation": (
        {"2024/2024-03-01-x.yaml": "title: x\nsources:\n\t- url: https://example.org\n"},
        "2024/2024-03-01-x.yaml", 3, "", "YAML syntax error",
    ),
    "duplicate-key": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "title: Again\n")},
        "2024/2024-03-01-x.yaml", 5, "title", "duplicate key 'title' (first given on line 1)",
    ),
    "yaml11-boolean": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD, SOURCE.replace("language: en", "language: no"))},
        "2024/2024-03-01-x.yaml", 10, "sources[0].language", "YAML read 'no' as a boolean",
    ),
    "wrong-type": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD.replace("title: Something happened", "title: 2024"))},
        "2024/2024-03-01-x.yaml", 1, "title", "valid string",
    ),
    "unknown-key": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "particpants: []\n")},
        "2024/2024-03-01-x.yaml", 5, "particpants", "unknown key 'particpants'",
    ),
    "impossible-date": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD.replace("date: 2024-03-01", "date: 2023-02-29"))},
        "2024/2024-03-01-x.yaml", 2, "date", "February 2023 has no day 29",
    ),
    "end-before-start": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "end: 2024-02-01\n")},
        "2024/2024-03-01-x.yaml", 5, "end", "end 2024-02-01 is before date 2024-03-01",
    ),
    "id-mismatch": (
        {"2024/2024-03-01-x.yaml": event("id: 2024-03-01-y\n" + GOOD_HEAD)},
        "2024/2024-03-01-x.yaml", 1, "id", "does not match the file name",
    ),
    "bad-file-name": (
        {"2024/Partnership.yaml": event(GOOD_HEAD)},
        "2024/Partnership.yaml", 1, "id", "is not a valid event id",
    ),
    "duplicate-id": (
        {"2027/2024-02-26-partnership.yaml": event(GOOD_HEAD)},
        "2027/2024-02-26-partnership.yaml", 1, "id", "duplicate event id",
    ),
    "unknown-entity": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "participants:\n  - {entity: mistral, role: x}\n")},
        "2024/2024-03-01-x.yaml", 6, "participants[0].entity", "unknown entity 'mistral'",
    ),
    "unknown-thread": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "threads: [ai-act, azure]\n")},
        "2024/2024-03-01-x.yaml", 5, "threads[1]", "unknown thread 'azure'",
    ),
    "unknown-event": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "relations:\n  - {type: follows, event: 2024-02-26-partnershp}\n")},
        "2024/2024-03-01-x.yaml", 6, "relations[0].event", "unknown event '2024-02-26-partnershp'",
    ),
    "self-reference": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "relations:\n  - {type: follows, event: 2024-03-01-x}\n")},
        "2024/2024-03-01-x.yaml", 6, "relations[0].event", "cannot refer to itself",
    ),
    "citation-without-source": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD.replace("[1]", "[1] [2]"))},
        "2024/2024-03-01-x.yaml", 4, "summary", "citation [2] has no source",
    ),
    "source-never-cited": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD, SOURCE + SOURCE.replace("sources:\n", "").replace("/a", "/b"))},
        "2024/2024-03-01-x.yaml", 11, "sources[1]", "source 2 (Example News) is never cited",
    ),
    "summary-cites-nothing": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD.replace(" [1]", ""))},
        "2024/2024-03-01-x.yaml", 4, "summary", "the summary cites no source",
    ),
    "conflicting-source": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD, SOURCE.replace("https://example.org/a", "https://www.example.org/news/partnership/"))},
        "2024/2024-03-01-x.yaml", 7, "sources[0].title", "the same source is cited in",
    ),
    "javascript-url": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD, SOURCE.replace("https://example.org/a", "javascript:alert(1)"))},
        "2024/2024-03-01-x.yaml", 6, "sources[0].url", "only http:// and https:// links",
    ),
    "zero-width-space-in-title": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD.replace("title: Something happened",
                                                           'title: "Some\\u200bthing happened"'))},
        "2024/2024-03-01-x.yaml", 1, "title", "U+200B (ZERO WIDTH SPACE)",
    ),
    "line-separator-in-publisher": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD, SOURCE.replace("Example News", '"Example\\L News"'))},
        "2024/2024-03-01-x.yaml", 8, "sources[0].publisher", "U+2028 (LINE SEPARATOR)",
    ),
    "url-with-user-information": (
        {"2024/2024-03-01-x.yaml": event(GOOD_HEAD, SOURCE.replace("https://example.org/a", "'https://javascript:alert(1)@example.org/'"))},
        "2024/2024-03-01-x.yaml", 6, "sources[0].url", "user information",
    ),
    "unknown-entity-type": (
        {"entities.yaml": ENTITIES + "openai:\n  name: OpenAI\n  type: compnay\n  description: A US company.\n"},
        "entities.yaml", ENTITIES.count("\n") + 3, "openai.type", "Input should be",  # type:
    ),
    "empty-file": (
        {"2024/2024-03-01-x.yaml": ""},
        "2024/2024-03-01-x.yaml", 1, "", "the file is empty",
    ),
    "list-at-top": (
        {"2024/2024-03-01-x.yaml": "- title: x\n"},
        "2024/2024-03-01-x.yaml", 1, "", "holds a mapping of fields, not list",
    ),
}


def _check(root: Path, today=TODAY):
    return check_folder(root, today=today)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_failure_kind_is_located(records, name):
    changes, rel, line, field, fragment = CASES[name]
    root = records(changes)
    catalog, problems = _check(root)
    assert catalog is None
    path = str(root / rel)
    matching = [p for p in problems if fragment in p.message and p.field == field]
    assert matching, "\n".join(map(str, problems))
    p = matching[0]
    assert (p.path, p.line) == (path, line), str(p)
    assert p.column >= 1


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_command_exits_1_with_location(records, name):
    changes, rel, line, field, fragment = CASES[name]
    root = records(changes)
    result = CliRunner().invoke(main, ["check", str(root), "--today", TODAY.isoformat()])
    assert result.exit_code == 1, result.output
    assert f"{root / rel}:{line}:" in result.output
    assert (f": {field}: " if field else ": (file): ") in result.output
    assert "Traceback" not in result.output


def test_all_problems_of_a_run_are_listed_together(records):
    changes: dict = {}
    for name in ("duplicate-key", "impossible-date", "unknown-thread", "javascript-url"):
        case_changes = CASES[name][0]
        for rel, text in case_changes.items():
            changes[rel.replace("-x.yaml", f"-{name}.yaml")] = text
    root = records(changes)
    _, problems = _check(root)
    files = {Path(p.path).name for p in problems}
    assert files == {f"2024-03-01-{n}.yaml" for n in
                     ("duplicate-key", "impossible-date", "unknown-thread", "javascript-url")}


def test_warnings_for_dates_against_today(records):
    future = event(GOOD_HEAD.replace("2024-03-01", "2027-01-05"))
    past = event(GOOD_HEAD.replace("kind: statement", "kind: application-date\nstatus: scheduled\n"
                                   "last_verified: 2024-01-01"))
    root = records({"2027/2027-01-05-x.yaml": future, "2024/2024-03-01-x.yaml": past})
    catalog, problems = _check(root)
    assert catalog is not None
    found = {(Path(p.path).name, p.field, p.severity) for p in problems}
    assert ("2027-01-05-x.yaml", "status", "warning") in found
    # a deadline whose date has passed is a state the site shows (overdue), not a problem
    assert not any(name == "2024-03-01-x.yaml" for name, _, _ in found)
    assert catalog.state(catalog.by_id["2024-03-01-x"]) == "overdue"
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(root), "--today", TODAY.isoformat()]).exit_code == 0
    strict = runner.invoke(main, ["check", str(root), "--strict", "--today", TODAY.isoformat()])
    assert strict.exit_code == 1
    assert f"is after today ({TODAY.isoformat()})" in strict.output
    assert "has passed" not in strict.output
    # once the happened event's date comes, strict checking is clean: time only clears
    later = runner.invoke(main, ["check", str(root), "--strict", "--today", "2027-01-05"])
    assert later.exit_code == 0, later.output


def test_deadline_without_last_verified_warns(records):
    text = event(GOOD_HEAD.replace("2024-03-01", "2027-03-01").replace(
        "kind: statement", "kind: application-date\nstatus: scheduled"))
    root = records({"2027/2027-03-01-x.yaml": text})
    _, problems = _check(root)
    assert [p.message for p in problems] == ["a deadline needs last_verified"]


@pytest.mark.parametrize(("name", "hint"), [
    ("zero-width-space-in-title", "delete it"),
    ("line-separator-in-publisher", "write it on one line"),
    ("url-with-user-information", "without anything before an `@`"),
])
def test_refused_text_and_urls_come_with_a_hint(records, name, hint):
    changes, _, _, field, _ = CASES[name]
    _, problems = _check(records(changes))
    assert [p.field for p in problems] == [field]
    assert hint in problems[0].hint


def test_hint_suggests_the_closest_key(records):
    root = records({"2024/2024-03-01-x.yaml": event(GOOD_HEAD + "particpants: []\n")})
    _, problems = _check(root)
    assert problems[0].hint == "did you mean 'participants'?"


def test_script_in_a_title_is_accepted_as_text(records):
    """Titles are plain text: `<script>` is kept as characters and escaped on every page."""
    root = records({"2024/2024-03-01-x.yaml": event(GOOD_HEAD.replace(
        "Something happened", "'<script>alert(1)</script>'"))})
    catalog, problems = _check(root)
    assert problems == []
    assert catalog.by_id["2024-03-01-x"].title == "<script>alert(1)</script>"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                                 "JaVaScRiPt:alert(1)", "//evil.example/x"])
def test_dangerous_source_urls_are_rejected(records, url):
    root = records({"2024/2024-03-01-x.yaml": event(GOOD_HEAD, SOURCE.replace("https://example.org/a", f"'{url}'"))})
    _, problems = _check(root)
    assert [p.field for p in problems] == ["sources[0].url"]


def test_markdown_link_to_javascript_is_rejected(records):
    root = records({"2024/2024-03-01-x.yaml": event(GOOD_HEAD.replace(
        "It happened [1].", "'It [happened](javascript:alert(1)) [1].'"))})
    _, problems = _check(root)
    assert [(p.field, "links may only be http(s)" in p.message) for p in problems] == [("summary", True)]


def test_alias_is_refused_without_expanding(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))
    file = tmp_path / "2024-01-01-bomb.yaml"
    file.write_text(bomb)
    doc, problems = read_document(file, "bomb.yaml")
    assert problems and all("aliases" in p.message for p in problems)
    assert len(problems) < 100


def test_byte_order_mark_and_crlf_are_accepted(records):
    text = event(GOOD_HEAD).replace("\n", "\r\n").encode("utf-8")
    root = records({"2024/2024-03-01-x.yaml": b"\xef\xbb\xbf" + text})
    catalog, problems = _check(root)
    assert problems == [] and "2024-03-01-x" in catalog.by_id


def test_non_utf8_is_located(records):
    root = records({"2024/2024-03-01-x.yaml": b"title: caf\xe9\n"})
    _, problems = _check(root)
    assert [(p.line, p.column, p.message) for p in problems] == [(1, 11, "the file is not valid UTF-8")]


def test_yml_extension_is_reported(records):
    root = records({"2024/2024-03-01-x.yml": event(GOOD_HEAD)})
    _, problems = _check(root)
    assert problems[0].hint == "rename it to 2024-03-01-x.yaml"


def test_hidden_and_underscore_files_are_ignored(records):
    root = records({".drafts/2024-03-01-x.yaml": "not: [valid", "_notes.yaml": "x: ["})
    assert _check(root)[1] == []


def test_format_loc():
    assert format_loc(("participants", 0, "entity")) == "participants[0].entity"
    assert format_loc(()) == ""


def test_allowed_keys_follow_nested_models():
    assert "lead_investors" in allowed_keys(Event, ("money",))
    assert "role" in allowed_keys(Event, ("participants", 0))
    assert "for" in allowed_keys(Event, ("votes", 0))


def test_document_where_falls_back_to_the_enclosing_node():
    doc = Document("x.yaml", {}, {(): (1, 1), ("sources",): (5, 1), ("sources", 0): (6, 3)})
    assert doc.where(("sources", 0, "title")) == (6, 3)
    assert doc.where(("nope",)) == (1, 1)


# ---------------------------------------------------------------------------------------
# Folders and files that cannot be read (tests run as root, where chmod 000 does not stop
# reading: the failure is simulated where the loader meets it)


def _deny(monkeypatch, denied: Path, name: str) -> list[str]:
    """Make `name` ("scandir" or "read_bytes") fail with EACCES for `denied`; log the calls."""
    import errno
    import os

    calls: list[str] = []
    if name == "scandir":
        real = os.scandir

        def scandir(path="."):
            calls.append(os.fspath(path))
            if Path(path) == denied:
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        real_read = Path.read_bytes

        def read_bytes(self):
            calls.append(str(self))
            if self == denied:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real_read(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return calls


def test_an_unreadable_sub_folder_is_a_located_error(records, monkeypatch):
    # a year no other record lives in (or refers to): its folder's problem is the only one
    root = records({"2022/2022-05-01-hidden.yaml": event(GOOD_HEAD.replace("2024-03-01", "2022-05-01"))})
    assert len(list((root / "2022").iterdir())) == 1
    calls = _deny(monkeypatch, root / "2022", "scandir")
    catalog, problems = _check(root)
    assert str(root / "2022") in calls  # the walk really met the folder
    assert [(p.path, p.line, p.severity) for p in problems] == [(str(root / "2022"), 1, "error")]
    assert "cannot read this folder: Permission denied" in problems[0].message
    assert "check its permissions" in problems[0].hint
    # and the command line refuses to go on without those records
    result = CliRunner().invoke(main, ["check", str(root), "--strict", "--today", TODAY.isoformat()])
    assert result.exit_code == 1 and "2022" in result.output and "check its permissions" in result.output


def test_an_unreadable_file_is_a_located_error(records, monkeypatch):
    root = records()
    denied = root / EVENT
    calls = _deny(monkeypatch, denied, "read_bytes")
    _, problems = _check(root)
    assert str(denied) in calls
    assert [(p.path, p.line) for p in problems if p.path == str(denied)] == [(str(denied), 1)]
    problem = next(p for p in problems if p.path == str(denied))
    assert problem.message == "cannot read the file: Permission denied"
    assert problem.hint == "check its permissions" and problem.severity == "error"
