/* Connectivity: numeric-value choropleth (0-100 %) with ECharts; numbers in the page's locale
   and tooltips escaped through Localret (core format.js). Uses the municipal boundaries
   (features with property ine5) when the container has data-boundaries, otherwise points at
   the municipal seats. data-map-source: JSON {mode, items:[{code, name, lat, lon, value}]}. */
(function () {
  "use strict";
  function valueMap(el) {
    var chart = echarts.init(el);
    var unit = el.dataset.unit || "%";
    var label = el.dataset.valueLabel || "";
    var noData = el.dataset.noData || "-";
    var sources = [LocalretMaps.load(el.dataset.mapSource)];
    if (el.dataset.boundaries) { sources.push(LocalretMaps.load(el.dataset.boundaries)); }
    Promise.all(sources).then(function (res) {
      var data = res[0], geo = res[1] || null;
      var visualMap = { type: "continuous", min: 0, max: 100, calculable: false, left: "left",
        bottom: 10, text: [Localret.withUnit(100, unit), Localret.withUnit(0, unit)],
        inRange: { color: ["#b2182b", "#f4a582", "#fddbc7", "#d1e5f0", "#4393c3", "#08306b"] } };
      // Municipalities without data stay pale grey (the series' areaColor), outside the scale.
      var tooltip = { trigger: "item", formatter: function (p) {
        var d = p.data || {};
        var v = Localret.isNumber(d.raw) ? Localret.withUnit(d.raw, unit) : noData;
        return Localret.lines([d.label || p.name || "", [label, v],
          [Localret.text("asOf"), Localret.date(d.as_of || data.as_of)]]);
      } };
      if (geo) {
        echarts.registerMap("conn-municipis", geo);
        chart.setOption({ tooltip: tooltip, visualMap: visualMap,
          series: [{ type: "map", map: "conn-municipis", nameProperty: "ine5", roam: true,
            itemStyle: { areaColor: LocalretMaps.NO_DATA, borderColor: "#b8b8b8" }, emphasis: { label: { show: false } },
            data: data.items.filter(function (m) { return m.value !== null; }).map(function (m) {
              return { name: m.code.substring(0, 5), value: m.value, raw: m.value, label: m.name, as_of: m.as_of };
            }) }] });
      } else {
        visualMap.dimension = 2;
        chart.setOption({ tooltip: tooltip, visualMap: visualMap,
          xAxis: { type: "value", min: 0.1, max: 3.4, show: false },
          yAxis: { type: "value", min: 40.5, max: 42.9, show: false },
          series: [{ type: "scatter", symbolSize: 6,
            data: data.items.filter(function (m) { return m.lat !== null && m.value !== null; })
              .map(function (m) { return { value: [m.lon, m.lat, m.value], raw: m.value, label: m.name, as_of: m.as_of }; }) }] });
      }
      el.setAttribute("data-ready", "true");
    }).catch(function (err) { el.textContent = String(err); });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }
  function lineChart(el) {
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var chart = echarts.init(el);
    chart.setOption({ tooltip: { trigger: "axis", valueFormatter: Localret.tooltipNumber }, legend: {},
      xAxis: { type: "category", data: data.x, name: data.xLabel || "",
        axisLabel: data.xNumber ? { formatter: Localret.axisNumber } : {} },
      yAxis: { type: "value", name: data.yLabel || "", axisLabel: { formatter: Localret.axisNumber } },
      series: data.series.map(function (s) { return { name: s.name, type: "line", data: s.data }; }) });
    el.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  /* A scenario's selection by comarca: each comarca coloured by its share of the budget (%),
     comarques with nothing selected pale grey. data-source: the id of a JSON script
     {items: [{code, name, value, lines: [[label, text], ...]}]} whose texts the server has
     already formatted; data-boundaries: the comarca boundaries (feature property "id"). */
  function selectionMap(el) {
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var chart = echarts.init(el);
    var max = Math.max.apply(null, data.items.map(function (m) { return m.value; }).concat([1]));
    LocalretMaps.load(el.dataset.boundaries).then(function (geo) {
      echarts.registerMap("conn-comarques", geo);
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          var d = p.data || {};
          return Localret.lines([d.label || p.name || ""].concat(d.lines || [[el.dataset.noData || "", ""]]));
        } },
        visualMap: { type: "continuous", min: 0, max: max, calculable: false, left: "left", bottom: 10,
          text: [Localret.withUnit(max, "%"), Localret.withUnit(0, "%")],
          inRange: { color: ["#d1e5f0", "#4393c3", "#08306b"] } },
        series: [{ type: "map", map: "conn-comarques", nameProperty: "id", roam: true,
          itemStyle: { areaColor: LocalretMaps.NO_DATA, borderColor: "#b8b8b8" },
          emphasis: { label: { show: false } },
          data: data.items.map(function (m) {
            return { name: m.code, value: m.value, label: m.name, lines: m.lines };
          }) }] });
      el.setAttribute("data-ready", "true");
    }).catch(function (err) { el.textContent = String(err); });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  window.ConnectivityCharts = { valueMap: valueMap, lineChart: lineChart, selectionMap: selectionMap };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-conn-selection-map]").forEach(selectionMap);
    document.querySelectorAll("[data-conn-map]").forEach(valueMap);
    document.querySelectorAll("[data-conn-line]").forEach(lineChart);
  });
})();
