from django.urls import path

from jingzhun.core.parameter_views import ParameterDeleteView, ParameterDetailView, ParameterListView

app_name = "parameters"
urlpatterns = [
    path("", ParameterListView.as_view(), name="list"),
    path("<str:name>/", ParameterDetailView.as_view(), name="detail"),
    path("<str:name>/<int:pk>/delete/", ParameterDeleteView.as_view(), name="delete"),
]
