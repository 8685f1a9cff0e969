"""The region pages (/regions/<code>/): the map with the registry's figures, under the ``regions`` namespace."""

from django.urls import path

from jingzhun.registry.views import RegionDetailView

app_name = "regions"
urlpatterns = [path("<str:code>/", RegionDetailView.as_view(), name="detail")]
