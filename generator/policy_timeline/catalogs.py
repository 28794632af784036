"""Message catalogs: the interface's words in each language, from gettext `.po` files.

The English words are the message ids, written once where they are used: in templates as
`{{ _("Sources") }}`, in Python (labels by key, page titles) as `N_("Happened")`, which
only marks them for extraction; the code translates them with the page's catalog.
A language's catalog is `locales/<lang>/LC_MESSAGES/messages.po` beside this module
(shipped in the wheel as package data). It is read with Babel and compiled in memory when
a build starts: there is no compiled `.mo` to forget to update. Fuzzy entries are not used.

A site adds or overrides words with its own catalog in a `locales/` folder beside its
`templates_dir` (or the `locales_dir` given): `<locales_dir>/<lang>/LC_MESSAGES/messages.po`;
its entries win over the package's. A site may even give English a catalog (to reword
"Who is who"); without one English reads as written.

`make messages` runs `update_catalogs()`: it extracts every message id from the templates
and the Python code into `locales/messages.pot` and merges it into each language's `.po`
(new words arrive untranslated, removed ones are dropped). `missing(language)` lists what a
catalog lacks; the tests fail while it lists anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from .l10n import typography
from .words import N_

__all__ = ["LOCALES", "DOMAIN", "N_", "translations", "extract", "update_catalogs", "missing",
           "catalog_path", "languages"]

PACKAGE = Path(__file__).resolve().parent
LOCALES = PACKAGE / "locales"
DOMAIN = "messages"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
_METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("templates/**.css", "ignore"),
            ("**/locales/**", "ignore"), ("**.py", "python"), ("**.html", "ignore")]
_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                  "lstrip_blocks": "true", "newstyle_gettext": "true"}}
_FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)  # no clock in the catalog files


def catalog_path(language: str, locales_dir: Path = LOCALES) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(locales_dir: Path = LOCALES) -> list[str]:
    """The languages the package has a catalog for (English needs none)."""
    return sorted(p.parent.parent.name for p in locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=language.replace("-", "_"), domain=DOMAIN)


@functools.lru_cache(maxsize=32)
def _load(language: str, site: Path | None, stamp: tuple[float, ...]) -> gettext.NullTranslations:
    files = [p for p in (catalog_path(language), site and catalog_path(language, site)) if p and p.is_file()]
    if not files:
        return gettext.NullTranslations()
    merged = _read(files[0], language)
    for extra in files[1:]:  # the site's entries win
        for message in _read(extra, language):
            if message.id and message.string and not message.fuzzy:
                found = merged.get(message.id, message.context)
                if found is None:
                    merged[message.id] = message
                else:  # (setting the item again would keep the package's string)
                    found.string, found.flags = message.string, set(message.flags)
    for message in merged:  # the writer typed plain spaces; the typography adds the no-break ones
        if message.id and message.string:
            if isinstance(message.string, tuple):
                message.string = tuple(typography(s, language) for s in message.string)
            else:
                message.string = typography(message.string, language)
    buf = io.BytesIO()
    write_mo(buf, merged, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def translations(language: str = "en", locales_dir: Path | None = None) -> gettext.NullTranslations:
    """The catalog of `language`: the package's, with the site's `locales_dir` on top.
    Null translations (words as written) for a language without a catalog, e.g. English."""
    site = locales_dir.resolve() if locales_dir is not None and locales_dir.is_dir() else None
    stamp = tuple(p.stat().st_mtime for p in (catalog_path(language), site and catalog_path(language, site))
                  if p and p.is_file())
    return _load(language, site, stamp)


def extract(root: Path = PACKAGE) -> Catalog:
    """Every message id of the templates (`_()`, `ngettext()`) and the Python code (`_()`,
    `N_()`) under `root`, as a catalog template (ids only, where each is used)."""
    out = Catalog(domain=DOMAIN, project="policy-timeline", version="1",
                  creation_date=_FIXED_DATE, revision_date=_FIXED_DATE,
                  msgid_bugs_address="", copyright_holder="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), _METHODS, _OPTIONS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        out.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return out


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
    path.write_bytes(buf.getvalue())


def update_catalogs(locales_dir: Path = LOCALES, root: Path = PACKAGE,
                    new: tuple[str, ...] = ()) -> dict[str, int]:
    """`make messages`: the template from the sources, merged into each language's catalog
    (and a new one for each language in `new`). Returns {language: untranslated count}."""
    template = extract(root)
    _write(template, locales_dir / f"{DOMAIN}.pot")
    out = {}
    for language in sorted({*languages(locales_dir), *new}):
        path = catalog_path(language, locales_dir)
        if path.is_file():
            catalog = _read(path, language)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="policy-timeline",
                              creation_date=_FIXED_DATE, revision_date=_FIXED_DATE)
            catalog.fuzzy = False  # a fuzzy header would be left out of the compiled catalog
        catalog.update(template, no_fuzzy_matching=False)
        catalog.creation_date = _FIXED_DATE
        _write(catalog, path)
        out[language] = len(missing(language, locales_dir, template=template))
    return out


def missing(language: str, locales_dir: Path = LOCALES, *, template: Catalog | None = None
            ) -> list[str]:
    """The message ids of the sources that `language`'s catalog does not translate (absent,
    empty or fuzzy), sorted."""
    template = template if template is not None else extract()
    path = catalog_path(language, locales_dir)
    catalog = _read(path, language) if path.is_file() else Catalog(locale=language)
    out = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = found.string if found is not None else None
        if isinstance(strings, tuple):
            ok = all(strings)
        else:
            ok = bool(strings)
        if not ok or (found is not None and found.fuzzy):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return sorted(out)
