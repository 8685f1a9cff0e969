from django.urls import path

from jingzhun.regions.views import RegionDetailView

app_name = "regions"
urlpatterns = [path("<str:code>/", RegionDetailView.as_view(), name="detail")]
