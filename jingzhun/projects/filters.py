"""Filters of the project list, shared by the page, its ledger export and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.accounts.choices import Sector
from jingzhun.core.filters import LedgerFilterSet
from jingzhun.projects.choices import ProjectStatus, ProjectType
from jingzhun.projects.models import Project

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class ProjectFilter(LedgerFilterSet):
    """Filter projects by place (the region picker), type, status, sector, plan year and free text."""

    type = django_filters.ChoiceFilter(
        label=_("项目类型"), choices=ProjectType.choices, empty_label=_("全部"), widget=SELECT
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=ProjectStatus.choices, empty_label=_("全部"), widget=SELECT
    )
    sector = django_filters.ChoiceFilter(
        label=_("行业部门"), choices=Sector.choices, empty_label=_("全部"), widget=SELECT
    )
    plan_year = django_filters.NumberFilter(label=_("计划年度"))
    q = django_filters.CharFilter(label=_("搜索"), method="filter_search")

    class Meta:
        model = Project
        fields = ["region", "type", "status", "sector", "plan_year", "q"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)  # type: ignore[attr-defined]
