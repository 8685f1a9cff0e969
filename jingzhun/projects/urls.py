from django.urls import path

from jingzhun.core.imports.views import import_urls
from jingzhun.projects import spreadsheet_views, views
from jingzhun.projects.forms import ProjectImportForm
from jingzhun.projects.imports import ProjectImporter

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("new/", views.ProjectCreateView.as_view(), name="create"),
    path("funds/", views.FundDashboardView.as_view(), name="funds"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("alerts/", views.AlertListView.as_view(), name="alerts"),
    *import_urls(ProjectImporter, form_class=ProjectImportForm, template_name="projects/import.html", nav="projects"),
    path("ledger/", spreadsheet_views.LedgerExportView.as_view(), name="ledger"),
    path("<str:code>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.ProjectUpdateView.as_view(), name="edit"),
    path("<str:code>/allocations/new/", views.AllocationCreateView.as_view(), name="allocation-create"),
    path("<str:code>/disbursements/new/", views.DisbursementCreateView.as_view(), name="disbursement-create"),
    path("<str:code>/budget-changes/new/", views.BudgetChangeCreateView.as_view(), name="budget-change-create"),
    path("<str:code>/reports/new/", views.ProgressReportCreateView.as_view(), name="report-create"),
    path("<str:code>/acceptance/new/", views.AcceptanceCreateView.as_view(), name="acceptance-create"),
    path("<str:code>/upkeep/new/", views.UpkeepCreateView.as_view(), name="upkeep-create"),
    path("<str:code>/beneficiaries/new/", views.BeneficiaryAddView.as_view(), name="beneficiary-add"),
]
