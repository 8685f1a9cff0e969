"""The pages of 产业就业帮扶措施, mounted at /measures/."""

from django.urls import URLPattern, URLResolver

app_name = "measures"

urlpatterns: list[URLPattern | URLResolver] = []
