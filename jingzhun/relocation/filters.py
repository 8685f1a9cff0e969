"""Filters of the relocation and housing ledgers (a region filter on the scope field comes with the base)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet
from jingzhun.relocation.choices import FacilityKind, HouseRating, OldHouse, SiteKind
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site


class SiteFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(label=_("安置类型"), choices=SiteKind.choices)
    name = django_filters.CharFilter(label=_("名称"), lookup_expr="contains")

    class Meta:
        model = Site
        fields = ["region", "kind", "name"]


class FacilityFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(label=_("设施类别"), choices=FacilityKind.choices)
    completed = django_filters.BooleanFilter(label=_("已建成"))

    class Meta:
        model = Facility
        fields = ["region", "kind", "completed"]


class RelocationFilter(LedgerFilterSet):
    batch_year = django_filters.NumberFilter(label=_("搬迁年度"))
    old_house = django_filters.ChoiceFilter(label=_("旧房处置"), choices=OldHouse.choices)
    moved_in = django_filters.BooleanFilter(
        label=_("已入住"), field_name="moved_in_on", lookup_expr="isnull", exclude=True
    )
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__code")

    class Meta:
        model = Relocation
        fields = ["region", "batch_year", "old_house", "moved_in", "household"]


class RenovationFilter(LedgerFilterSet):
    plan_year = django_filters.NumberFilter(label=_("计划年度"))
    rating = django_filters.ChoiceFilter(label=_("危房等级"), choices=HouseRating.choices)
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__code")

    class Meta:
        model = Renovation
        fields = ["region", "plan_year", "rating", "household"]
