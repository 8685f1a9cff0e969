"""Region filters: the picker of ``regions.forms`` on any filter set (ledger ones get it from core)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet, RegionPrefixFilter, yes_no
from jingzhun.regions.forms import PICKER_LEVELS, RegionPickerWidget
from jingzhun.regions.models import CountyYear, VillageYear


class RegionFilter(RegionPrefixFilter):
    """地区: rows inside the division picked with the region picker (on the model's ``scope_field``).

    A ``LedgerFilterSet`` binds the user to the picker; another filter set calls
    ``core.filters.bind_user(filterset.form, user)``.
    """

    def __init__(self, *args: Any, levels: tuple[str, ...] = PICKER_LEVELS, **kwargs: Any) -> None:
        kwargs.setdefault("widget", RegionPickerWidget(levels=levels))
        super().__init__(*args, **kwargs)


class VillageYearFilter(LedgerFilterSet):
    """村级年度情况: by place (the picker), year and the poor-village flags."""

    year = django_filters.NumberFilter(label=_("年度"))
    is_poor_village = yes_no(_("贫困村"))
    is_deep_poverty_village = yes_no(_("深度贫困村"))

    class Meta:
        model = VillageYear
        fields = ["region", "year", "is_poor_village", "is_deep_poverty_village"]


class CountyYearFilter(LedgerFilterSet):
    """县级年度情况: by place, year and the poor-county flag."""

    year = django_filters.NumberFilter(label=_("年度"))
    is_poor_county = yes_no(_("贫困县"))

    class Meta:
        model = CountyYear
        fields = ["region", "year", "is_poor_county"]
