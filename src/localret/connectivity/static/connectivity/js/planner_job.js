/* Localret: a planner run's page follows the run. While it is queued or running, it asks the
   status URL (data-status-url, JSON with labels and figures already in the page's language)
   every second and writes what it gets into the page as text: [data-job-field] and
   [data-job-figure] elements get textContent, the <progress> its value, [data-job-show]
   blocks are shown or hidden by status. When the run is done it opens the scenario.
   No inline script, no HTML built from data. */
(function () {
  "use strict";
  var root = document.getElementById("planner-job");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var ACTIVE = { queued: true, running: true };
  if (!ACTIVE[root.getAttribute("data-status")]) { return; }  // finished: the page says it all

  function setText(selector, value) {
    var nodes = root.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) { nodes[i].textContent = value === null || value === undefined ? "" : String(value); }
  }

  function show(state) {
    var blocks = root.querySelectorAll("[data-job-show]");
    for (var i = 0; i < blocks.length; i++) {
      var when = blocks[i].getAttribute("data-job-show");
      var visible = when === state.status || (when === "active" && state.active);
      blocks[i].hidden = !visible;
    }
  }

  function render(state) {
    root.setAttribute("data-status", state.status);
    ["status_label", "stage_label", "progress_text", "message", "error"].forEach(function (key) {
      setText("[data-job-field=\"" + key + "\"]", state[key]);
    });
    var figures = state.figures || {};
    Object.keys(figures).forEach(function (key) {
      if (/^[a-z_]+$/.test(key)) { setText("[data-job-figure=\"" + key + "\"]", figures[key]); }
    });
    var bar = document.getElementById("planner-progress");
    if (bar) { bar.value = Number(state.progress) || 0; bar.textContent = state.progress_text || ""; }
    var link = document.getElementById("planner-result");
    if (link && state.result_url && state.result_url.charAt(0) === "/") { link.setAttribute("href", state.result_url); }
    show(state);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        render(state);
        if (state.active) {
          window.setTimeout(poll, 1000);
        } else if (state.status === "done" && state.result_url && state.result_url.charAt(0) === "/") {
          window.location.assign(state.result_url);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });  // a hiccup: try again, slower
  }

  window.setTimeout(poll, 500);
})();
