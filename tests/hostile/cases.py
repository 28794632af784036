"""The hostile-input corpus: broken, tricky and malicious record sets, and what must happen.

Every case is a small set of files written into its own folder `events/<case>/` beside a
valid baseline (`BASELINE`: the shared fixture records, tests/fixtures/valid/events).
Each case either

* `expect`s located problems: (file inside the case folder, line, field, message
  fragment) — every one must appear in the output of `policy-timeline check`, which must
  exit 1; or
* is `accepted`, with the reason written down: `check` must exit 0 and report nothing
  about the case's files.

No case may end in a traceback, a hang, a huge message or a line a CI runner would obey.
A `heavy` case is also run in a child process whose address space is capped (see
test_hostile.py), so a parser that expands or buffers without limit fails the test
instead of the machine.

Event files are written from `TEMPLATE`, whose line numbers are fixed (see `LINE`), so an
expectation's line can be read off the template: `event(title=...)` changes line 1,
`extra` lines start at line 15.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from ..conftest import TODAY as _TODAY, VALID

TODAY = _TODAY.isoformat()
"""The tests' one pinned today (tests/conftest.py), as `check --today` takes it."""

# ---------------------------------------------------------------------------------------
# The valid baseline every case is added to: the shared fixture records


BASELINE: dict[str, str] = {
    path.relative_to(VALID).as_posix(): path.read_text(encoding="utf-8")
    for path in sorted(VALID.rglob("*.yaml"))
}

TEMPLATE = """\
title: {title}
date: {date}
kind: {kind}
threads: [{thread}]
participants:
  - entity: {entity}
    role: {role}
summary: {summary}
sources:
  - url: {url}
    title: {source_title}
    publisher: {publisher}
    kind: press
    language: {language}
{extra}"""

# Line of each template field (1-based); `extra` starts on line 15.
LINE = {
    "title": 1, "date": 2, "kind": 3, "threads": 4, "participants": 5, "entity": 6,
    "role": 7, "summary": 8, "sources": 9, "url": 10, "source_title": 11, "publisher": 12,
    "language": 14, "extra": 15,
}

DEFAULTS = {
    "title": "A test event",
    "date": "2024-03-01",
    "kind": "statement",
    "thread": "azure-deal",
    "entity": "mistral-ai",
    "role": "speaker",
    "summary": "Something was said [1].",
    "url": "https://example.org/news/statement",
    "source_title": "A statement",
    "publisher": "Example News",
    "language": "en",
    "extra": "",
}


def event(**fields: str) -> str:
    """A valid event file (by default) with some template fields replaced."""
    unknown = set(fields) - set(DEFAULTS)
    assert not unknown, f"no template field {unknown}"
    return TEMPLATE.format(**{**DEFAULTS, **fields})


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON strings are), escapes and all."""
    return json.dumps(text)


def ev(name: str, date: str = "2024-03-01") -> str:
    """The file name of the case's event: `2024/<date>-<name>.yaml`."""
    return f"{date[:4]}/{date}-{name}.yaml"


# ---------------------------------------------------------------------------------------
# Cases


@dataclass(frozen=True)
class Expect:
    """A problem that must be reported: `file` is relative to the case folder.

    `field` is matched exactly, or as a prefix when it ends in `*`; `fragment` must be
    in the message or its hint (case-insensitive).
    """

    file: str
    line: int
    field: str
    fragment: str


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    expect: tuple[Expect, ...] = ()
    accepted: str = ""
    """Why this input is fine (documented acceptance): check must pass."""
    setup: Callable[[Path], None] | None = None
    """Makes what files cannot: folders, symbolic links. Gets the case folder."""
    heavy: bool = False
    """Also run with a capped address space (memory bound)."""
    forbid: tuple[str, ...] = ()
    """Text that must not appear in the output (e.g. a secret the case points at)."""

    def __post_init__(self) -> None:
        assert bool(self.expect) != bool(self.accepted), self.name


CASES: list[Case] = []


def case(name: str, category: str, files: Mapping[str, str | bytes] | None = None,
         *expect: Expect, **kw) -> None:
    assert all(c.name != name for c in CASES), f"duplicate case {name}"
    CASES.append(Case(name, category, dict(files or {}), tuple(expect), **kw))


def bad_event(name: str, category: str, line: int, field_: str, fragment: str,
              *, heavy: bool = False, **fields: str) -> None:
    """A case made of one event file that differs from the template in `fields`."""
    case(name, category, {ev(name): event(**fields)}, Expect(ev(name), line, field_, fragment),
         heavy=heavy)


# --- YAML syntax and structure ---------------------------------------------------------

bad_event("yaml-unclosed-flow", "yaml", 2, "", "YAML syntax error", title="[unclosed")
case("yaml-tab-indent", "yaml",
     {ev("yaml-tab-indent"): event().replace("  - entity:", "\t- entity:")},
     Expect(ev("yaml-tab-indent"), 6, "", "tabs"))
case("yaml-duplicate-key", "yaml",
     {ev("yaml-duplicate-key"): event(extra="title: Again\n")},
     Expect(ev("yaml-duplicate-key"), 15, "title", "duplicate key 'title' (first given on line 1)"))
case("yaml-alias", "yaml",
     {ev("yaml-alias"): event(title="&t A test event", summary="*t")},
     Expect(ev("yaml-alias"), 8, "summary", "anchors and aliases"))
_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")
)
case("yaml-alias-bomb", "yaml",
     {ev("yaml-alias-bomb"): _LAUGHS + event().replace("title: A test event", "title: *i")},
     Expect(ev("yaml-alias-bomb"), 2, "b[0]", "anchors and aliases"),
     Expect(ev("yaml-alias-bomb"), 10, "title", "valid string"),
     heavy=True)
case("yaml-many-aliases", "yaml",
     {ev("yaml-many-aliases"): event(title="&t A test event",
                                     extra="tags: [" + ", ".join(["*t"] * 100_000) + "]\n")},
     Expect(ev("yaml-many-aliases"), 15, "tags*", "too large"), heavy=True)
case("yaml-many-unknown-keys", "yaml",
     {ev("yaml-many-unknown-keys"): event(extra="".join(f"key{i}: {i}\n" for i in range(5_000)))},
     Expect(ev("yaml-many-unknown-keys"), 15, "key0", "unknown key 'key0'"),
     Expect(ev("yaml-many-unknown-keys"), 64, "", "4950 more problems in this file are not listed"),
     heavy=True)
case("yaml-merge-key", "yaml",
     {ev("yaml-merge-key"): event(extra="money:\n  <<: {amount: 5, currency: EUR}\n")},
     Expect(ev("yaml-merge-key"), 16, "money", "merge keys (<<) are not supported"))
case("yaml-complex-key", "yaml",
     {ev("yaml-complex-key"): event(extra="? [a, b]\n: x\n")},
     Expect(ev("yaml-complex-key"), 15, "", "a key must be plain text"))
bad_event("yaml-python-tag", "yaml", 1, "title", "unsupported YAML tag",
          title='!!python/object/apply:os.system ["echo pwned > /tmp/pwned"]')
bad_event("yaml-python-name-tag", "yaml", 1, "title", "unsupported YAML tag",
          title="!!python/name:os.system")
bad_event("yaml-local-tag", "yaml", 3, "kind", "unsupported YAML tag", kind="!Ref statement")
bad_event("yaml-set-tag", "yaml", 15, "money", "unsupported YAML tag",
          extra="money: !!set {amount, currency}\n")
bad_event("yaml-binary-tag", "yaml", 1, "title", "unsupported YAML tag",
          title="!!binary aGVsbG8=")
case("yaml-multiple-documents", "yaml",
     {ev("yaml-multiple-documents"): event() + "---\n" + event()},
     Expect(ev("yaml-multiple-documents"), 15, "", "single document"))
case("yaml-empty-file", "yaml", {ev("yaml-empty-file"): ""},
     Expect(ev("yaml-empty-file"), 1, "", "the file is empty"))
case("yaml-only-comments", "yaml", {ev("yaml-only-comments"): "# nothing yet\n\n# really\n"},
     Expect(ev("yaml-only-comments"), 1, "", "the file is empty"))
case("yaml-top-level-list", "yaml", {ev("yaml-top-level-list"): "- title: A\n- title: B\n"},
     Expect(ev("yaml-top-level-list"), 1, "", "mapping of fields, not list"))
case("yaml-top-level-scalar", "yaml", {ev("yaml-top-level-scalar"): "just a sentence\n"},
     Expect(ev("yaml-top-level-scalar"), 1, "", "mapping of fields, not str"))
case("yaml-registry-list", "yaml", {"threads.yaml": "- other-thread\n"},
     Expect("threads.yaml", 1, "", "a registry file holds a mapping"))
case("yaml-registry-scalar-entry", "yaml", {"entities.yaml": "acme: Acme Corporation\n"},
     Expect("entities.yaml", 1, "acme", "must hold a mapping"))
case("yaml-registry-empty", "yaml", {"entities.yaml": "# to do\n"},
     Expect("entities.yaml", 1, "", "the file is empty"))
_DEEP = 2_000
bad_event("yaml-deep-nesting-flow", "yaml", 1, "", "nesting depth",
          title="[" * _DEEP + "]" * _DEEP, heavy=True)
case("yaml-deep-nesting-block", "yaml",
     {ev("yaml-deep-nesting-block"): event(extra="tags:\n  " + "- " * 1_500 + "x\n")},
     Expect(ev("yaml-deep-nesting-block"), 16, "", "nesting depth"), heavy=True)
bad_event("yaml-nested-within-parser-limit", "yaml", 15, "tags*", "too deeply nested",
          extra="tags: " + "[" * 200 + "]" * 200 + "\n")
bad_event("yaml-huge-list", "yaml", 15, "tags*", "too large",
          extra="tags: [" + ", ".join(["a"] * 40_000) + "]\n", heavy=True)
bad_event("yaml-long-key", "yaml", 15, "k*", "unknown key 'kkkk",
          extra="? " + "k" * 100_000 + "\n: 1\n", heavy=True)

# --- Bytes and encodings ---------------------------------------------------------------

case("bytes-latin-1", "encoding",
     {ev("bytes-latin-1"): event(source_title="Caf\u00e9 de Flore").encode("latin-1")},
     Expect(ev("bytes-latin-1"), 11, "", "not valid UTF-8"))
case("bytes-utf-16", "encoding", {ev("bytes-utf-16"): event().encode("utf-16")},
     Expect(ev("bytes-utf-16"), 1, "", "not valid UTF-8"))
case("bytes-nul", "encoding",
     {ev("bytes-nul"): event(source_title="A\x00statement").encode()},
     Expect(ev("bytes-nul"), 11, "", "control characters are not allowed"))
case("bytes-raw-escape-char", "encoding",
     {ev("bytes-raw-escape-char"): event(title="Red \x1b[31malert").encode()},
     Expect(ev("bytes-raw-escape-char"), 1, "", "control characters are not allowed"))
case("bytes-bom", "encoding", {ev("bytes-bom"): "\ufeff" + event()},
     accepted="a UTF-8 byte-order mark (added by some Windows editors) is harmless: ignored")
case("bytes-crlf", "encoding", {ev("bytes-crlf"): event().replace("\n", "\r\n")},
     accepted="Windows line ends (CRLF) are read like LF; the text gets LF only")
case("bytes-crlf-located", "encoding",
     {ev("bytes-crlf-located"): event(summary="Nothing cited.").replace("\n", "\r\n")},
     Expect(ev("bytes-crlf-located"), 8, "summary", "cites no source"))
case("bytes-bom-crlf-located", "encoding",
     {ev("bytes-bom-crlf-located"): "\ufeff" + event(date="2024-02-30").replace("\n", "\r\n")},
     Expect(ev("bytes-bom-crlf-located"), 2, "date", "has no day 30"))

# --- Files, folders and names ----------------------------------------------------------

case("file-5-mb", "files",
     {ev("file-5-mb"): event() + ("# " + "x" * 98 + "\n") * 50_000},
     Expect(ev("file-5-mb"), 1, "", "may have at most 1,000,000"), heavy=True)
bad_event("file-100k-title", "files", 1, "title", "at most 300 characters (this has 100000)",
          title="A" * 100_000, heavy=True)
bad_event("file-long-summary", "files", 8, "summary", "at most 20000 characters (this has 21999)",
          summary=q("Words [1]. " * 2_000))


def _directory(root: Path) -> None:
    (root / ev("file-is-a-directory")).mkdir(parents=True)


case("file-is-a-directory", "files", {}, Expect(ev("file-is-a-directory"), 1, "", "a folder"),
     setup=_directory)


def _symlink_loop(root: Path) -> None:
    target = root / ev("file-symlink-loop")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target.name, target)


case("file-symlink-loop", "files", {}, Expect(ev("file-symlink-loop"), 1, "", "cannot read"),
     setup=_symlink_loop)


def _symlink_outside(root: Path) -> None:
    secret = root.parent.parent / "secret.txt"  # beside the records folder, not in it
    secret.write_text("SECRET-TOKEN-1234: hunter2\n", encoding="utf-8")
    link = root / ev("file-symlink-outside")
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, link)


case("file-symlink-outside", "files", {},
     Expect(ev("file-symlink-outside"), 1, "", "outside the records folder"),
     setup=_symlink_outside, forbid=("SECRET-TOKEN", "hunter2"))


def _symlink_inside(root: Path) -> None:
    (root / "shared").mkdir(parents=True, exist_ok=True)
    (root / "shared" / "notes.txt").write_text("not a record\n", encoding="utf-8")
    os.symlink("shared", root / "2024", target_is_directory=True)


case("file-symlink-to-folder-inside", "files", {}, setup=_symlink_inside,
     accepted="a symbolic link to a folder is not followed (no loops); other files are ignored")
case("file-yml-extension", "files", {"2024/2024-03-01-file-yml-extension.yml": event()},
     Expect("2024/2024-03-01-file-yml-extension.yml", 1, "", "record files end in .yaml"))
case("file-hidden-folders", "files",
     {".drafts/2024-03-01-draft.yaml": "title: [broken\n",
      "_work-in-progress/2024-03-01-wip.yaml": "not: [valid\n",
      "2024/.2024-03-01-hidden.yaml": "\x00\x01",
      "2024/_2024-03-01-private.yaml": "- a list\n"},
     accepted="files and folders whose names start with . or _ are ignored (drafts,"
              " editor files, .git): documented in the README")
case("file-other-extensions", "files",
     {"README.md": "# Notes\n", "2024/notes.txt": "\x00binary\xff", "2024/image.png": "\x89PNG"},
     accepted="only *.yaml files are records (and *.yml is reported); other files are ignored")
_NEWLINE_NAME = "2024/2024-03-01-a\n::error title=pwned::owned.yaml"
case("file-name-with-newline", "files", {_NEWLINE_NAME: event()},
     Expect("2024/2024-03-01-a\\n::error title=pwned::owned.yaml", 1, "id", "not a valid event id"),
     forbid=("\n::error",))
case("file-name-with-newline-yml", "files", {"2024-03-01-b\n::warning::x.yml": event()},
     Expect("2024-03-01-b\\n::warning::x.yml", 1, "", "rename it to 2024-03-01-b\\n::warning::x.yaml"),
     forbid=("\n::warning",))
case("file-name-with-escape", "files", {"2024/2024-03-01-\x1b[2Jclear.yaml": event()},
     Expect("2024/2024-03-01-\\x1b[2Jclear.yaml", 1, "id", "not a valid event id"),
     forbid=("\x1b",))

# --- Ids: file names, registry keys and references -------------------------------------

for _name, _file in [
    ("id-dotdot-in-file-name", "2024-03-01-a..b"),
    ("id-upper-case-file-name", "2024-03-01-Upper-Case"),
    ("id-space-in-file-name", "2024-03-01-with space"),
    ("id-cyrillic-a-in-file-name", "2024-03-01-mistr\u0430l"),
    ("id-fullwidth-digits-in-file-name", "\uff12\uff10\uff12\uff14-03-01-fullwidth"),
    ("id-arabic-indic-digits-in-file-name", "\u0662\u0660\u0662\u0664-03-01-arabic"),
    ("id-no-date-in-file-name", "mistral-large"),
]:
    case(_name, "ids", {f"2024/{_file}.yaml": event()},
         Expect(f"2024/{_file}.yaml", 1, "id", "not a valid event id"))
bad_event("id-field-path-traversal", "ids", 15, "id", "does not match the file name",
          extra="id: ../../../etc/passwd\n")
bad_event("id-fullwidth-digits-in-date", "ids", 2, "date", "is not a date",
          date="\uff12\uff10\uff12\uff14-03-01")
bad_event("id-arabic-indic-digits-in-date", "ids", 2, "date", "is not a date",
          date="\u0662\u0660\u0662\u0664-03-01")
for _name, _ref in [
    ("ref-dotdot-entity", "../../etc/passwd"),
    ("ref-slash-entity", "mistral-ai/secret"),
    ("ref-upper-case-entity", "Mistral-AI"),
    ("ref-space-entity", q("mistral ai")),
    ("ref-cyrillic-a-entity", "mistr\u0430l-ai"),
    ("ref-fullwidth-digit-entity", "model-\uff17b"),
]:
    bad_event(_name, "ids", 6, "participants[0].entity", "not a valid id", entity=_ref)
bad_event("ref-slash-thread", "ids", 4, "threads[0]", "not a valid id", thread="azure/deal")
for _name, _ref in [
    ("ref-dotdot-event", "../2024-02-26-partnership"),
    ("ref-fullwidth-digit-event", "\uff12\uff10\uff12\uff14-02-26-partnership"),
    ("ref-upper-case-event", "2024-02-26-Partnership"),
]:
    bad_event(_name, "ids", 16, "relations[0].event", "not a valid event id",
              extra=f"relations:\n  - {{type: follows, event: {_ref}}}\n")
case("ref-registry-bad-keys", "ids",
     {"entities.yaml": "Acme-Corp:\n  name: Acme\n  type: company\n  description: X.\n"
                       "acme..corp:\n  name: Acme\n  type: company\n  description: X.\n"
                       "\u0430cme:\n  name: Acme\n  type: company\n  description: X.\n"
                       "acme corp:\n  name: Acme\n  type: company\n  description: X.\n"},
     Expect("entities.yaml", 1, "Acme-Corp", "not a valid id"),
     Expect("entities.yaml", 5, "acme..corp", "not a valid id"),
     Expect("entities.yaml", 9, "\u0430cme", "not a valid id"),
     Expect("entities.yaml", 13, "acme corp", "not a valid id"))

# --- Dates -----------------------------------------------------------------------------

bad_event("date-30-february", "dates", 2, "date", "February 2024 has no day 30", date="2024-02-30")
bad_event("date-29-february-2023", "dates", 2, "date", "has no day 29", date="2023-02-29")
bad_event("date-year-zero", "dates", 2, "date", "year 0 is out of range", date="0000-01-01")
bad_event("date-month-13", "dates", 2, "date", "month 13 does not exist", date="2024-13")
bad_event("date-with-time", "dates", 2, "date", "is not a date", date="2024-02-26T10:30:00Z")
bad_event("date-with-space-time", "dates", 2, "date", "is not a date", date="2024-02-26 10:30")
bad_event("date-float", "dates", 2, "date", "expected a date", date="2024.5")
bad_event("date-number-too-long", "dates", 2, "date", "is not a date", date="20240226")
bad_event("date-end-before-start", "dates", 15, "end", "is before date", extra="end: 2024-02-01\n")
bad_event("date-published-impossible", "dates", 15, "sources[0].published", "has no day 31",
          extra="    published: 2024-04-31\n")

# --- References between records ---------------------------------------------------------

bad_event("ref-unknown-entity", "references", 6, "participants[0].entity",
          "unknown entity 'nobody-at-all'", entity="nobody-at-all")
bad_event("ref-unknown-thread", "references", 4, "threads[0]", "unknown thread 'no-such-thread'",
          thread="no-such-thread")
bad_event("ref-unknown-event", "references", 16, "relations[0].event", "unknown event",
          extra="relations:\n  - {type: follows, event: 2024-01-01-nothing}\n")
bad_event("ref-self", "references", 16, "relations[0].event", "cannot refer to itself",
          extra="relations:\n  - {type: follows, event: 2024-03-01-ref-self}\n")
case("ref-cycle", "references",
     {ev("ref-cycle-a"): event(extra="relations:\n  - {type: follows, event: 2024-03-01-ref-cycle-b}\n"),
      ev("ref-cycle-b"): event(extra="relations:\n  - {type: follows, event: 2024-03-01-ref-cycle-a}\n")},
     Expect(ev("ref-cycle-a"), 16, "relations[0].event", "relations form a cycle"))
case("ref-part-of-self", "references",
     {"entities.yaml": "ouroboros:\n  name: Ouroboros\n  type: company\n  description: X.\n"
                       "  part_of: ouroboros\n"},
     Expect("entities.yaml", 5, "ouroboros.part_of", "cannot be part of itself"))
case("ref-part-of-cycle", "references",
     {"entities.yaml": "cycle-a:\n  name: A\n  type: company\n  description: X.\n  part_of: cycle-b\n"
                       "cycle-b:\n  name: B\n  type: company\n  description: X.\n  part_of: cycle-a\n"},
     Expect("entities.yaml", 5, "cycle-a.part_of", "part_of forms a cycle: cycle-a -> cycle-b -> cycle-a"))
bad_event("ref-uncited-source", "references", 8, "summary", "citation [7] has no source",
          summary="Something [1] and more [7].")

# --- Links: every link field, every dangerous scheme -------------------------------------

DANGEROUS_URLS = {
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JaVaScRiPt:alert(1)",
    "javascript-leading-space": " javascript:alert(1)",
    "javascript-leading-control": "\x01javascript:alert(1)",
    "javascript-tab-inside": "java\tscript:alert(1)",
    "vbscript": "vbscript:msgbox(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file": "file:///etc/passwd",
    "protocol-relative": "//evil.example/x",
    # user information: reads as one host, goes to another
    "userinfo": "https://example.org@evil.example/",
}
# In a URL field (not in Markdown, where the parenthesis ends the link target).
URL_ONLY = {"userinfo-javascript": "https://javascript:alert(1)@example.org/"}
# In Markdown a browser also decodes entities and reads a backslash as a slash.
# Markdown keeps a newline inside a link target, which a browser then drops.
MARKDOWN_ONLY = {
    "javascript-entity": "&#106;avascript:alert(1)",
    "javascript-named-entity": "javascript&colon;alert(1)",
    "javascript-newline-inside": "java\nscript:alert(1)",
    "backslash-host": "\\\\evil.example/x",
}


def _md_fragment(payload: str) -> str:
    return "control" if "\x01" in payload else "is not allowed"


def _url_cases() -> None:
    url_fields: dict[str, Callable[[str, str], tuple[dict[str, str], Expect]]] = {
        "source-url": lambda n, u: (
            {ev(n): event(url=q(u))}, Expect(ev(n), 10, "sources[0].url", "")),
        "archive-url": lambda n, u: (
            {ev(n): event(extra=f"    archive_url: {q(u)}\n")},
            Expect(ev(n), 15, "sources[0].archive_url", "")),
        "entity-url": lambda n, u: (
            {"entities.yaml": f"acme:\n  name: Acme\n  type: company\n  description: X.\n"
                              f"  url: {q(u)}\n"},
            Expect("entities.yaml", 5, "acme.url", "")),
        "legal-eli": lambda n, u: (
            {ev(n): event(extra=f"legal:\n  eli: {q(u)}\n")}, Expect(ev(n), 16, "legal.eli", "")),
        "entity-legal-eli": lambda n, u: (
            {"entities.yaml": f"acme-act:\n  name: Acme Act\n  type: law\n  description: X.\n"
                              f"  legal:\n    eli: {q(u)}\n"},
            Expect("entities.yaml", 6, "acme-act.legal.eli", "")),
    }
    markdown_fields: dict[str, Callable[[str, str], tuple[dict[str, str], Expect]]] = {
        "summary-link": lambda n, u: (
            {ev(n): event(summary=q(f"Said [here]({u}) [1]."))},
            Expect(ev(n), 8, "summary", _md_fragment(u))),
        "summary-image": lambda n, u: (
            {ev(n): event(summary=q(f"Said ![pic]({u}) [1]."))},
            Expect(ev(n), 8, "summary", _md_fragment(u))),
        "summary-angle-link": lambda n, u: (
            {ev(n): event(summary=q(f"Said [here](<{u}>) [1]."))},
            Expect(ev(n), 8, "summary", _md_fragment(u))),
        "summary-reference-link": lambda n, u: (
            {ev(n): event(summary=q(f"Said [here][ref] [1].\n\n[ref]: {u}"))},
            Expect(ev(n), 8, "summary", _md_fragment(u))),
        "thread-introduction": lambda n, u: (
            {"threads.yaml": f"other-thread:\n  title: Other\n  introduction: {q(f'See [this]({u}).')}\n"},
            Expect("threads.yaml", 3, "other-thread.introduction", _md_fragment(u))),
    }
    for fname, make in url_fields.items():
        for pname, payload in {**DANGEROUS_URLS, **URL_ONLY}.items():
            name = f"link-{fname}-{pname}"
            files, expect = make(name, payload)
            case(name, "links", files, expect)
    for fname, make in markdown_fields.items():
        for pname, payload in {**DANGEROUS_URLS, **MARKDOWN_ONLY}.items():
            if fname == "summary-reference-link" and "\n" in payload:
                continue  # a reference definition ends at the line end: a link to "java"
            name = f"link-{fname}-{pname}"
            files, expect = make(name, payload)
            case(name, "links", files, expect)
    for pname, payload in DANGEROUS_URLS.items():
        if pname == "protocol-relative" or not payload.strip().isprintable():
            continue  # an autolink needs a scheme and no spaces
        name = f"link-summary-autolink-{pname}"
        case(name, "links", {ev(name): event(summary=q(f"Said <{payload.strip()}> [1]."))},
             Expect(ev(name), 8, "summary", ""))


_url_cases()
for _name, _url, _fragment in [
    ("link-source-url-port-out-of-range", "https://example.org:99999/a", "port out of range"),
    ("link-source-url-port-not-a-number", "https://example.org:abc/a", "port could not be cast"),
    ("link-source-url-broken-ipv6", "https://[::1/a", "invalid ipv6"),
    ("link-source-url-no-host", "https:///a", "no host"),
    ("link-source-url-quote", 'https://example.org/"onmouseover="alert(1)', "percent-encoded"),
]:
    bad_event(_name, "links", 10, "sources[0].url", _fragment, url=q(_url))

# --- Values of the wrong type or out of range --------------------------------------------

bad_event("type-number-as-title", "types", 1, "title", "YAML read '2024' as a number", title="2024")
bad_event("type-boolean-language", "types", 14, "sources[0].language",
          "YAML read 'no' as a boolean", language="no")
bad_event("type-boolean-status", "types", 15, "status", "Input should be", extra="status: yes\n")
bad_event("type-null-title", "types", 1, "title", "YAML read '' as empty", title="")
bad_event("type-list-as-title", "types", 1, "title", "valid string", title="[a, b]")
case("type-sources-not-a-list", "types",
     {ev("type-sources-not-a-list"): event().split("sources:")[0] + "sources: https://example.org/a\n"},
     Expect(ev("type-sources-not-a-list"), 9, "sources", "valid list"))
for _name, _amount, _fragment in [
    ("money-nan", ".nan", "amount"),
    ("money-infinity", ".inf", "amount"),
    ("money-negative", "-5", "greater than 0"),
    ("money-zero", "0", "greater than 0"),
    ("money-text", "five million", "amount"),
]:
    bad_event(_name, "types", 15, "money.amount", _fragment,
              extra=f"money: {{amount: {_amount}, currency: EUR}}\n")
bad_event("money-bad-currency", "types", 15, "money.currency", "should match pattern",
          extra="money: {amount: 5, currency: euro}\n")
bad_event("votes-negative", "types", 16, "votes[0].for", "greater than or equal to 0",
          extra="votes:\n  - {body: Parliament, for: -3, against: 2}\n")
bad_event("votes-boolean", "types", 16, "votes[0].against", "YAML read 'yes' as a boolean",
          extra="votes:\n  - {body: Parliament, for: 3, against: yes}\n")
bad_event("votes-float", "types", 16, "votes[0].for", "valid integer",
          extra="votes:\n  - {body: Parliament, for: 2.5, against: 2}\n")
case("type-thread-order-infinity", "types",
     {"threads.yaml": "other-thread:\n  title: Other\n  introduction: X.\n  order: .inf\n"},
     Expect("threads.yaml", 4, "other-thread.order", "valid integer"))
bad_event("key-typo", "types", 15, "sumary", "did you mean 'summary'", extra="sumary: x\n")

# --- Text that would break pages, feeds or terminals -----------------------------------

bad_event("text-escape-sequence", "text", 1, "title", "control", title=q("Red \x1b[31malert"))
bad_event("text-bidi-override", "text", 1, "title", "bidirectional",
          title=q("Invoice \u202egnp.exe"))
bad_event("text-blank-title", "text", 1, "title", "must not be empty", title=q("   "))
# Invisible characters: line separators, zero-width and bidi marks, in one-line fields
# (escaped or raw in the file) and in multi-line ones.
for _name, _char, _fragment in [
    ("line-separator", "\u2028", "U+2028"), ("paragraph-separator", "\u2029", "U+2029"),
    ("next-line", "\x85", "U+0085"), ("zero-width-space", "\u200b", "U+200B"),
    ("right-to-left-mark", "\u200f", "U+200F"), ("left-to-right-isolate", "\u2066", "U+2066"),
    ("byte-order-mark", "\ufeff", "U+FEFF"), ("word-joiner", "\u2060", "U+2060"),
    ("soft-hyphen", "\u00ad", "U+00AD"), ("joiner-in-latin", "\u200d", "U+200D"),
    ("tab", "\t", "U+0009"),
]:
    bad_event(f"text-title-{_name}", "text", 1, "title", _fragment, title=q(f"Mis{_char}tral"))
    bad_event(f"text-publisher-{_name}", "text", 12, "sources[0].publisher", _fragment,
              publisher=q(f"Example{_char} News"))
    if _char not in "\u2028\u2029\x85":  # raw, YAML reads those as line breaks
        bad_event(f"text-role-{_name}-raw", "text", 7, "participants[0].role", _fragment,
                  role=f"speaker{_char}and host")
for _name, _char, _fragment in [
    ("line-separator", "\u2028", "U+2028"), ("zero-width-space", "\u200b", "U+200B"),
    ("right-to-left-mark", "\u200f", "U+200F"), ("next-line", "\x85", "U+0085"),
]:
    bad_event(f"text-summary-{_name}", "text", 8, "summary", _fragment,
              summary=q(f"Something{_char} was said [1]."))
bad_event("text-two-line-title", "text", 1, "title", "must fit on one line",
          title=q("First line\nSecond line"))
bad_event("text-control-in-disagreement-field", "text", 16, "disagreements[0].field", "control",
          extra="disagreements:\n  - field: \"\\e[2J\"\n"
                "    values: [{value: a, cite: [1]}, {value: b, cite: [1]}]\n")
bad_event("text-control-in-legal-article", "text", 16, "legal.articles[0]", "control",
          extra="legal:\n  articles: [\"Art. 5\\u0007\"]\n  celex: 32024R1689\n")
