"""The pages of 退出程序, mounted at /exits/."""

from django.urls import URLPattern, URLResolver

app_name = "exits"

urlpatterns: list[URLPattern | URLResolver] = []
