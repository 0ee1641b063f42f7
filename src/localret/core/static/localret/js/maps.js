/* Localret maps: ECharts choropleth from boundary GeoJSON when available, otherwise points at
   the municipal seats. Reused by every app: give a container with data-map-source (JSON with
   {mode, as_of?, items:[{code, name, lat, lon, band, band_label, value?, as_of?}],
   bands:[{code,label}]}), data-value-label (the legend's title: the unit or what the classes
   measure) and, optionally, data-boundaries (GeoJSON whose features have property ine5).
   The band "none" ("no data", "no effort") is pale grey, never a colour of the scale. Tooltips
   give the municipality, its value in the page's locale and the as-of date, all escaped
   (Localret.lines in format.js). */
(function () {
  "use strict";
  var PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"];
  var NO_DATA = "#ececec";
  var NO_DATA_BORDER = "#b8b8b8";

  function load(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  /* Pieces of the legend: the classes in scale colours, "none" in pale grey at the end. */
  function legendPieces(bands) {
    var scale = bands.filter(function (b) { return b.code !== "none"; });
    var pieces = [];
    bands.forEach(function (b, i) {
      var colour = b.code === "none" ? NO_DATA
        : PALETTE[Math.min(PALETTE.length - 1, Math.round(scale.indexOf(b) *
          (PALETTE.length - 1) / Math.max(1, scale.length - 1)))];
      pieces.push({ value: i, label: b.label, color: colour });
    });
    return pieces.sort(function (a, b) {
      return (a.color === NO_DATA) - (b.color === NO_DATA);
    });
  }

  /* The tooltip of one municipality (raw data in, escaped HTML out). */
  function tooltipHtml(d, valueLabel, asOf) {
    var value = Localret.isNumber(d.raw) ? Localret.number(d.raw) : d.band_label;
    return Localret.lines([
      d.label || "",
      [valueLabel, value || Localret.text("noData", "-")],
      [Localret.text("asOf"), Localret.date(d.as_of || asOf)]
    ]);
  }

  function categoryMap(el) {
    var chart = echarts.init(el);
    var src = el.dataset.mapSource;
    var boundaries = el.dataset.boundaries;
    var valueLabel = el.dataset.valueLabel || "";
    Promise.all([load(src), boundaries ? load(boundaries) : Promise.resolve(null)]).then(function (res) {
      var data = res[0], geo = res[1];
      var bands = data.bands || [];
      var index = {};
      bands.forEach(function (b, i) { index[b.code] = i; });
      var visualMap = { type: "piecewise", pieces: legendPieces(bands), dimension: 2, left: "left",
        bottom: 10, text: [valueLabel, ""], textStyle: { color: "#1b1b1b" },
        itemStyle: { borderColor: NO_DATA_BORDER } };
      var tooltip = { trigger: "item", formatter: function (p) {
        return tooltipHtml(p.data || { label: p.name }, valueLabel, data.as_of);
      } };
      function item(m) {
        return { label: m.name, band_label: m.band_label, raw: m.value, as_of: m.as_of };
      }
      if (geo && data.mode === "choropleth") {
        echarts.registerMap("catalunya-municipis", geo);
        var items = data.items.map(function (m) {
          var it = item(m);
          it.name = m.code.substring(0, 5);
          it.value = index[m.band];
          return it;
        });
        visualMap.dimension = undefined;
        chart.setOption({
          tooltip: tooltip, visualMap: visualMap,
          series: [{ type: "map", map: "catalunya-municipis", nameProperty: "ine5", roam: true,
                     itemStyle: { areaColor: NO_DATA, borderColor: NO_DATA_BORDER },
                     data: items, emphasis: { label: { show: false } } }]
        });
      } else {
        var points = data.items.filter(function (m) { return m.lat !== null; }).map(function (m) {
          var it = item(m);
          it.value = [m.lon, m.lat, index[m.band]];
          return it;
        });
        chart.setOption({
          tooltip: tooltip, visualMap: visualMap,
          xAxis: { type: "value", min: 0.1, max: 3.4, show: false },
          yAxis: { type: "value", min: 40.5, max: 42.9, show: false },
          series: [{ type: "scatter", symbolSize: 5, data: points }]
        });
      }
      el.setAttribute("data-ready", "true");
    }).catch(function (err) {
      el.textContent = String(err);
    });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  /* Pages name their map with data-localret-map instead of an inline script. */
  function autoInit() {
    document.querySelectorAll("[data-localret-map]").forEach(function (el) {
      if (!el.getAttribute("data-map-started")) {
        el.setAttribute("data-map-started", "true");
        categoryMap(el);
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", autoInit); }
  else { autoInit(); }

  window.LocalretMaps = { categoryMap: categoryMap, load: load, PALETTE: PALETTE, NO_DATA: NO_DATA,
    tooltipHtml: tooltipHtml };
})();
