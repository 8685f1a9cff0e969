"""The pages of 领导小组与专责组, mounted at /taskforce/."""

from django.urls import URLPattern, URLResolver

app_name = "taskforce"

urlpatterns: list[URLPattern | URLResolver] = []
