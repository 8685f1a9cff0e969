"""Checks of the household structure: head, spouse, size and the ages of children and parents."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CHILDREN, PARENTS, CheckContext, check, heads_kept, living_kept
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.choices import Relation
from jingzhun.registry.models import Member


@check(
    "HH-01",
    _("无户主"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户内没有与户主关系为“户主”的成员。"),
    _("指定一名成员为户主（户主去世的，按户口簿变更户主）。"),
)
def no_head(ctx: CheckContext) -> QuerySet:
    return ctx.households().annotate(q_heads=heads_kept()).filter(q_heads=0).annotate(q_message=message("户内没有户主"))


@check(
    "HH-02",
    _("多个户主"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("一户登记了两名及以上户主。"),
    _("只保留户口簿上的户主，其余成员改为相应的与户主关系。"),
)
def two_heads(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .annotate(q_heads=heads_kept())
        .filter(q_heads__gt=1)
        .annotate(q_message=message("登记了多名户主"))
    )


@check(
    "HH-03",
    _("户主与配偶性别相同"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户主与登记为“配偶”的成员性别相同。"),
    _("核对性别、证件号码和与户主关系。"),
)
def head_spouse_same_sex(ctx: CheckContext) -> QuerySet:
    same = Member.objects.filter(household_id=OuterRef("household_id"), relation=Relation.HEAD, sex=OuterRef("sex"))
    spouses = Member.objects.filter(relation=Relation.SPOUSE).filter(Exists(same))
    return (
        ctx.households().filter(pk__in=spouses.values("household_id")).annotate(q_message=message("户主与配偶性别相同"))
    )


@check(
    "HH-04",
    _("人数与在册成员数不符"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户的“人数”与未死亡、未迁出的成员数不一致，人均收入和贫困人口数都会算错。"),
    _("核对成员名单，更正人数或成员的死亡、迁出标记。"),
)
def size_mismatch(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .annotate(q_living=living_kept())
        .exclude(size=F("q_living"))
        .annotate(q_message=message("登记人数 ", F("size"), "，在册成员 ", F("q_living")))
    )


@check(
    "HH-05",
    _("子女年龄不小于户主"),
    Category.STRUCTURE,
    Severity.WARNING,
    Entity.MEMBER,
    _("登记为户主之子或之女的成员出生不晚于户主。"),
    _("核对出生日期和与户主关系（是否应为兄弟姐妹或其他）。"),
)
def child_older(ctx: CheckContext) -> QuerySet:
    head = Member.objects.filter(
        household_id=OuterRef("household_id"), relation=Relation.HEAD, birth_date__gte=OuterRef("birth_date")
    )
    return (
        ctx.members()
        .filter(relation__in=CHILDREN)
        .filter(Exists(head))
        .annotate(q_message=message("出生于 ", F("birth_date"), "，不晚于户主"))
    )


@check(
    "HH-06",
    _("父母年龄不大于户主"),
    Category.STRUCTURE,
    Severity.WARNING,
    Entity.MEMBER,
    _("登记为户主之父或之母的成员出生不早于户主。"),
    _("核对出生日期和与户主关系。"),
)
def parent_younger(ctx: CheckContext) -> QuerySet:
    head = Member.objects.filter(
        household_id=OuterRef("household_id"), relation=Relation.HEAD, birth_date__lte=OuterRef("birth_date")
    )
    return (
        ctx.members()
        .filter(relation__in=PARENTS)
        .filter(Exists(head))
        .annotate(q_message=message("出生于 ", F("birth_date"), "，不早于户主"))
    )


@check(
    "HH-07",
    _("无在册成员"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户内成员全部死亡或迁出，却仍作为贫困户在册。"),
    _("核实后按程序注销该户（自然消亡）。"),
)
def no_living(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .annotate(q_living=living_kept())
        .filter(q_living=0)
        .annotate(q_message=message("成员全部死亡或迁出"))
    )
