"""The pages of 易地搬迁与住房安全, mounted at /relocation/."""

from django.urls import URLPattern, URLResolver

app_name = "relocation"

urlpatterns: list[URLPattern | URLResolver] = []
