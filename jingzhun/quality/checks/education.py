"""Checks of education and health: school-age children, dropouts and medical insurance."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CheckContext, check, years_before
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.choices import SchoolStatus


@check(
    "ED-01",
    _("学龄儿童无在校状况"),
    Category.EDUCATION,
    Severity.WARNING,
    Entity.MEMBER,
    _("义务教育年龄（6–15 周岁，参数）的在册儿童既未登记在校，也未登记失学辍学原因。"),
    _("补录在校生状况；确已失学辍学的，登记原因并落实控辍保学。"),
)
def school_age_unknown(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["school_age"]
    return (
        ctx.living()
        .filter(ctx.born_q(low, high))
        .filter(school_status__in=[SchoolStatus.NONE, SchoolStatus.PRESCHOOL_CHILD], dropout_reason="")
        .annotate(q_message=message("出生于 ", F("birth_date"), "，无在校生状况"))
    )


@check(
    "ED-02",
    _("学段与年龄不符"),
    Category.EDUCATION,
    Severity.WARNING,
    Entity.MEMBER,
    _("小学在读已满 16 周岁、初中在读已满 19 周岁，或 14 周岁及以下读普通高中。"),
    _("核对出生日期和在校生状况。"),
)
def school_grade_age(ctx: CheckContext) -> QuerySet:
    ref = ctx.reference_date
    too_old = Q(school_status=SchoolStatus.PRIMARY, birth_date__lte=years_before(ref, 16)) | Q(
        school_status=SchoolStatus.JUNIOR, birth_date__lte=years_before(ref, 19)
    )
    too_young = Q(school_status=SchoolStatus.SENIOR, birth_date__gt=years_before(ref, 15))
    return (
        ctx.living()
        .filter(too_old | too_young)
        .annotate(q_message=message("出生于 ", F("birth_date"), "，在读学段与年龄不符"))
    )


@check(
    "ED-03",
    _("义务教育阶段辍学"),
    Category.EDUCATION,
    Severity.ERROR,
    Entity.MEMBER,
    _("义务教育年龄的在册儿童失学辍学，原因不是因病、因残或智力障碍（不能保障义务教育）。"),
    _("落实控辍保学，劝返复学或送教上门，并更新在校生状况。"),
)
def dropout(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["school_age"]
    return (
        ctx.living()
        .filter(ctx.born_q(low, high))
        .filter(school_status__in=[SchoolStatus.NONE, SchoolStatus.PRESCHOOL_CHILD], dropout_reason__in=["4", "5", "9"])
        .annotate(q_message=message("义务教育阶段失学辍学"))
    )


@check(
    "HE-01",
    _("未参加基本医疗保险"),
    Category.EDUCATION,
    Severity.WARNING,
    Entity.MEMBER,
    _("在册成员未参加城乡居民基本医疗保险（基本医疗保障不达标）。"),
    _("动员参保（贫困人口个人缴费由财政补贴），并更新参保标识。"),
)
def no_medical_insurance(ctx: CheckContext) -> QuerySet:
    return ctx.living().filter(medical_insurance=False).annotate(q_message=message("未参加基本医疗保险"))
