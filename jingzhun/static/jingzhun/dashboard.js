(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var red = "#b3261e", green = "#2e7d32", amber = "#f29900";
  var children = echarts.init(document.getElementById("chart-children"));
  children.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["未脱贫人口", "已脱贫人口", "贫困发生率"] },
    grid: { left: 50, right: 50, bottom: 60, top: 40 },
    xAxis: { type: "category", data: data.names, axisLabel: { interval: 0, rotate: data.names.length > 8 ? 35 : 0 } },
    yAxis: [{ type: "value", name: "人" }, { type: "value", name: "%", splitLine: { show: false } }],
    series: [
      { name: "未脱贫人口", type: "bar", stack: "people", data: data.poor, itemStyle: { color: red } },
      { name: "已脱贫人口", type: "bar", stack: "people", data: data.exited, itemStyle: { color: green } },
      { name: "贫困发生率", type: "line", yAxisIndex: 1, data: data.incidence, itemStyle: { color: amber } }
    ]
  });
  var exits = echarts.init(document.getElementById("chart-exits"));
  exits.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 20, bottom: 30, top: 30 },
    xAxis: { type: "category", data: data.exitYears },
    yAxis: { type: "value", name: "人" },
    series: [{ name: "脱贫人口", type: "bar", data: data.exitPeople, itemStyle: { color: green } }]
  });
  window.addEventListener("resize", function () { children.resize(); exits.resize(); });
})();
