"""Filters of the run list and of a run's results, shared by the pages and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.core.regioncodes import region_prefix
from jingzhun.registry.filters import within_region
from jingzhun.standards.choices import Level, RunKind
from jingzhun.standards.models import EvaluationResult, EvaluationRun

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class RunFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("层级"), choices=Level.choices, empty_label=_("全部"), widget=SELECT)
    year = django_filters.NumberFilter(label=_("年度"))
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=RunKind.choices, empty_label=_("全部"), widget=SELECT)
    region = django_filters.CharFilter(label=_("地区代码"), method="filter_region")

    class Meta:
        model = EvaluationRun
        fields = ["level", "year", "kind", "region"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Runs of this region or inside it."""
        prefix = region_prefix(value)
        return queryset.none() if prefix is None else queryset.in_region(prefix)


class ResultFilter(django_filters.FilterSet):
    passed = django_filters.BooleanFilter(label=_("是否达标"))
    region = django_filters.CharFilter(label=_("地区代码"), method="filter_region")
    failed_rule = django_filters.CharFilter(label=_("未达标指标代码"), method="filter_failed_rule")

    class Meta:
        model = EvaluationResult
        fields = ["passed", "region", "failed_rule"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return within_region(queryset, value)

    def filter_failed_rule(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Results failing the rule ``value`` (matched between delimiters: ``water`` is not ``tap_water``)."""
        from django.db.models import Value
        from django.db.models.functions import Concat

        code = value.strip()
        return queryset.annotate(flags=Concat(Value(";"), "failed_rules", Value(";"))).filter(
            flags__contains=f";{code};"
        )
