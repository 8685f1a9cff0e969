"""Checks of the exits (脱贫退出): in the identification year, below the poverty line, failing the evaluation."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CheckContext, CheckUnavailable, check, living_kept, times, yuan
from jingzhun.quality.checks.income import with_year
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.choices import EXITED_STATUSES
from jingzhun.standards import services as standards


def poverty_line(*, year: int, region_code: str) -> Decimal:
    """Return the poverty line of ``year`` for the region (raise CheckUnavailable if none is entered)."""
    line = standards.poverty_line_for(year=year, region_code=region_code)
    if line is None:
        raise CheckUnavailable(str(_("没有 %(year)s 年的扶贫标准") % {"year": year}))
    return Decimal(line)


def _region_code(prefix: str) -> str:
    return prefix.ljust(12, "0") if prefix else "610000000000"


@check(
    "EX-01",
    _("识别当年即脱贫"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("新识别的贫困户不能在识别当年退出（陕西实施细则）。"),
    _("核实识别年度和脱贫年度；确属当年识别的，撤销当年的退出。"),
)
def exited_in_identification_year(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .filter(status__in=EXITED_STATUSES, exit_year=F("identification_year"))
        .annotate(q_message=message(F("exit_year"), " 年识别，当年即脱贫"))
    )


@check(
    "EX-02",
    _("已脱贫户本年度人均纯收入未超过贫困线"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("已脱贫户本年度家庭纯收入除以在册人数未超过当年贫困线，存在错退或返贫风险。"),
    _("入户核实收入；确实低于贫困线的，纳入返贫监测并落实帮扶。"),
)
def exited_below_line(ctx: CheckContext) -> QuerySet:
    line = poverty_line(year=ctx.year, region_code=_region_code(ctx.prefix))
    return (
        with_year(ctx)
        .filter(status__in=EXITED_STATUSES, exit_year__lte=ctx.year)
        .annotate(q_living=living_kept())
        # A household with nobody left trips only if it has no income either (HH-07 reports it anyway).
        .filter(q_net__lte=times(F("q_living"), Value(line)))
        .annotate(
            q_message=message(
                f"{ctx.year} 年家庭纯收入 ",
                yuan(F("q_net")),
                " 元，在册 ",
                F("q_living"),
                f" 人，未超过贫困线 {line} 元",
            )
        )
    )


@check(
    "EX-03",
    _("脱贫当年人均纯收入未超过贫困线"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("已脱贫户脱贫年度的家庭纯收入除以在册人数未超过该年贫困线，不符合退出的收入标准。"),
    _("核实脱贫年度的收入调查；不达标的，按错退处理。"),
)
def exited_year_below_line(ctx: CheckContext) -> QuerySet:
    lines = {}
    for year in range(2014, ctx.year + 1):
        try:
            lines[year] = poverty_line(year=year, region_code=_region_code(ctx.prefix))
        except CheckUnavailable:
            continue
    money: DecimalField = DecimalField(max_digits=13, decimal_places=2)
    line = Case(*(When(exit_year=y, then=Value(v)) for y, v in lines.items()), output_field=money)
    return (
        ctx.households()
        .filter(status__in=EXITED_STATUSES, exit_year__in=list(lines))
        .annotate(q_facts=FilteredRelation("years", condition=Q(years__year=F("exit_year"))))
        .filter(q_facts__year=F("exit_year"))
        .annotate(q_net=F("q_facts__net_income"), q_living=living_kept())
        .annotate(q_line=line)
        .filter(q_net__lte=times(F("q_living"), F("q_line")))
        .annotate(
            q_message=message(
                F("exit_year"),
                " 年（脱贫年度）家庭纯收入 ",
                yuan(F("q_net")),
                " 元，未超过贫困线 ",
                yuan(F("q_line")),
            )
        )
    )


@check(
    "EX-04",
    _("已脱贫但未通过最新评估（错退风险）"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("标记为已脱贫的户在本年度最新一次正式的户级退出评估中未达标。"),
    _("按评估未达标的指标逐项入户核实，落实帮扶；不能稳定达标的，按错退处理。"),
)
def exited_failing_evaluation(ctx: CheckContext) -> QuerySet:
    latest = standards.latest_official_run(level="household", year=ctx.year, region_code=ctx.prefix)
    if latest is None:
        raise CheckUnavailable(str(_("%(year)s 年尚无户级正式评估") % {"year": ctx.year}))
    failures = standards.household_failures_latest(year=ctx.year)
    rules = failures.filter(household_id=OuterRef("pk")).values("failed_rules")[:1]
    return (
        ctx.households()
        .filter(status__in=EXITED_STATUSES, pk__in=failures.values("household_id"))
        .annotate(q_message=message("最新评估未达标：", Coalesce(Subquery(rules, output_field=CharField()), Value(""))))
    )
