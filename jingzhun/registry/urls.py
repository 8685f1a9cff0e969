from django.urls import path

from jingzhun.core.imports.views import import_urls
from jingzhun.registry import cycle_views, spreadsheet_views, views
from jingzhun.registry.forms import RegistryImportForm
from jingzhun.registry.imports import RegistryImporter

app_name = "registry"
urlpatterns = [
    path("households/", views.HouseholdListView.as_view(), name="household-list"),
    path("households/export/", spreadsheet_views.ExportView.as_view(), name="household-export"),
    *import_urls(RegistryImporter, form_class=RegistryImportForm, nav="import"),
    path("households/new/", views.HouseholdCreateView.as_view(), name="household-create"),
    path("households/<str:code>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path("households/<str:code>/edit/", views.HouseholdUpdateView.as_view(), name="household-edit"),
    path("households/<str:code>/cycle/", cycle_views.HouseholdCycleView.as_view(), name="household-cycle"),
    path("cycle/", cycle_views.CycleListView.as_view(), name="cycle-list"),
    path("households/<str:code>/delete/", views.HouseholdDeleteView.as_view(), name="household-delete"),
    path("households/<str:code>/members/new/", views.MemberCreateView.as_view(), name="member-create"),
    path("households/<str:code>/members/<str:member>/edit/", views.MemberUpdateView.as_view(), name="member-edit"),
    path("households/<str:code>/members/<str:member>/reveal/", views.MemberRevealView.as_view(), name="member-reveal"),
    path("households/<str:code>/years/new/", views.HouseholdYearCreateView.as_view(), name="year-create"),
    path("households/<str:code>/years/<int:year>/edit/", views.HouseholdYearUpdateView.as_view(), name="year-edit"),
]
