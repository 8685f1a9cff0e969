from django.urls import path

from jingzhun.core.generic import ledger_urls
from jingzhun.quality import views
from jingzhun.quality.models import Finding

app_name = "quality"
urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("runs/", views.RunListView.as_view(), name="run-list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    # The list and its Excel work list (finding-list, finding-export) on the ledger kit.
    *ledger_urls("findings", Finding, list=views.FindingListView),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
    path("lists/", views.ComparisonListListView.as_view(), name="list-list"),
    path("lists/<int:pk>/", views.ComparisonListDetailView.as_view(), name="list-detail"),
]
