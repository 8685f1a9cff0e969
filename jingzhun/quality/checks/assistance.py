"""Checks of the assistance helpers (帮扶责任人)."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CheckContext, check
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.models import Member


@check(
    "HP-01",
    _("未落实帮扶责任人"),
    Category.HELPER,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("贫困户没有登记帮扶责任人（结对帮扶全覆盖）。"),
    _("由帮扶单位指派帮扶责任人并登记姓名、单位和电话。"),
)
def no_helper(ctx: CheckContext) -> QuerySet:
    return ctx.households().filter(helper_name="").annotate(q_message=message("未登记帮扶责任人"))


@check(
    "HP-02",
    _("帮扶责任人本人是贫困人口"),
    Category.HELPER,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("帮扶责任人的姓名和电话与一名在册贫困人口相同，帮扶人自己是建档立卡对象。"),
    _("更换帮扶责任人。"),
)
def helper_is_poor(ctx: CheckContext) -> QuerySet:
    helped = ctx.households().exclude(helper_phone="")
    # Only members whose phone is some helper's (40,000 numbers for the city) are matched by
    # name: PostgreSQL then hashes a few rows instead of every living member with a phone.
    poor = (
        Member.objects.filter(deceased=False, moved_out=False)
        .exclude(phone="")
        .filter(phone__in=helped.order_by().values("helper_phone"))
        .filter(name=OuterRef("helper_name"), phone=OuterRef("helper_phone"))
    )
    return helped.filter(Exists(poor)).annotate(
        q_message=message(
            "帮扶责任人 ", F("helper_name"), " 是户 ", Subquery(poor.values("household__code")[:1]), " 的成员"
        )
    )
