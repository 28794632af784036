/* policy-timeline: filters for the timeline and year pages.
 *
 * The page lists every event as <li data-threads data-kind data-entities> inside
 * <ol data-pt-list> lists, under year and month headings. Without JavaScript the whole
 * list shows and the filter form stays hidden (no dead controls). This script reveals the
 * form, hides the events that do not match, hides headings left with nothing under them,
 * says how many events show, and keeps the choice in the URL query
 * (?thread=...&kind=...&entity=...) so a filtered view can be shared.
 * No dependencies; works with Material's instant navigation (document$) and without it.
 */
(function () {
  "use strict";

  var FIELDS = { thread: "data-threads", kind: "data-kind", entity: "data-entities" };

  function words(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  function isHeading(el) {
    return el && /^H[1-6]$/.test(el.tagName);
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

    function chosen() {
      var out = {};
      Object.keys(FIELDS).forEach(function (name) {
        var select = form.elements[name];
        if (select && select.value) out[name] = select.value;
      });
      return out;
    }

    function fromUrl() {
      var query = new URLSearchParams(window.location.search);
      Object.keys(FIELDS).forEach(function (name) {
        var select = form.elements[name];
        var value = query.get(name) || "";
        if (!select) return;
        var known = Array.prototype.some.call(select.options, function (o) {
          return o.value === value;
        });
        select.value = known ? value : "";
      });
    }

    function toUrl(filters) {
      var query = new URLSearchParams(window.location.search);
      Object.keys(FIELDS).forEach(function (name) {
        if (filters[name]) query.set(name, filters[name]);
        else query.delete(name);
      });
      var search = query.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function apply(updateUrl) {
      var filters = chosen();
      var names = Object.keys(filters);
      var shown = 0;
      items.forEach(function (li) {
        var ok = names.every(function (name) {
          return words(li.getAttribute(FIELDS[name])).indexOf(filters[name]) !== -1;
        });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      // A list with nothing left hides with the heading just above it (the month).
      lists.forEach(function (ol) {
        var any = Array.prototype.some.call(ol.children, function (li) { return !li.hidden; });
        ol.hidden = !any;
        var heading = ol.previousElementSibling;
        if (isHeading(heading)) heading.hidden = !any;
      });
      // A year heading hides when every month list under it is hidden.
      var content = lists.length ? lists[0].parentElement : null;
      if (content) {
        var headings = Array.prototype.filter.call(content.children, function (el) {
          return el.tagName === "H2";
        });
        headings.forEach(function (h2) {
          var el = h2.nextElementSibling;
          var sawList = false;
          var any = false;
          while (el && el.tagName !== "H2") {
            if (el.hasAttribute("data-pt-list")) {
              sawList = true;
              if (!el.hidden) any = true;
            }
            el = el.nextElementSibling;
          }
          if (sawList) h2.hidden = !any;
        });
      }
      if (count) {
        count.hidden = false;
        count.textContent = names.length
          ? "Showing " + shown + " of " + items.length + " events."
          : "Showing all " + items.length + " events.";
      }
      if (updateUrl) toUrl(filters);
    }

    form.addEventListener("change", function () { apply(true); });
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
