"""The pages of 考核评估, mounted at /assessments/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.assessments import views
from jingzhun.assessments.forms import AssessmentImportForm
from jingzhun.assessments.imports import AssessmentImporter
from jingzhun.assessments.models import Adjustment, PublishedResult, Round, Scheme, Score
from jingzhun.core.generic import ledger_urls
from jingzhun.core.imports.views import import_urls

app_name = "assessments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.OverviewView.as_view(), name="home"),
    *import_urls(AssessmentImporter, form_class=AssessmentImportForm, nav=views.NAV),
    *ledger_urls("rounds", Round, list=views.RoundListView, detail=views.RoundDetailView, edit=views.RoundEditView),
    path("rounds/<int:pk>/ranking.xlsx", views.RankingExportView.as_view(), name="ranking-export"),
    path("rounds/<int:pk>/section.docx", views.RankingSectionView.as_view(), name="ranking-section"),
    path("rounds/<int:pk>/feed/", views.FeedScoresView.as_view(), name="feed-scores"),
    path("rounds/<int:pk>/entities/<str:code>/", views.EntityView.as_view(), name="entity"),
    path("rounds/<int:pk>/entities/<str:code>/export/", views.EntityExportView.as_view(), name="entity-export"),
    *ledger_urls(
        "scores",
        Score,
        list=views.ScoreListView,
        detail=True,
        edit=views.ScoreEditView,
        delete=views.RoundChildDeleteView,
    ),
    *ledger_urls(
        "adjustments",
        Adjustment,
        list=views.AdjustmentListView,
        detail=True,
        edit=views.AdjustmentEditView,
        delete=views.RoundChildDeleteView,
    ),
    *ledger_urls(
        "published",
        PublishedResult,
        list=views.PublishedResultListView,
        detail=True,
        edit=views.PublishedResultEditView,
        delete=views.RoundChildDeleteView,
    ),
    *ledger_urls("schemes", Scheme, list=views.SchemeListView, detail=views.SchemeDetailView),
]
