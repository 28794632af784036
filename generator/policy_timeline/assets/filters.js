/* policy-timeline: filters for the event lists of the timeline, year, thread and entity pages.
 *
 * The page lists every event as <li data-threads data-kind data-entities data-from data-to>
 * inside <ol data-pt-list> lists, under headings. Without JavaScript the whole list shows and
 * the filter form stays hidden (no dead controls). This script reveals the form, hides the
 * events that do not match every choice (thread, kind, who, and a date range: an event shows
 * when the days it may cover meet the range), hides headings left with nothing under them,
 * says how many events show in a polite live region (the sentences come from the page, so
 * they are translated with it), and keeps the choice in the URL query
 * (?thread=...&kind=...&entity=...&from=YYYY-MM-DD&to=YYYY-MM-DD) so a filtered view can be
 * shared and survives a reload.
 * No dependencies; works with Material's instant navigation (document$) and without it.
 */
(function () {
  "use strict";

  var WORDS = { thread: "data-threads", kind: "data-kind", entity: "data-entities" };
  var NAMES = ["thread", "kind", "entity", "from", "to"];
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  function words(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  function isHeading(el) {
    return el && /^H[1-6]$/.test(el.tagName);
  }

  function say(template, shown, total) {
    return (template || "").replace("{shown}", shown).replace("{total}", total);
  }

  function setup() {
    var form = document.querySelector("form[data-pt-filters]");
    if (!form || form.getAttribute("data-pt-ready")) return;
    form.setAttribute("data-pt-ready", "1");
    var lists = Array.prototype.slice.call(document.querySelectorAll("ol[data-pt-list]"));
    var items = [];
    lists.forEach(function (ol) {
      items = items.concat(Array.prototype.slice.call(ol.children));
    });
    var count = document.querySelector("[data-pt-count]");

    function field(name) {
      var el = form.elements[name];
      return el && el.tagName ? el : null;
    }

    function chosen() {
      var out = {};
      NAMES.forEach(function (name) {
        var el = field(name);
        if (el && el.value && (WORDS[name] || DAY.test(el.value))) out[name] = el.value;
      });
      return out;
    }

    function fromUrl() {
      var query = new URLSearchParams(window.location.search);
      NAMES.forEach(function (name) {
        var el = field(name);
        if (!el) return;
        var value = query.get(name) || "";
        if (el.tagName === "SELECT") {
          var known = Array.prototype.some.call(el.options, function (o) {
            return o.value === value;
          });
          el.value = known ? value : "";
        } else {
          el.value = DAY.test(value) ? value : "";
        }
      });
    }

    function toUrl(filters) {
      var query = new URLSearchParams(window.location.search);
      NAMES.forEach(function (name) {
        if (filters[name]) query.set(name, filters[name]);
        else query.delete(name);
      });
      var search = query.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    function matches(li, filters) {
      for (var name in WORDS) {
        if (filters[name] && words(li.getAttribute(WORDS[name])).indexOf(filters[name]) === -1) {
          return false;
        }
      }
      // ISO days compare as strings; an event meets the range when its span overlaps it.
      if (filters.from && (li.getAttribute("data-to") || "") < filters.from) return false;
      if (filters.to && (li.getAttribute("data-from") || "") > filters.to) return false;
      return true;
    }

    function apply(updateUrl) {
      var filters = chosen();
      var any = Object.keys(filters).length > 0;
      var shown = 0;
      items.forEach(function (li) {
        var ok = matches(li, filters);
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      // A list with nothing left hides with the heading just above it (month or year).
      lists.forEach(function (ol) {
        var some = Array.prototype.some.call(ol.children, function (li) { return !li.hidden; });
        ol.hidden = !some;
        var heading = ol.previousElementSibling;
        if (isHeading(heading)) heading.hidden = !some;
      });
      // A year heading (h2) hides when every list under it is hidden; not the heading of the
      // section that holds the form itself.
      var content = lists.length ? lists[0].parentElement : null;
      if (content) {
        Array.prototype.filter.call(content.children, function (el) {
          return el.tagName === "H2";
        }).forEach(function (h2) {
          var el = h2.nextElementSibling;
          var sawList = false;
          var some = false;
          while (el && el.tagName !== "H2") {
            if (el === form) return;
            if (el.hasAttribute("data-pt-list")) {
              sawList = true;
              if (!el.hidden) some = true;
            }
            el = el.nextElementSibling;
          }
          if (sawList) h2.hidden = !some;
        });
      }
      if (count) {
        count.hidden = false;
        var template = !any ? count.getAttribute("data-all")
          : shown ? count.getAttribute("data-some") : count.getAttribute("data-none");
        var text = say(template, shown, items.length);
        if (count.textContent !== text) count.textContent = text;
      }
      if (updateUrl) toUrl(filters);
    }

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(true); }, 0);
    });
    fromUrl();
    form.hidden = false;
    apply(false);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
