"""The business parameters of the household measures."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, declare

declare(
    "measures.employment_months",
    type=INTEGER,
    default=6,
    unit=_("个月"),
    label=_("转移就业月数"),
    help=_("建档立卡劳动力外出务工累计达到此月数的，计入转移就业人数。"),
    minimum=1,
    maximum=12,
)
