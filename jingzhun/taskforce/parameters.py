"""The business parameters of the leading group's work: meeting cadences, the dispatch window."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, declare

declare(
    "taskforce.leading_per_month",
    type=INTEGER,
    default=1,
    unit=_("次/月"),
    label=_("领导小组会议频次"),
    help=_("每月至少召开领导小组会议的次数；不足的月份在会议制度落实情况中列为未落实。"),
    minimum=0,
)
declare(
    "taskforce.dispatch_per_week",
    type=INTEGER,
    default=1,
    unit=_("次/周"),
    label=_("周调度会频次"),
    help=_("每周至少召开周调度会的次数。"),
    minimum=0,
)
declare(
    "taskforce.joint_per_quarter",
    type=INTEGER,
    default=1,
    unit=_("次/季度"),
    label=_("联席会议频次"),
    help=_("每季度至少召开联席会议的次数。"),
    minimum=0,
)
declare(
    "taskforce.dispatch_days",
    type=INTEGER,
    default=7,
    unit=_("天"),
    label=_("调度周期"),
    help=_("调度表中“本期到期”“上期完成”所看的天数（周调度为 7 天）。"),
    minimum=1,
)
