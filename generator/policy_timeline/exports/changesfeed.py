"""The Atom feed of the "What changed" page: one entry per commit that changed records.

Built with feedgen, as the event feeds (`atom`). Entry id: a uuid5 of the commit hash (the
same change is the same entry in every build); `updated`: the commit's committer date
(from the history, never the clock); title: the commit's subject; content: the records it
added, changed or removed, linked, drawn by `partials/change_entry.html`. The same
CHANGES_LIMIT record changes as the page. Made whenever the history is known (even
when no record has changed yet), never without it.
"""

from __future__ import annotations

from pathlib import Path

from feedgen.feed import FeedGenerator

from ..catalog import Catalog
from ..changes import recent_changes, record_view
from ..options import SiteOptions
from ..templating import environment
from ..urls import Urls
from .common import catalog_updated, midnight, page_language, page_link, stable_uuid

GENERATOR = "policy-timeline"


def change_id(commit: str) -> str:
    return stable_uuid("change", commit)


def export_changes_feed(catalog: Catalog, options: SiteOptions) -> dict[str, bytes]:
    """{feeds/changes.atom: the feed}, or {} when the records' history is not known."""
    history = options.extra.get("history") if options.extra else None
    entries = recent_changes(catalog, history)
    if history is None:
        return {}
    u = Urls(options)
    path, page = u.feed("changes"), u.changes()
    folder = options.extra.get("templates_dir")
    language = page_language(options)
    template = environment(Path(folder) if folder else None, language=language).get_template(
        "partials/change_entry.html")
    fg = FeedGenerator()
    fg.id(stable_uuid("feed", "changes", ""))
    heading = template.module.feed_title(options.site_name)  # type: ignore[attr-defined]
    fg.title(str(heading).strip())
    fg.subtitle(str(template.module.feed_subtitle()).strip())  # type: ignore[attr-defined]
    fg.author({"name": options.site_name})
    fg.link(href=page_link(options, path, path), rel="self", type="application/atom+xml")
    fg.link(href=page_link(options, path, page), rel="alternate", type="text/html")
    fg.generator(GENERATOR)
    fg.language(language)
    fg.updated(max(entry.when for entry in entries) if entries
               else midnight(catalog_updated(catalog, catalog.events, options)))
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(change_id(entry.commit))
        fe.title(entry.subject)
        fe.updated(entry.when)
        fe.link(href=page_link(options, path, page) + f"#change-{entry.short}", rel="alternate",
                type="text/html")
        records = []
        for r in entry.records:
            title, target = record_view(catalog, options, r)
            records.append({"kind": r.kind, "action": r.action, "path": r.path, "title": title,
                            "href": page_link(options, path, target) if target else None})
        fe.content(template.render(records=records, short=entry.short).strip(), type="html")
    xml = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return {path: xml if xml.endswith(b"\n") else xml + b"\n"}


__all__ = ["change_id", "export_changes_feed"]
