"""Filters of the measures ledgers (a region filter on the scope field comes with the base)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet, yes_no
from jingzhun.measures.choices import EntityKind, LinkKind, MeasureKind, PostKind, WorkPlace
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    EntityLink,
    HouseholdMeasure,
    Training,
    WelfarePost,
)


def year_filter() -> django_filters.NumberFilter:
    return django_filters.NumberFilter(label=_("年度"))


class MeasureFilter(LedgerFilterSet):
    year = year_filter()
    kind = django_filters.ChoiceFilter(label=_("措施类别"), choices=MeasureKind.choices)
    long_term = yes_no(_("长效增收产业"))
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__code")

    class Meta:
        model = HouseholdMeasure
        fields = ["region", "year", "kind", "long_term", "household"]


class EntityFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(label=_("主体类型"), choices=EntityKind.choices)
    name = django_filters.CharFilter(label=_("名称"), lookup_expr="contains")

    class Meta:
        model = BusinessEntity
        fields = ["region", "kind", "name"]


class LinkFilter(LedgerFilterSet):
    year = year_filter()
    kind = django_filters.ChoiceFilter(label=_("联结方式"), choices=LinkKind.choices)

    class Meta:
        model = EntityLink
        fields = ["region", "year", "kind"]


class TrainingFilter(LedgerFilterSet):
    year = year_filter()

    class Meta:
        model = Training
        fields = ["region", "year"]


class EmploymentFilter(LedgerFilterSet):
    year = year_filter()
    place = django_filters.ChoiceFilter(label=_("务工地点"), choices=WorkPlace.choices)

    class Meta:
        model = Employment
        fields = ["region", "year", "place"]


class PostFilter(LedgerFilterSet):
    year = year_filter()
    kind = django_filters.ChoiceFilter(label=_("岗位类别"), choices=PostKind.choices)

    class Meta:
        model = WelfarePost
        fields = ["region", "year", "kind"]


class CollectiveFilter(LedgerFilterSet):
    year = year_filter()

    class Meta:
        model = CollectiveEconomy
        fields = ["region", "year"]
