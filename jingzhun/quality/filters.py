"""Filters of the findings list, shared by the page, its Excel download and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet
from jingzhun.quality.checks import catalogue
from jingzhun.quality.choices import Category, FindingStatus, Severity
from jingzhun.quality.models import Finding
from jingzhun.quality.querysets import AGE_BUCKETS

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})
AGE_CHOICES = [("7", _("7 天内")), ("30", _("8–30 天")), ("90", _("31–90 天")), ("more", _("90 天以上"))]


def check_choices() -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} {c.title}") for c in catalogue()]


class FindingFilter(LedgerFilterSet):
    """Filter findings by place (the region picker), check, category, severity, status, age and recurrence."""

    check_code = django_filters.ChoiceFilter(
        label=_("检查项"), choices=check_choices, empty_label=_("全部"), widget=SELECT
    )
    category = django_filters.ChoiceFilter(
        label=_("类别"), choices=Category.choices, empty_label=_("全部"), widget=SELECT
    )
    severity = django_filters.ChoiceFilter(
        label=_("严重程度"), choices=Severity.choices, empty_label=_("全部"), widget=SELECT
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=FindingStatus.choices, empty_label=_("全部"), widget=SELECT, method="filter_status"
    )
    age = django_filters.ChoiceFilter(
        label=_("发现时长"), choices=AGE_CHOICES, empty_label=_("全部"), widget=SELECT, method="filter_age"
    )
    recurring = django_filters.BooleanFilter(
        label=_("屡改屡犯"),
        method="filter_recurring",
        widget=forms.Select(
            attrs={"class": "form-select form-select-sm"},
            choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))],
        ),
    )

    class Meta:
        model = Finding
        fields = ["region", "check_code", "category", "severity", "status", "age", "recurring"]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status=value)

    def filter_age(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value not in AGE_BUCKETS:
            return queryset
        return queryset.older_than(value)  # type: ignore[attr-defined]

    def filter_recurring(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(recurrence_count__gt=0) if value else queryset.filter(recurrence_count=0)
