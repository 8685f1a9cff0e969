"""Checks for people and households registered twice (重复识别)."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, Substr
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CheckContext, check
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.choices import Relation
from jingzhun.registry.models import Member


def _duplicated_ids() -> QuerySet:
    """ID numbers registered more than once (the whole registry; the index on the number answers it).

    Deceased members are counted here and left out by each check's own condition.
    """
    return (
        Member.objects.exclude(id_number="")
        .order_by()
        .values("id_number")
        .annotate(n=Count("*"))
        .filter(n__gt=1)
        .values("id_number")
    )


def duplicated() -> QuerySet:
    """Members, dead or alive, of the whole registry whose ID number is registered more than once."""
    return Member.objects.filter(id_number__in=_duplicated_ids()).order_by()


def _duplicated(ctx: CheckContext) -> QuerySet:
    """``duplicated()``, or within a run the members the run found once (``CheckContext.duplicates``)."""
    if ctx.duplicates:
        return Member.objects.filter(pk__in=RawSQL(f"SELECT member_id FROM {ctx.duplicates}", ())).order_by()
    return duplicated()


def _duplicate_members(ctx: CheckContext) -> QuerySet:
    """Living members whose ID number is registered more than once: a handful of rows to group."""
    return _duplicated(ctx).filter(deceased=False)


def _duplicate_ids(ctx: CheckContext) -> QuerySet:
    """The region's living members whose ID number is registered more than once: the rows a check reports from."""
    return ctx.members().filter(deceased=False, pk__in=_duplicated(ctx).values("pk"))


def _county_of(path: Any) -> Any:
    return Substr(path, 1, 6)


def _others_with_same_id() -> QuerySet:
    """Living members with the outer member's ID number in another household (for the message)."""
    return (
        Member.objects.filter(deceased=False, id_number=OuterRef("id_number"))
        .exclude(household_id=OuterRef("household_id"))
        .order_by("household__code")
    )


@check(
    "DUP-01",
    _("同一人在本县两户重复登记"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.MEMBER,
    _("同一证件号码登记在同一县的两个贫困户中。"),
    _("核实此人实际所在户，从另一户中删除或标记迁出。"),
)
def dup_in_county(ctx: CheckContext) -> QuerySet:
    # (ID number, county) pairs held by two or more households.
    key = Concat("id_number", Value("-"), _county_of("household__village_id"), output_field=CharField())
    pairs = (
        _duplicate_members(ctx)
        .annotate(q_key=key)
        .values("q_key")
        .annotate(n=Count("household_id", distinct=True))
        .filter(n__gt=1)
        .values("q_key")
    )
    county = _county_of(OuterRef("household__village_id"))
    others = _others_with_same_id().annotate(q_county=_county_of("household__village_id")).filter(q_county=county)
    return (
        _duplicate_ids(ctx)
        .annotate(q_key=key)
        .filter(q_key__in=pairs)
        .annotate(q_message=message("同一证件号码还登记在本县户 ", Subquery(others.values("household__code")[:1])))
    )


@check(
    "DUP-02",
    _("同一人在其他县重复登记"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.MEMBER,
    _("同一证件号码登记在另一个县的贫困户中（跨县重复）。"),
    _("与对方县脱贫办联系，核实后由户籍所在地保留。"),
)
def dup_other_county(ctx: CheckContext) -> QuerySet:
    # ID numbers held in two or more counties.
    spread = (
        _duplicate_members(ctx)
        .values("id_number")
        .annotate(n=Count(_county_of("household__village_id"), distinct=True))
        .filter(n__gt=1)
        .values("id_number")
    )
    county = _county_of(OuterRef("household__village_id"))
    others = _others_with_same_id().annotate(q_county=_county_of("household__village_id")).exclude(q_county=county)
    return (
        _duplicate_ids(ctx)
        .filter(id_number__in=spread)
        .annotate(q_message=message("同一证件号码还登记在外县户 ", Subquery(others.values("household__code")[:1])))
    )


@check(
    "DUP-03",
    _("同一人在本户重复登记"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.MEMBER,
    _("同一户内两名成员的证件号码相同。"),
    _("删除重复的成员记录，并核对人数。"),
)
def dup_in_household(ctx: CheckContext) -> QuerySet:
    key = Concat(Cast("household_id", CharField()), Value("-"), "id_number", output_field=CharField())
    twice = _duplicate_members(ctx).annotate(q_key=key).values("q_key").annotate(n=Count("*")).filter(n__gt=1)
    twins = Member.objects.filter(
        household_id=OuterRef("household_id"), id_number=OuterRef("id_number"), deceased=False
    ).exclude(pk=OuterRef("pk"))
    return (
        _duplicate_ids(ctx)
        .annotate(q_key=key)
        .filter(q_key__in=twice.values("q_key"))
        .annotate(q_message=message("本户另有成员 ", Subquery(twins.values("name")[:1]), " 的证件号码相同"))
    )


@check(
    "DUP-04",
    _("同一户重复建档"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("两个贫困户的户主是同一个人（证件号码相同），疑似同一户建档两次。"),
    _("核实后合并为一户，注销重复的户。"),
)
def dup_household(ctx: CheckContext) -> QuerySet:
    heads = Member.objects.filter(relation=Relation.HEAD).exclude(id_number="")
    # A number two heads share is registered more than once: only those members are grouped.
    repeated_heads = _duplicated(ctx).filter(relation=Relation.HEAD)
    repeated = repeated_heads.values("id_number").annotate(n=Count("*")).filter(n__gt=1).values("id_number")
    other = heads.filter(id_number=OuterRef("q_head_id")).exclude(household_id=OuterRef("pk"))
    own_head = heads.filter(household_id=OuterRef("pk"))
    return (
        ctx.households()
        .filter(pk__in=repeated_heads.filter(id_number__in=repeated).values("household_id"))
        .annotate(q_head_id=Subquery(own_head.values("id_number")[:1]))
        .annotate(q_message=message("户主同时是户 ", Subquery(other.values("household__code")[:1]), " 的户主"))
    )
