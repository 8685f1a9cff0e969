"""Business parameters of East–West cooperation (set by the city office on /parameters/)."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.parameters import INTEGER, MONTH_DAY, declare

declare(
    "cooperation.labour_min_months",
    type=INTEGER,
    default=3,
    unit=_("月"),
    label=_("转移就业最少月数"),
    help=_("贫困劳动力当年在劳务协作台账中就业满该月数，才计入“帮助贫困人口转移就业”。"),
    minimum=1,
    maximum=12,
)

# The milestones of the cooperation year (2018-05 speech: 4 月底对接、6 月底投产、10 月底见效).
for key, label, month, day, help_text in (
    ("docking", _("协作对接完成"), 4, 30, _("年度协议签订、项目对接完成的期限。")),
    ("production", _("项目投产"), 6, 30, _("协作资金安排到项目、企业投产的期限。")),
    ("effect", _("项目见效"), 10, 31, _("协作资金支出完毕、项目见效的期限。")),
):
    declare(
        f"cooperation.milestones.{key}",
        type=MONTH_DAY,
        default=(month, day),
        label=label,
        help=help_text,
    )
