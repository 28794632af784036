/* policy-timeline: start TimelineJS from the site's own copy. Nothing is loaded from
   another host: no CDN script path, no web fonts, no theme, built-in English, no
   analytics. Without TimelineJS the page keeps its message and its link to the plain
   timeline. */
(function () {
  "use strict";

  function start() {
    var host = document.getElementById("policy-timeline-interactive");
    if (!host || host.getAttribute("data-started") === "true") {
      return;
    }
    var fallback = document.getElementById("policy-timeline-interactive-fallback");
    if (typeof window.TL === "undefined" || typeof window.TL.Timeline !== "function") {
      if (fallback) {
        fallback.hidden = false;
      }
      return;
    }
    host.setAttribute("data-started", "true");
    var base = document.baseURI;
    var data = new URL(host.getAttribute("data-timeline"), base).href;
    var scriptPath = new URL(host.getAttribute("data-script-path"), base).href;
    var stage = document.createElement("div");
    stage.className = "policy-timeline-interactive-stage";
    stage.style.height = "100%";
    stage.style.width = "100%";
    host.appendChild(stage);
    if (fallback) {
      fallback.hidden = true;
    }
    window.policyTimelineView = new window.TL.Timeline(stage, data, {
      script_path: scriptPath,
      font: null,
      theme: null,
      language: "en",
      ga_measurement_id: null,
      ga_property_id: null,
      track_events: [],
      soundcite: false,
      hash_bookmark: false,
      is_embed: false
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  /* Material for MkDocs' instant navigation swaps pages without reloading. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  }
})();
