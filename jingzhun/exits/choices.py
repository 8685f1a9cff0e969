"""Codes of 退出程序: the states of the household, village and county procedures, and of sample verification."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    """贫困户退出程序的环节."""

    ASSESSED = "assessed", _("民主评议")
    VERIFIED = "verified", _("村两委与驻村工作队核实")
    ACKNOWLEDGED = "acknowledged", _("户认可签字")
    PUBLICISING = "publicising", _("村内公示")
    REVIEWED = "reviewed", _("乡镇审核")
    APPROVED = "approved", _("县级审定与公告")
    CLOSED = "closed", _("已销号")
    ROLLED_BACK = "rolled_back", _("退出回退")


# The steps still in progress (not closed, not rolled back).
OPEN_CASE_STATUSES = (
    CaseStatus.ASSESSED,
    CaseStatus.VERIFIED,
    CaseStatus.ACKNOWLEDGED,
    CaseStatus.PUBLICISING,
    CaseStatus.REVIEWED,
    CaseStatus.APPROVED,
)


class VillageExitStatus(models.TextChoices):
    """贫困村出列程序的环节."""

    APPLIED = "applied", _("村申请")
    REVIEWED = "reviewed", _("乡镇审核")
    PUBLICISING = "publicising", _("乡镇内公示")
    APPROVED = "approved", _("县审定")
    ANNOUNCED = "announced", _("已公告出列")


class CountyExitStatus(models.TextChoices):
    """贫困县摘帽程序的环节."""

    APPLIED = "applied", _("县申请")
    CHECKED = "checked", _("市初审")
    VERIFIED = "verified", _("省核查")
    PUBLICISING = "publicising", _("省公示")
    APPROVED = "approved", _("批准退出")


class Category(models.TextChoices):
    """抽样类别."""

    EXITED = "exited", _("已脱贫户")
    POOR = "poor", _("未脱贫户")
    NON_REGISTERED = "non_registered", _("非建档立卡户")


REGISTERED_CATEGORIES = (Category.EXITED, Category.POOR)


class Conclusion(models.TextChoices):
    """核查结论."""

    NORMAL = "normal", _("正常")
    WRONG_EXIT = "wrong_exit", _("错退")
    MISSED = "missed", _("漏评")
    WRONG_ID = "wrong_id", _("错评")


# Which conclusions a category of sampled household may get.
CONCLUSIONS_BY_CATEGORY = {
    Category.EXITED: (Conclusion.NORMAL, Conclusion.WRONG_EXIT, Conclusion.WRONG_ID),
    Category.POOR: (Conclusion.NORMAL, Conclusion.WRONG_ID),
    Category.NON_REGISTERED: (Conclusion.NORMAL, Conclusion.MISSED),
}


class SampleKind(models.TextChoices):
    """核查类型: the province's sample verification or a cross-inspection round."""

    VERIFICATION = "verification", _("抽样核查")
    CROSS = "cross", _("交叉检查")
