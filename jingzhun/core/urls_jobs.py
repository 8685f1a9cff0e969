from django.urls import path

from jingzhun.core.views import JobDetailView, JobDownloadView, JobRestartView

app_name = "jobs"
urlpatterns = [
    path("<uuid:pk>/", JobDetailView.as_view(), name="detail"),
    path("<uuid:pk>/download/", JobDownloadView.as_view(), name="download"),
    path("<uuid:pk>/restart/", JobRestartView.as_view(), name="restart"),
]
