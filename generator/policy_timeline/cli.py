"""The `policy-timeline` command line: a thin click layer over the library.

User mistakes end as clean messages and an exit code, never a traceback. MkDocs runs
in a child process so that only the plugin imports it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

import click

from .catalog import load_catalog
from .dates import PartialDate
from .errors import GeneratorError, Problem, RecordsInvalid, format_report, sort_problems
from .linkcache import DEFAULT_CACHE
from .models import EVENT_KINDS, SOURCE_KINDS, STATUSES
from .options import EVENTS_DIR, EXPORT_FORMATS
from .schema import KINDS as SCHEMA_KINDS
from .sourcefolder import RENDERERS


def _today(value: str | None) -> dt.date:
    """--today, else $POLICY_TIMELINE_TODAY, else the date in Brussels (policy_timeline.clock)."""
    from .clock import site_today

    try:
        return site_today(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--today") from None


events_argument = click.argument(
    "events_dir", required=False, type=click.Path(file_okay=False, path_type=Path)
)
"""EVENTS_DIR; default: the plugin's events_dir in ./mkdocs.yml, else ./events."""
today_option = click.option(
    "--today", metavar="YYYY-MM-DD",
    help="Decide which deadlines have passed as of this day. Default:"
    " $POLICY_TIMELINE_TODAY, else the current date in Europe/Brussels.")


records_option = click.option(
    "--events", "events_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The records folder; it replaces the plugin's events_dir, so the site is built from"
    " it. Default: the plugin's events_dir in the MkDocs configuration (relative to it),"
    " else ./events.")


def _records(events_dir: Path | None, config_file: Path) -> Path:
    """The records folder: as given, else where the site's plugin reads them from.

    The plugin's options in `config_file` go through the plugin's own check either way
    (a wrong option stops every command with the message `mkdocs build` gives).
    """
    if not config_file.is_file():
        return Path(EVENTS_DIR) if events_dir is None else events_dir
    from .siteconfig import checked_plugin_config, events_folder

    if events_dir is not None:
        checked_plugin_config(config_file, events_dir=events_dir)
        return events_dir
    return events_folder(config_file)


def _records_env(events_dir: Path) -> dict[str, str]:
    """The environment that makes the MkDocs child build from `events_dir` (the plugin
    reads $POLICY_TIMELINE_EVENTS_DIR before its events_dir option)."""
    from .options import EVENTS_DIR_ENV

    return {EVENTS_DIR_ENV: str(events_dir.resolve())}


def _catalog(events_dir: Path, today: str | None = None, strict: bool = False):
    if not events_dir.is_dir():
        raise click.ClickException(f"records folder {str(events_dir)!r} does not exist")
    try:
        return load_catalog(events_dir, today=_today(today), strict=strict)
    except RecordsInvalid as exc:
        click.echo(format_report(exc.problems), err=True)
        raise SystemExit(1) from None


class _Group(click.Group):
    """Turns library errors raised by any command into clean messages."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except RecordsInvalid as exc:
            click.echo(format_report(exc.problems), err=True)
            ctx.exit(1)
        except GeneratorError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-timeline")
def main() -> None:
    """Compile dated, sourced event records into a cross-linked timeline site.

    \b
    Example:
        policy-timeline check events
        policy-timeline build
    """


# ---------------------------------------------------------------------------------------


@main.command()
@events_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json prints one object with every problem, for machines.")
@click.option("--links", is_flag=True,
              help="Also check that every source URL answers (needs the internet).")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_CACHE, show_default=True,
              help="Where --links keeps its results between runs.")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Also check a built site (offline): every internal link and #anchor resolves.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="The site's mkdocs.yml, if it exists: the default records folder (its"
              " plugin's events_dir), and with --site its site_url.")
@today_option
def check(events_dir: Path, strict: bool, fmt: str, links: bool, cache: Path,
          site_dir: Path | None, config_file: Path, today: str | None) -> None:
    """Check every record; report every problem with file, line and field.

    Exits 0 when the records are clean, 1 when any error is found (or any
    warning, with --strict).

    \b
    Example:
        policy-timeline check events --strict
        policy-timeline check events --format json
        policy-timeline check events --site site
        policy-timeline check events --links
    """
    events_dir = _records(events_dir, config_file)
    if not events_dir.is_dir():
        raise click.ClickException(f"records folder {str(events_dir)!r} does not exist")
    from .catalog import check_loaded
    from .loader import load_folder
    from .translationcheck import translation_problems

    loaded = load_folder(events_dir)
    catalog, problems = check_loaded(loaded, _today(today))
    if catalog is not None:  # missing or stale translations: warnings (errors with --strict)
        problems += translation_problems(loaded, _checked_languages(events_dir, config_file))
    if links and catalog is not None:
        from .linkcheck import check_links

        problems += check_links(catalog, events_dir, cache=cache, today=_today(today))
    if site_dir is not None:
        problems += site_problems(site_dir, config_file)
    problems = sort_problems([p.as_error() if strict else p for p in problems])
    failed = any(p.severity == "error" for p in problems)
    if fmt == "json":
        click.echo(json.dumps({
            "ok": not failed,
            "errors": sum(p.severity == "error" for p in problems),
            "warnings": sum(p.severity == "warning" for p in problems),
            "problems": [p.as_dict() for p in problems],
        }, indent=2, ensure_ascii=False))
    else:
        if problems:
            click.echo(format_report(problems), err=failed)
        if not failed:
            n = len(catalog.events) if catalog else 0
            click.echo(f"ok: {n} events checked", err=False)
    raise SystemExit(1 if failed else 0)


def _checked_languages(events_dir: Path, config_file: Path) -> list[str]:
    """The languages a record must be translated into: the site's after the first, when
    the folder checked is the site's own records folder (another folder checked from the
    site's directory, e.g. a test's, is not held to the site's languages)."""
    if not config_file.is_file():
        return []
    from .siteconfig import events_folder

    try:
        own = events_folder(config_file).resolve() == events_dir.resolve()
    except GeneratorError:
        return []
    return _site_languages(config_file)[1:] if own else []


def _site_languages(config_file: Path) -> list[str]:
    """The site's languages (the plugin's `languages` in mkdocs.yml), the first first."""
    from .options import DEFAULT_LANGUAGES

    if not config_file.is_file():
        return list(DEFAULT_LANGUAGES)
    from .siteconfig import checked_plugin_config

    try:
        return list(checked_plugin_config(config_file).get("languages") or DEFAULT_LANGUAGES)
    except GeneratorError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@events_argument
@click.option("--stamp", is_flag=True,
              help="Write `source_hash:` into every complete translation block whose English"
              " changed or that was never stamped (one line edited or added per block;"
              " comments and layout are kept).")
@click.option("--status", "show_status", is_flag=True,
              help="Print a table of records with a missing or stale translation, per language.")
@click.option("--language", "languages", multiple=True, metavar="CODE",
              help="Only this language (repeatable). Default: every language of the site"
              " after the first (the plugin's `languages` in mkdocs.yml).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="The site's mkdocs.yml: its records folder and its languages.")
def translations(events_dir: Path | None, stamp: bool, show_status: bool,
                 languages: tuple[str, ...], config_file: Path) -> None:
    """Stamp translations with the English they were made from, or show how far they are.

    A translation block is stamped only when it is complete (every English text has its
    translation); `check` then reports it stale as soon as the English changes.

    \b
    Example:
        policy-timeline translations --status
        policy-timeline translations --stamp --language fr events
    """
    from .loader import load_folder
    from .translationcheck import StampFailed, stamp as stamp_files, status

    if stamp == show_status:
        raise click.UsageError("give one of --stamp or --status")
    events_dir = _records(events_dir, config_file)
    if not events_dir.is_dir():
        raise click.ClickException(f"records folder {str(events_dir)!r} does not exist")
    wanted = list(languages) or _site_languages(config_file)[1:]
    if not wanted:
        raise click.ClickException("the site has one language: name one with --language fr,"
                                   " or set `languages: [en, fr]` in the plugin's options")
    loaded = load_folder(events_dir)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        raise click.ClickException("the records have problems; fix them first"
                                   " (policy-timeline check):\n" + format_report(errors))
    if show_status:
        rows = status(loaded, wanted)
        click.echo(f"{'language':<9}{'kind':<10}{'records':>8}{'translated':>12}"
                   f"{'missing':>9}{'stale':>7}")
        for row in rows:
            click.echo(f"{row.language:<9}{row.kind:<10}{row.records:>8}{row.translated:>12}"
                       f"{row.missing:>9}{row.stale:>7}")
        return
    try:
        edits = stamp_files(loaded, wanted)
    except StampFailed as exc:
        raise click.ClickException(str(exc)) from None
    for file, text in edits.items():
        tmp = file.with_name(file.name + ".stamp.tmp")
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, file)
        click.echo(f"stamped {file}")
    click.echo(f"{len(edits)} file{'s' * (len(edits) != 1)} stamped")


def site_problems(site_dir: Path, config_file: Path | None = None) -> list[Problem]:
    """Broken internal links and anchors of a built site, located in its HTML files."""
    from .loader import display_path
    from .sitecheck import broken_links
    from .siteconfig import read_config

    site_url = None
    if config_file is not None and config_file.is_file():
        site_url = read_config(config_file).get("site_url")
    out = []
    for broken in broken_links(site_dir, site_url=site_url):
        file = site_dir / broken.page
        line, column = 1, 1
        try:
            for n, text in enumerate(file.read_text(encoding="utf-8", errors="replace")
                                     .splitlines(), 1):
                at = text.find(f'"{broken.target}"')
                if at >= 0:
                    line, column = n, at + 2
                    break
        except OSError:
            pass
        out.append(Problem(display_path(file), line, column, "link",
                           f"{broken.target[:200]!r}: {broken.reason}",
                           "fix the link in the page's source (docs/ or the record it comes from)"))
    return out


# ---------------------------------------------------------------------------------------


@main.command("list")
@events_argument
@click.option("--thread", help="Only events in this thread.")
@click.option("--entity", help="Only events this entity takes part in.")
@click.option("--kind", type=click.Choice(EVENT_KINDS), help="Only events of this kind.")
@click.option("--since", metavar="DATE", help="Only events on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only events on or before DATE (YYYY[-MM[-DD]]).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@today_option
def list_(events_dir: Path, thread: str | None, entity: str | None, kind: str | None,
          since: str | None, until: str | None, fmt: str, today: str | None) -> None:
    """List events, filtered by thread, entity, kind and date range.

    \b
    Example:
        policy-timeline list --thread ai-act --since 2024 --until 2024-06
        policy-timeline list --entity mistral-ai --format json
    """
    catalog = _catalog(_records(events_dir, Path("mkdocs.yml")), today)
    bounds = []
    for name, value in (("--since", since), ("--until", until)):
        try:
            bounds.append(PartialDate.parse(value) if value else None)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=name) from None
    if thread and thread not in catalog.threads:
        raise click.BadParameter(f"no thread {thread!r}; known: {', '.join(catalog.threads)}",
                                 param_hint="--thread")
    if entity and entity not in catalog.entities:
        raise click.BadParameter(f"no entity {entity!r}", param_hint="--entity")
    start, end = bounds
    chosen = [
        e for e in catalog.events
        if (not thread or thread in e.threads)
        and (not entity or entity in {ref for _, ref in e.entity_refs()})
        and (not kind or e.kind == kind)
        and (not start or e.date.last_day() >= start.first_day())
        and (not end or e.date.first_day() <= end.last_day())
    ]
    if fmt == "json":
        click.echo(json.dumps([
            {"id": e.id, "date": e.date.iso(), "display_date": e.when.display(), "kind": e.kind,
             "status": e.status, "state": catalog.state(e), "title": e.title,
             "threads": list(e.threads),
             "file": catalog.files[e.id]}
            for e in chosen
        ], indent=2, ensure_ascii=False))
        return
    if not chosen:
        click.echo("no events match")
        return
    width = max(len(e.when.display()) for e in chosen)
    kinds = max(len(e.kind) for e in chosen)
    for e in chosen:
        click.echo(f"{e.when.display():<{width}}  {e.kind:<{kinds}}  {e.title}  ({e.id})")
    click.echo(f"{len(chosen)} event{'s' * (len(chosen) != 1)}")


# ---------------------------------------------------------------------------------------


@main.command()
@click.option("--title", required=True, help="What happened, in a short sentence.")
@click.option("--date", "date_", required=True, metavar="DATE",
              help="YYYY, YYYY-MM or YYYY-MM-DD: write only the precision you know.")
@click.option("--kind", required=True, type=click.Choice(EVENT_KINDS))
@click.option("--status", type=click.Choice(STATUSES), default="happened", show_default=True)
@click.option("--thread", "threads", multiple=True, help="Thread id (repeatable).")
@click.option("--participant", "participants", multiple=True, metavar="ENTITY:ROLE",
              help="Entity id and role, e.g. mistral-ai:partner (repeatable).")
@click.option("--summary", default="", help="Summary in your own words; [1] cites the source.")
@click.option("--source-url", required=True, help="The page that supports the event.")
@click.option("--source-title", help="The page's own title; leave it out when it is unknown.")
@click.option("--source-publisher", required=True, help="The original outlet.")
@click.option("--source-kind", type=click.Choice(SOURCE_KINDS), default="press", show_default=True)
@click.option("--source-language", default="en", show_default=True, help="ISO 639-1 code.")
@click.option("--source-published", metavar="DATE", help="When the source was published.")
@click.option("--slug", help="The id's words after the date (default: from the title).")
@click.option("--dir", "events_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="The records folder. Default: the plugin's events_dir in"
              " ./mkdocs.yml, else ./events.")
def new(title: str, date_: str, kind: str, status: str, threads: tuple[str, ...],
        participants: tuple[str, ...], summary: str, source_url: str, source_title: str | None,
        source_publisher: str, source_kind: str, source_language: str,
        source_published: str | None, slug: str | None, events_dir: Path) -> None:
    """Write a new, valid event file; never overwrite one.

    The file goes to EVENTS_DIR/YYYY/<date>-<slug>.yaml. Edit it afterwards to add
    relations, money, votes or legal references, then run `policy-timeline check`.

    \b
    Example:
        policy-timeline new --title "Mistral AI releases Mistral 7B" \\
            --date 2023-09-27 --kind product-release --thread open-weights \\
            --participant mistral-ai:developer \\
            --summary "Mistral AI published its first model [1]." \\
            --source-url https://mistral.ai/news/announcing-mistral-7b \\
            --source-title "Mistral 7B" --source-publisher "Mistral AI" \\
            --source-kind company
    """
    from .scaffold import ScaffoldError, new_event, write_new_event

    try:
        event = new_event(
            title=title, date=date_, kind=kind, status=status, threads=threads,
            participants=participants, summary=summary, source_url=source_url,
            source_title=source_title, source_publisher=source_publisher,
            source_kind=source_kind, source_language=source_language,
            source_published=source_published, slug=slug, today=_today(None))
    except ScaffoldError as exc:
        if exc.field:
            raise click.BadParameter(str(exc), param_hint=f"--{exc.field}") from None
        raise
    target = write_new_event(_records(events_dir, Path("mkdocs.yml")), event)
    click.echo(f"wrote {target}")


# ---------------------------------------------------------------------------------------


@main.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS),
                required=False)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write event/entities/threads/settings.schema.json into this folder instead.")
def schema(kind: str | None, out: Path | None) -> None:
    """Print the JSON Schema of event, entities, threads or settings files.

    Record files point editors at the shipped copy with a first line like
    `# yaml-language-server: $schema=../../schema/event.schema.json`.

    \b
    Example:
        policy-timeline schema event
        policy-timeline schema --out schema
    """
    from .schema import KINDS, record_schema, schema_text, write_schemas

    if out is not None:
        for path in write_schemas(out):
            click.echo(f"wrote {path}")
        return
    if kind is None:
        click.echo(json.dumps({k: record_schema(k) for k in KINDS}, indent=2, sort_keys=True))
    else:
        click.echo(schema_text(kind), nl=False)


# ---------------------------------------------------------------------------------------


def _refuse_to_replace(target: Path, *keep: Path) -> None:
    """A folder replaced as a whole must not hold the project (records, config, docs)."""
    from .output import refuse_project

    refuse_project(target, *keep)


def write_tree(files, out: Path, keep: tuple[Path, ...] = (), derived: tuple[str, ...] = ()) -> int:
    """Write {relative path: content} (or pairs made one by one) as the folder `out`:
    all files or none (library); returns how many."""
    from .output import write_tree as write

    return write(files, out, keep=(Path.cwd() / EVENTS_DIR, *keep), derived=derived)


OUT_HELP = (" It is replaced as a whole, atomically, so it must be new, empty, or written by"
            " policy-timeline before (its .policy-timeline-output file lists what was written):"
            " a folder holding any other file is refused and left untouched.")


@main.command()
@records_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The source folder to write." + OUT_HELP)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="The site's mkdocs.yml, when it exists: the plugin's options, the"
                   " settings the written configuration keeps, the site's own docs/.")
@click.option("--renderer", type=click.Choice(RENDERERS), default=RENDERERS[0],
              show_default=True,
              help="What will build the folder: Zensical rewrites the links of the pages'"
                   " HTML, plain MkDocs does not, so they are written for the one named.")
@today_option
def render(events_dir: Path, out: Path, config_file: Path, renderer: str,
           today: str | None) -> None:
    """Write the site as a source folder Zensical or MkDocs builds without the plugin.

    OUT gets mkdocs.yml (the site's settings without the plugin), docs/
    (the generated pages, the site's own pages, the data files, the
    assets) and overrides/. Build it with `zensical build -f OUT/mkdocs.yml`
    (with --renderer mkdocs: `mkdocs build -f OUT/mkdocs.yml`). The --out
    folder is replaced as a whole (with the site/ and .cache/ a build made
    in it); one holding other files policy-timeline did not write is refused.

    \b
    Example:
        policy-timeline render --out build/source
    """
    from .siteconfig import render_options
    from .sourcefolder import BUILD_OUTPUTS, site_source_folder

    events_dir = _records(events_dir, config_file)
    catalog = _catalog(events_dir, today)
    files = site_source_folder(catalog, render_options(config_file, events_dir), config_file,
                               renderer)
    write_tree(files, out, keep=(events_dir, config_file), derived=BUILD_OUTPUTS)
    pages = sum(1 for path in files if path.endswith(".md"))
    click.echo(f"wrote {len(files)} files ({pages} pages) to {out}")


@main.command()
@records_option
@click.option("--format", "formats", multiple=True, required=True,
              type=click.Choice([*EXPORT_FORMATS, "all"]),
              help="Repeatable; `all` writes every format.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the files into." + OUT_HELP)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="Read site_url and the plugin's options from this mkdocs.yml.")
@today_option
def export(events_dir: Path, formats: tuple[str, ...], out: Path, config_file: Path,
           today: str | None) -> None:
    """Write open-data files: JSON, CSV, Atom, iCalendar, TimelineJS, a data package.

    The --out folder is replaced as a whole; one holding files that
    policy-timeline did not write is refused.

    \b
    Example:
        policy-timeline export --format ics --format atom --out build/data
    """
    from .exports import iter_export_files
    from .siteconfig import render_options

    events_dir = _records(events_dir, config_file)
    catalog = _catalog(events_dir, today)
    chosen = None if "all" in formats else set(formats)
    files = iter_export_files(catalog, render_options(config_file, events_dir), chosen)
    count = write_tree(files, out, keep=(events_dir, config_file))  # written as they are made
    click.echo(f"wrote {count} files to {out}")


# ---------------------------------------------------------------------------------------


def _today_env(today: str | None) -> dict[str, str]:
    """The day the MkDocs child must use (the plugin reads POLICY_TIMELINE_TODAY)."""
    from .clock import TODAY_ENV

    return {TODAY_ENV: _today(today).isoformat()}


def _mkdocs(args: list[str], env: dict[str, str] | None = None) -> int:
    """Run MkDocs in a child that dies with this process; a signal ends the command."""
    from .process import Interrupted, run

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    try:
        return run([sys.executable, "-m", "mkdocs", *args], env=env)
    except Interrupted as exc:
        click.echo(f"stopped ({exc})", err=True)
        raise SystemExit(128 + exc.signum) from None


def source_date_epoch(catalog, environ=os.environ) -> str:
    """SOURCE_DATE_EPOCH for a build: the environment's when set, else from the records.

    The records' own latest date (what the feeds call "updated": events that happened,
    last verifications, source dates) at midnight UTC, so two builds of the same records
    are byte-identical whenever they run: the sitemap's lastmod, sitemap.xml.gz's header
    and the feeds never read the clock.
    """
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return value
    from .exports.common import catalog_updated

    day = catalog_updated(catalog)
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()))


def _build_site(config_file: Path, site_dir: Path, catalog, strict: bool,
                env: dict[str, str]) -> None:
    """MkDocs into a staging folder beside `site_dir`, swapped in only if it succeeds.

    `env` tells the MkDocs child the records folder and the day (the plugin reads them)."""
    from .output import publish, staging_dir

    staging = staging_dir(site_dir)
    try:
        args = ["build", "--config-file", str(config_file), "--site-dir", str(staging)]
        env = {"SOURCE_DATE_EPOCH": source_date_epoch(catalog), **env}
        if _mkdocs(args + (["--strict"] if strict else []), env) != 0:
            raise click.ClickException(f"MkDocs failed; {site_dir} was left as it was")
        publish(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@main.command()
@records_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True)
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True,
              help="Where the site goes." + OUT_HELP.replace("policy-timeline before", "policy-timeline"
                                                           " or MkDocs before"))
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on any warning from the checks or from MkDocs.")
@today_option
def build(events_dir: Path, config_file: Path, site_dir: Path, strict: bool,
          today: str | None) -> None:
    """Check the records, then build the site with MkDocs into SITE_DIR.

    The site is built in a temporary folder and replaces SITE_DIR only when
    the build succeeds: a failed build leaves the previous site untouched.
    SITE_DIR is replaced as a whole: a folder holding files that neither this
    command nor MkDocs wrote is refused. One build at a time writes SITE_DIR
    (lock file .SITE_DIR.lock beside it); a build that was killed is cleaned up
    by the next one.

    \b
    Example:
        policy-timeline build --site-dir site
    """
    if not config_file.is_file():
        raise click.ClickException(f"no MkDocs configuration at {config_file}")
    from .siteconfig import read_config

    today = _today(today).isoformat()  # one day for the check and the MkDocs child
    events_dir = _records(events_dir, config_file)
    docs_dir = config_file.resolve().parent / str(read_config(config_file).get("docs_dir") or "docs")
    _refuse_to_replace(site_dir, config_file, events_dir, docs_dir)
    if site_dir.resolve().is_relative_to(docs_dir.resolve()):
        raise click.ClickException(f"refusing to replace {site_dir.resolve()}: it is inside"
                                   f" docs_dir ({docs_dir}), whose files become pages")
    from .output import locked, refuse_foreign

    site_dir = site_dir.resolve()
    refuse_foreign(site_dir, mkdocs_site_ok=True)
    with locked(site_dir):  # one build at a time; leftovers of a killed one are recovered
        refuse_foreign(site_dir, mkdocs_site_ok=True)
        catalog = _catalog(events_dir, today, strict=strict)
        for warning in catalog.warnings:
            click.echo(str(warning), err=True)
        _build_site(config_file, site_dir, catalog, strict,
                    {**_records_env(events_dir), **_today_env(today)})
    click.echo(f"built {len(catalog.events)} events into {site_dir}")


def _dev_addr(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter("write HOST:PORT, e.g. 127.0.0.1:8001", param_hint="--dev-addr")
    return host, int(port)


def _port_free(host: str, port: int) -> bool:
    """Whether MkDocs' server could listen on host:port (it sets SO_REUSEADDR too)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise click.BadParameter(f"unknown host {host!r}", param_hint="--dev-addr") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return False
    return True


@main.command()
@records_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True)
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
@today_option
def serve(events_dir: Path, config_file: Path, dev_addr: str, today: str | None) -> None:
    """Check the records, then preview the site; it rebuilds when a record changes.

    While a saved record has problems, the preview keeps the last good records and
    shows the problems in the terminal and at the top of every page.

    \b
    Example:
        policy-timeline serve --dev-addr 127.0.0.1:8001
    """
    if not config_file.is_file():
        raise click.ClickException(f"no MkDocs configuration at {config_file}")
    host, port = _dev_addr(dev_addr)
    if not _port_free(host, port):
        other = next((p for p in range(port + 1, min(port + 50, 65536)) if _port_free(host, p)),
                     port + 1)
        shown = f"[{host}]" if ":" in host else host
        raise click.ClickException(f"port {port} is in use (another preview or server?):"
                                   f" pass --dev-addr {shown}:{other}")
    events_dir = _records(events_dir, config_file)
    catalog = _catalog(events_dir, today)
    for warning in catalog.warnings:
        click.echo(str(warning), err=True)
    # A given --today pins every rebuild; without it, the plugin asks the day at each
    # rebuild, so a preview left running past midnight follows the calendar.
    raise SystemExit(_mkdocs(["serve", "--config-file", str(config_file), "--dev-addr", dev_addr],
                             {**_records_env(events_dir), **(_today_env(today) if today else {})}))


# ---------------------------------------------------------------------------------------


@main.command()
@events_argument
@click.option("--max-age", type=click.IntRange(min=0), default=None, metavar="DAYS",
              help="Report a deadline whose last_verified is older than this many days."
              " Default: 180.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json prints one object (overdue and stale lists), for machines.")
@today_option
def freshness(events_dir: Path, max_age: int | None, fmt: str, today: str | None) -> None:
    """List deadlines to check: overdue ones and old verifications.

    Overdue: scheduled or rescheduled, and the date has passed (Europe/Brussels)
    without anyone confirming it. Stale: a deadline still to come whose
    last_verified is older than --max-age days. Not a validity check: `check` and
    builds never fail because time passed; this command does, on purpose.

    Exits 0 when nothing needs checking, 1 when something does, 2 when the
    records cannot be read (their problems are printed, as by `check`).

    \b
    Example:
        policy-timeline freshness
        policy-timeline freshness --max-age 90 --format json
    """
    from .clock import TIME_ZONE
    from .freshness import DEFAULT_MAX_AGE, freshness as find, report, report_json

    age = DEFAULT_MAX_AGE if max_age is None else max_age
    day = _today(today)
    if events_dir is None:  # the site's records folder, as for `check`
        events_dir = _records(None, Path("mkdocs.yml"))
    if not events_dir.is_dir():
        click.echo(f"Error: records folder {str(events_dir)!r} does not exist", err=True)
        raise SystemExit(2)
    try:
        catalog = load_catalog(events_dir, today=day)
    except RecordsInvalid as exc:
        click.echo(format_report(exc.problems), err=True)
        raise SystemExit(2) from None
    findings = find(catalog, events_dir, day, max_age=age)
    if fmt == "json":
        click.echo(json.dumps(report_json(findings, day, age, TIME_ZONE), indent=2,
                              ensure_ascii=False))
    else:
        click.echo(report(findings, day, age, TIME_ZONE))
    raise SystemExit(1 if findings else 0)
