"""The check the household measures add to the data-quality catalogue (found by name by quality)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.measures.rates import exiting_q, long_term_industry
from jingzhun.quality.checks.base import CheckContext, check
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.quality.expressions import message


@check(
    "MS-01",
    _("退出户没有长效增收产业"),
    Category.EXIT,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("本年度脱贫（或计划本年度脱贫）的户没有登记任何长效增收产业措施：每个退出户至少发展一项长效增收产业。"),
    _("落实并登记该户的产业措施（产业类别、年度、金额、实施单位），标记为长效增收产业。"),
)
def exiting_without_industry(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .filter(exiting_q(ctx.year))
        .exclude(long_term_industry(ctx.year))
        .annotate(q_message=message("本年度退出户，未登记长效增收产业"))
    )
