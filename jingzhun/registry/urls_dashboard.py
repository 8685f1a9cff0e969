from django.urls import path

from jingzhun.registry.views import DashboardView

urlpatterns = [path("", DashboardView.as_view(), name="dashboard")]
