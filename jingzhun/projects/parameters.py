"""The business parameters of projects: alert thresholds and the default milestone dates of a plan year."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, MONTH_DAY, declare
from jingzhun.projects.choices import DEFAULT_MILESTONES, MilestoneKey

declare(
    "projects.alerts.stalled_days",
    type=INTEGER,
    default=30,
    unit=_("天"),
    label=_("停滞预警天数"),
    help=_("在建项目超过此天数没有进度报告（没有报告时从计划开工日算起）即预警“停滞”。"),
    minimum=1,
)
declare(
    "projects.alerts.money_gap",
    type=INTEGER,
    default=30,
    unit=_("个百分点"),
    label=_("资金与进度偏差"),
    help=_("已拨付资金占总投资的比例与形象进度相差超过此数即预警“资金超前”或“资金滞后”。"),
    minimum=0,
    maximum=100,
)
declare(
    "projects.alerts.risk_tolerance",
    type=INTEGER,
    default=10,
    unit=_("个百分点"),
    label=_("进度落后容差"),
    help=_("实际进度低于从计划开工到计划主体完工的均匀进度线超过此数即预警“进度滞后”。"),
    minimum=0,
    maximum=100,
)
for key, month, day, _percent in DEFAULT_MILESTONES:
    declare(
        f"projects.milestones.{key}",
        type=MONTH_DAY,
        default=(month, day),
        label=format_lazy(_("节点时限：{milestone}"), milestone=MilestoneKey(key).label),
        help=_("计划年度内所有项目应达到该节点的日期；某一年度在后台录入了年度节点模板的，以模板为准。"),
    )
declare(
    "projects.budget_change_days",
    type=INTEGER,
    default=15,
    unit=_("天"),
    label=_("预算调整审批时限"),
    help=_("预算调整申请提出后超过此天数仍未审批的，在“我的待办”中计为逾期。"),
    minimum=1,
)
