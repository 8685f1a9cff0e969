"""Pages of the village and county year facts (村级、县级年度情况), kept by the city office.

Everyone reads the facts of the places in his scope (404 outside it); the city office adds
and changes them (403 for the other roles: the policy's ``regions`` entry) — in pages, by
spreadsheet (``regions.imports``) and through the API. The exit standards of villages and
counties read these rows.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.core.generic import LedgerEditView, LedgerListView
from jingzhun.regions import filters, forms, tables

VILLAGE_NAV, COUNTY_NAV = "village-years", "county-years"


class VillageYearList(LedgerListView):
    table_class, filterset_class, nav = tables.VillageYearTable, filters.VillageYearFilter, VILLAGE_NAV
    title = _("村级年度情况")
    export_filename = _("村级年度情况")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().order_by("village_id", "-year")


class VillageYearEdit(LedgerEditView):
    form_class, nav = forms.VillageYearForm, VILLAGE_NAV


class CountyYearList(LedgerListView):
    table_class, filterset_class, nav = tables.CountyYearTable, filters.CountyYearFilter, COUNTY_NAV
    title = _("县级年度情况")
    export_filename = _("县级年度情况")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().order_by("county_id", "-year")


class CountyYearEdit(LedgerEditView):
    form_class, nav = forms.CountyYearForm, COUNTY_NAV
