/* Localret maps: ECharts choropleth from boundary GeoJSON when available, otherwise points at
   the municipal seats. Reused by every app: give a container with data-map-source (JSON with
   {mode, items:[{code, name, lat, lon, band|value, band_label}] , bands:[{code,label}]}) and,
   optionally, data-boundaries (GeoJSON whose features have property ine5). */
(function () {
  "use strict";
  var PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"];

  function load(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
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
      var pieces = bands.map(function (b, i) {
        return { value: i, label: b.label, color: PALETTE[i % PALETTE.length] };
      });
      var visualMap = { type: "piecewise", pieces: pieces, dimension: 2, left: "left", bottom: 10 };
      var tooltip = { trigger: "item", formatter: function (p) {
        var d = p.data || {};
        return (d.label || p.name) + (d.band_label ? "<br>" + valueLabel + ": " + d.band_label : "");
      } };
      if (geo && data.mode === "choropleth") {
        echarts.registerMap("catalunya-municipis", geo);
        var items = data.items.map(function (m) {
          return { name: m.code.substring(0, 5), value: index[m.band], label: m.name, band_label: m.band_label };
        });
        visualMap.dimension = undefined;
        chart.setOption({
          tooltip: tooltip, visualMap: visualMap,
          series: [{ type: "map", map: "catalunya-municipis", nameProperty: "ine5", roam: true,
                     data: items, emphasis: { label: { show: false } } }]
        });
      } else {
        var points = data.items.filter(function (m) { return m.lat !== null; }).map(function (m) {
          return { value: [m.lon, m.lat, index[m.band]], label: m.name, band_label: m.band_label };
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

  window.LocalretMaps = { categoryMap: categoryMap, load: load, PALETTE: PALETTE };
})();
