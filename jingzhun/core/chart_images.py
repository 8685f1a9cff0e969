"""Chart images for documents: the ECharts options of ``core.charts`` drawn as PNG with matplotlib.

Drawn off screen (the Agg canvas, no pyplot state, so safe in a web process) with a Chinese
font found through matplotlib's font manager: Debian's ``fonts-noto-cjk``
(/usr/share/fonts/opentype/noto/) or another common CJK font. Without one, Chinese text
would come out as empty boxes, so ``chart_png`` raises ``ChineseFontMissing`` instead.

The same option and data give the same bytes: no timestamp or software version is written
into the PNG.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import matplotlib
from django.utils.translation import gettext as _

# The Agg canvas directly, never pyplot: no display, no global figure state shared by requests.
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from jingzhun.core.charts import PALETTE

# Fonts with Simplified Chinese glyphs, best first (Debian: fonts-noto-cjk; Windows, macOS …).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK JP",
)
# File names of such fonts, for a font manager whose cache predates their installation.
CJK_FILE_HINTS = ("notosanscjk", "notoserifcjk", "sourcehan", "wqy", "msyh", "simhei", "pingfang")
DPI = 200


class ChineseFontMissing(RuntimeError):
    """No font with Chinese characters is installed, so a chart cannot be drawn legibly."""


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """Return the family name of an installed font with Simplified Chinese glyphs.

    Raise ChineseFontMissing if there is none (install Debian's fonts-noto-cjk).
    """
    family = _installed_family()
    if family is None:
        # The font manager caches its list; fonts installed after it was built are added here.
        for path in font_manager.findSystemFonts():
            if any(hint in path.lower().replace("-", "").replace("_", "") for hint in CJK_FILE_HINTS):
                font_manager.fontManager.addfont(path)
        family = _installed_family()
    if family is None:
        raise ChineseFontMissing(
            _(
                "未找到中文字体，无法生成图表（否则汉字会显示为方框）。"
                "请安装中文字体，例如 Debian 的 fonts-noto-cjk（apt-get install fonts-noto-cjk）。"
            )
        )
    return family


def _installed_family() -> str | None:
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def chart_png(option: Mapping[str, Any], *, width_cm: float = 16.0, height_cm: float = 8.0) -> bytes:
    """Return a PNG of an ECharts ``option`` built by ``core.charts`` (axis charts, pie, ranked bars).

    Raise ChineseFontMissing if no Chinese font is installed, ValueError for an option
    outside that subset.
    """
    family = cjk_font_family()
    inch = 2.54
    figure = Figure(figsize=(width_cm / inch, height_cm / inch), dpi=DPI)
    FigureCanvasAgg(figure)
    with matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [family, "DejaVu Sans"],
            "font.size": 8,
            "axes.unicode_minus": False,  # the minus sign of most CJK fonts is the ASCII one
        }
    ):
        axes = figure.add_subplot()
        series = list(option.get("series") or [])
        if not series:
            raise ValueError("a chart needs at least one series")
        if series[0].get("type") == "pie":
            _draw_pie(axes, series[0])
        elif isinstance(option.get("yAxis"), dict) and option["yAxis"].get("type") == "category":
            _draw_ranked(axes, option, series[0])
        else:
            _draw_axes(figure, axes, option, series)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _color(item: Mapping[str, Any], index: int) -> str:
    return (item.get("itemStyle") or {}).get("color") or PALETTE[index % len(PALETTE)]


def _values(data: Sequence[Any]) -> list[float]:
    return [float("nan") if value is None else float(value) for value in data]


def _draw_axes(figure: Figure, axes: Axes, option: Mapping[str, Any], series: list[Mapping[str, Any]]) -> None:
    """Bars (grouped, or stacked by their ``stack``) and lines over categories, on one or two value axes."""
    categories = list(option["xAxis"]["data"])
    y_axes = option.get("yAxis")
    y_axes = y_axes if isinstance(y_axes, list) else [y_axes or {}]
    positions = list(range(len(categories)))
    second = axes.twinx() if len(y_axes) > 1 else None
    bars = [s for s in series if s.get("type", "bar") == "bar"]
    stacks: list[str] = []
    for index, item in enumerate(bars):
        stacks.append(item.get("stack") or f"bar-{index}")
    groups = list(dict.fromkeys(stacks))
    width = 0.8 / max(len(groups), 1)
    bottoms: dict[str, list[float]] = {group: [0.0] * len(categories) for group in groups}
    handles: list[Any] = []
    for index, item in enumerate(series):
        target = second if item.get("yAxisIndex") == 1 and second is not None else axes
        values = _values(item.get("data") or [])
        color = _color(item, index)
        if item.get("type", "bar") == "bar":
            group = stacks[bars.index(item)]
            offset = (groups.index(group) - (len(groups) - 1) / 2) * width
            base = bottoms[group]
            handle: Any = target.bar(
                [p + offset for p in positions], values, width, bottom=base, color=color, label=item.get("name", "")
            )
            bottoms[group] = [b + (0.0 if v != v else v) for b, v in zip(base, values, strict=True)]
        else:
            (handle,) = target.plot(positions, values, marker="o", color=color, label=item.get("name", ""))
        handles.append(handle)
    rotate = (option["xAxis"].get("axisLabel") or {}).get("rotate", 0)
    axes.set_xticks(positions, categories, rotation=rotate, ha="right" if rotate else "center")
    axes.set_ylabel(y_axes[0].get("name", ""))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", linewidth=0.3)
    axes.set_axisbelow(True)
    if second is not None:
        second.set_ylabel(y_axes[1].get("name", ""))
        if y_axes[1].get("max") is not None:
            second.set_ylim(0, y_axes[1]["max"])
        second.spines[["top"]].set_visible(False)
    if option.get("legend"):
        axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.15), ncol=len(handles), frameon=False)


def _draw_ranked(axes: Axes, option: Mapping[str, Any], item: Mapping[str, Any]) -> None:
    """Horizontal bars, the first category on top, each labelled with its value."""
    labels = list(option["yAxis"]["data"])
    values = _values(item.get("data") or [])
    positions = list(range(len(labels)))
    bars = axes.barh(positions, values, color=_color(item, 0))
    axes.bar_label(bars, padding=2)
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlabel((option.get("xAxis") or {}).get("name", ""))
    axes.spines[["top", "right"]].set_visible(False)


def _draw_pie(axes: Axes, item: Mapping[str, Any]) -> None:
    """A ring with a label and share on each part."""
    parts = [part for part in item.get("data") or [] if part.get("value")]
    axes.pie(
        [float(part["value"]) for part in parts],
        labels=[part["name"] for part in parts],
        colors=[PALETTE[i % len(PALETTE)] for i in range(len(parts))],
        autopct="%1.1f%%",
        pctdistance=0.78,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45},
    )
    axes.set_aspect("equal")
