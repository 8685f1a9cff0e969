"""Filters of the taskforce ledgers (shared by pages, exports and the API)."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet
from jingzhun.taskforce.choices import DONE_STATUSES, GroupKind, MeetingKind, TaskSource, TaskStatus
from jingzhun.taskforce.models import CampaignDate, GroupMember, Instruction, Meeting, Target, Task, TaskGroup, WorkPlan

SHOWN_STATUSES = [*TaskStatus.choices, ("overdue", _("逾期"))]


class TaskGroupFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(choices=GroupKind.choices, label=_("类别"))
    name = django_filters.CharFilter(lookup_expr="contains", label=_("名称"))

    class Meta:
        model = TaskGroup
        fields = ["region", "kind", "name"]


class GroupMemberFilter(LedgerFilterSet):
    unit = django_filters.CharFilter(lookup_expr="contains", label=_("成员单位"))

    class Meta:
        model = GroupMember
        fields = ["region", "group", "unit"]


class WorkPlanFilter(LedgerFilterSet):
    class Meta:
        model = WorkPlan
        fields = ["region", "group", "year", "kind"]


class TaskFilter(LedgerFilterSet):
    status = django_filters.ChoiceFilter(choices=SHOWN_STATUSES, method="filter_status", label=_("状态"))
    source = django_filters.ChoiceFilter(choices=TaskSource.choices, label=_("来源"))
    text = django_filters.CharFilter(method="filter_text", label=_("关键词"))
    deadline_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("时限不晚于"))

    class Meta:
        model = Task
        fields = ["region", "group", "status", "source", "text", "deadline_before"]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today: datetime.date = timezone.localdate()
        if value == "overdue":
            return queryset.filter(deadline__lt=today).exclude(status__in=DONE_STATUSES)
        return queryset.filter(status=value)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__contains=value) | Q(content__contains=value) | Q(owner_unit__contains=value))


class MeetingFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("会议类型"))

    class Meta:
        model = Meeting
        fields = ["region", "kind", "group"]


class InstructionFilter(LedgerFilterSet):
    class Meta:
        model = Instruction
        fields = ["region", "level"]


class CampaignDateFilter(LedgerFilterSet):
    class Meta:
        model = CampaignDate
        fields = ["region", "year"]


class TargetFilter(LedgerFilterSet):
    class Meta:
        model = Target
        fields = ["region", "year"]
