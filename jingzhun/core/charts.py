"""Chart builders: ECharts option dicts for pages, and the same dicts drawn into Word documents.

A page puts an option into a template with ``{% chart "chart-id" option label %}`` (the
``jz`` library); ``static/jingzhun/charts.js`` draws every such chart with ECharts. A
document passes the same option to ``documents.chart``, which draws it with matplotlib.
So the builders keep to a small subset of ECharts that both understand:

- ``bar_chart`` / ``stacked_bar_chart`` / ``line_chart``: categories (regions, periods) on
  the x axis, one or more ``Series`` (bars or lines, on the left axis or a second one on the right);
- ``pie_chart``: parts of a whole (a ring);
- ``ranked_bar_chart``: horizontal bars, largest first (indicators, places).

Values are plain numbers (use ``formatting.to_wan`` / ``to_percent`` to scale them) or None
for a gap. Strings are shown as given: pass translated text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

RED = "#b3261e"
GREEN = "#2e7d32"
AMBER = "#f29900"
BLUE = "#1565c0"
GREY = "#9e9e9e"
PALETTE = (BLUE, GREEN, AMBER, RED, GREY, "#6a1b9a", "#00838f", "#5d4037")

# Category labels are turned when there are more than this many, so that they do not overlap.
ROTATE_ABOVE = 8

Number = int | float | None


@dataclass(frozen=True)
class Series:
    """One series of an axis chart: a name, one value per category, and how to draw it.

    ``kind`` is ``bar`` or ``line``; bars with the same ``stack`` are stacked; ``axis`` 1
    puts the series on the second (right-hand) value axis.
    """

    name: str
    data: Sequence[Number]
    kind: Literal["bar", "line"] = "bar"
    color: str | None = None
    stack: str | None = None
    axis: Literal[0, 1] = 0

    def option(self) -> dict[str, Any]:
        option: dict[str, Any] = {"name": self.name, "type": self.kind, "data": list(self.data)}
        if self.stack:
            option["stack"] = self.stack
        if self.axis:
            option["yAxisIndex"] = 1
        if self.color:
            option["itemStyle"] = {"color": self.color}
        return option


def _value_axis(unit: str, *, maximum: float | None = None, second: bool = False) -> dict[str, Any]:
    axis: dict[str, Any] = {"type": "value", "name": unit}
    if maximum is not None:
        axis["max"] = maximum
    if second:
        axis["splitLine"] = {"show": False}
    return axis


def axis_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    second_unit: str | None = None,
    second_max: float | None = None,
    legend: bool | None = None,
) -> dict[str, Any]:
    """Return the option of a chart with ``categories`` along the x axis and ``series`` over them.

    ``unit`` names the left value axis; ``second_unit`` adds a right one for series with
    ``axis=1`` (e.g. a rate in % over amounts), ``second_max`` caps it. The legend is shown
    when there is more than one series unless ``legend`` says otherwise. Raise ValueError
    if a series does not have one value per category.
    """
    for item in series:
        if len(item.data) != len(categories):
            raise ValueError(f"series {item.name!r} has {len(item.data)} values for {len(categories)} categories")
    names = [str(c) for c in categories]
    two_axes = second_unit is not None or any(item.axis for item in series)
    option: dict[str, Any] = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 10, "right": 10, "bottom": 10, "top": 40, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": names,
            "axisLabel": {"interval": 0, "rotate": 35 if len(names) > ROTATE_ABOVE else 0},
        },
        "yAxis": (
            [_value_axis(unit), _value_axis(second_unit or "", maximum=second_max, second=True)]
            if two_axes
            else _value_axis(unit)
        ),
        "series": [item.option() for item in series],
    }
    if legend if legend is not None else len(series) > 1:
        option["legend"] = {"data": [item.name for item in series]}
    return option


def bar_chart(
    categories: Sequence[str], series: Sequence[Series] | Series, *, unit: str = "", **kwargs: Any
) -> dict[str, Any]:
    """Return a (grouped) bar chart: one bar per series and category. See ``axis_chart``."""
    items = [series] if isinstance(series, Series) else list(series)
    return axis_chart(categories, items, unit=unit, **kwargs)


def stacked_bar_chart(
    categories: Sequence[str], series: Sequence[Series], *, unit: str = "", stack: str = "total", **kwargs: Any
) -> dict[str, Any]:
    """Return bars stacked per category (e.g. poor and exited people per county).

    Bar series without a stack of their own go on ``stack``; line series stay lines.
    """
    items = [
        Series(s.name, s.data, s.kind, s.color, s.stack or stack, s.axis) if s.kind == "bar" else s for s in series
    ]
    return axis_chart(categories, items, unit=unit, **kwargs)


def line_chart(
    periods: Sequence[str], series: Sequence[Series] | Series, *, unit: str = "", **kwargs: Any
) -> dict[str, Any]:
    """Return lines over periods (years, months): every series drawn as a line."""
    items = [series] if isinstance(series, Series) else list(series)
    lines = [Series(s.name, s.data, "line", s.color, None, s.axis) for s in items]
    return axis_chart(periods, lines, unit=unit, **kwargs)


def pie_chart(parts: Sequence[tuple[str, Number]], *, unit: str = "", name: str = "") -> dict[str, Any]:
    """Return a ring of ``parts`` ((label, value) pairs), each labelled with its share."""
    suffix = f" {unit}" if unit else ""
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c}" + suffix + " ({d}%)"},
        "series": [
            {
                "name": name,
                "type": "pie",
                "radius": ["30%", "55%"],
                "avoidLabelOverlap": True,
                "data": [{"name": str(label), "value": value} for label, value in parts],
                # Long names (东西部协作资金) wrap instead of being cut off at the card's edge.
                "label": {
                    "formatter": "{b}\n{d}%",
                    "alignTo": "edge",
                    "edgeDistance": 6,
                    "overflow": "break",
                    "lineHeight": 14,
                },
                "labelLine": {"length": 8, "length2": 8},
            }
        ],
    }


def ranked_bar_chart(
    items: Sequence[tuple[str, Number]], *, name: str = "", unit: str = "", color: str = BLUE, limit: int | None = None
) -> dict[str, Any]:
    """Return horizontal bars of ``items`` ((label, value) pairs), largest on top.

    Ties keep their given order; None counts as 0 for the ranking. ``limit`` keeps the first ones.
    """
    ranked = sorted(items, key=lambda item: -(item[1] or 0))
    if limit is not None:
        ranked = ranked[:limit]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 10, "right": 40, "bottom": 20, "top": 10, "containLabel": True},
        "xAxis": {"type": "value", "name": unit, "minInterval": 1},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [str(label) for label, _ in ranked],
            "axisLabel": {"width": 220, "overflow": "truncate"},
        },
        "series": [
            {
                "name": name,
                "type": "bar",
                "data": [value for _, value in ranked],
                "itemStyle": {"color": color},
                "label": {"show": True, "position": "right"},
            }
        ],
    }
