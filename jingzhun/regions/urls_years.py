"""The pages of the village and county year facts, mounted at /year-facts/."""

from django.urls import URLPattern

from jingzhun.core.generic import ledger_urls
from jingzhun.core.imports.views import import_urls
from jingzhun.regions import views_years as views
from jingzhun.regions.imports import CountyYearImporter, VillageYearImporter
from jingzhun.regions.models import CountyYear, VillageYear

app_name = "year_facts"
urlpatterns: list[URLPattern] = [
    *ledger_urls("villages", VillageYear, list=views.VillageYearList, detail=True, edit=views.VillageYearEdit),
    *ledger_urls("counties", CountyYear, list=views.CountyYearList, detail=True, edit=views.CountyYearEdit),
    *import_urls(VillageYearImporter, route="villages/import/", name="village-import", nav=views.VILLAGE_NAV),
    *import_urls(CountyYearImporter, route="counties/import/", name="county-import", nav=views.COUNTY_NAV),
]
