// The command centre's big screen: the map coloured by the chosen measure (drill down on
// click), the measure switch, and the periodic reload. Data come from the JSON script
// element "map-data" written by the page (dashboards.views.map_payload).
(function () {
  "use strict";
  var refresh = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
  if (refresh > 0) {
    window.setTimeout(function () { window.location.reload(); }, refresh * 1000);
  }
  var source = document.getElementById("map-data");
  var box = document.getElementById("command-map");
  if (!source || !box || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(box, "dark", { renderer: "canvas" });
  var current = data.selected;

  function measureOf(key) {
    for (var i = 0; i < data.measures.length; i += 1) {
      if (data.measures[i].key === key) { return data.measures[i]; }
    }
    return null;
  }

  function draw(key) {
    var measure = measureOf(key);
    if (!measure) { return; }
    var items = measure.items.filter(function (item) { return item.area; });
    var values = items.filter(function (item) { return item.value !== null; }).map(function (item) { return item.value; });
    var low = values.length ? Math.min.apply(null, values) : 0;
    var high = values.length ? Math.max.apply(null, values) : 1;
    var good = "#2e7d32", fair = "#f29900", bad = "#b3261e";
    chart.setOption({
      backgroundColor: "transparent",
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var value = p.data && p.data.value !== null && p.data.value !== undefined ? p.data.value + measure.unit : "无数据";
          return p.name + "<br>" + measure.label + "：" + value;
        }
      },
      visualMap: {
        min: low, max: high === low ? low + 1 : high, calculable: true, left: 16, bottom: 16,
        text: ["高", "低"], textStyle: { color: "#cfd8e3" },
        inRange: { color: measure.higherIsBetter ? [bad, fair, good] : [good, fair, bad] }
      },
      series: [{
        type: "map", map: data.map, roam: false, selectedMode: false,
        label: { show: true, color: "#fff", fontSize: 14 },
        emphasis: { label: { color: "#fff" }, itemStyle: { areaColor: "#1565c0" } },
        itemStyle: { borderColor: "#0b1a2e", areaColor: "#33485f" },
        data: items.map(function (item) { return { name: item.area, value: item.value, code: item.code }; })
      }]
    }, true);
  }

  chart.on("click", function (p) {
    if (!p.data || !p.data.code) { return; }
    var url = new URL(window.location.href);
    url.searchParams.set("region", p.data.code);
    url.searchParams.set("measure", current);
    window.location.href = url.toString();
  });
  document.querySelectorAll("[data-measure]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      current = link.getAttribute("data-measure");
      document.querySelectorAll("[data-measure]").forEach(function (other) {
        other.classList.toggle("active", other === link);
        other.setAttribute("aria-selected", other === link ? "true" : "false");
      });
      draw(current);
    });
  });
  window.addEventListener("resize", function () { chart.resize(); });
  draw(current);
})();
