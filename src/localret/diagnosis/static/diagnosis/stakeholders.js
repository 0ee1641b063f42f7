/* Stakeholder map: interest (x) against influence (y), one point per stakeholder. Names are
   data: the labels are canvas text (never HTML) and the tooltip escapes them (core format.js). */
(function () {
  "use strict";
  var el = document.getElementById("stakeholder-chart");
  var dataEl = document.getElementById("stakeholder-data");
  if (!el || !dataEl || typeof echarts === "undefined") { return; }
  var rows = JSON.parse(dataEl.textContent);
  var colours = { internal: "#1f5f99", external: "#a34400" };
  var series = ["internal", "external"].map(function (scope) {
    return {
      name: el.dataset[scope + "Label"] || scope,
      type: "scatter",
      symbolSize: 16,
      itemStyle: { color: colours[scope] },
      // Canvas text: shown as written; "{" and "}" would start ECharts rich-text markup.
      label: { show: true, position: "right", color: "#222", formatter: function (p) {
        return String(p.data[2]).replace(/[{}]/g, "");
      } },
      data: rows.filter(function (r) { return r.scope === scope; }).map(function (r) {
        return [r.interest, r.influence, r.name];
      })
    };
  });
  var chart = echarts.init(el);
  chart.setOption({
    aria: { enabled: true },
    tooltip: { formatter: function (p) {
      return Localret.lines([p.data[2], [el.dataset.xLabel, Localret.number(p.data[0])],
        [el.dataset.yLabel, Localret.number(p.data[1])]]);
    } },
    legend: { top: 0 },
    xAxis: { name: el.dataset.xLabel, min: 0.5, max: 5.5, interval: 1, splitLine: { show: true },
      axisLabel: { formatter: Localret.axisNumber } },
    yAxis: { name: el.dataset.yLabel, min: 0.5, max: 5.5, interval: 1, splitLine: { show: true },
      axisLabel: { formatter: Localret.axisNumber } },
    series: series
  });
  el.setAttribute("data-ready", "true");
  window.addEventListener("resize", function () { chart.resize(); });
})();
