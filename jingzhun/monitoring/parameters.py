"""Business parameters of return-to-poverty monitoring (the screening thresholds)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import DECIMAL, declare

declare(
    "monitoring.warning_multiple",
    type=DECIMAL,
    default=Decimal("1.5"),
    unit=_("倍"),
    label=_("监测线（扶贫标准的倍数）"),
    help=_("已脱贫户人均纯收入低于当年扶贫标准的这一倍数时，纳入脱贫不稳定户监测。"),
    minimum=Decimal("1"),
    maximum=Decimal("5"),
)
declare(
    "monitoring.income_drop_share",
    type=DECIMAL,
    default=Decimal("0.3"),
    unit=_("比例"),
    label=_("收入大幅下降比例"),
    help=_("已脱贫户人均纯收入比上年下降超过这一比例（如 0.3 即 30%）时，纳入监测。"),
    minimum=Decimal("0.01"),
    maximum=Decimal("1"),
)
