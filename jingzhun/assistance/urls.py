"""The pages of 驻村帮扶, mounted at /assistance/."""

from django.urls import URLPattern, URLResolver

app_name = "assistance"

urlpatterns: list[URLPattern | URLResolver] = []
