"""What rectification shows in the command centre: problems open and overdue, and the bulletin's completion."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import charts, formatting
from jingzhun.core.charts import Series
from jingzhun.core.panels import (
    BAD,
    GOOD,
    WARN,
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
from jingzhun.core.rollup import children_rollup
from jingzhun.rectification.measures import problem_measures
from jingzhun.rectification.models import Petition, Problem
from jingzhun.regions.models import Region


def _points(rate: Any) -> str:
    """The measures' rates are percentage points already (88.0 = 88.0%)."""
    return "—" if rate is None else f"{formatting.number(rate, 1)}%"


def _problems(user: Any, prefix: str) -> Any:
    return Problem.objects.for_user(user).in_region(prefix)


def _rectification(ctx: PanelContext) -> PanelData | None:
    """整改督办: problems found, closed, overdue, as at the context's day."""
    rows = problem_measures(_problems(ctx.user, ctx.prefix), on=ctx.today)
    total = rows[0] if rows else None
    if total is None or not total.total:
        return None
    figures = [
        Figure(_("问题总数"), formatting.number(total.total)),
        Figure(
            _("整改完成率"),
            _points(total.completion_rate),
            tone=GOOD if total.closed == total.total else WARN,
        ),
        Figure(_("超期未整改"), formatting.number(total.overdue), tone=BAD if total.overdue else GOOD),
        Figure(_("屡改屡犯"), formatting.number(total.recurrences), tone=BAD if total.recurrences else ""),
    ]
    return PanelData(figures, link=reverse("rectification:dashboard") + f"?date={ctx.today:%Y-%m-%d}")


def _by_child(user: Any, region: Any, on: datetime.date) -> dict[str, Any]:
    """Return the measures of each child region of ``region`` as at ``on``."""
    result = {}
    for child in Region.objects.filter(parent=region).order_by("code"):
        rows = problem_measures(_problems(user, child.prefix), on=on)
        if rows and rows[0].total:
            result[child.code] = (child, rows[0])
    return result


def _overdue(ctx: PanelContext) -> dict[str, float | None]:
    return {code: float(m.overdue) for code, (_child, m) in _by_child(ctx.user, ctx.region, ctx.today).items()}


def _rectification_section(ctx: BulletinContext) -> SectionData | None:
    """整改督办: completion and overdue problems at the month's end, by place."""
    places = _by_child(ctx.user, ctx.region, ctx.month_end)
    if not places:
        return None
    rows = [
        [
            child.name,
            m.total,
            m.closed,
            _points(m.completion_rate),
            m.overdue,
            m.max_overdue_days,
            m.recurrences,
        ]
        for child, m in places.values()
    ]
    total, closed, overdue = (sum(row[i] for row in rows) for i in (1, 2, 4))
    summary = _("截至{end}，各类检查反馈问题{total}个，已整改{closed}个，超期未整改{overdue}个。").format(
        end=formatting.cn_date(ctx.month_end), total=total, closed=closed, overdue=overdue
    )
    late = sorted((row for row in rows if row[4]), key=lambda row: -row[4])[:3]
    return SectionData(
        summary,
        [_("地区"), _("问题数"), _("已整改"), _("完成率"), _("超期未整改"), _("最长超期天数"), _("屡改屡犯")],
        rows,
        chart=charts.bar_chart(
            [row[0] for row in rows],
            [
                Series(_("已整改"), [row[2] for row in rows], color=charts.GREEN),
                Series(_("超期未整改"), [row[4] for row in rows], color=charts.RED),
            ],
            unit=_("个"),
        ),
        commended=[row[0] for row in rows if row[1] and row[2] == row[1]],
        criticised=[_("{name}（超期未整改 {n} 个）").format(name=row[0], n=row[4]) for row in late],
        figures=[
            KeyFigure(_("已整改"), closed, _("个"), higher_is_better=True),
            KeyFigure(_("超期未整改"), overdue, _("个"), higher_is_better=False),
        ],
    )


def _petitions_section(ctx: BulletinContext) -> SectionData | None:
    """信访: petitions received and resolved in the month, group and repeated ones, by place."""
    start, end = ctx.month, ctx.month_end
    received = Q(received_on__gte=start, received_on__lte=end)
    measures = {
        "received": Count("pk", filter=received),
        "group": Count("pk", filter=received & Q(is_group=True)),
        "repeat": Count("pk", filter=received & Q(is_repeat=True)),
        "resolved": Count("pk", filter=Q(resolved_on__gte=start, resolved_on__lte=end)),
    }
    petitions = Petition.objects.for_user(ctx.user)
    places = children_rollup(petitions, code_field="region_id", region_code=ctx.region.code, measures=measures)
    rows: list[list[Any]] = [[p.name, *((p[k] or 0) for k in measures)] for p in places]
    totals = {key: sum(row[i + 1] for row in rows) for i, key in enumerate(measures)}
    if not any(totals.values()):
        return None
    summary = _("本月受理信访{received}件，其中集体访{group}件、重复访{repeat}件；办结{resolved}件。").format(**totals)
    many = sorted((row for row in rows if row[3]), key=lambda row: -row[3])[:3]
    return SectionData(
        summary,
        [_("地区"), _("本月受理"), _("集体访"), _("重复访"), _("本月办结")],
        rows,
        chart=charts.bar_chart(
            [row[0] for row in rows],
            [
                Series(_("本月受理"), [row[1] for row in rows]),
                Series(_("本月办结"), [row[4] for row in rows], color=charts.GREEN),
            ],
            unit=_("件"),
        ),
        criticised=[_("{name}（重复访 {n} 件）").format(name=row[0], n=row[3]) for row in many],
        figures=[
            KeyFigure(_("受理信访"), totals["received"], _("件"), higher_is_better=False),
            KeyFigure(_("重复访"), totals["repeat"], _("件"), higher_is_better=False),
        ],
    )


panel_register(
    Panel("rectification", gettext_lazy("整改督办"), _rectification, access=("view", "rectification.Problem"), order=55)
)
measure_register(
    MapMeasure(
        "overdue-problems",
        gettext_lazy("超期未整改问题"),
        _overdue,
        access=("view", "rectification.Problem"),
        unit=gettext_lazy("个"),
        higher_is_better=False,
        order=55,
    )
)
bulletin_register(
    BulletinSection(
        "petitions", gettext_lazy("信访"), _petitions_section, access=("view", "rectification.Petition"), order=58
    ),
    BulletinSection(
        "rectification",
        gettext_lazy("问题整改"),
        _rectification_section,
        access=("view", "rectification.Problem"),
        order=55,
    ),
)
