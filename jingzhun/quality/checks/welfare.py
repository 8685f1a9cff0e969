"""Checks of the welfare flags: 低保 and 特困 households and their members."""

from __future__ import annotations

from django.db.models import Exists, QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import ABLE, CheckContext, check, living_of
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.choices import DIBAO_ATTRIBUTES, TEKUN_ATTRIBUTES


@check(
    "WF-01",
    _("低保户无低保成员"),
    Category.WELFARE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("贫困户属性为低保户，但没有一名在册成员登记享受低保。"),
    _("与民政低保名单核对，更正户属性或成员的低保标识。"),
)
def dibao_without_member(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .filter(attribute__in=sorted(DIBAO_ATTRIBUTES))
        .filter(~Exists(living_of().filter(dibao=True)))
        .annotate(q_message=message("低保户，但无成员享受低保"))
    )


@check(
    "WF-02",
    _("特困户有劳动年龄劳动力"),
    Category.WELFARE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("特困供养户应无劳动能力，但有劳动年龄内的普通或技能劳动力。"),
    _("核实特困供养资格或成员的劳动技能。"),
)
def tekun_with_worker(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["working_age"]
    return (
        ctx.households()
        .filter(attribute__in=sorted(TEKUN_ATTRIBUTES))
        .filter(Exists(living_of().filter(ctx.born_q(low, high), labour__in=ABLE)))
        .annotate(q_message=message("特困供养户，但有劳动年龄劳动力"))
    )


@check(
    "WF-03",
    _("享受低保成员不在低保户"),
    Category.WELFARE,
    Severity.WARNING,
    Entity.MEMBER,
    _("成员登记享受低保，但所在户的贫困户属性不是低保户。"),
    _("更正户属性（低保贫困户等）或成员的低保标识。"),
)
def dibao_member_household(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(dibao=True, deceased=False, moved_out=False)
        .exclude(household__attribute__in=sorted(DIBAO_ATTRIBUTES))
        .annotate(q_message=message("享受低保，但户属性不是低保户"))
    )


@check(
    "WF-04",
    _("特困供养成员不在特困户"),
    Category.WELFARE,
    Severity.WARNING,
    Entity.MEMBER,
    _("成员登记为特困供养，但所在户的贫困户属性不是特困供养户。"),
    _("更正户属性或成员的特困供养标识。"),
)
def tekun_member_household(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(tekun=True, deceased=False, moved_out=False)
        .exclude(household__attribute__in=sorted(TEKUN_ATTRIBUTES))
        .annotate(q_message=message("特困供养，但户属性不是特困供养户"))
    )
