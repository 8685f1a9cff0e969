(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("fund-data").textContent);
  var red = "#b3261e", green = "#2e7d32", amber = "#f29900", blue = "#1565c0", grey = "#9e9e9e";
  var counties = echarts.init(document.getElementById("chart-counties"));
  counties.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["资金需求", "已下达", "已拨付", "资金缺口"] },
    grid: { left: 70, right: 20, bottom: 60, top: 40 },
    xAxis: { type: "category", data: data.counties, axisLabel: { interval: 0, rotate: data.counties.length > 8 ? 35 : 0 } },
    yAxis: { type: "value", name: "万元" },
    series: [
      { name: "资金需求", type: "bar", data: data.budget, itemStyle: { color: grey } },
      { name: "已下达", type: "bar", data: data.allocated, itemStyle: { color: blue } },
      { name: "已拨付", type: "bar", data: data.disbursed, itemStyle: { color: green } },
      { name: "资金缺口", type: "bar", data: data.gap, itemStyle: { color: red } }
    ]
  });
  var sources = echarts.init(document.getElementById("chart-sources"));
  sources.setOption({
    tooltip: { trigger: "item", formatter: "{b}: {c} 万元 ({d}%)" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.sources, label: { formatter: "{b}\n{d}%" } }]
  });
  var months = echarts.init(document.getElementById("chart-months"));
  months.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["下达", "拨付", "累计支出进度"] },
    grid: { left: 70, right: 50, bottom: 30, top: 40 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", name: "万元" }, { type: "value", name: "%", max: 100, splitLine: { show: false } }],
    series: [
      { name: "下达", type: "bar", data: data.monthAllocated, itemStyle: { color: blue } },
      { name: "拨付", type: "bar", data: data.monthDisbursed, itemStyle: { color: green } },
      { name: "累计支出进度", type: "line", yAxisIndex: 1, data: data.monthExecution, itemStyle: { color: amber } }
    ]
  });
  window.addEventListener("resize", function () { counties.resize(); sources.resize(); months.resize(); });
})();
