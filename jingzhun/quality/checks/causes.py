"""Checks that the main cause of poverty (主要致贫原因) agrees with the members' facts."""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import ABLE, DISABLED, SICK, STUDENTS, CheckContext, check, living_of
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.choices import Cause


def _cause_without(ctx: CheckContext, cause: str, condition: Q, text: str) -> QuerySet:
    return (
        ctx.households()
        .filter(main_cause=cause)
        .filter(~Exists(living_of().filter(condition)))
        .annotate(q_message=message(text))
    )


@check(
    "CA-01",
    _("因病致贫但成员均健康"),
    Category.CAUSE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("主要致贫原因为因病，但没有一名在册成员登记为患病（长期慢性病、大病或残疾且患病）。"),
    _("核实致贫原因；确有病人的，更正该成员的健康状况。"),
)
def cause_illness(ctx: CheckContext) -> QuerySet:
    return _cause_without(ctx, Cause.ILLNESS, Q(health__in=SICK), "因病致贫，但在册成员均无患病登记")


@check(
    "CA-02",
    _("因学致贫但无在校生"),
    Category.CAUSE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("主要致贫原因为因学，但没有一名在册成员是在校生。"),
    _("核实致贫原因或补录成员的在校生状况。"),
)
def cause_education(ctx: CheckContext) -> QuerySet:
    return _cause_without(ctx, Cause.EDUCATION, Q(school_status__in=STUDENTS), "因学致贫，但无在校生")


@check(
    "CA-03",
    _("因残致贫但无残疾成员"),
    Category.CAUSE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("主要致贫原因为因残，但没有一名在册成员登记为残疾。"),
    _("核实致贫原因，或按残疾证更正成员健康状况。"),
)
def cause_disability(ctx: CheckContext) -> QuerySet:
    return _cause_without(ctx, Cause.DISABILITY, Q(health__in=DISABLED), "因残致贫，但无残疾成员")


@check(
    "CA-04",
    _("缺劳力但有多名劳动力"),
    Category.CAUSE,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("主要致贫原因为缺劳力，但有两名及以上劳动年龄内的普通或技能劳动力。"),
    _("核实致贫原因或成员的劳动技能。"),
)
def cause_labour(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["working_age"]
    able = (
        living_of()
        .filter(ctx.born_q(low, high), labour__in=ABLE)
        .order_by()
        .values("household_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        ctx.households()
        .filter(main_cause=Cause.LABOUR)
        .annotate(q_able=Coalesce(Subquery(able, output_field=IntegerField()), 0))
        .filter(q_able__gte=2)
        .annotate(q_message=message("缺劳力致贫，但有 ", F("q_able"), " 名劳动力"))
    )
