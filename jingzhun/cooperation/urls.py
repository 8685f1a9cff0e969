"""The pages of 东西部协作, mounted at /cooperation/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.cooperation import views
from jingzhun.cooperation.forms import CooperationImportForm
from jingzhun.cooperation.imports import CooperationImporter
from jingzhun.cooperation.ledgers import LEDGERS
from jingzhun.core.generic import ledger_urls
from jingzhun.core.imports.views import import_urls

app_name = "cooperation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("report/", views.ReportView.as_view(), name="report"),
    *import_urls(CooperationImporter, form_class=CooperationImportForm, nav=views.NAV),
]
for prefix, model, related in LEDGERS:
    urlpatterns += ledger_urls(
        prefix,
        model,
        list=views.list_view(model, related),
        detail=views.CooperationDetailView,
        edit=views.edit_view(model),
        delete=True,
    )
