"""The command centre, mounted at /command/."""

from django.urls import path

from jingzhun.dashboards import views

app_name = "command"

urlpatterns = [
    path("", views.ScreenView.as_view(), name="screen"),
    path("panels/", views.PanelsView.as_view(), name="panels"),
    path("bulletin/", views.BulletinView.as_view(), name="bulletin"),
    path("bulletin/<int:pk>/download/", views.BulletinDownloadView.as_view(), name="bulletin-download"),
]
