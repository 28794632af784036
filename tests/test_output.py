"""Output folders (generator/policy_timeline/output.py): no file of the user's is lost, modes
are normal, a killed or concurrent write is recovered or refused cleanly."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from policy_timeline.output import (MANIFEST, OutputRefused, foreign_files, locked, recover,
                              write_tree)

ROOT = Path(__file__).resolve().parent.parent


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(folder: Path) -> list[str]:
    """Staging and swap leftovers next to `folder` (the lock file is meant to stay)."""
    return sorted(p.name for p in folder.parent.iterdir()
                  if p.name.startswith(f".{folder.name}.") and not p.name.endswith(".lock"))


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("about.md", "methodology.md", "performance.md"):
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    before = files(docs)
    with pytest.raises(OutputRefused) as refused:
        write_tree({"calendar/all.ics": "BEGIN:VCALENDAR\r\n"}, docs)
    message = str(refused.value)
    assert "about.md" in message and "methodology.md" in message
    assert "did not write" in message and "new or empty folder" in message
    assert files(docs) == before
    assert beside(docs) == []


def test_a_refusal_names_a_few_files_and_counts_the_rest(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for i in range(8):
        (out / f"f{i}.txt").write_text("x")
    with pytest.raises(OutputRefused, match=r"f0\.txt, f1\.txt, f2\.txt, f3\.txt, f4\.txt and 3 more"):
        write_tree({"a.txt": "a"}, out)


def test_new_empty_and_own_folders_are_written_and_replaced(tmp_path):
    out = tmp_path / "new" / "out"
    write_tree({"a.txt": "one", "sub/b.txt": "two"}, out)
    assert files(out) == {"a.txt": "one", "sub/b.txt": "two",
                          MANIFEST: files(out)[MANIFEST]}
    assert files(out)[MANIFEST].splitlines()[1:] == ["a.txt", "sub/b.txt"]
    # written by us before: replaced as a whole (a file it no longer writes goes)
    write_tree({"c.txt": "three"}, out)
    assert sorted(files(out)) == [MANIFEST, "c.txt"]
    # an empty folder is fine too
    empty = tmp_path / "empty"
    empty.mkdir()
    write_tree({"a.txt": "one"}, empty)
    assert files(empty)["a.txt"] == "one"
    assert beside(out) == [] and beside(empty) == []


def test_a_file_added_to_our_own_output_is_not_lost(tmp_path):
    out = tmp_path / "out"
    write_tree({"a.txt": "one"}, out)
    (out / "notes.md").write_text("mine", encoding="utf-8")
    (out / "drafts").mkdir()
    assert foreign_files(out) == ["drafts/", "notes.md"]
    with pytest.raises(OutputRefused, match="drafts/, notes.md"):
        write_tree({"a.txt": "two"}, out)
    assert files(out)["notes.md"] == "mine" and files(out)["a.txt"] == "one"


def test_what_a_build_made_inside_our_own_output_may_be_replaced(tmp_path):
    # render --out's folder, built by Zensical: site/ and .cache/ are the build's
    out = tmp_path / "out"
    write_tree({"docs/a.md": "one"}, out)
    (out / "site").mkdir()
    (out / "site" / "index.html").write_text("built", encoding="utf-8")
    (out / ".cache").mkdir()
    derived = ("site/", ".cache/")
    assert foreign_files(out) == [".cache/", "site/index.html"]
    assert foreign_files(out, derived=derived) == []
    write_tree({"docs/a.md": "two"}, out, derived=derived)
    assert files(out)["docs/a.md"] == "two" and not (out / "site").exists()
    # only in a folder we wrote: elsewhere a site/ is someone else's
    other = tmp_path / "other"
    (other / "site").mkdir(parents=True)
    (other / "site" / "x.html").write_text("theirs", encoding="utf-8")
    with pytest.raises(OutputRefused, match="site/x.html"):
        write_tree({"a.md": "one"}, other, derived=derived)


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_published_files_and_folders_have_normal_modes(tmp_path, mask):
    old = os.umask(mask)
    try:
        out = tmp_path / "out"
        write_tree({"index.html": "<p>hi</p>", "data/events.json": "[]"}, out)
    finally:
        os.umask(old)
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~mask
        assert mode == expected, (path, oct(mode))


def test_a_second_writer_is_told_who_holds_the_lock(tmp_path):
    out = tmp_path / "site"
    with locked(out):
        with pytest.raises(OutputRefused, match=rf"another build is writing site/ \(pid {os.getpid()}\)"):
            write_tree({"a.txt": "x"}, out)
    assert not out.exists()
    write_tree({"a.txt": "x"}, out)  # released: the next one goes through
    assert files(out)["a.txt"] == "x"


KILL_BETWEEN_RENAMES = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from policy_timeline import output

    rename = Path.rename

    def killed_after_first(self, target):
        done = rename(self, target)
        if ".old." in Path(target).name:
            os.kill(os.getpid(), signal.SIGKILL)
        return done

    Path.rename = killed_after_first
    output.write_tree({"a.txt": "new"}, Path(sys.argv[1]))
""")


def test_a_write_killed_between_the_two_renames_is_recovered(tmp_path):
    out = tmp_path / "site"
    write_tree({"a.txt": "old"}, out)
    done = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES, str(out)], cwd=ROOT,
                          timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert not out.exists()  # the moment the old code left for good
    assert any(".site.old." in name for name in beside(out))
    assert any(".site.build." in name for name in beside(out))
    actions = recover(out)
    assert any(a.startswith("restored site") for a in actions), actions
    assert files(out)["a.txt"] == "old"
    assert beside(out) == []
    # and the next write recovers by itself
    subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES, str(out)], cwd=ROOT, timeout=60)
    assert not out.exists()
    write_tree({"a.txt": "newer"}, out)
    assert files(out)["a.txt"] == "newer" and beside(out) == []


def test_stale_staging_folders_are_removed_unless_their_writer_still_runs(tmp_path):
    out = tmp_path / "site"
    write_tree({"a.txt": "x"}, out)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout.strip()
        (tmp_path / f".site.build.{dead}.abc").mkdir()
        (tmp_path / f".site.build.{dead}.abc" / "page.html").write_text("x" * 1000)
        (tmp_path / f".site.build.{sleeper.pid}.def").mkdir()
        (tmp_path / ".site.old.ghi").mkdir()  # site/ exists: an old copy is just garbage
        recover(out)
        assert beside(out) == [f".site.build.{sleeper.pid}.def"]
    finally:
        sleeper.kill()
        sleeper.wait()
    recover(out)
    assert beside(out) == []
    assert files(out)["a.txt"] == "x"


def test_files_made_one_by_one_are_written_as_they_come_and_counted(tmp_path):
    out = tmp_path / "out"
    given = []

    def made():
        for name in ("b.json", "a/c.csv"):
            # what was given before is already in the staging folder when the next is made
            staging = [p for p in tmp_path.iterdir() if ".build." in p.name]
            assert all((staging[0] / rel).is_file() for rel in given)
            given.append(name)
            yield name, f"{name}\n".encode()

    assert write_tree(made(), out) == 2
    assert files(out) == {"a/c.csv": "a/c.csv\n", "b.json": "b.json\n",
                          MANIFEST: files(out)[MANIFEST]}


def test_files_made_one_by_one_are_all_or_nothing(tmp_path):
    out = tmp_path / "out"
    write_tree({"old.json": "old\n"}, out)

    def failing():
        yield "new.json", b"new\n"
        raise RuntimeError("an exporter failed")

    with pytest.raises(RuntimeError):
        write_tree(failing(), out)
    assert files(out)["old.json"] == "old\n" and "new.json" not in files(out)
    assert beside(out) == []
