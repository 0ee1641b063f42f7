/* Maturity charts: radar of a municipality against its band median (ECharts); the tooltip is
   built from escaped text with numbers in the page's locale (core format.js). */
(function () {
  "use strict";
  function radar(el, data) {
    if (!el || !data) { return null; }
    var chart = echarts.init(el);
    chart.setOption({
      color: ["#0b4f8a", "#d35400"],
      legend: { bottom: 0, data: [data.own_label, data.band_label] },
      tooltip: { formatter: function (p) {
        return Localret.lines([p.name].concat(data.indicators.map(function (ind, i) {
          return [ind.name, Localret.number(p.value[i])];
        })));
      } },
      radar: { indicator: data.indicators, radius: "65%" },
      series: [{
        type: "radar",
        data: [
          { value: data.own, name: data.own_label, areaStyle: { opacity: 0.25 } },
          { value: data.band, name: data.band_label, lineStyle: { type: "dashed" } }
        ]
      }]
    });
    el.setAttribute("data-ready", "true");
    el.setAttribute("data-own", data.own.join(","));
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }
  window.LocalretMaturity = { radar: radar };
})();
