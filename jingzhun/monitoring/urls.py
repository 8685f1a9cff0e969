"""The pages of return-to-poverty monitoring, mounted at /monitoring/."""

from django.urls import path

from jingzhun.core.generic import ledger_urls
from jingzhun.monitoring import views
from jingzhun.monitoring.models import MonitoringObject, RiskEvent

app_name = "monitoring"

urlpatterns = [
    path("screen/", views.ScreenView.as_view(), name="screen"),
    *ledger_urls(
        "objects",
        MonitoringObject,
        list=views.MonitoringObjectList,
        detail=views.MonitoringObjectDetail,
        edit=views.MonitoringObjectEdit,
    ),
    *ledger_urls("events", RiskEvent, list=views.RiskEventList, detail=True, edit=views.RiskEventEdit, delete=True),
]
