"""The pages of 整改督办, mounted at /rectification/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.core.generic import ledger_urls
from jingzhun.core.imports.views import import_urls
from jingzhun.rectification import views
from jingzhun.rectification.forms import ProblemImportForm
from jingzhun.rectification.imports import ProblemImporter, ProgressImporter
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, Risk

app_name = "rectification"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("report/", views.ReportView.as_view(), name="report"),
    *ledger_urls(
        "problems",
        Problem,
        name="problem",
        list=views.ProblemListView,
        detail=views.ProblemDetailView,
        edit=views.ProblemEditView,
        delete=True,
    ),
    *import_urls(
        ProblemImporter,
        route="problems/import/",
        name="problem-import",
        form_class=ProblemImportForm,
        nav="rectification",
    ),
    *import_urls(ProgressImporter, route="progress/import/", name="progress-import", nav="rectification"),
    path("problems/<int:pk>/progress/", views.ProgressAddView.as_view(), name="problem-progress"),
    path("problems/<int:pk>/supervise/", views.SuperviseView.as_view(), name="problem-supervise"),
    path("problems/<int:pk>/route/", views.RouteView.as_view(), name="problem-route"),
    *ledger_urls(
        "inspections",
        Inspection,
        name="inspection",
        list=views.InspectionListView,
        detail=views.InspectionDetailView,
        edit=views.InspectionEditView,
        delete=True,
    ),
    *ledger_urls(
        "accountability",
        Accountability,
        name="accountability",
        list=views.AccountabilityListView,
        detail=True,
        edit=views.AccountabilityEditView,
        delete=True,
    ),
    *ledger_urls(
        "risks", Risk, name="risk", list=views.RiskListView, detail=True, edit=views.RiskEditView, delete=True
    ),
    *ledger_urls(
        "petitions",
        Petition,
        name="petition",
        list=views.PetitionListView,
        detail=True,
        edit=views.PetitionEditView,
        delete=True,
    ),
]
