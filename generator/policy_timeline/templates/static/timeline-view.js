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
    var view = new window.TL.Timeline(stage, data, {
      script_path: scriptPath,
      font: null,
      theme: null,
      /* the page's language: TimelineJS reads its words and date formats from the
         vendored locale/<code>.json (English is built in) */
      language: host.getAttribute("data-language") || "en",
      ga_measurement_id: null,
      ga_property_id: null,
      track_events: [],
      soundcite: false,
      hash_bookmark: false,
      is_embed: false,
      /* A taller band of lanes, and wider markers: the thread labels and the headlines
         in the markers stay readable (TimelineJS's defaults are 25 % and 100 px). */
      timenav_height_percentage: 42,
      timenav_mobile_height_percentage: 50,
      timenav_height_min: 250,
      marker_width_min: 150,
      optimal_tick_width: 80,
      /* Four screen widths for the whole axis (TimelineJS: 2), so the busy years of the
         records are spread enough for markers to show words, not just a first letter. */
      scale_factor: 4
    });
    window.policyTimelineView = view;
    /* The "previous" and "next" buttons get an aria-label made of the slide's headline as
       HTML ("Ban on AI &#x27;nudifier&#x27; tools"), which no longer matches the words
       they show: decode it (a textarea parses entities, never tags). */
    function fixNavLabels() {
      var decoder = document.createElement("textarea");
      var navs = stage.querySelectorAll(".tl-slidenav-previous, .tl-slidenav-next");
      for (var i = 0; i < navs.length; i += 1) {
        var label = navs[i].getAttribute("aria-label");
        if (label && label.indexOf("&") !== -1) {
          decoder.innerHTML = label;
          if (decoder.value !== label) {  /* a decoded "&" stays: no endless rewrite */
            navs[i].setAttribute("aria-label", decoder.value);
          }
        }
      }
    }
    /* TimelineJS rewrites the labels after each slide's animation, at no fixed time: decode
       them as soon as they change (an observer runs before anything else reads them). */
    if (window.MutationObserver) {
      new MutationObserver(fixNavLabels).observe(stage, {
        subtree: true, attributes: true, attributeFilter: ["aria-label"]});
    }
    view.on("change", function () { window.setTimeout(fixNavLabels, 0); });
    /* data-ready="true": the view is drawn at its first event (tests wait for it) */
    view.on("loaded", function () {
      window.setTimeout(function () {
        fixNavLabels();
        host.setAttribute("data-ready", "true");
      }, 0);
    });
    /* Open at the latest event to date, not at the title slide before the oldest one.
       "loaded" fires just before TimelineJS goes to `start_at_slide`: set it there, from
       the order TimelineJS sorted the events into (the title slide is number 0). */
    var startId = host.getAttribute("data-start");
    if (startId) {
      view.on("loaded", function (config) {
        var events = (config && config.events) || [];
        for (var i = 0; i < events.length; i += 1) {
          if (events[i].unique_id === startId) {
            view.options.start_at_slide = config.title ? i + 1 : i;
            break;
          }
        }
      });
    }
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
