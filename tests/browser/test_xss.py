"""No record can run script on the site: XSS payloads in every field, checked in Chromium.

A fixture site is built with a real `mkdocs build` from records that carry XSS payloads
in every text field (titles, summaries, names, roles, descriptions, publishers, quotes,
notes, thread introductions, disagreement values, legal text...) and payload-like URLs in
every URL field that validation lets through (`javascript:` and friends are refused at
load: that is tested in tests/hostile). Every page of the built site is opened in
Chromium, and nothing a payload would do may happen:

* no dialog (`alert`, `confirm`, `prompt`), no console message carrying a marker, no page
  error;
* no change of `document.title` or of `window.zzflag`;
* no request for a marker URL (`/zzmarker...`) and no request to another host;
* no element or attribute that came from payload text (`zzpayload`, `onzz`), and no
  inline `on*` handler anywhere.

Markers are assembled at run time (`'ZZ'+'FIRED'`), so the escaped payload text shown
on the page never contains a marker itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from policy_timeline.models import check_markdown_links
from tests.helpers import build_site, write_site

pytestmark = pytest.mark.browser

FIRED = "ZZFIRED"  # what an executed payload writes; the payload text says 'ZZ'+'FIRED'

PAYLOADS = [
    "<script>alert('ZZ'+'FIRED')</script>",
    "<img src=x onerror=\"console.error('ZZ'+'FIRED');window.zzflag=1\">",
    "\"><svg onload=\"document.title='ZZ'+'FIRED'\">",
    "'><zzpayload onzz=1 onmouseover=alert(1)>",
    "<iframe src=\"javascript:alert('ZZ'+'FIRED')\"></iframe>",
    "{: onzz=\"alert(1)\" }",
    "</script><script>fetch('/zz'+'marker-fetch')</script>",
    "<a href=\"javascript:alert('ZZ'+'FIRED')\">click</a>",
    "<details open ontoggle=\"window.zzflag=1\">x</details>",
    "<style>@import '/zzmarker-style';</style>",
    "<img src=\"/zzmarker-img\">",
    "<zzpayload>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;zzpayload&#62;",
    "<!--<script>alert(1)</script>-->",
    "{{ '<script>alert(1)</script>' }} {% raw %}",
    "`<script>alert(1)</script>`",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.zzflag=1>",
    "<svg><animate onbegin=\"window.zzflag=1\" attributeName=x dur=1s>",
    "<input autofocus onfocus=\"window.zzflag=1\">",
    "<video><source onerror=\"window.zzflag=1\">",
    "<img src=x onerror=alert&#40;1&#41;>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "<object data=\"/zzmarker-object\"></object>",
    "<base href=\"//evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=/zzmarker-refresh\">",
    "<form action=\"/zzmarker-form\"><button>go</button></form>",
    "\u202e <zzpayload/onzz=1>",  # a bidi override is refused, so this one is dropped
]
# Payload-like URLs that validation accepts (http(s), a host, no quotes or angle brackets).
URLS = [
    "https://example.org/x'onzz='1",
    "https://example.org/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "https://example.org/javascript:alert(1)",
    "https://example.org/a?x=1&y=javascript:alert(1)#'onzz='1",
    "http://example.org/{{zz}}/(x)",
]


def _usable(payloads: list[str]) -> list[str]:
    """Payloads a record can hold as text (the model refuses control/bidi characters)."""
    from policy_timeline.models import _CONTROL  # the model's own rule

    return [p for p in payloads if not _CONTROL.search(p)]


def _pack(payloads: list[str], limit: int) -> list[str]:
    """Payloads joined into strings of at most `limit` characters (every payload kept)."""
    out, current = [], ""
    for p in payloads:
        p = p[:limit]
        if current and len(current) + 1 + len(p) > limit:
            out.append(current)
            current = ""
        current = f"{current} {p}".strip()
    return out + [current] if current else out


def _md(text: str) -> str:
    """The text, minus what a Markdown field refuses (javascript: links)."""
    try:
        return check_markdown_links(text)
    except ValueError:
        return text.replace("javascript:", "")


def hostile_records() -> dict[str, str]:
    """Records with payloads in every text field and payload-like URLs in every URL field."""
    usable = _usable(PAYLOADS)
    lines = _pack(usable, 280)  # for fields of up to 300 characters
    shorts = [p[:80] for p in usable]  # roles, disagreement fields
    n = len(lines)
    url = lambda i: URLS[i % len(URLS)]  # noqa: E731
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True)  # noqa: E731

    entities: dict[str, dict] = {}
    threads: dict[str, dict] = {}
    files: dict[str, str] = {}
    for i, text in enumerate(lines):
        entities[f"org-{i}"] = {
            "name": text, "short_name": text[:60], "type": "company", "description":
            f"{text}\n\n{text}", "url": url(i),
        }
        entities[f"law-{i}"] = {
            "name": f"Law {text}", "type": "law", "description": text, "url": url(i + 1),
            "legal": {"oj": text, "version": text, "articles": [s[:40] for s in shorts[:3]],
                      "eli": url(i + 2), "celex": "32024R1689"},
            "part_of": f"org-{i}",
        }
        threads[f"thread-{i}"] = {
            "title": text, "introduction": _md(f"{text}\n\n- {text}\n\n{text}"),
        }
    ids = [f"2024-0{1 + i % 9}-1{i % 10}-hostile-{i}" for i in range(n)]
    for i, (event_id, text) in enumerate(zip(ids, lines)):
        source = {
            "url": url(i), "title": text, "publisher": text, "kind": "press", "language": "en",
            "via": text, "quote": text, "note": text, "archive_url": url(i + 3),
            "published": "2024-01-01",
        }
        event = {
            "title": text, "date": event_id[:10], "kind": "funding-round",
            "threads": [f"thread-{i}", f"thread-{(i + 1) % n}"],
            "participants": [{"entity": f"org-{i}", "role": shorts[(i + k) % len(shorts)]}
                             for k in range(3)]
                            + [{"entity": f"law-{i}", "role": shorts[(i + 3) % len(shorts)]}],
            "summary": _md(f"{text} [1]\n\n{text} [2]\n\n- {text} [1]"),
            "sources": [source, {**source, "url": f"https://example.org/second/{i}",
                                 "title": f"Second {text}"[:300]}],
            "money": {"amount": 1_000_000 + i, "currency": "EUR", "note": text,
                      "investors": [f"org-{(i + 1) % n}"], "lead_investors": [f"org-{i}"],
                      "raised_by": f"org-{(i + 2) % n}",
                      "valuation": {"amount": 5_000_000, "currency": "EUR"}},
            "votes": [{"body": text, "for": 1, "against": 2, "abstentions": 3}],
            "legal": {"oj": text, "version": text, "articles": [s[:40] for s in shorts[-3:]],
                      "celex": "32024R1689", "procedure": "2021/0106(COD)", "eli": url(i + 4)},
            "licence": text, "weights": "open",
            "disagreements": [{"field": shorts[i % len(shorts)], "note": text,
                               "values": [{"value": text, "cite": [1]},
                                          {"value": f"Other {text}"[:300], "cite": [2]}]}],
            "verification": "partial", "caveat": text,
        }
        if i > 0:
            event["relations"] = [{"type": "follows", "event": ids[i - 1], "note": text}]
        files[f"2024/{event_id}.yaml"] = dump(event)
    # a moved deadline (calendar, schedule history) carrying payloads too
    files["2099/2099-01-01-hostile-deadline.yaml"] = dump({
        "title": lines[0], "date": "2099-01-01", "kind": "application-date",
        "status": "rescheduled", "last_verified": "2026-11-20", "threads": ["thread-0"],
        "schedule_history": [{"was": "2098-01-01", "changed_by": ids[0], "note": lines[-1],
                              "cite": [1]}],
        "summary": _md(f"{lines[-1]} [1]"),
        "sources": [{"url": url(0), "title": lines[0], "publisher": lines[0], "kind": "press",
                     "language": "en", "published": "2024-01-01"}],
    })
    files["entities.yaml"] = dump(entities)
    files["threads.yaml"] = dump(threads)
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("xss") / "project", records=hostile_records())
    site, _ = build_site(root, site_dir=root / "site")
    return site


PROBE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.localName.includes('zzpayload')) found.push('element ' + el.localName);
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(el.localName + '[' + a.name + ']');
      if (/^(href|src|action|formaction|data)$/.test(a.name)
          && /^\\s*(javascript|vbscript|data):/i.test(a.value)) found.push(el.localName + ' ' + a.name + '=' + a.value);
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, base, meta[http-equiv]'))
    found.push('element ' + el.localName);
  return {found, title: document.title, flag: window.zzflag === undefined ? null : String(window.zzflag)};
}"""


def test_records_cannot_run_script_on_any_page(hostile_site, serve_dir, page, tracker):
    base = serve_dir(hostile_site)
    marker_requests: list[str] = []
    messages: list[str] = []
    page.on("request", lambda r: marker_requests.append(r.url) if "zzmarker" in r.url else None)
    page.on("console", lambda m: messages.append(m.text))

    # 404.html is served by a host for missing URLs; its links assume the site's own path
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html")
                   if p.name != "404.html")
    kinds = ("index.html", "timeline/index.html", "timeline/2024/index.html",
             "sources/index.html", "data/index.html", "interactive/index.html",
             "threads/index.html", "entities/index.html")
    for must in kinds:
        assert must in pages, must
    assert sum(p.startswith("events/") for p in pages) >= 5
    assert sum(p.startswith("entities/") for p in pages) >= 5
    assert sum(p.startswith("threads/") for p in pages) >= 3

    failures: list[str] = []
    for rel in pages:
        url = f"{base}/{rel[:-len('index.html')] if rel.endswith('index.html') else rel}"
        tracker.clear()
        messages.clear()
        page.goto(url, wait_until="load")
        try:
            if rel.startswith("interactive/"):
                # TimelineJS fetches the data and builds slides from it: let it render them
                page.wait_for_function("document.querySelectorAll('.tl-slide').length > 3",
                                       timeout=15_000)
            page.wait_for_timeout(150)  # onerror/onload/ontoggle handlers fire after load
            result = page.evaluate(PROBE)
        except PlaywrightError as exc:  # e.g. an injected <meta refresh> navigated away
            failures.append(f"{rel}: the page did not stay put: {str(exc).splitlines()[0]};"
                            f" now at {page.url}; {tracker.problems()[:5]}")
            continue
        problems = list(result["found"])
        if FIRED in result["title"]:
            problems.append(f"document.title = {result['title']!r}")
        if result["flag"] is not None:
            problems.append(f"window.zzflag = {result['flag']}")
        problems += [f"console: {m}" for m in messages if FIRED in m or "zzmarker" in m]
        problems += tracker.problems(allow_http_errors=False)
        if problems:
            failures.append(f"{rel}: " + "; ".join(problems[:8]))
    assert not marker_requests, marker_requests
    assert not failures, f"{len(failures)} of {len(pages)} pages:\n" + "\n".join(failures[:30])


def test_the_payloads_are_shown_as_text(hostile_site, serve_dir, page):
    """Escaping, not deletion: a reader sees what the record says."""
    base = serve_dir(hostile_site)
    page.goto(f"{base}/events/2024-01-10-hostile-0/", wait_until="load")
    text = page.inner_text("body")
    assert "<script>alert('ZZ'+'FIRED')</script>" in text
    assert "<zzpayload" in text
    assert FIRED not in page.title()
