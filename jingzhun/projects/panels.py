"""What projects and funds show in the command centre: fund execution, project alerts, execution on the map."""

from __future__ import annotations

import datetime

from django.urls import reverse
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
    Row,
    measure_register,
    panel_register,
)
from jingzhun.core.rollup import children_rollup
from jingzhun.projects import funds
from jingzhun.projects.alerts import project_alerts
from jingzhun.projects.choices import AlertKind
from jingzhun.projects.models import Project

# Execution below this share of the allocation is shown in red, below the second in amber.
LOW, FAIR = 0.6, 0.85


def _projects(ctx: PanelContext):  # type: ignore[no-untyped-def]
    return Project.objects.for_user(ctx.user).in_region(ctx.prefix).of_year(ctx.year)


def _tone(execution: object) -> str:
    if execution is None:
        return ""
    value = float(execution)  # type: ignore[arg-type]
    return BAD if value < LOW else WARN if value < FAIR else GOOD


def _funds(ctx: PanelContext) -> PanelData | None:
    """资金执行: allocated, disbursed and the execution rate of the year's projects."""
    total = funds.fund_total(_projects(ctx))
    if not total.projects:
        return None
    figures = [
        Figure(_("项目"), formatting.quantity(total.projects, _("个"))),
        Figure(_("到位资金"), formatting.money(total.allocated)),
        Figure(_("已拨付"), formatting.money(total.disbursed)),
        Figure(_("资金执行率"), formatting.percent(total.execution, 1), tone=_tone(total.execution)),
    ]
    return PanelData(figures, link=reverse("projects:funds") + f"?year={ctx.year}")


def alert_date(ctx: PanelContext) -> datetime.date:
    """Return the day the alerts are judged on: today, or the last day of a past year."""
    return min(ctx.today, datetime.date(ctx.year, 12, 31))


def _project_url(code: str) -> str:
    return reverse("projects:detail", args=[code])


def _alerts(ctx: PanelContext) -> PanelData | None:
    """项目预警: the alerts of the year's projects by kind, the longest overdue first."""
    projects = _projects(ctx)
    if not projects.exists():
        return None
    alerts = project_alerts(projects, on=alert_date(ctx), region=ctx.prefix)
    counts = dict.fromkeys(AlertKind.values, 0)
    for alert in alerts:
        counts[alert.kind] += 1
    figures = [
        Figure(str(AlertKind(kind).label), formatting.number(count), tone=BAD if count else GOOD)
        for kind, count in counts.items()
        if kind in (AlertKind.OVERDUE, AlertKind.AT_RISK, AlertKind.MONEY_BEHIND, AlertKind.NO_UPKEEP)
    ]
    late = sorted((a for a in alerts if a.kind == AlertKind.OVERDUE), key=lambda a: -(a.days or 0))[:5]
    rows = [
        Row(
            a.project_name,
            _("逾期 {days} 天").format(days=a.days or 0),
            reverse("projects:detail", args=[a.project_code]),
            BAD,
        )
        for a in late
    ]
    return PanelData(figures, rows=rows, link=reverse("projects:alerts") + f"?year={ctx.year}")


def _execution(ctx: PanelContext) -> dict[str, float | None]:
    rows = children_rollup(
        funds.money_totals(_projects(ctx)), code_field="region_id", region_code=ctx.region.code, measures=funds.SUMS
    )
    return {row.code: formatting.to_percent(funds.rate(row["disbursed_sum"], row["allocated_sum"]), 1) for row in rows}


panel_register(
    Panel("funds", gettext_lazy("资金执行"), _funds, access=("view", "projects"), order=40),
    Panel("project-alerts", gettext_lazy("项目预警"), _alerts, access=("view", "projects"), order=45),
)
measure_register(
    MapMeasure("execution", gettext_lazy("资金执行率"), _execution, access=("view", "projects"), unit="%", order=40)
)
