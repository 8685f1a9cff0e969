"""Filters of the 整改督办 lists, shared by the pages, their Excel work lists and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet, yes_no
from jingzhun.rectification.choices import (
    AccountabilityKind,
    Category,
    Line,
    PetitionKind,
    ProblemStatus,
    RiskKind,
    RiskStatus,
    Source,
)
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, Risk


class ProblemFilter(LedgerFilterSet):
    inspection = django_filters.CharFilter(field_name="inspection__code", label=_("检查批次编号"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("问题类别"), empty_label=_("全部"))
    line = django_filters.ChoiceFilter(choices=Line.choices, label=_("责任线"), empty_label=_("全部"))
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("整改状态"), empty_label=_("全部"))
    unit = django_filters.CharFilter(field_name="responsible_unit", lookup_expr="icontains", label=_("责任单位"))
    overdue = yes_no(_("已逾期"), method="filter_overdue")
    recurring = yes_no(_("屡改屡犯"), method="filter_recurring")
    supervised = yes_no(_("挂牌督办"), method="filter_supervised")

    class Meta:
        model = Problem
        fields = ["region", "inspection", "category", "line", "status", "unit", "overdue", "recurring", "supervised"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Problem.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def filter_recurring(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(recurrence__gt=0) if value else queryset.filter(recurrence=0)

    def filter_supervised(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.exclude(supervision_level="") if value else queryset.filter(supervision_level="")


class InspectionFilter(LedgerFilterSet):
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("检查来源"), empty_label=_("全部"))

    class Meta:
        model = Inspection
        fields = ["region", "source"]


class AccountabilityFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(choices=AccountabilityKind.choices, label=_("问责方式"), empty_label=_("全部"))

    class Meta:
        model = Accountability
        fields = ["region", "kind"]


class RiskFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(choices=RiskKind.choices, label=_("风险类别"), empty_label=_("全部"))
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, label=_("状态"), empty_label=_("全部"))

    class Meta:
        model = Risk
        fields = ["region", "kind", "status"]


class PetitionFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(choices=PetitionKind.choices, label=_("类别"), empty_label=_("全部"))
    year = django_filters.NumberFilter(field_name="received_on__year", label=_("年度"))
    is_group = yes_no(_("集体访"))
    to_capital = yes_no(_("赴省进京"))
    resolved = yes_no(_("已化解"))

    class Meta:
        model = Petition
        fields = ["region", "kind", "year", "is_group", "to_capital", "resolved"]
