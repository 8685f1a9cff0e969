"""Business parameters of the command centre."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import DATED_LINES, declare

HARD_DATES = """2019-11-30 问题全面整改到位
2019-11-30 集中安置点搬迁群众全部入住
2019-12-31 年度脱贫任务全面完成
2020-06-30 剩余贫困人口全部脱贫、贫困县全部摘帽
2020-12-31 脱贫攻坚目标任务全面完成"""

declare(
    "command.hard_dates",
    type=DATED_LINES,
    default=HARD_DATES,
    label=_("攻坚硬节点"),
    help=_(
        "指挥中心倒计时的硬性时间节点：每行一个，先写日期（年-月-日），空格后写事项。"
        "专责组的攻坚节点台账有本地区节点时，以台账为准。"
    ),
)
