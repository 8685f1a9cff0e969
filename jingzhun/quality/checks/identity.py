"""Checks of the ID numbers (身份证号码): checksum, legacy and damaged numbers, sex and birth date."""

from __future__ import annotations

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import CheckContext, check
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import (
    DateDigits,
    IdBirthDigits,
    IdBirthMismatch,
    IdCheckDigit,
    IdChecksumWrong,
    IdMalformed,
    IdSexMismatch,
    IdShape,
    IdTruncated,
    message,
)


@check(
    "ID-01",
    _("证件号码校验位错误"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("18 位身份证号码的末位校验码与前 17 位计算结果不符，号码有录入错误。"),
    _("对照户口簿或身份证原件核对号码并更正。"),
)
def id_checksum(ctx: CheckContext) -> QuerySet:
    return (
        ctx.id_members()
        .filter(IdChecksumWrong(F("id_number")))
        .exclude(id_number__endswith="00")
        .annotate(
            q_message=message("校验位应为 ", IdCheckDigit(F("id_number")), "，登记为 ", Substr("id_number", 18, 1))
        )
    )


@check(
    "ID-02",
    _("15 位旧版身份证号码"),
    Category.IDENTITY,
    Severity.WARNING,
    Entity.MEMBER,
    _("仍登记一代 15 位身份证号码，无法与其他部门的 18 位号码比对。"),
    _("按户口簿或二代身份证更新为 18 位号码。"),
)
def id_legacy(ctx: CheckContext) -> QuerySet:
    return (
        ctx.id_members()
        .annotate(q_length=Length("id_number"))
        .filter(q_length=15)
        .filter(IdShape(F("id_number"), "15"))
        .annotate(q_message=message("登记为 15 位旧版号码"))
    )


@check(
    "ID-03",
    _("证件号码长度或格式错误"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("证件号码既不是 18 位也不是 15 位，或含有数字和末位 X 以外的字符。"),
    _("核对原件后重新录入完整的证件号码。"),
)
def id_format(ctx: CheckContext) -> QuerySet:
    return (
        ctx.id_members()
        .filter(IdMalformed(F("id_number")))
        .annotate(q_message=message("证件号码为 ", Length("id_number"), " 位或含非法字符"))
    )


@check(
    "ID-04",
    _("证件号码被 Excel 截断"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("号码以 00/000 结尾且校验位不符，或为科学计数法，是 Excel 把号码当数值保存后丢失了末几位。"),
    _("按文本格式重新录入完整号码，并检查同批导入的其他号码。"),
)
def id_excel(ctx: CheckContext) -> QuerySet:
    return (
        ctx.id_members()
        .filter(Q(IdTruncated(F("id_number"))) | Q(id_number__contains="E+"))
        .annotate(q_message=message("号码 ", F("id_number"), " 末位疑似被 Excel 截断"))
    )


@check(
    "ID-05",
    _("性别与证件号码不符"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("证件号码第 17 位（旧版第 15 位）奇数为男、偶数为女，与登记的性别不一致。"),
    _("核对证件，更正性别或证件号码。"),
)
def id_sex(ctx: CheckContext) -> QuerySet:
    return (
        ctx.id_members()
        .filter(IdSexMismatch(F("id_number"), F("sex")))
        .annotate(
            q_message=Case(
                When(sex="1", then=Value("登记为男，证件号码表示女")),
                default=Value("登记为女，证件号码表示男"),
                output_field=CharField(),
            )
        )
    )


@check(
    "ID-06",
    _("出生日期与证件号码不符"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("登记的出生日期与证件号码中的出生日期不一致，年龄相关的判断（学龄、劳动年龄）都会出错。"),
    _("以证件为准更正出生日期。"),
)
def id_birth(ctx: CheckContext) -> QuerySet:
    return (
        ctx.id_members()
        .filter(IdBirthMismatch(F("id_number"), F("birth_date")))
        .annotate(
            q_message=message(
                "登记出生日期 ", DateDigits(F("birth_date")), "，证件号码为 ", IdBirthDigits(F("id_number"))
            )
        )
    )
