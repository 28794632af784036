"""Output folders: written whole or not at all, never over someone else's files.

`render --out`, `export --out` and `build --site-dir` replace a folder as a whole. So that
this never costs a user a file:

- A folder is replaced only when it is new, empty, or was written by one of these
  commands before and holds nothing else. Each write leaves a manifest (MANIFEST, one
  path a line) in the folder; a file the manifest does not list is someone else's, and
  the write is refused, naming it. (A site that MkDocs built, recognised by MkDocs' own
  `sitemap.xml` and `search/search_index.json`, is accepted once without a manifest:
  MkDocs wipes such a folder on every build anyway.)
- The new content is written into a staging folder beside the target (`.NAME.build.*`)
  and swapped in by two renames; a leftover of a killed write is recovered or removed
  by the next one: a `.NAME.old.*` with no NAME is the last good output and is put back.
- A lock file beside the folder (`.NAME.lock`, flock) lets one writer at a time in; a
  second one is told who holds it instead of failing half-way.
- Folders get 0o777 and files 0o666 minus the umask, like any file a user writes, so a
  web server running as another user can read the site.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .errors import GeneratorError

MANIFEST = ".policy-timeline-output"
MANIFEST_HEADER = ("# Files written here by policy-timeline (render, export or build); it may"
                   " replace this folder as a whole.\n")
SHOWN = 5  # foreign files named in a refusal


class OutputRefused(GeneratorError):
    """The output folder holds something that a write would destroy."""


# ---------------------------------------------------------------------------------------
# Whose files are these?


def _manifest(folder: Path) -> set[str] | None:
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def _contents(folder: Path) -> list[str]:
    """Every file (and empty folder) under `folder`, relative, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=_raise):
        rel = Path(dirpath).relative_to(folder)
        if not dirnames and not filenames and rel != Path("."):
            out.append(rel.as_posix() + "/")
        out += [(rel / f).as_posix() for f in filenames]
        # a symlink to a folder is listed as an entry, not followed
        for d in list(dirnames):
            if (Path(dirpath) / d).is_symlink():
                dirnames.remove(d)
                out.append((rel / d).as_posix())
    return sorted(out)


def _raise(exc: OSError) -> None:
    raise exc


def _mkdocs_site(folder: Path) -> bool:
    return (folder / "sitemap.xml").is_file() and (folder / "search" / "search_index.json").is_file()


def foreign_files(folder: Path, *, mkdocs_site_ok: bool = False,
                  derived: tuple[str, ...] = ()) -> list[str]:
    """Files in `folder` that no earlier write of ours put there (empty when none).

    `derived`: folders (`site/`) that a build of what we wrote there makes inside it
    (`render --out`'s folder built by Zensical): not foreign in a folder we wrote.
    """
    if not folder.exists():
        return []
    if not folder.is_dir() or folder.is_symlink():
        return [folder.name]
    files = [f for f in _contents(folder) if f != MANIFEST]
    listed = _manifest(folder)
    if listed is None:
        return [] if mkdocs_site_ok and _mkdocs_site(folder) else files
    return [f for f in files if f not in listed and not (f.endswith("/") and _any_under(f, listed))
            and not f.startswith(derived)]


def _any_under(folder: str, listed: set[str]) -> bool:
    return any(p.startswith(folder) for p in listed)


def refuse_project(target: Path, *keep: Path) -> None:
    """Raise OutputRefused if `target` holds one of `keep` (records, configuration, docs).

    `--site-dir .` or `--out docs` would otherwise swap the project itself away.
    """
    resolved = target.resolve()
    for path in keep:
        path = path.resolve()
        if path == resolved or path.is_relative_to(resolved):
            raise OutputRefused(f"refusing to replace {resolved}: it holds {path};"
                                " choose an output folder of its own")


def refuse_foreign(target: Path, *, mkdocs_site_ok: bool = False,
                   derived: tuple[str, ...] = ()) -> None:
    """Raise OutputRefused if `target` holds any file that this tool did not write there."""
    foreign = foreign_files(target.resolve(), mkdocs_site_ok=mkdocs_site_ok, derived=derived)
    if foreign:
        named = ", ".join(foreign[:SHOWN]) + (f" and {len(foreign) - SHOWN} more"
                                               if len(foreign) > SHOWN else "")
        raise OutputRefused(
            f"refusing to replace {target}: it holds files this command did not write ({named})"
            " and would be replaced as a whole. Choose a new or empty folder, or one this"
            " command wrote before (move those files away first)")


def refuse_to_replace(target: Path, *keep: Path, mkdocs_site_ok: bool = False,
                      derived: tuple[str, ...] = ()) -> None:
    """Raise OutputRefused unless `target` may be replaced as a whole."""
    refuse_project(target, *keep)
    refuse_foreign(target, mkdocs_site_ok=mkdocs_site_ok, derived=derived)


# ---------------------------------------------------------------------------------------
# Modes


def umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_dir(parent: Path, prefix: str) -> Path:
    """A new uniquely named folder with the normal mode (mkdtemp alone gives 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(path, 0o777 & ~umask())
    return path


# ---------------------------------------------------------------------------------------
# Locking and leftovers


def _side(target: Path, kind: str) -> str:
    return f".{target.name}.{kind}."


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the lock beside `target` for the whole write; refuse if another holds it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(target)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise OutputRefused(f"another build is writing {target.name}/ (pid {holder}):"
                                " wait for it to finish, then run again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            recover(target)
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the lock; the file stays (removing it would race)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(path: Path, kind: str, target: Path) -> int | None:
    """The pid written in a staging folder's name (`.NAME.build.PID.xxxx`), if any."""
    rest = path.name[len(_side(target, kind)):]
    head = rest.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def recover(target: Path) -> list[str]:
    """Clean up after a killed write of `target` (call with the lock held).

    A `.NAME.old.*` folder with no NAME is the previous output, moved aside just before a
    kill: it is put back. Other old and staging folders are removed, unless the process
    named in a staging folder's name still runs (a writer from before locking existed).
    Returns what was done, for tests and messages.
    """
    done = []
    parent = target.parent
    if not parent.is_dir():
        return done
    olds = sorted(parent.glob(_side(target, "old") + "*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists() and not target.is_symlink():
        olds[-1].rename(target)
        done.append(f"restored {target.name} from {olds[-1].name}")
        olds = olds[:-1]
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
        done.append(f"removed {old.name}")
    for staging in sorted(parent.glob(_side(target, "build") + "*")):
        pid = _owner(staging, "build", target)
        if pid is not None and pid != os.getpid() and _pid_alive(pid):
            continue
        shutil.rmtree(staging, ignore_errors=True)
        done.append(f"removed {staging.name}")
    return done


def staging_dir(target: Path) -> Path:
    """A new folder beside `target` to write into; its name carries this process's pid."""
    return make_dir(target.parent, f"{_side(target, 'build')}{os.getpid()}.")


# ---------------------------------------------------------------------------------------
# Writing


def write_manifest(folder: Path) -> None:
    """List every file now in `folder` in its manifest (deterministic: sorted paths)."""
    files = [f for f in _contents(folder) if f != MANIFEST]
    (folder / MANIFEST).write_text(MANIFEST_HEADER + "".join(f + "\n" for f in files),
                                   encoding="utf-8")


def swap(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames, so a reader never sees half of either.

    A kill between the renames leaves `.NAME.old.*` and no NAME: `recover` puts it back.
    """
    old = None
    if target.exists() or target.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=_side(target, "old"), dir=target.parent))
        old.rmdir()
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def publish(staging: Path, target: Path) -> None:
    """Write the manifest into a finished staging folder and swap it in as `target`."""
    write_manifest(staging)
    swap(staging, target)


def write_tree(files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], out: Path,
               keep: tuple[Path, ...] = (), derived: tuple[str, ...] = ()) -> int:
    """Write {relative path: content} as the folder `out`, atomically: all files or none.

    `files` may also be (path, content) pairs made one by one (`exports.iter_export_files`):
    each is written as it comes, so they are never all held at once. Returns how many
    files were written. Refused (OutputRefused) when `out` holds the project (`keep`) or
    files we did not write (but for the `derived` folders of a folder we wrote: see
    `foreign_files`).
    """
    out = out.resolve()
    refuse_to_replace(out, *keep, derived=derived)
    with locked(out):
        refuse_to_replace(out, *keep, derived=derived)  # again: a leftover may just have been restored
        staging = staging_dir(out)
        try:
            items = sorted(files.items()) if isinstance(files, Mapping) else files
            count = 0
            for rel, content in items:
                count += 1
                path = (staging / rel).resolve()
                if not path.is_relative_to(staging.resolve()) or rel == MANIFEST:
                    raise GeneratorError(f"refusing to write outside the output folder: {rel}")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            publish(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return count
