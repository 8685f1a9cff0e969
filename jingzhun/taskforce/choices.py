"""Codes of the leading group, task groups, plans, tasks, meetings and instructions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    LEADING = "leading", _("领导小组")
    OFFICE = "office", _("专项办")
    SPECIAL = "special", _("专项组")
    GUARANTEE = "guarantee", _("保障组")


class PlanKind(models.TextChoices):
    YEARLY = "yearly", _("年度工作计划")
    CAMPAIGN = "campaign", _("专项行动方案")


class TaskStatus(models.TextChoices):
    """The stored state of a task; 逾期 is not stored: it is a task past its deadline and not done."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
DONE_STATUSES = (TaskStatus.DONE, TaskStatus.CLOSED)
OVERDUE_LABEL = _("逾期")


class TaskSource(models.TextChoices):
    PLAN = "plan", _("工作计划")
    MEETING = "meeting", _("会议决定")
    INSTRUCTION = "instruction", _("领导批示")
    RECTIFICATION = "rectification", _("整改问题")
    OTHER = "other", _("其他")


class MeetingKind(models.TextChoices):
    LEADING = "leading", _("领导小组会议")
    GROUP = "group", _("专项组会议")
    DISPATCH = "dispatch", _("周调度会")
    JOINT = "joint", _("联席会议")
    PROMOTION = "promotion", _("推进会")
    ONSITE = "onsite", _("现场会")


class InstructionLevel(models.TextChoices):
    NATIONAL = "national", _("中央")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
