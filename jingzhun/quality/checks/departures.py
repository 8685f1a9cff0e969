"""Checks of members still counted after they died or moved out."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CheckContext, check, living_kept
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message


def _overcounted(ctx: CheckContext) -> QuerySet:
    return ctx.households().annotate(q_living=living_kept()).filter(size__gt=F("q_living")).values("pk")


@check(
    "MB-01",
    _("已死亡成员仍计入人数"),
    Category.MEMBERS,
    Severity.ERROR,
    Entity.MEMBER,
    _("成员已标记死亡，但户的人数仍把他算在内（人数多于在册成员）。"),
    _("把户的人数减去已死亡成员。"),
)
def deceased_counted(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(deceased=True, household_id__in=_overcounted(ctx))
        .annotate(q_message=message("已死亡，户人数 ", F("household__size"), " 仍计入"))
    )


@check(
    "MB-02",
    _("已迁出成员仍计入人数"),
    Category.MEMBERS,
    Severity.ERROR,
    Entity.MEMBER,
    _("成员已标记迁出，但户的人数仍把他算在内（人数多于在册成员）。"),
    _("把户的人数减去已迁出成员。"),
)
def moved_out_counted(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(moved_out=True, deceased=False, household_id__in=_overcounted(ctx))
        .annotate(q_message=message("已迁出，户人数 ", F("household__size"), " 仍计入"))
    )
