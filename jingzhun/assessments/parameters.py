"""The business parameters of 考核评估 (declared here, read by ``scoring`` and ``feeds``)."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, declare

# The county internal scheme (县区内部考核方案): default weights of the four areas of the
# national assessment of poverty-alleviation results (POLICY §5), in per cent.
for name, label, default in (
    ("weight_reduction", _("减贫成效权重"), 40),
    ("weight_identification", _("精准识别权重"), 20),
    ("weight_assistance", _("精准帮扶权重"), 20),
    ("weight_funds", _("扶贫资金权重"), 20),
):
    declare(
        f"assessments.{name}",
        type=INTEGER,
        default=default,
        unit=_("%"),
        label=label,
        help=_("县区内部考核方案中该项的默认权重；四项合计宜为 100。"),
        minimum=0,
        maximum=100,
    )

declare(
    "assessments.feed_floor",
    type=INTEGER,
    default=60,
    unit=_("%"),
    label=_("系统数据计分的最低得分率"),
    help=_("由系统数据计算得分时，组内最好者得满分，最差者得满分的这一百分比，其余按度量值线性插值。"),
    minimum=0,
    maximum=100,
)
declare(
    "assessments.sector_target_rank",
    type=INTEGER,
    default=3,
    label=_("市级部门全省排名目标"),
    help=_("市级行业部门在全省分行业排名中应进入的名次（“排名前三是最低要求”）。"),
    minimum=1,
)
