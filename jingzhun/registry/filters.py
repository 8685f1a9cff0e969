"""Filters of the household list, shared by the page, its export and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet, within_region
from jingzhun.core.idnumbers import normalize_id_number
from jingzhun.core.regioncodes import text_prefix_q
from jingzhun.registry.choices import Attribute, Cause, Status
from jingzhun.registry.models import Household, HouseholdYear, Member

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class HouseholdFilter(LedgerFilterSet):
    """Filter households by place (the region picker), status, attribute, cause, years and free text."""

    status = django_filters.ChoiceFilter(
        label=_("脱贫状态"), choices=Status.choices, empty_label=_("全部"), widget=SELECT
    )
    attribute = django_filters.ChoiceFilter(
        label=_("贫困户属性"), choices=Attribute.choices, empty_label=_("全部"), widget=SELECT
    )
    main_cause = django_filters.ChoiceFilter(
        label=_("主要致贫原因"), choices=Cause.choices, empty_label=_("全部"), widget=SELECT
    )
    identification_year = django_filters.NumberFilter(label=_("识别年度"))
    exit_year = django_filters.NumberFilter(label=_("脱贫年度"))
    planned_exit_year = django_filters.NumberFilter(label=_("计划脱贫年度"))
    q = django_filters.CharFilter(label=_("搜索"), method="filter_search")

    class Meta:
        model = Household
        fields = [
            "region",
            "status",
            "attribute",
            "main_cause",
            "identification_year",
            "exit_year",
            "planned_exit_year",
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Household code, or a member's name or ID number (prefixes match)."""
        return queryset.search(value)  # type: ignore[attr-defined]


class MemberFilter(django_filters.FilterSet):
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__code")
    region = django_filters.CharFilter(label=_("行政区划代码（前缀）"), method="filter_region")
    deceased = django_filters.BooleanFilter(label=_("已死亡"))
    q = django_filters.CharFilter(label=_("姓名或证件号码（前缀）"), method="filter_search")

    class Meta:
        model = Member
        fields = ["household", "region", "deceased", "q"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return within_region(queryset, value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = normalize_id_number(value)
        if not text:
            return queryset
        if text[:-1].isdigit() and (text[-1].isdigit() or text[-1] == "X"):
            return queryset.filter(text_prefix_q("id_number", text))
        return queryset.filter(text_prefix_q("name", value.strip()))


class HouseholdYearFilter(django_filters.FilterSet):
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__code")
    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = HouseholdYear
        fields = ["household", "year"]
