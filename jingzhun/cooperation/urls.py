"""The pages of 东西部协作, mounted at /cooperation/."""

from django.urls import URLPattern, URLResolver

app_name = "cooperation"

urlpatterns: list[URLPattern | URLResolver] = []
