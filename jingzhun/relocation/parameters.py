"""The business parameters of relocation and housing: the three red lines and the deadlines."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import DECIMAL, INTEGER, MONTH_DAY, declare

declare(
    "relocation.area_per_person",
    type=DECIMAL,
    default=Decimal("25"),
    unit=_("平方米/人"),
    label=_("人均安置面积上限"),
    help=_("三条红线之一：建档立卡搬迁户人均住房面积不超过此数。"),
    minimum=0,
)
declare(
    "relocation.self_financing",
    type=INTEGER,
    default=3000,
    unit=_("元/户"),
    label=_("户均自筹资金上限"),
    help=_("三条红线之一：建档立卡搬迁户自筹资金不超过此数。"),
    minimum=0,
)
declare(
    "relocation.renovation_deadline",
    type=MONTH_DAY,
    default=(10, 31),
    label=_("危房改造完成时限"),
    help=_("计划年度内危房改造须在此日期前竣工验收并入住。"),
)
declare(
    "relocation.move_in_days",
    type=INTEGER,
    default=90,
    unit=_("天"),
    label=_("交钥匙后入住时限"),
    help=_("交钥匙超过此天数仍未入住的搬迁户列入预警。"),
    minimum=1,
)
