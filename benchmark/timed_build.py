"""Run one `mkdocs build` in this process and time the policy-timeline plugin's share.

    python benchmark/timed_build.py OUT.json [--plugin] [--profile PROF] -- <mkdocs build args>

`benchmark/run.py` starts this in a fresh child process for every build (so each build
pays its own imports and its peak memory can be read with `os.wait4`). With `--plugin`
it wraps, before MkDocs loads the plugin:

- every `on_*` hook of `policy_timeline.plugin.TimelinePlugin` (MkDocs calls the wrapped
  methods; the wrappers keep MkDocs' priority attributes);
- the library functions the hooks call, looked up in `policy_timeline.plugin`'s namespace:
  `load_catalog` (YAML + validation), `render_pages`, `edit_urls`, `expand_nav`,
  `asset_files`, `export_files`, `head_tags`.

It writes {hook or function: {wall seconds, CPU seconds, calls}} and the time inside MkDocs' command to
OUT.json, also when the build fails. Without `--plugin` nothing is patched (the plain
baseline must not even import the generator). `--profile` runs the build under cProfile.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import defaultdict

T0 = time.perf_counter()
TIMES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])

HOOKED_FUNCTIONS = ("load_catalog", "render_pages", "edit_urls", "expand_nav", "asset_files",
                    "export_files", "head_tags")


def timed(name: str, fn):
    @functools.wraps(fn)  # keeps mkdocs_priority and the like
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            entry = TIMES[name]
            entry[0] += time.perf_counter() - start
            entry[1] += time.process_time() - cpu
            entry[2] += 1
    return wrapper


def patch_plugin() -> None:
    import policy_timeline.plugin as gp

    for name in dir(gp.TimelinePlugin):
        if name.startswith("on_") and callable(getattr(gp.TimelinePlugin, name)):
            setattr(gp.TimelinePlugin, name, timed(f"hook:{name}", getattr(gp.TimelinePlugin, name)))
    for name in HOOKED_FUNCTIONS:
        if getattr(gp, name, None) is not None:
            setattr(gp, name, timed(f"fn:{name}", getattr(gp, name)))
    if hasattr(gp.TimelinePlugin, "_write_exports"):  # exports made and written one by one
        gp.TimelinePlugin._write_exports = timed("fn:export_files", gp.TimelinePlugin._write_exports)


def main() -> int:
    argv = sys.argv[1:]
    sep = argv.index("--")
    own, mkdocs_args = argv[:sep], argv[sep + 1:]
    out = own[0]
    profile = own[own.index("--profile") + 1] if "--profile" in own else None
    t_import = time.perf_counter()
    from mkdocs.__main__ import cli

    t_plugin, c_plugin = time.perf_counter(), time.process_time()
    if "--plugin" in own:
        patch_plugin()  # imports the generator: its import time is the plugin's
    t_start, c_start = time.perf_counter(), time.process_time()
    code = 0
    try:
        if profile:
            import cProfile

            prof = cProfile.Profile()
            try:
                prof.runcall(cli.main, args=mkdocs_args, prog_name="mkdocs")
            finally:
                prof.dump_stats(profile)
        else:
            cli.main(args=mkdocs_args, prog_name="mkdocs")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        end = time.perf_counter()
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({
                "returncode": code,
                "child_total_s": end - T0,
                "mkdocs_import_s": t_plugin - t_import,
                "plugin_import_s": t_start - t_plugin,
                "plugin_import_cpu_s": c_start - c_plugin,
                "mkdocs_command_s": end - t_start,
                "timers": {k: {"s": v[0], "cpu_s": v[1], "calls": v[2]}
                           for k, v in sorted(TIMES.items())},
            }, fh, indent=1)
    return code


if __name__ == "__main__":
    sys.exit(main())
