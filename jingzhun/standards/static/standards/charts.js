(function () {
  "use strict";
  var node = document.getElementById("rule-chart-data");
  var target = document.getElementById("chart-rules");
  if (!node || !target) { return; }
  var data = JSON.parse(node.textContent);
  var chart = echarts.init(target);
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 10, right: 40, bottom: 20, top: 10, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.names, axisLabel: { width: 220, overflow: "truncate" } },
    series: [{ name: "不达标", type: "bar", data: data.failing, itemStyle: { color: "#b3261e" }, label: { show: true, position: "right" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
