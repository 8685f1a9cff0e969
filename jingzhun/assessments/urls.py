"""The pages of 考核评估, mounted at /assessments/."""

from django.urls import URLPattern, URLResolver

app_name = "assessments"

urlpatterns: list[URLPattern | URLResolver] = []
