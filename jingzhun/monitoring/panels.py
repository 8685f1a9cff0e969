"""What monitoring shows in the command centre: the households monitored, by type, and the risks removed."""

from __future__ import annotations

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
    Panel,
    PanelContext,
    PanelData,
    SectionData,
    bulletin_register,
    panel_register,
)
from jingzhun.core.rollup import children_rollup
from jingzhun.monitoring.choices import MonitoringStatus, ObjectKind
from jingzhun.monitoring.models import MonitoringObject


def _monitoring(ctx: PanelContext) -> PanelData | None:
    """防返贫监测: the year's monitoring objects by type, still at risk, and eliminated."""
    objects = MonitoringObject.objects.for_user(ctx.user).in_region(ctx.prefix).filter(year=ctx.year)
    counts = objects.aggregate(
        total=Count("pk"),
        at_risk=Count("pk", filter=Q(status=MonitoringStatus.MONITORING)),
        eliminated=Count("pk", filter=Q(status=MonitoringStatus.ELIMINATED)),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in ObjectKind.values},
    )
    if not counts["total"]:
        return None
    figures = [
        Figure(_("监测对象"), formatting.quantity(counts["total"], _("户"))),
        Figure(
            _("风险未消除"), formatting.quantity(counts["at_risk"], _("户")), tone=WARN if counts["at_risk"] else GOOD
        ),
        Figure(_("风险已消除"), formatting.quantity(counts["eliminated"], _("户")), tone=GOOD),
    ]
    figures += [
        Figure(str(label), formatting.quantity(counts[kind], _("户")), tone=BAD if kind == ObjectKind.SUDDEN else "")
        for kind, label in ObjectKind.choices
        if counts[kind]
    ]
    link = reverse("monitoring:monitoringobject-list") + f"?year={ctx.year}&region={ctx.region.code}"
    return PanelData(figures, link=link)


panel_register(
    Panel(
        "monitoring",
        gettext_lazy("防返贫监测"),
        _monitoring,
        access=("view", "monitoring.MonitoringObject"),
        order=60,
    )
)


def _monitoring_section(ctx: BulletinContext) -> SectionData | None:
    """防返贫监测: households taken into monitoring and risks removed in the month, by place."""
    start, end = ctx.month, ctx.month_end
    measures = {
        "new": Count("pk", filter=Q(identified_on__gte=start, identified_on__lte=end)),
        "removed": Count("pk", filter=Q(eliminated_on__gte=start, eliminated_on__lte=end)),
        "at_risk": Count(
            "pk", filter=Q(identified_on__lte=end) & (Q(eliminated_on__isnull=True) | Q(eliminated_on__gt=end))
        ),
    }
    objects = MonitoringObject.objects.for_user(ctx.user).filter(year=ctx.month.year)
    places = children_rollup(
        objects, code_field="household__village_id", region_code=ctx.region.code, measures=measures
    )
    rows: list[list[Any]] = [[p.name, *((p[k] or 0) for k in measures)] for p in places]
    totals = {k: sum(row[i + 1] for row in rows) for i, k in enumerate(measures)}
    if not any(totals.values()):
        return None
    summary = _("本月新纳入防返贫监测对象{new}户，风险消除{removed}户；月末风险未消除{at_risk}户。").format(**totals)
    return SectionData(
        summary,
        [_("地区"), _("本月新纳入"), _("本月风险消除"), _("月末风险未消除")],
        rows,
        chart=charts.bar_chart(
            [row[0] for row in rows],
            Series(_("月末风险未消除"), [row[3] for row in rows], color=charts.AMBER),
            unit=_("户"),
        ),
        figures=[
            KeyFigure(_("新纳入监测"), totals["new"], _("户")),
            KeyFigure(_("月末风险未消除"), totals["at_risk"], _("户"), higher_is_better=False),
        ],
    )


bulletin_register(
    BulletinSection(
        "monitoring",
        gettext_lazy("防返贫监测"),
        _monitoring_section,
        access=("view", "monitoring.MonitoringObject"),
        order=60,
    )
)
