"""The region picker's endpoint, mounted at /region-picker/."""

from django.urls import path

from jingzhun.regions.views import RegionChildrenView

app_name = "region_picker"
urlpatterns = [path("children/", RegionChildrenView.as_view(), name="children")]
