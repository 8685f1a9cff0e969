"""领导小组与专责组: the leading group, its task groups, work plans, tasks, meetings, instructions,
the campaign calendar and the targets of the year.

Groups, meetings, instructions, calendar dates and targets belong to the division that set
them up (the city, or a county); a task belongs to the division it is assigned to (a county
sees the tasks assigned to it), else to its group's division.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingzhun.core.ledger import LedgerModel
from jingzhun.core.masking import Kind
from jingzhun.taskforce.choices import (
    DONE_STATUSES,
    OVERDUE_LABEL,
    GroupKind,
    InstructionLevel,
    MeetingKind,
    PlanKind,
    TaskSource,
    TaskStatus,
)

YEAR_VALIDATORS = [MinValueValidator(2010), MaxValueValidator(2035)]


def region_field(verbose_name: Any = None) -> models.ForeignKey:
    return models.ForeignKey(
        "regions.Region", verbose_name=verbose_name or _("所属区划"), on_delete=models.PROTECT, related_name="+"
    )


class TaskGroup(LedgerModel):
    """领导小组或专项组（专责组）: the leading group of a division and its special task groups."""

    scope_field = "region_id"

    region = region_field()
    kind = models.CharField(_("类别"), max_length=12, choices=GroupKind.choices, default=GroupKind.SPECIAL)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级领导小组"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    duties = models.TextField(_("工作职责"), blank=True)
    lead_leader = models.CharField(_("牵头领导"), max_length=60, blank=True)
    lead_department = models.CharField(_("牵头部门"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("领导小组与专项组")
        ordering = ["region_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="taskgroup_unique_name",
                violation_error_message=_("本区划已有同名工作组。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(LedgerModel):
    """成员单位: a member unit of a group with its contact; ``user`` is the contact's account, if any."""

    scope_field = "group__region_id"
    personal_fields = {"phone": Kind.PHONE}

    group = models.ForeignKey(TaskGroup, verbose_name=_("工作组"), on_delete=models.CASCADE, related_name="members")
    unit = models.CharField(_("成员单位"), max_length=100)
    is_lead = models.BooleanField(_("牵头单位"), default=False)
    contact = models.CharField(_("联络人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("成员单位")
        ordering = ["group_id", "-is_lead", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "unit"],
                name="groupmember_unique_unit",
                violation_error_message=_("该单位已是本组成员。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.unit}"


class WorkPlan(LedgerModel):
    """工作计划: a group's yearly plan or campaign plan (targets, measures, timetable)."""

    scope_field = "group__region_id"

    group = models.ForeignKey(TaskGroup, verbose_name=_("工作组"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("类别"), max_length=10, choices=PlanKind.choices, default=PlanKind.YEARLY)
    title = models.CharField(_("计划名称"), max_length=120)
    targets = models.TextField(_("目标任务"), blank=True)
    measures = models.TextField(_("工作措施"), blank=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("工作计划")
        ordering = ["-year", "group_id", "title"]
        constraints = [
            models.CheckConstraint(
                name="workplan_dates_ordered",
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Instruction(LedgerModel):
    """领导批示: a leader's written instruction, followed up by tasks."""

    scope_field = "region_id"

    region = region_field()
    leader = models.CharField(_("批示领导"), max_length=60)
    level = models.CharField(_("层级"), max_length=10, choices=InstructionLevel.choices, default=InstructionLevel.CITY)
    date = models.DateField(_("批示日期"))
    topic = models.CharField(_("事由"), max_length=200)
    content = models.TextField(_("批示内容"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("领导批示")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.leader}：{self.topic}"


class Meeting(LedgerModel):
    """会议: a meeting of the leading group, a task group, the weekly dispatch, a joint or on-site meeting."""

    scope_field = "region_id"

    region = region_field()
    kind = models.CharField(_("会议类型"), max_length=10, choices=MeetingKind.choices)
    group = models.ForeignKey(
        TaskGroup,
        verbose_name=_("召集工作组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    date = models.DateField(_("会议日期"))
    title = models.CharField(_("会议名称"), max_length=120)
    chair = models.CharField(_("主持人"), max_length=60, blank=True)
    attendees = models.TextField(_("参会人员"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    decisions = models.TextField(_("议定事项"), blank=True)
    issues_this_week = models.TextField(_("本周问题"), blank=True)
    plan_next_week = models.TextField(_("下周安排"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("会议")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["region", "kind", "date"], name="meeting_region_kind_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class Task(LedgerModel):
    """任务: who must do what by when, and whether it was done (进度销号管理).

    ``region`` is the division the task is assigned to (a county sees its own tasks); the
    group's members edit it and close it (销号) once done. A task comes from a plan, a
    meeting decision, a leader's instruction or a rectification problem (``source_ref``
    names it, e.g. ``rectification.problem:12``: no import of that app).
    """

    scope_field = "region_id"

    group = models.ForeignKey(TaskGroup, verbose_name=_("专项组"), on_delete=models.PROTECT, related_name="tasks")
    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("工作计划"), on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    code = models.CharField(_("任务编号"), max_length=30)
    content = models.TextField(_("任务内容"))
    region = region_field(_("责任区划"))
    owner_unit = models.CharField(_("牵头单位"), max_length=100)
    owner_person = models.CharField(_("责任人"), max_length=50, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    progress = models.TextField(_("进展情况"), blank=True)
    source = models.CharField(_("任务来源"), max_length=14, choices=TaskSource.choices, default=TaskSource.PLAN)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("来源会议"), on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    instruction = models.ForeignKey(
        Instruction, verbose_name=_("来源批示"), on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    source_ref = models.CharField(_("来源编号"), max_length=60, blank=True, help_text=_("如整改问题编号"))

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("任务")
        ordering = ["deadline", "group_id", "code"]
        indexes = [
            models.Index(fields=["region", "deadline"], name="task_region_deadline"),
            models.Index(fields=["group", "deadline"], name="task_group_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "code"], name="task_unique_code", violation_error_message=_("本专项组已有该任务编号。")
            ),
            models.CheckConstraint(
                name="task_done_has_date",
                condition=~models.Q(status__in=DONE_STATUSES) | models.Q(completed_on__isnull=False),
                violation_error_message=_("已完成或已销号的任务必须填写完成日期。"),
            ),
            models.CheckConstraint(
                name="task_open_has_no_date",
                condition=models.Q(status__in=DONE_STATUSES) | models.Q(completed_on__isnull=True),
                violation_error_message=_("未完成的任务不能填写完成日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.content[:30]}"

    def clean(self) -> None:
        super().clean()
        if self.source == TaskSource.MEETING and not self.meeting_id:
            raise ValidationError({"meeting": _("来源为会议决定的任务须选择来源会议。")})
        if self.source == TaskSource.INSTRUCTION and not self.instruction_id:
            raise ValidationError({"instruction": _("来源为领导批示的任务须选择来源批示。")})
        if self.source == TaskSource.RECTIFICATION and not self.source_ref:
            raise ValidationError({"source_ref": _("来源为整改问题的任务须填写问题编号。")})

    def is_overdue(self, on: Any = None) -> bool:
        on = on or timezone.localdate()
        return self.deadline < on and not (self.completed_on and self.completed_on <= on)

    @property
    def status_shown(self) -> str:
        """The status as the offices say it: 逾期 for an open task past its deadline."""
        if self.status not in DONE_STATUSES and self.is_overdue():
            return str(OVERDUE_LABEL)
        return self.get_status_display()


class CampaignDate(LedgerModel):
    """攻坚节点: a hard date of the year's campaign (e.g. 8-31 问题清零, 10-31 退出验收)."""

    scope_field = "region_id"

    region = region_field()
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    date = models.DateField(_("日期"))
    title = models.CharField(_("节点事项"), max_length=120)
    note = models.TextField(_("要求"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("攻坚节点")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%m-%d} {self.title}"


class Target(LedgerModel):
    """目标任务: what a division must achieve in a year (people to exit, villages, counties), and what it has."""

    scope_field = "region_id"

    region = region_field()
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    people = models.PositiveIntegerField(_("脱贫人口目标（人）"), default=0)
    villages = models.PositiveIntegerField(_("贫困村退出目标（个）"), default=0)
    counties = models.PositiveIntegerField(_("贫困县摘帽目标（个）"), default=0)
    people_done = models.PositiveIntegerField(_("已脱贫人口（人）"), default=0)
    villages_done = models.PositiveIntegerField(_("已退出村（个）"), default=0)
    counties_done = models.PositiveIntegerField(_("已摘帽县（个）"), default=0)
    deadline = models.DateField(_("完成时限"))

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("目标任务")
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="target_unique_region_year",
                violation_error_message=_("该区划本年度已有目标任务。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}"
