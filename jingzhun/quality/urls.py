from django.urls import path

from jingzhun.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("runs/", views.RunListView.as_view(), name="run-list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    path("findings/", views.FindingListView.as_view(), name="finding-list"),
    path("findings/export/", views.FindingExportView.as_view(), name="finding-export"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
    path("lists/", views.ComparisonListListView.as_view(), name="list-list"),
    path("lists/<int:pk>/", views.ComparisonListDetailView.as_view(), name="list-detail"),
]
