"""The pages of 驻村帮扶, mounted at /assistance/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.assistance import views
from jingzhun.assistance.imports import AssistanceImporter, PresenceImporter
from jingzhun.assistance.models import (
    Assignment,
    Cadre,
    Diary,
    HelpingUnit,
    Nomination,
    Pairing,
    PlanItem,
    Posting,
    Presence,
    Survey,
    UnitPlan,
    UnitVisit,
    Visit,
    WorkGroup,
    WorkTeam,
)
from jingzhun.core.generic import ledger_urls
from jingzhun.core.imports.views import import_urls

app_name = "assistance"

# URL prefix of each ledger.
LEDGERS = (
    ("units", HelpingUnit),
    ("assignments", Assignment),
    ("groups", WorkGroup),
    ("cadres", Cadre),
    ("teams", WorkTeam),
    ("postings", Posting),
    ("pairings", Pairing),
    ("plans", PlanItem),
    ("presences", Presence),
    ("diaries", Diary),
    ("visits", Visit),
    ("surveys", Survey),
    ("unit-visits", UnitVisit),
    ("unit-plans", UnitPlan),
    ("nominations", Nomination),
)

DETAILS = {Nomination: views.NominationDetailView, Presence: views.PresenceDetailView}

urlpatterns: list[URLPattern | URLResolver] = [
    path("field/", views.FieldView.as_view(), name="field"),
    path("attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("attendance/bulletin/", views.BulletinView.as_view(), name="bulletin"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("scorecard/export/", views.ScorecardExportView.as_view(), name="scorecard-export"),
    path("unit-scorecard/", views.UnitScorecardView.as_view(), name="unit-scorecard"),
    path("my-villages/", views.MyVillagesView.as_view(), name="my-villages"),
    path("gaps/", views.GapsView.as_view(), name="gaps"),
    path("awards/", views.AwardListView.as_view(), name="awards"),
    *import_urls(AssistanceImporter, nav="assistance"),
    *import_urls(PresenceImporter, route="presences/import/", name="presence-import", nav="assistance"),
    path("presences/<int:pk>/approve/", views.PresenceApproveView.as_view(), name="presence-approve"),
]
for prefix, model in LEDGERS:
    urlpatterns += ledger_urls(
        prefix,
        model,
        list=views.list_view(model),
        detail=DETAILS.get(model, True),
        edit=views.edit_view(model),
        delete=True,
    )
