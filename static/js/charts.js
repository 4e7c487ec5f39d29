/* Draw an ECharts chart from each <table data-chart="ID"> into the element #ID.
 * The table stays on the page: it is the chart's data and its accessible form.
 * Lines (default): columns are series (th[data-series]), rows are years
 * (tr[data-year]), cells give their number in data-value (a year not published
 * stays a gap). data-chart-type="bar": one bar per row, named by its th. */
(function () {
  "use strict";

  function readTable(table) {
    var names = Array.prototype.map.call(
      table.querySelectorAll("thead th[data-series]"),
      function (th) { return th.getAttribute("data-series"); }
    );
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-year]")).reverse();
    var years = rows.map(function (tr) { return tr.getAttribute("data-year"); });
    var series = names.map(function (name, index) {
      return {
        name: name,
        type: "line",
        connectNulls: false,
        data: rows.map(function (tr) {
          var cell = tr.querySelectorAll("td")[index];
          var value = cell && cell.getAttribute("data-value");
          return value === null || value === undefined ? null : Number(value);
        })
      };
    });
    return { years: years, series: series };
  }

  /* A table of one number per row (th[scope=row] = the name): one horizontal bar each. */
  function barOption(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).reverse();
    var names = [], values = [];
    rows.forEach(function (tr) {
      var cell = tr.querySelector("td[data-value]");
      if (!cell) { return; }
      names.push(tr.querySelector("th").textContent.trim());
      values.push(Number(cell.getAttribute("data-value")));
    });
    return {
      aria: { enabled: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 10, right: 40, top: 10, bottom: 20, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: names },
      series: [{ type: "bar", data: values, label: { show: true, position: "right" } }]
    };
  }

  /* data-chart-type="treemap": one tile per row, sized by its data-value. */
  function treemapOption(table) {
    var data = [];
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      var cell = tr.querySelector("td[data-value]");
      if (!cell) { return; }
      data.push({ name: tr.querySelector("th").textContent.trim(),
                  value: Number(cell.getAttribute("data-value")) });
    });
    return {
      aria: { enabled: true },
      tooltip: {},
      series: [{ type: "treemap", data: data, roam: false, nodeClick: false,
                 breadcrumb: { show: false }, label: { show: true } }]
    };
  }

  function lineOption(table) {
    var data = readTable(table);
    return {
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 60, right: 20, top: 50, bottom: 30 },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value", name: table.getAttribute("data-unit") || "" },
      series: data.series
    };
  }

  function draw(table) {
    var target = document.getElementById(table.getAttribute("data-chart"));
    if (!target || !window.echarts) { return; }
    var chart = window.echarts.init(target, null, { renderer: "svg" });
    var type = table.getAttribute("data-chart-type");
    chart.setOption(type === "bar" ? barOption(table)
      : type === "treemap" ? treemapOption(table) : lineOption(table));
    window.addEventListener("resize", function () { chart.resize(); });
    target.setAttribute("data-rendered", "1");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
