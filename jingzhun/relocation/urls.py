"""The pages of 易地搬迁与住房安全, mounted at /relocation/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.core.generic import ledger_urls
from jingzhun.core.imports.views import import_urls
from jingzhun.relocation import views
from jingzhun.relocation.imports import RelocationImporter
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site

app_name = "relocation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    *ledger_urls("sites", Site, list=views.SiteList, detail=True, edit=views.SiteEdit, delete=True),
    *ledger_urls("facilities", Facility, list=views.FacilityList, detail=True, edit=views.FacilityEdit, delete=True),
    *ledger_urls(
        "households", Relocation, list=views.RelocationList, detail=True, edit=views.RelocationEdit, delete=True
    ),
    *ledger_urls(
        "renovations",
        Renovation,
        list=views.RenovationList,
        detail=True,
        edit=views.RenovationEdit,
        delete=views.RenovationDelete,
    ),
    *import_urls(RelocationImporter, nav="relocation"),
]
