from django.urls import path

from jingzhun.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.StandardsHomeView.as_view(), name="home"),
    path("poverty-lines/new/", views.PovertyLineEditView.as_view(), name="poverty-line-create"),
    path("poverty-lines/<int:pk>/edit/", views.PovertyLineEditView.as_view(), name="poverty-line-edit"),
    path("rulesets/<str:code>/", views.RuleSetDetailView.as_view(), name="ruleset-detail"),
    path("rulesets/<str:code>/edit/", views.RuleSetUpdateView.as_view(), name="ruleset-edit"),
    path("rulesets/<str:code>/copy/", views.RuleSetCopyView.as_view(), name="ruleset-copy"),
    path("rulesets/<str:code>/preview/", views.RulePreviewView.as_view(), name="rule-preview"),
    path("rulesets/<str:code>/rules/new/", views.RuleEditView.as_view(), name="rule-create"),
    path("rulesets/<str:code>/rules/<int:pk>/edit/", views.RuleEditView.as_view(), name="rule-edit"),
    path("rulesets/<str:code>/rules/<int:pk>/delete/", views.RuleDeleteView.as_view(), name="rule-delete"),
    path("runs/", views.RunListView.as_view(), name="run-list"),
    path("runs/new/", views.RunCreateView.as_view(), name="run-create"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    path("runs/<int:pk>/delete/", views.RunDeleteView.as_view(), name="run-delete"),
    path("runs/<int:pk>/gaps/<str:village>/", views.GapListView.as_view(), name="gap-list"),
    path("runs/<int:pk>/gaps/<str:village>/xlsx/", views.GapListExcelView.as_view(), name="gap-list-xlsx"),
    path("gaps/<str:village>/", views.GapResolveView.as_view(), name="gap-resolve"),
    path("gaps/<str:village>/summary/", views.VillageGapsView.as_view(), name="village-gaps"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("readiness/", views.ExitReadinessView.as_view(), name="exit-readiness"),
    path("households/<str:code>/", views.HouseholdStandingView.as_view(), name="household-standing"),
    path("households/<str:code>/dossier/", views.HouseholdDossierView.as_view(), name="household-dossier"),
]
