"""The business parameters of 驻村帮扶: days in the village, periods, score weights and thresholds."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, declare

declare(
    "assistance.days_required",
    type=INTEGER,
    default=220,
    unit=_("天"),
    label=_("年度驻村天数要求"),
    help=_("驻村干部每年在村天数不少于此数；年中派驻的按派驻天数折算（天数 × 已派驻天数 ÷ 365）。"),
    minimum=1,
    maximum=366,
)
declare(
    "assistance.visit_period_days",
    type=INTEGER,
    default=30,
    unit=_("天"),
    label=_("入户率统计周期"),
    help=_("入户率 = 周期内至少走访一次的结对贫困户 ÷ 结对贫困户；周期截至统计日。"),
    minimum=1,
)
for key, default, label in (
    ("weight_residence", 40, _("住村率权重")),
    ("weight_visits", 20, _("入户率权重")),
    ("weight_awareness", 15, _("政策知晓率权重")),
    ("weight_satisfaction", 15, _("满意度权重")),
    ("weight_diary", 10, _("日志完整率权重")),
):
    declare(
        f"assistance.{key}",
        type=INTEGER,
        default=default,
        unit=_("分"),
        label=label,
        help=_("干部综合得分 = 各项比率 × 权重之和 ÷ 权重合计 × 100。"),
        minimum=0,
        maximum=100,
    )
declare(
    "assistance.interview_bottom",
    type=INTEGER,
    default=3,
    unit=_("人"),
    label=_("约谈人数"),
    help=_("每县综合得分排名最后的若干名干部列入约谈名单。"),
    minimum=0,
)
declare(
    "assistance.recall_residence_rate",
    type=INTEGER,
    default=60,
    unit=_("%"),
    label=_("召回住村率线"),
    help=_("住村率低于此百分比的干部列为召回对象。"),
    minimum=0,
    maximum=100,
)
declare(
    "assistance.recall_visit_rate",
    type=INTEGER,
    default=50,
    unit=_("%"),
    label=_("召回入户率线"),
    help=_("入户率低于此百分比的干部列为召回对象。"),
    minimum=0,
    maximum=100,
)
