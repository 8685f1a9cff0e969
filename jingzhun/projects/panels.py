"""What projects and funds show in the command centre: fund execution, project alerts, execution on the map."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
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
    Row,
    SectionData,
    bulletin_register,
    measure_register,
    panel_register,
)
from jingzhun.core.rollup import children_rollup
from jingzhun.projects import funds
from jingzhun.projects.alerts import project_alerts
from jingzhun.projects.choices import AlertKind
from jingzhun.projects.funds import MONEY
from jingzhun.projects.models import Allocation, Disbursement, Project
from jingzhun.regions.models import Region

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


# -- the monthly bulletin ---------------------------------------------------------------------------

# Commend the places whose execution reaches this share, criticise those below ``LOW``.
COMMEND = 0.9


def _money_section(ctx: BulletinContext) -> SectionData | None:
    """资金拨付: the month's payments and the execution rate at its end, by place."""
    end, start = ctx.month_end, ctx.month
    allocations = Allocation.objects.for_user(ctx.user).filter(date__lte=end)
    payments = Disbursement.objects.for_user(ctx.user).filter(date__lte=end)
    money = {"amount": Coalesce(Sum("amount"), Value(Decimal(0)), output_field=MONEY)}
    month = {"amount": Coalesce(Sum("amount", filter=Q(date__gte=start)), Value(Decimal(0)), output_field=MONEY)}
    allocated = children_rollup(
        allocations, code_field="project__region_id", region_code=ctx.region.code, measures=money
    )
    paid = children_rollup(payments, code_field="project__region_id", region_code=ctx.region.code, measures=money)
    paid_month = children_rollup(payments, code_field="project__region_id", region_code=ctx.region.code, measures=month)
    rows: list[list[Any]] = []
    names: list[str] = []
    rates: list[Decimal | None] = []
    for given, spent, this_month in zip(allocated, paid, paid_month, strict=True):
        if not given["amount"]:
            continue
        execution = funds.rate(spent["amount"], given["amount"])
        rows.append(
            [
                given.name,
                formatting.wan_yuan(given["amount"]),
                formatting.wan_yuan(this_month["amount"]),
                formatting.wan_yuan(spent["amount"]),
                formatting.percent(execution, 1),
            ]
        )
        names.append(given.name)
        rates.append(execution)
    if not rows:
        return None
    total_given: Decimal = sum((r["amount"] or Decimal(0) for r in allocated), Decimal(0))
    total_spent: Decimal = sum((r["amount"] or Decimal(0) for r in paid), Decimal(0))
    total_month: Decimal = sum((r["amount"] or Decimal(0) for r in paid_month), Decimal(0))
    summary = _("截至{end}，累计下达资金{given}，本月拨付{month}，累计拨付{spent}，资金执行率{rate}。").format(
        end=formatting.cn_date(end),
        given=formatting.money(total_given),
        month=formatting.money(total_month),
        spent=formatting.money(total_spent),
        rate=formatting.percent(funds.rate(total_spent, total_given), 1),
    )
    chart = charts.bar_chart(names, Series(_("资金执行率"), [formatting.to_percent(r, 1) for r in rates]), unit="%")
    ranked = sorted(zip(names, rates, strict=True), key=lambda item: item[1] or 0)
    return SectionData(
        summary,
        [_("地区"), _("累计下达（万元）"), _("本月拨付（万元）"), _("累计拨付（万元）"), _("执行率")],
        rows,
        chart=chart,
        commended=[
            f"{name}（{formatting.percent(rate, 1)}）" for name, rate in reversed(ranked) if rate and rate >= COMMEND
        ],
        criticised=[
            f"{name}（{formatting.percent(rate, 1)}）" for name, rate in ranked if rate is not None and rate < LOW
        ],
        figures=[
            KeyFigure(_("本月拨付"), formatting.to_wan(total_month) or 0, _("万元"), 2),
            KeyFigure(
                _("资金执行率"),
                formatting.to_percent(funds.rate(total_spent, total_given), 1) or 0,
                "%",
                1,
                higher_is_better=True,
                change_unit=_("个百分点"),
                zero_when_absent=False,
            ),
        ],
    )


def _progress_section(ctx: BulletinContext) -> SectionData | None:
    """项目进度: the alerts at the month's end by place (overdue milestones, work behind)."""
    projects = Project.objects.for_user(ctx.user).in_region(ctx.prefix).of_year(ctx.month.year)
    if not projects.exists():
        return None
    alerts = project_alerts(projects, on=ctx.month_end, region=ctx.prefix)
    children = Region.objects.filter(parent=ctx.region).order_by("code")
    kinds = (AlertKind.OVERDUE, AlertKind.AT_RISK, AlertKind.STALLED, AlertKind.MONEY_BEHIND)
    counts: dict[str, dict[str, int]] = {child.code: dict.fromkeys(kinds, 0) for child in children}
    for alert in alerts:
        for child in children:
            if alert.region_id.startswith(child.prefix) and alert.kind in kinds:
                counts[child.code][alert.kind] += 1
    rows = [[child.name, *(counts[child.code][k] for k in kinds)] for child in children]
    total = {k: sum(c[k] for c in counts.values()) for k in kinds}
    summary = _(
        "截至{end}，{year}年度项目{n}个，节点逾期{overdue}个、进度滞后{risk}个、长期未报进度{stalled}个。"
    ).format(
        end=formatting.cn_date(ctx.month_end),
        year=ctx.month.year,
        n=projects.count(),
        overdue=total[AlertKind.OVERDUE],
        risk=total[AlertKind.AT_RISK],
        stalled=total[AlertKind.STALLED],
    )
    late = sorted(((row[0], row[1]) for row in rows if row[1]), key=lambda item: -item[1])[:3]
    return SectionData(
        summary,
        [_("地区"), *(str(AlertKind(k).label) for k in kinds)],
        rows,
        chart=charts.bar_chart([r[0] for r in rows], Series(_("节点逾期"), [r[1] for r in rows]), unit=_("个")),
        criticised=[_("{name}（节点逾期 {n} 个）").format(name=name, n=n) for name, n in late],
        figures=[
            KeyFigure(_("节点逾期"), total[AlertKind.OVERDUE], _("个"), higher_is_better=False),
            KeyFigure(_("进度滞后"), total[AlertKind.AT_RISK], _("个"), higher_is_better=False),
        ],
    )


bulletin_register(
    BulletinSection("funds", gettext_lazy("资金拨付"), _money_section, access=("view", "projects"), order=40),
    BulletinSection("projects", gettext_lazy("项目进度"), _progress_section, access=("view", "projects"), order=45),
)
