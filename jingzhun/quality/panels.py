"""What data quality shows in the command centre: open findings, overdue ones, and findings on the map."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
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
from jingzhun.core.parameters import parameter_value
from jingzhun.core.rollup import children_rollup
from jingzhun.quality.choices import ACTIVE_STATUSES, FindingStatus
from jingzhun.quality.models import Finding

_OPEN = Q(status__in=ACTIVE_STATUSES)


def _findings(ctx: PanelContext) -> PanelData | None:
    """数据质量: findings still open, past the rectification deadline, and closed this year."""
    findings = Finding.objects.for_user(ctx.user).in_region(ctx.prefix)
    days = parameter_value("quality.rectify_days", year=ctx.year, region=ctx.prefix)
    due = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time())) - datetime.timedelta(days=days)
    counts = findings.aggregate(
        open=Count("pk", filter=_OPEN),
        overdue=Count("pk", filter=_OPEN & Q(first_seen_at__lt=due)),
        fixed=Count("pk", filter=Q(status=FindingStatus.FIXED, closed_at__year=ctx.year)),
    )
    if not any(counts.values()):
        return None
    figures = [
        Figure(_("待整改问题"), formatting.number(counts["open"]), tone=WARN if counts["open"] else GOOD),
        Figure(
            _("超期未整改"),
            formatting.number(counts["overdue"]),
            tone=BAD if counts["overdue"] else GOOD,
            hint=_("发现后超过 {days} 天").format(days=days),
        ),
        Figure(_("本年已整改"), formatting.number(counts["fixed"]), tone=GOOD),
    ]
    return PanelData(figures, link=reverse("quality:finding-list") + f"?region={ctx.region.code}")


def _open_findings(ctx: PanelContext) -> dict[str, float | None]:
    findings = Finding.objects.for_user(ctx.user)
    rows = children_rollup(
        findings, code_field="village_code", region_code=ctx.region.code, measures={"open": Count("pk", filter=_OPEN)}
    )
    return {row.code: row["open"] or 0 for row in rows}


panel_register(Panel("findings", gettext_lazy("数据质量问题"), _findings, access=("view", "quality"), order=50))
measure_register(
    MapMeasure(
        "open-findings",
        gettext_lazy("待整改问题"),
        _open_findings,
        access=("view", "quality"),
        unit=gettext_lazy("条"),
        higher_is_better=False,
        order=50,
    )
)


def _findings_section(ctx: BulletinContext) -> SectionData | None:
    """数据质量: findings opened and closed in the month, and those still open at its end, by place."""
    start = timezone.make_aware(datetime.datetime.combine(ctx.month, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(ctx.month_end + datetime.timedelta(days=1), datetime.time()))
    days = parameter_value("quality.rectify_days", year=ctx.month.year, region=ctx.prefix)
    due = end - datetime.timedelta(days=days)
    still_open = Q(first_seen_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    measures = {
        "opened": Count("pk", filter=Q(first_seen_at__gte=start, first_seen_at__lt=end)),
        "closed": Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        "open": Count("pk", filter=still_open),
        "overdue": Count("pk", filter=still_open & Q(first_seen_at__lt=due)),
    }
    rows_by_place = children_rollup(
        Finding.objects.for_user(ctx.user), code_field="village_code", region_code=ctx.region.code, measures=measures
    )
    rows: list[list[Any]] = [[r.name, *((r[k] or 0) for k in measures)] for r in rows_by_place]
    totals = {k: sum(row[i + 1] for row in rows) for i, k in enumerate(measures)}
    if not any(totals.values()):
        return None
    summary = _(
        "本月新发现数据质量问题{opened}条，整改销号{closed}条；月末仍待整改{open}条，其中超过{days}天未整改{overdue}条。"
    ).format(days=days, **totals)
    worst = sorted(((row[0], row[4]) for row in rows if row[4]), key=lambda item: -item[1])[:3]
    return SectionData(
        summary,
        [_("地区"), _("本月新发现"), _("本月整改"), _("月末待整改"), _("超期未整改")],
        rows,
        chart=charts.bar_chart(
            [row[0] for row in rows],
            [Series(_("本月新发现"), [row[1] for row in rows]), Series(_("本月整改"), [row[2] for row in rows])],
            unit=_("条"),
        ),
        criticised=[_("{name}（超期未整改 {n} 条）").format(name=name, n=n) for name, n in worst],
        figures=[
            KeyFigure(_("新发现问题"), totals["opened"], _("条"), higher_is_better=False),
            KeyFigure(_("月末待整改"), totals["open"], _("条"), higher_is_better=False),
        ],
    )


bulletin_register(
    BulletinSection(
        "findings", gettext_lazy("数据质量问题整改"), _findings_section, access=("view", "quality"), order=50
    )
)
