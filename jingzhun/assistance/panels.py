"""What assistance shows in the command centre: resident cadres' days in the village (住村率), map and bulletin."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.assistance.measures import Attendance, attendance
from jingzhun.assistance.models import Cadre
from jingzhun.core import charts, formatting
from jingzhun.core.charts import Series
from jingzhun.core.panels import (
    BAD,
    GOOD,
    BulletinContext,
    BulletinSection,
    Figure,
    KeyFigure,
    MapMeasure,
    Panel,
    PanelContext,
    PanelData,
    SectionData,
    bulletin_register,
    measure_register,
    panel_register,
)
from jingzhun.regions.models import Region


def _attendance(user: Any, prefix: str, on: datetime.date) -> list[Attendance]:
    return attendance(year=on.year, date=on, region=prefix, cadres=Cadre.objects.for_user(user))


def _mean(rows: list[Attendance]) -> Decimal | None:
    return sum((row.rate for row in rows), Decimal(0)) / len(rows) if rows else None


def _cadres(ctx: PanelContext) -> PanelData | None:
    """驻村干部: resident cadres, their mean 住村率 to date, and those below the required days."""
    rows = _attendance(ctx.user, ctx.prefix, ctx.today)
    if not rows:
        return None
    below = sum(1 for row in rows if row.below)
    figures = [
        Figure(_("驻村干部"), formatting.quantity(len(rows), _("人"))),
        Figure(_("平均住村率"), formatting.percent(_mean(rows), 1)),
        Figure(_("住村天数不足"), formatting.quantity(below, _("人")), tone=BAD if below else GOOD),
    ]
    return PanelData(figures, link=reverse("assistance:attendance"))


def _by_child(user: Any, region: Any, on: datetime.date) -> dict[str, tuple[Region, list[Attendance]]]:
    rows = _attendance(user, region.prefix, on)
    children = {child.prefix: child for child in Region.objects.filter(parent=region)}
    grouped: dict[str, list[Attendance]] = defaultdict(list)
    for row in rows:
        for prefix in children:
            if row.village.startswith(prefix):
                grouped[prefix].append(row)
                break
    return {children[p].code: (children[p], grouped[p]) for p in sorted(grouped)}


def _rate(ctx: PanelContext) -> dict[str, float | None]:
    return {
        code: formatting.to_percent(_mean(rows), 1)
        for code, (_r, rows) in _by_child(ctx.user, ctx.region, ctx.today).items()
    }


def _attendance_section(ctx: BulletinContext) -> SectionData | None:
    """驻村考勤: cadres, mean 住村率 and those below the required days at the month's end, by place."""
    places = _by_child(ctx.user, ctx.region, ctx.month_end)
    if not places:
        return None
    rows: list[list[Any]] = [
        [child.name, len(cadres), formatting.percent(_mean(cadres), 1), sum(1 for c in cadres if c.below)]
        for child, cadres in places.values()
    ]
    below = sum(row[3] for row in rows)
    summary = _("截至{end}，驻村干部{n}人，住村天数不足的{below}人。").format(
        end=formatting.cn_date(ctx.month_end), n=sum(row[1] for row in rows), below=below
    )
    worst = sorted((row for row in rows if row[3]), key=lambda row: -row[3])[:3]
    return SectionData(
        summary,
        [_("地区"), _("驻村干部"), _("平均住村率"), _("住村天数不足")],
        rows,
        chart=charts.bar_chart(
            [row[0] for row in rows],
            Series(_("住村天数不足"), [row[3] for row in rows], color=charts.RED),
            unit=_("人"),
        ),
        criticised=[_("{name}（{n} 名驻村干部住村天数不足）").format(name=row[0], n=row[3]) for row in worst],
        figures=[
            KeyFigure(_("驻村干部"), sum(row[1] for row in rows), _("人")),
            KeyFigure(_("住村天数不足"), below, _("人"), higher_is_better=False),
        ],
    )


panel_register(Panel("cadres", gettext_lazy("驻村帮扶"), _cadres, access=("view", "assistance"), order=35))
measure_register(
    MapMeasure("attendance", gettext_lazy("住村率"), _rate, access=("view", "assistance"), unit="%", order=35)
)
bulletin_register(
    BulletinSection(
        "attendance", gettext_lazy("驻村考勤"), _attendance_section, access=("view", "assistance"), order=35
    )
)
