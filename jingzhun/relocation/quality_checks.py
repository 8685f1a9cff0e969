"""The checks relocation adds to the data-quality catalogue (found by name by quality).

The three red lines (三条红线: area per person, self-financing, no debt from moving) over the
relocated households of batch year Y or earlier, and the duplicate benefits: a person
relocated with two households, a household both relocated and renovated. Each returns the
offending registered households, ``q_message`` naming the line (面积 / 自筹 / 负债 / 重复受益).
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, DecimalField, Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import parameter_value
from jingzhun.quality.checks.base import CheckContext, check
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.models import Member
from jingzhun.relocation.models import Renovation


def _relocated(ctx: CheckContext) -> QuerySet:
    return ctx.households().filter(relocations__batch_year__lte=ctx.year)


def _text(expression: Any) -> Cast:
    return Cast(expression, output_field=CharField())


@check(
    "RL-01",
    _("搬迁户人均安置面积超标"),
    Category.HOUSING,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("三条红线之一：建档立卡搬迁户人均住房面积不得超过规定面积（默认 25 平方米）。"),
    _("核实安置面积和搬迁人数；确属超标的，按政策调整安置房型或退还超标部分补助。"),
)
def over_area(ctx: CheckContext) -> QuerySet:
    limit = parameter_value("relocation.area_per_person", year=ctx.year, region=ctx.prefix)
    ceiling = F("relocations__people") * Value(limit, output_field=DecimalField(max_digits=7, decimal_places=2))
    return (
        _relocated(ctx)
        .alias(q_ceiling=ceiling)
        .filter(relocations__area__gt=F("q_ceiling"))
        .annotate(
            q_message=message(
                "面积：安置面积 ",
                _text(F("relocations__area")),
                " 平方米、搬迁 ",
                _text(F("relocations__people")),
                f" 人，人均超过 {limit} 平方米",
            )
        )
    )


@check(
    "RL-02",
    _("搬迁户自筹资金超标"),
    Category.HOUSING,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("三条红线之一：建档立卡搬迁户自筹资金不得超过规定金额（默认每户 3000 元）。"),
    _("核实自筹资金；确属超标的，退还超出部分或按政策予以补助。"),
)
def over_self_financing(ctx: CheckContext) -> QuerySet:
    limit = parameter_value("relocation.self_financing", year=ctx.year, region=ctx.prefix)
    return (
        _relocated(ctx)
        .filter(relocations__self_financing__gt=limit)
        .annotate(
            q_message=message("自筹：自筹资金 ", _text(F("relocations__self_financing")), f" 元，超过 {limit} 元")
        )
    )


@check(
    "RL-03",
    _("搬迁户因搬迁负债"),
    Category.HOUSING,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("三条红线之一：不得让搬迁户因搬迁而负债。"),
    _("核实负债原因与金额，落实补助或贴息，化解因搬迁形成的债务。"),
)
def moving_debt(ctx: CheckContext) -> QuerySet:
    return _relocated(ctx).filter(relocations__in_debt=True).annotate(q_message=message("负债：因搬迁负债"))


@check(
    "RL-04",
    _("同一人随两户重复享受搬迁"),
    Category.HOUSING,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("搬迁户的成员证件号码也登记在另一个搬迁户中：搬迁受益户认定不准确，重复受益。"),
    _("核实此人实际随哪一户搬迁，取消另一户中的重复受益并追回补助。"),
)
def relocated_twice(ctx: CheckContext) -> QuerySet:
    twin = Member.objects.filter(
        id_number=OuterRef("id_number"), deceased=False, household__relocations__isnull=False
    ).exclude(household_id=OuterRef("household_id"))
    shared = (
        Member.objects.filter(household_id=OuterRef("pk"), deceased=False).exclude(id_number="").filter(Exists(twin))
    )
    return _relocated(ctx).filter(Exists(shared)).annotate(q_message=message("重复受益：有成员也随另一户登记搬迁"))


@check(
    "RL-05",
    _("既易地搬迁又危房改造"),
    Category.HOUSING,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("同一户在脱贫攻坚期内既享受易地扶贫搬迁，又享受农村危房改造，重复受益。"),
    _("核实住房保障方式，二者只能享受其一；取消重复的一项并追回补助。"),
)
def relocated_and_renovated(ctx: CheckContext) -> QuerySet:
    renovated = Renovation.objects.filter(household_id=OuterRef("pk"), plan_year__lte=ctx.year)
    return (
        _relocated(ctx)
        .filter(Exists(renovated))
        .annotate(q_message=message("重复受益：", _text(F("relocations__batch_year")), " 年度易地搬迁，又登记危房改造"))
    )
