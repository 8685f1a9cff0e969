"""The ledger tables of the taskforce pages (one declaration for the page and its Excel export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, PersonalColumn
from jingzhun.taskforce.models import CampaignDate, GroupMember, Instruction, Meeting, Target, Task, TaskGroup, WorkPlan


class TaskGroupTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("名称"))
    kind = tables.Column(verbose_name=_("类别"))
    region = tables.Column(accessor="region__name", verbose_name=_("区划"), order_by="region_id")
    lead_leader = tables.Column(verbose_name=_("牵头领导"))
    lead_department = tables.Column(verbose_name=_("牵头部门"))

    class Meta(LedgerTable.Meta):
        model = TaskGroup
        fields = ("name", "kind", "region", "lead_leader", "lead_department")
        order_by = ("region", "order")


class GroupMemberTable(LedgerTable):
    group = tables.Column(accessor="group__name", verbose_name=_("工作组"))
    unit = LinkedColumn(verbose_name=_("成员单位"))
    is_lead = tables.BooleanColumn(verbose_name=_("牵头单位"))
    contact = tables.Column(verbose_name=_("联络人"))
    phone = PersonalColumn(kind="phone", verbose_name=_("联系电话"))

    class Meta(LedgerTable.Meta):
        model = GroupMember
        fields = ("group", "unit", "is_lead", "contact", "phone")


class WorkPlanTable(LedgerTable):
    title = LinkedColumn(verbose_name=_("计划名称"))
    group = tables.Column(accessor="group__name", verbose_name=_("工作组"))
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("类别"))
    starts_on = DateColumn(verbose_name=_("开始日期"))
    ends_on = DateColumn(verbose_name=_("结束日期"))

    class Meta(LedgerTable.Meta):
        model = WorkPlan
        fields = ("title", "group", "year", "kind", "starts_on", "ends_on")


class TaskTable(LedgerTable):
    code = LinkedColumn(verbose_name=_("任务编号"))
    group = tables.Column(accessor="group__name", verbose_name=_("专项组"))
    content = tables.Column(verbose_name=_("任务内容"))
    region = tables.Column(accessor="region__name", verbose_name=_("责任区划"), order_by="region_id")
    owner_unit = tables.Column(verbose_name=_("牵头单位"))
    owner_person = tables.Column(verbose_name=_("责任人"))
    deadline = DateColumn(verbose_name=_("完成时限"))
    status = tables.Column(verbose_name=_("状态"))
    completed_on = DateColumn(verbose_name=_("完成日期"))
    source = tables.Column(verbose_name=_("来源"))

    export_widths = {"content": 60}

    class Meta(LedgerTable.Meta):
        model = Task
        fields = (
            "code",
            "group",
            "content",
            "region",
            "owner_unit",
            "owner_person",
            "deadline",
            "status",
            "completed_on",
            "source",
        )

    def render_content(self, value: Any) -> str:
        text = str(value)
        return text if len(text) <= 40 else text[:40] + "…"

    def value_content(self, value: Any) -> str:
        return str(value)

    def render_status(self, record: Task) -> str:
        shown = record.status_shown
        css = "text-danger fw-bold" if shown == str(_("逾期")) else ""
        return format_html('<span class="{}">{}</span>', css, shown)

    def value_status(self, record: Task) -> str:
        return record.status_shown


class MeetingTable(LedgerTable):
    date = DateColumn(verbose_name=_("会议日期"))
    title = LinkedColumn(verbose_name=_("会议名称"))
    kind = tables.Column(verbose_name=_("会议类型"))
    group = tables.Column(accessor="group__name", verbose_name=_("召集工作组"))
    region = tables.Column(accessor="region__name", verbose_name=_("区划"), order_by="region_id")
    chair = tables.Column(verbose_name=_("主持人"))

    class Meta(LedgerTable.Meta):
        model = Meeting
        fields = ("date", "title", "kind", "group", "region", "chair")


class InstructionTable(LedgerTable):
    date = DateColumn(verbose_name=_("批示日期"))
    topic = LinkedColumn(verbose_name=_("事由"))
    leader = tables.Column(verbose_name=_("批示领导"))
    level = tables.Column(verbose_name=_("层级"))
    region = tables.Column(accessor="region__name", verbose_name=_("区划"), order_by="region_id")

    class Meta(LedgerTable.Meta):
        model = Instruction
        fields = ("date", "topic", "leader", "level", "region")


class CampaignDateTable(LedgerTable):
    date = DateColumn(verbose_name=_("日期"))
    title = LinkedColumn(verbose_name=_("节点事项"))
    year = tables.Column(verbose_name=_("年度"))
    region = tables.Column(accessor="region__name", verbose_name=_("区划"), order_by="region_id")

    class Meta(LedgerTable.Meta):
        model = CampaignDate
        fields = ("date", "title", "year", "region")
        order_by = ("date",)


class TargetTable(LedgerTable):
    region = LinkedColumn(accessor="region__name", verbose_name=_("区划"), order_by="region_id")
    year = tables.Column(verbose_name=_("年度"))
    people = tables.Column(verbose_name=_("脱贫人口目标"))
    people_done = tables.Column(verbose_name=_("已脱贫人口"))
    villages = tables.Column(verbose_name=_("退出村目标"))
    villages_done = tables.Column(verbose_name=_("已退出村"))
    counties = tables.Column(verbose_name=_("摘帽县目标"))
    counties_done = tables.Column(verbose_name=_("已摘帽县"))
    deadline = DateColumn(verbose_name=_("完成时限"))

    class Meta(LedgerTable.Meta):
        model = Target
        fields = (
            "region",
            "year",
            "people",
            "people_done",
            "villages",
            "villages_done",
            "counties",
            "counties_done",
            "deadline",
        )
