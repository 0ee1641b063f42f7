/* Page start-up without inline script (the Content-Security-Policy allows scripts only from
   static files, docs/security.md). Templates mark elements with data-init:
   - data-init="category-map": LocalretMaps.categoryMap(element) (core/js/maps.js);
   - data-init="maturity-radar": LocalretMaturity.radar(element, data) where data is the JSON of
     the <script type="application/json"> whose id is in data-radar-data (json_script);
   - data-init="focus-after-swap": after an HTMX swap into the element, focus its
     [data-focus] descendant (the moved item's button was replaced). */
(function () {
  "use strict";

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function start() {
    each('[data-init~="category-map"]', function (el) {
      if (window.LocalretMaps) { window.LocalretMaps.categoryMap(el); }
    });
    each('[data-init~="maturity-radar"]', function (el) {
      var source = document.getElementById(el.dataset.radarData || "");
      if (window.LocalretMaturity && source) {
        window.LocalretMaturity.radar(el, JSON.parse(source.textContent));
      }
    });
    each('[data-init~="focus-after-swap"]', function (el) {
      document.body.addEventListener("htmx:afterSwap", function (event) {
        if (event.detail.target !== el) { return; }
        var target = el.querySelector("[data-focus]");
        if (target) { target.focus(); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
