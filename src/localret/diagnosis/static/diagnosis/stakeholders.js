/* Stakeholder map: interest (x) against influence (y), one point per stakeholder. */
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
      label: { show: true, position: "right", formatter: function (p) { return p.data[2]; }, color: "#222" },
      data: rows.filter(function (r) { return r.scope === scope; }).map(function (r) {
        return [r.interest, r.influence, r.name];
      })
    };
  });
  var chart = echarts.init(el);
  chart.setOption({
    aria: { enabled: true },
    tooltip: { formatter: function (p) { return p.data[2] + ": " + p.data[0] + " / " + p.data[1]; } },
    legend: { top: 0 },
    xAxis: { name: el.dataset.xLabel, min: 0.5, max: 5.5, interval: 1, splitLine: { show: true } },
    yAxis: { name: el.dataset.yLabel, min: 0.5, max: 5.5, interval: 1, splitLine: { show: true } },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
