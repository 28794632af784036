"""How to cite a page: the fields of a citation and their BibTeX and CSL-JSON forms.

A reader who quotes an event needs its title, the site, a stable absolute URL and a date:
the day the record last changed (from `history`; never the build's clock). The words
around them ("Last changed", "accessed") are drawn by `partials/cite_page.html`; this
module gives the values, escaped for BibTeX (the one BibTeX escaper) and as CSL-JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
_BIBTEX_WORDS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:-]+")


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: LaTeX's special characters escaped, one line."""
    out = _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_WORDS.get(m[1], "\\" + m[1]), text)
    return " ".join(out.split())


def bibtex_key(ident: str) -> str:
    """A citation key from an event id (letters, digits, `_`, `:` and `-` only)."""
    return _KEY_UNSAFE.sub("-", ident).strip("-") or "page"


def citation(ident: str, title: str, site: str, url: str | None,
             changed: dt.date | None) -> dict[str, Any]:
    """The values a "Cite this page" block shows: BibTeX fields escaped, CSL-JSON text."""
    fields = [("title", "{" + bibtex_escape(title) + "}"),  # braces keep its capitals
              ("author", "{" + bibtex_escape(site) + "}"),  # the site as corporate author
              ("organization", bibtex_escape(site))]
    if url:
        fields.append(("url", url.replace("%", r"\%")))
    if changed:
        fields.append(("year", str(changed.year)))
    bib = {"key": bibtex_key(ident), "fields": fields,
           "date": changed.isoformat() if changed else None}
    csl: dict[str, Any] = {"id": ident, "type": "webpage", "title": title,
                           "container-title": site, "author": [{"literal": site}]}
    if url:
        csl["URL"] = url
    if changed:
        csl["issued"] = {"date-parts": [[changed.year, changed.month, changed.day]]}
    return {"bibtex": bib, "csl": json.dumps([csl], ensure_ascii=False, indent=2)}


__all__ = ["bibtex_escape", "bibtex_key", "citation"]
