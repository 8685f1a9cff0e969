"""Chart builders: ECharts options that pages draw and documents render."""

import json

import pytest
from django.template import Context, Template

from jingzhun.core import charts
from jingzhun.core.charts import Series


def test_bar_chart_puts_one_bar_series_per_measure_over_the_categories():
    option = charts.bar_chart(
        ["汉滨区", "汉阴县"],
        [Series("已下达", [1.5, 2.0], color=charts.BLUE), Series("缺口", [0.5, None])],
        unit="万元",
    )
    assert option["xAxis"]["data"] == ["汉滨区", "汉阴县"]
    assert option["yAxis"] == {"type": "value", "name": "万元"}
    assert [s["type"] for s in option["series"]] == ["bar", "bar"]
    assert option["series"][0]["itemStyle"] == {"color": charts.BLUE}
    assert option["series"][1]["data"] == [0.5, None]
    assert option["legend"] == {"data": ["已下达", "缺口"]}


def test_a_single_series_has_no_legend():
    option = charts.bar_chart(["2017", "2018"], Series("脱贫人口", [10, 20]))
    assert "legend" not in option


def test_stacked_bars_share_a_stack_and_a_rate_goes_on_a_second_axis():
    option = charts.stacked_bar_chart(
        ["a", "b"],
        [Series("未脱贫", [1, 2]), Series("已脱贫", [3, 4]), Series("发生率", [1.2, 0.8], kind="line", axis=1)],
        unit="人",
        second_unit="%",
    )
    bars, line = option["series"][:2], option["series"][2]
    assert {s["stack"] for s in bars} == {"total"}
    assert line == {"name": "发生率", "type": "line", "data": [1.2, 0.8], "yAxisIndex": 1}
    assert [axis["name"] for axis in option["yAxis"]] == ["人", "%"]


def test_line_chart_draws_every_series_as_a_line():
    option = charts.line_chart(["2019年1月", "2019年2月"], [Series("拨付", [1, 2]), Series("下达", [2, 3])])
    assert {s["type"] for s in option["series"]} == {"line"}


def test_many_categories_turn_their_labels():
    option = charts.bar_chart([str(i) for i in range(10)], Series("n", list(range(10))))
    assert option["xAxis"]["axisLabel"]["rotate"] == 35


def test_a_series_must_have_one_value_per_category():
    with pytest.raises(ValueError):
        charts.bar_chart(["a", "b"], Series("n", [1]))


def test_pie_chart_lists_its_parts():
    option = charts.pie_chart([("中央", 10.5), ("省级", 3)], unit="万元")
    assert option["series"][0]["data"] == [{"name": "中央", "value": 10.5}, {"name": "省级", "value": 3}]
    assert "万元" in option["tooltip"]["formatter"]


def test_ranked_bar_chart_puts_the_largest_on_top():
    option = charts.ranked_bar_chart([("住房", 3), ("收入", 12), ("饮水", None), ("教育", 5)], name="不达标", limit=3)
    assert option["yAxis"]["data"] == ["收入", "教育", "住房"]
    assert option["series"][0]["data"] == [12, 5, 3]


def test_options_are_plain_json():
    option = charts.bar_chart(["a"], Series("n", [1]))
    assert json.loads(json.dumps(option)) == option


def test_chart_tag_writes_the_box_and_its_option():
    html = Template('{% load jz %}{% chart "chart-x" option "图" %}').render(
        Context({"option": charts.bar_chart(["a"], Series("n", [1]))})
    )
    assert 'id="chart-x"' in html
    assert 'data-chart="chart-x-option"' in html
    assert '<script id="chart-x-option" type="application/json">' in html
