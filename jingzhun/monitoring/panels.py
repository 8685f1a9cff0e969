"""What monitoring shows in the command centre: the households monitored, by type, and the risks removed."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.core.panels import BAD, GOOD, WARN, Figure, Panel, PanelContext, PanelData, panel_register
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
