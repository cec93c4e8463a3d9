/* News Digest: start Pagefind's search UI on the search page.

   A file of its own (no inline script) so the Content-Security-Policy can be
   script-src 'self'. Everything it needs comes from data- attributes on #search:
     data-base-url  the site's root URL (SITEURL + "/"; may be a sub-path on GitHub Pages)
     data-label     the visible label of the search box
   The index is written after the pages are rendered, so whether it exists is only
   known here: Pagefind's pagefind-ui.js (loaded before this file) defines PagefindUI
   only when the build wrote pagefind/. Without it the page says so. */
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("search");
    if (!box) {
      return;
    }
    if (typeof window.PagefindUI === "undefined") {
      var missing = document.querySelector(".search-missing");
      if (missing) {
        missing.hidden = false;
      }
      return;
    }
    // Result links are relative to the site root, which may be a sub-path (GitHub project pages).
    var base = new URL(box.getAttribute("data-base-url") || "/", window.location.href).pathname;
    // The index is split into shards (pagefind/shards.json lists them; the first is the bundle
    // this UI came from): Pagefind merges the others into every search.
    fetch(base + "pagefind/shards.json")
      .then(function (response) { return response.ok ? response.json() : { shards: [] }; })
      .catch(function () { return { shards: [] }; })
      .then(function (manifest) {
        var merge = (manifest.shards || []).filter(function (s) { return s.path; }).map(function (s) {
          return { bundlePath: base + "pagefind/" + s.path, baseUrl: base };
        });
        ready(box, base, merge);
      });
  }

  function ready(box, base, merge) {
    var ui = new window.PagefindUI({
      element: box,
      baseUrl: base,
      mergeIndex: merge,
      showSubResults: true,
      showImages: false,
      resetStyles: false
    });
    // Pagefind's box has only a placeholder and a title: give it a real, visible label.
    var input = box.querySelector("input.pagefind-ui__search-input");
    if (input && !input.id) {
      input.id = "search-page-q";
      var label = document.createElement("label");
      label.className = "search-label";
      label.htmlFor = input.id;
      label.textContent = box.getAttribute("data-label") || "Search the stories";
      box.parentNode.insertBefore(label, box);  // outside the part Pagefind's UI manages
    }
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      ui.triggerSearch(q);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
