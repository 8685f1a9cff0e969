"""What data quality shows in the command centre: open findings, overdue ones, and findings on the map."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.core.panels import (
    BAD,
    GOOD,
    WARN,
    Figure,
    MapMeasure,
    Panel,
    PanelContext,
    PanelData,
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
