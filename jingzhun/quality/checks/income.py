"""Checks of the year's income (收入): implausible, incomplete or inconsistent figures."""

from __future__ import annotations

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CheckContext, check, living_kept, living_of, times, yuan
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.models import HouseholdYear


def _year_facts(ctx: CheckContext) -> QuerySet:
    return HouseholdYear.objects.filter(household_id=OuterRef("pk"), year=ctx.year)


def with_year(ctx: CheckContext) -> QuerySet:
    """Households of the region that have the year's facts, joined to them (one join, not a subquery per column)."""
    return (
        ctx.households()
        .annotate(q_facts=FilteredRelation("years", condition=Q(years__year=ctx.year)))
        .filter(q_facts__year=ctx.year)
        .annotate(
            q_net=F("q_facts__net_income"),
            q_wages=F("q_facts__wage_income"),
            q_business=F("q_facts__business_income"),
            q_cost=F("q_facts__production_cost"),
        )
    )


@check(
    "IN-01",
    _("收入为负或人均纯收入不合理"),
    Category.INCOME,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("本年度家庭纯收入为负或为零，或人均纯收入超过 10 万元（参数），多为录入单位（元/万元）错误。"),
    _("核对收入调查表，按元录入各项收入。"),
)
def income_implausible(ctx: CheckContext) -> QuerySet:
    living = living_kept()
    top = ctx.params["max_per_capita"]
    return (
        with_year(ctx)
        .annotate(q_living=living)
        .filter(
            Q(q_net__lte=0) | Q(q_business__lt=0) | (Q(q_net__gt=top) & Q(q_net__gt=times(F("q_living"), Value(top))))
        )
        .annotate(q_message=message(f"{ctx.year} 年家庭纯收入 ", yuan(F("q_net")), " 元，在册 ", F("q_living"), " 人"))
    )


@check(
    "IN-02",
    _("有经营收入无经营支出"),
    Category.INCOME,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("本年度有生产经营性收入，但生产经营性支出为零（种养殖都有成本），纯收入被高估。"),
    _("补录种子、化肥、饲料等生产经营性支出。"),
)
def business_no_cost(ctx: CheckContext) -> QuerySet:
    return (
        with_year(ctx)
        .filter(q_business__gt=0, q_cost=0)
        .annotate(q_message=message(f"{ctx.year} 年生产经营性收入 ", yuan(F("q_business")), " 元，支出为 0"))
    )


@check(
    "IN-03",
    _("有务工收入无务工人员"),
    Category.INCOME,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("本年度工资性收入超过 2 万元（参数），但没有一名在册成员有务工时间。"),
    _("补录成员的务工时间，或核实工资性收入。"),
)
def wages_no_migrant(ctx: CheckContext) -> QuerySet:
    return (
        with_year(ctx)
        .filter(q_wages__gt=ctx.params["migrant_wages"])
        .filter(~Exists(living_of().filter(migrant_months__gt=0)))
        .annotate(q_message=message(f"{ctx.year} 年工资性收入 ", yuan(F("q_wages")), " 元，但无人外出务工"))
    )


@check(
    "IN-04",
    _("务工时间超出 0–12 个月"),
    Category.INCOME,
    Severity.ERROR,
    Entity.MEMBER,
    _("务工时间应在 0 到 12 个月之间。"),
    _("按实际务工月数更正。"),
)
def migrant_months(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(Q(migrant_months__gt=12) | Q(migrant_months__lt=0))
        .annotate(q_message=message("务工时间 ", F("migrant_months"), " 个月"))
    )


@check(
    "IN-05",
    _("缺少本年度收入调查"),
    Category.INCOME,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("本年度以前识别的贫困户没有本年度的收入和生活条件数据，无法评估退出。"),
    _("补录本年度的收入调查。"),
)
def missing_year(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .filter(identification_year__lte=ctx.year)
        .filter(~Exists(_year_facts(ctx)))
        .annotate(q_message=message(f"缺少 {ctx.year} 年度收入调查"))
    )
