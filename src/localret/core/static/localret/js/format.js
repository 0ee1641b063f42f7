/* Localret: the one place where charts and maps turn data into text.
   - Localret.escape(text): HTML-escapes any value before it goes into HTML (ECharts tooltips are
     HTML); every formatter that returns HTML builds it only from escaped pieces.
   - Localret.number / percent / date: numbers and dates in the page's language
     (document.documentElement.lang): Catalan 1.022,23, 45,3 % and 30/11/2026, Spanish
     likewise, English 1,022.23, 45.3% and 11/30/2026.
   - Localret.lines([[label, value], ...]): tooltip HTML, every label and value escaped.
   - Localret.text(name): a string from the page's data-l10n-* attributes (translated server side).
   Loaded by base.html before every page's scripts; no inline script, no HTML from data. */
(function () {
  "use strict";
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };

  function escape(value) {
    if (value === null || value === undefined) { return ""; }
    return String(value).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  function lang() {
    return document.documentElement.lang || "ca";
  }

  var formatters = {};
  function formatter(key, options) {
    var id = lang() + "|" + key;
    if (!formatters[id]) {
      try {
        formatters[id] = new Intl.NumberFormat(lang(), options);
      } catch (e) {  // an old browser without useGrouping "always"
        delete options.useGrouping;
        formatters[id] = new Intl.NumberFormat(lang(), options);
      }
    }
    return formatters[id];
  }

  function isNumber(value) {
    return value !== null && value !== undefined && value !== "" && isFinite(Number(value));
  }

  /* A number in the page's locale, at most `digits` decimals (default 2); grouping always
     (Catalan 1.022,23; Spanish CLDR would leave 4-digit numbers ungrouped). "" for no number. */
  function number(value, digits) {
    if (!isNumber(value)) { return ""; }
    var max = digits === undefined ? 2 : digits;
    return formatter("n" + max, { maximumFractionDigits: max, useGrouping: "always" })
      .format(Number(value));
  }

  /* A percentage given on the 0-100 scale: Catalan 45,3 %, English 45.3%. */
  function percent(value, digits) {
    if (!isNumber(value)) { return ""; }
    var max = digits === undefined ? 1 : digits;
    return formatter("p" + max, { style: "percent", maximumFractionDigits: max, useGrouping: "always" })
      .format(Number(value) / 100);
  }

  /* A value with its unit: "%" is a percentage, other units follow the number. */
  function withUnit(value, unit) {
    if (!isNumber(value)) { return ""; }
    if (unit === "%") { return percent(value); }
    return unit ? number(value) + "\u00a0" + unit : number(value);
  }

  /* An ISO date (YYYY-MM-DD) in the page's numeric style, the one style of chart tooltips:
     Catalan and Spanish 30/11/2026, English 11/30/2026; a year stays a year. */
  function date(iso) {
    if (iso === null || iso === undefined || iso === "") { return ""; }
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    if (!m) { return String(iso); }
    var d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return new Intl.DateTimeFormat(lang(), { day: "2-digit", month: "2-digit", year: "numeric",
      timeZone: "UTC" }).format(d);
  }

  /* A time-axis tick (milliseconds): Catalan "de gen. 2026" style month and year. */
  function month(ms) {
    return new Intl.DateTimeFormat(lang(), { month: "short", year: "numeric", timeZone: "UTC" })
      .format(new Date(ms));
  }

  /* Tooltip HTML from [label, value] pairs (a pair with an empty value is left out; a single
     string is a heading). Everything is escaped here: callers pass raw data. */
  function lines(rows) {
    return rows.filter(function (r) {
      return Array.isArray(r) ? r[1] !== "" && r[1] !== null && r[1] !== undefined : r;
    }).map(function (r) {
      if (!Array.isArray(r)) { return "<strong>" + escape(r) + "</strong>"; }
      return r[0] ? escape(r[0]) + ": " + escape(r[1]) : escape(r[1]);
    }).join("<br>");
  }

  /* A translated word the page put on <body data-l10n-NAME="...">. */
  function text(name, fallback) {
    var key = "l10n" + name.charAt(0).toUpperCase() + name.slice(1);
    return (document.body && document.body.dataset[key]) || fallback || "";
  }

  /* ECharts value formatters for axes and default tooltips. */
  function axisNumber(value) { return number(value); }
  function tooltipNumber(value) {
    var v = Array.isArray(value) ? value[value.length - 1] : value;  // [x, y]: the y
    return escape(number(v));
  }

  window.Localret = {
    escape: escape, number: number, percent: percent, withUnit: withUnit, date: date, month: month,
    lines: lines, text: text, axisNumber: axisNumber, tooltipNumber: tooltipNumber,
    isNumber: isNumber
  };
})();
