"""The business parameters of the data-quality checks (declared here, read by ``checks.base.parameters``)."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, INTEGER_RANGE, MONTH_DAY, declare

declare(
    "quality.vehicle_price",
    type=INTEGER,
    default=30000,
    unit=_("元"),
    label=_("车辆价格上限"),
    help=_("比对车辆登记名单（CMP-02）：成员名下车辆购置价高于此数的贫困户不符合识别条件（POLICY §8）。"),
    minimum=0,
)
declare(
    "quality.migrant_wages",
    type=INTEGER,
    default=20000,
    unit=_("元"),
    label=_("无务工人员时的工资性收入上限"),
    help=_("全年工资性收入高于此数、却没有成员外出务工的户，收入数据存疑。"),
    minimum=0,
)
declare(
    "quality.max_per_capita",
    type=INTEGER,
    default=100000,
    unit=_("元/人·年"),
    label=_("人均纯收入合理上限"),
    help=_("人均纯收入高于此数视为录入错误（如单位错为元/户或多录了位数）。"),
    minimum=0,
)
declare(
    "quality.working_age",
    type=INTEGER_RANGE,
    default=(16, 59),
    unit=_("周岁"),
    label=_("劳动年龄"),
    help=_("以检查年度 12 月 31 日计算的年龄，首尾都含在内。"),
    minimum=0,
    maximum=120,
)
declare(
    "quality.school_age",
    type=INTEGER_RANGE,
    default=(6, 15),
    unit=_("周岁"),
    label=_("义务教育年龄"),
    help=_("义务教育阶段的年龄（POLICY §0），用于失学辍学与在校状况检查。"),
    minimum=0,
    maximum=30,
)
declare(
    "quality.survey_month_day",
    type=MONTH_DAY,
    default=(12, 31),
    label=_("年度入户收入调查截止日"),
    help=_("死亡名单比对：在此日之前死亡仍计入家庭人口的，视为问题。"),
)
declare(
    "quality.rectify_days",
    type=INTEGER,
    default=30,
    unit=_("天"),
    label=_("问题线索整改期限"),
    help=_("自首次发现起超过此天数仍待整改、待审核或已上报未办结的问题线索，在“我的待办”中计为逾期。"),
    minimum=1,
)
