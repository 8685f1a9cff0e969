"""What the exit procedures show in the command centre: the year's cases by step, and households closed."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.core.panels import (
    GOOD,
    WARN,
    Figure,
    MapMeasure,
    Panel,
    PanelContext,
    PanelData,
    Row,
    measure_register,
    panel_register,
)
from jingzhun.core.rollup import children_rollup
from jingzhun.exits.choices import CaseStatus
from jingzhun.exits.models import ExitCase

OPEN = [s for s in CaseStatus.values if s not in (CaseStatus.CLOSED, CaseStatus.ROLLED_BACK)]


def _cases(ctx: PanelContext) -> PanelData | None:
    """退出程序: the year's household exit cases on each step, closed (销号) and rolled back."""
    cases = ExitCase.objects.for_user(ctx.user).in_region(ctx.prefix).filter(year=ctx.year)
    counts = dict(cases.order_by().values_list("status").annotate(n=Count("pk")))
    if not counts:
        return None
    in_progress = sum(counts.get(status, 0) for status in OPEN)
    figures = [
        Figure(_("程序中"), formatting.quantity(in_progress, _("户")), tone=WARN if in_progress else GOOD),
        Figure(_("已销号"), formatting.quantity(counts.get(CaseStatus.CLOSED, 0), _("户")), tone=GOOD),
        Figure(_("退出回退"), formatting.quantity(counts.get(CaseStatus.ROLLED_BACK, 0), _("户"))),
    ]
    rows = [
        Row(str(label), formatting.quantity(counts[status], _("户")))
        for status, label in CaseStatus.choices
        if status in OPEN and counts.get(status)
    ]
    return PanelData(figures, rows=rows, link=reverse("exits:board"))


def _closed_share(ctx: PanelContext) -> dict[str, float | None]:
    cases = ExitCase.objects.for_user(ctx.user).filter(year=ctx.year)
    measures = {
        "all": Count("pk", filter=~Q(status=CaseStatus.ROLLED_BACK)),
        "closed": Count("pk", filter=Q(status=CaseStatus.CLOSED)),
    }
    rows = children_rollup(cases, code_field="household__village_id", region_code=ctx.region.code, measures=measures)
    return {row.code: formatting.to_percent(row["closed"] / row["all"], 1) if row["all"] else None for row in rows}


panel_register(Panel("exit-cases", gettext_lazy("退出程序"), _cases, access=("view", "exits"), order=25))
measure_register(
    MapMeasure("exit-closed", gettext_lazy("退出销号率"), _closed_share, access=("view", "exits"), unit="%", order=25)
)
