"""Filters of the 退出程序 ledgers (each with the region picker of the base)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet
from jingzhun.exits.models import CountyExit, ExitCase, Objection, Sample, SampleItem, VillageExit


class ExitCaseFilter(LedgerFilterSet):
    class Meta:
        model = ExitCase
        fields = ["region", "year", "status"]


class ObjectionFilter(LedgerFilterSet):
    class Meta:
        model = Objection
        fields = ["region", "resolved"]


class VillageExitFilter(LedgerFilterSet):
    class Meta:
        model = VillageExit
        fields = ["region", "year", "status"]


class CountyExitFilter(LedgerFilterSet):
    class Meta:
        model = CountyExit
        fields = ["region", "year", "status"]


class SampleFilter(LedgerFilterSet):
    class Meta:
        model = Sample
        fields = ["region", "year", "kind"]


class SampleItemFilter(LedgerFilterSet):
    sample = django_filters.NumberFilter(field_name="sample_id", label=_("抽样核查编号"))

    class Meta:
        model = SampleItem
        fields = ["region", "sample", "category", "conclusion"]
