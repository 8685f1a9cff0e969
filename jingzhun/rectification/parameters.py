"""The business parameters of 整改督办 (declared here, imported by apps.py ready())."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, declare

declare(
    "rectification.default_days",
    type=INTEGER,
    default=60,
    unit=_("天"),
    label=_("默认整改期限"),
    help=_("交办问题未写明整改时限时（如由数据质量问题线索、回头看差距清单生成），从检查反馈日期起算的整改天数。"),
    minimum=1,
)
declare(
    "rectification.due_soon_days",
    type=INTEGER,
    default=7,
    unit=_("天"),
    label=_("临期提醒天数"),
    help=_("距整改时限不足此天数的未完成问题，在整改看板和挂牌督办板上标为“临期”。"),
    minimum=0,
)
