"""templating: markup lives in templates a site can override, never in Python strings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import policy_timeline
from policy_timeline.templating import (Heading, add_permalinks, environment, heading_ids,
                                        page_ids, page_links)

PACKAGE = Path(policy_timeline.__file__).parent
TAGS = ("a|abbr|article|b|br|button|circle|cite|code|desc|div|em|form|g|h[1-6]|i|img|input|"
        "label|li|line|link|meta|ol|option|p|path|polygon|q|rect|script|section|select|small|"
        "span|strong|style|sup|svg|table|tbody|td|text|th|thead|time|title|tr|ul")
MARKUP = re.compile(
    rf"</?(?:{TAGS})(?:\s[^<>]*)?/?>"  # an HTML or SVG tag
    r"|[.#]?[a-zA-Z][\w-]*\s*\{[^{}]*:[^{}]*;?[^{}]*\}"  # a CSS rule
    r"|\bfunction\s*\(|\bdocument\.|\bwindow\."  # JavaScript
)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # attribute docstrings: a string statement right after an assignment
        for field in ("body", "orelse"):
            statements = getattr(node, field, None)
            if isinstance(statements, list):
                for stmt in statements:
                    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                        found.add(id(stmt.value))
    return found


def multiline_markup(source: str) -> list[tuple[int, str]]:
    """(line, start) of every string literal spanning several source lines that holds
    HTML, CSS or JavaScript (docstrings aside)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):  # the pieces of an f-string are checked with it
        if isinstance(node, ast.JoinedStr):
            skip.update(id(value) for value in node.values)
    out = []
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, (ast.Constant, ast.JoinedStr)):
            continue
        if node.lineno == node.end_lineno:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
        elif isinstance(node, ast.JoinedStr):
            value = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        else:
            continue
        if MARKUP.search(value):
            out.append((node.lineno, value[:60]))
    return out


def test_the_scan_finds_markup_split_over_lines():
    assert multiline_markup('X = ("<div class=\\"a\\">"\n     "</div>")\n')
    assert multiline_markup('X = """\n.a{color:red}\n"""\n')
    assert multiline_markup('X = """\n(function () { window.x = 1; })();\n"""\n')
    assert multiline_markup('X = f"<p>{y}"\\\n    "</p>"\n')
    assert not multiline_markup('X = "<p>one line</p>"\n')
    assert not multiline_markup('def f():\n    """A <b>docstring</b>\n    on lines."""\n')
    assert not multiline_markup('X = ("a long message that names no tag,"\n     " on two lines")\n')


def test_no_module_of_the_package_holds_markup_over_several_lines():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        hits = multiline_markup(path.read_text(encoding="utf-8"))
        if hits:
            found[path.relative_to(PACKAGE).as_posix()] = hits
    assert not found, "markup belongs in templates/: " + repr(found)


# ---------------------------------------------------------------------------------------
# Headings and links of drawn pages


def test_heading_ids_follow_the_toc_extension():
    body, toc = heading_ids("<h1>Title</h1>\n<h2>Events (3)</h2>\n<h3>2024</h3>\n"
                            "<h2>Events (3)</h2>\n<h2 id=\"kept\">Kept &amp; sound</h2>")
    assert '<h2 id="events-3">' in body and '<h2 id="events-3_1">' in body
    assert '<h2 id="kept">' in body and body.count(' id="') == 5
    (top,) = toc
    assert (top.level, top.id, top.title) == (1, "title", "Title")
    assert [h.id for h in top.children] == ["events-3", "events-3_1", "kept"]
    assert top.children[0].children == (Heading(3, "2024", "2024"),)
    assert top.children[2].title == "Kept & sound"


def test_permalinks_as_the_toc_extension_writes_them():
    out = add_permalinks('<h2 id="a">A</h2><h3>no id</h3>')
    assert out.startswith('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>')
    assert "<h3>no id</h3>" in out
    lead = add_permalinks('<h2 id="a">A</h2>', symbol="#", title=None, cls="x", leading=True)
    assert lead == '<h2 id="a"><a class="x" href="#a">#</a>A</h2>'


def test_page_links_and_ids():
    body = ('<a href="../x/#y">a</a> <a href="https://e.org/">b</a> <li id="source-1">'
            '<a href=\'../q/\'>c</a> <a href="javascript:x()">d</a> <p>href="../text/"</p>'
            # an attribute's value that holds markup as text (svg.py quotes it so)
            """<g aria-label='&lt;a href="../in-a-label/"&gt;'><rect id=bare />""")
    assert page_links(body) == ["../x/#y", "../q/"]
    assert page_ids(body) == {"source-1", "bare"}


def test_a_site_template_wins_over_the_package_one(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "badge.html").write_text(
        '{% macro badge(state, label) %}<b class="mine">{{ state }}</b>{% endmacro %}')
    site = environment(tmp_path).get_template("partials/badge.html")
    assert str(site.module.badge("scheduled", "Scheduled")) == '<b class="mine">scheduled</b>'
    package = environment().get_template("partials/badge.html")
    assert str(package.module.badge("scheduled", "Scheduled")) == (
        '<span class="pt-badge pt-badge--scheduled">Scheduled</span>')


def test_the_environment_speaks_the_page_language():
    fr, en = environment(language="fr"), environment()
    page = '{{ _("Sources") }}|{{ ngettext("%(num)d event", "%(num)d events", 2) }}|{{ "2024-08-02" | date }}|{{ 15000000 | money("EUR") }}|{{ translate("Happened") }}'
    assert fr.from_string(page).render() == "Sources|2 événements|2 août 2024|15 millions d&#39;euros|Passé"
    assert en.from_string(page).render() == "Sources|2 events|2 August 2024|EUR 15 million|Happened"
    assert fr.globals["language"] == "fr" and en.globals["language"] == "en"
    # a label that is data is escaped; a literal message is the template's own markup
    assert en.from_string('{{ translate("a <b>") }}').render() == "a &lt;b&gt;"
