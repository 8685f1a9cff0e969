"""Codes of the projects app: project types, statuses, funding sources, milestones, alerts."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.accounts.choices import Sector


class ProjectType(models.TextChoices):
    """项目类型. ``其他`` plus the free-text ``type_note`` covers types not listed yet."""

    TRANSPORT = "transport", _("交通")
    WATER = "water", _("饮水安全")
    POWER = "power", _("电力")
    HEALTH = "health", _("卫生")
    HOUSING = "housing", _("住房")
    RELOCATION = "relocation", _("易地搬迁配套")
    INDUSTRY = "industry", _("产业")
    EDUCATION = "education", _("教育")
    EMPLOYMENT = "employment", _("就业")
    COOPERATION = "cooperation", _("东西部协作")
    OTHER = "other", _("其他")


# The sector department that usually runs a project of each type (the default of the form and import).
TYPE_SECTOR: dict[str, str] = {
    ProjectType.TRANSPORT: Sector.TRANSPORT,
    ProjectType.WATER: Sector.WATER,
    ProjectType.POWER: Sector.POWER,
    ProjectType.HEALTH: Sector.HEALTH,
    ProjectType.HOUSING: Sector.HOUSING,
    ProjectType.RELOCATION: Sector.HOUSING,
    ProjectType.INDUSTRY: Sector.AGRICULTURE,
    ProjectType.EDUCATION: Sector.EDUCATION,
    ProjectType.EMPLOYMENT: Sector.HUMAN_RESOURCES,
    ProjectType.COOPERATION: Sector.AGRICULTURE,
    ProjectType.OTHER: Sector.AGRICULTURE,
}


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("储备")
    TENDERING = "tendering", _("前期与招投标")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("完工待验收")
    ACCEPTED = "accepted", _("已验收")
    SUSPENDED = "suspended", _("暂停")
    CANCELLED = "cancelled", _("取消")


# Projects still to be built: the ones milestone, progress and money alerts look at.
ACTIVE_STATUSES = (ProjectStatus.PLANNED, ProjectStatus.TENDERING, ProjectStatus.BUILDING, ProjectStatus.COMPLETED)
# Projects whose works are finished: their physical progress is 100 % whatever was last reported.
FINISHED_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED)
# Projects under construction: only these can be stalled.
UNDER_WAY_STATUSES = (ProjectStatus.TENDERING, ProjectStatus.BUILDING)


class FundSource(models.TextChoices):
    """资金来源."""

    CENTRAL = "central", _("中央财政专项")
    PROVINCIAL = "provincial", _("省级财政专项")
    CITY = "city", _("市级财政专项")
    COUNTY = "county", _("县级财政专项")
    INTEGRATED = "integrated", _("整合涉农资金")
    COOPERATION = "cooperation", _("东西部协作资金")
    SOCIAL = "social", _("社会帮扶资金")
    LOAN = "loan", _("银行贷款")
    SELF = "self", _("自筹资金")
    OTHER = "other", _("其他")


class MilestoneKey(models.TextChoices):
    PREPARATION = "preparation", _("前期与招投标")
    START = "start", _("开工")
    MAIN_WORKS = "main_works", _("主体完工")
    ACCEPTANCE = "acceptance", _("验收")


# The default milestone template of a year: (key, month, day, percent expected by then).
DEFAULT_MILESTONES: tuple[tuple[str, int, int, int], ...] = (
    (MilestoneKey.PREPARATION, 2, 15, 0),
    (MilestoneKey.START, 3, 1, 0),
    (MilestoneKey.MAIN_WORKS, 7, 10, 100),
    (MilestoneKey.ACCEPTANCE, 8, 31, 100),
)


def default_milestone_dates(year: int) -> dict[str, datetime.date]:
    return {key: datetime.date(year, month, day) for key, month, day, _percent in DEFAULT_MILESTONES}


class BudgetChangeStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class AcceptanceResult(models.TextChoices):
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class AlertKind(models.TextChoices):
    """预警类型."""

    OVERDUE = "overdue", _("节点逾期")
    AT_RISK = "at_risk", _("进度滞后")
    STALLED = "stalled", _("长期未报进度")
    MONEY_AHEAD = "money_ahead", _("资金拨付超前于工程进度")
    MONEY_BEHIND = "money_behind", _("资金拨付滞后于工程进度")
    NO_UPKEEP = "no_upkeep", _("本年度无管护记录")


# Short names of the alerts for badges in tables.
ALERT_SHORT_LABELS = {
    AlertKind.OVERDUE: _("逾期"),
    AlertKind.AT_RISK: _("滞后"),
    AlertKind.STALLED: _("停滞"),
    AlertKind.MONEY_AHEAD: _("资金超前"),
    AlertKind.MONEY_BEHIND: _("资金滞后"),
    AlertKind.NO_UPKEEP: _("无管护"),
}
