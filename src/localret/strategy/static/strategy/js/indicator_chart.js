/* Indicator chart: measurements, baseline, target, milestones and forecast band (ECharts).
   Numbers and dates in the page's locale, the tooltip built from escaped text (core format.js). */
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("indicator-chart");
    var src = document.getElementById("chart-data");
    if (el && src && window.echarts) {
      var d = JSON.parse(src.textContent);
      var L = d.labels;
      var series = [
        { name: L.measured, type: "line", data: d.series, symbolSize: 6, z: 3 },
        { name: L.milestones, type: "scatter", data: d.milestones, symbol: "diamond", symbolSize: 10 },
        { name: L.baseline, type: "scatter", data: d.baseline[1] === null ? [] : [d.baseline], symbol: "circle", symbolSize: 10 },
        { name: L.target, type: "scatter", data: d.target[1] === null ? [] : [d.target], symbol: "pin", symbolSize: 18 }
      ];
      if (d.forecast) {
        var f = d.forecast;
        series.push({ name: L.forecast, type: "line", data: [f.from, f.to], lineStyle: { type: "dashed" }, symbol: "none" });
        // Band: from the last measurement (no width) to [low, high] at the target date.
        series.push({ name: L.band, type: "line", data: [f.from, [f.to[0], f.low]], lineStyle: { opacity: 0 }, symbol: "none", stack: "band" });
        series.push({ name: L.band, type: "line", data: [[f.from[0], 0], [f.to[0], f.high - f.low]], lineStyle: { opacity: 0 }, symbol: "none", stack: "band", areaStyle: { color: "rgba(11,79,138,0.18)" } });
      }
      var chart = echarts.init(el);
      chart.setOption({
        tooltip: { trigger: "axis", formatter: function (params) {
          var rows = [Localret.date(String(params[0].value[0]).substring(0, 10))];
          params.forEach(function (p) {
            if (p.seriesName === L.band) { return; }
            rows.push([p.seriesName, Localret.withUnit(p.value[1], d.unit)]);
          });
          return Localret.lines(rows);
        } },
        legend: { top: 0 },
        grid: { left: 60, right: 20, top: 40, bottom: 40 },
        xAxis: { type: "time", axisLabel: { formatter: Localret.month } },
        yAxis: { type: "value", scale: true, axisLabel: { formatter: Localret.axisNumber } },
        series: series
      });
      el.setAttribute("data-ready", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    }
    var map = document.getElementById("indicator-map");
    if (map && window.LocalretMaps) { LocalretMaps.categoryMap(map); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
