"""The pages of 整改督办, mounted at /rectification/."""

from django.urls import URLPattern, URLResolver

app_name = "rectification"

urlpatterns: list[URLPattern | URLResolver] = []
