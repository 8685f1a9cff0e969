"""The pages of 退出程序, mounted at /exits/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.core.generic import ledger_urls
from jingzhun.core.imports.views import import_urls
from jingzhun.exits import views, views_regions
from jingzhun.exits.forms import VerificationImportForm
from jingzhun.exits.imports import VerificationImporter
from jingzhun.exits.models import CountyExit, ExitCase, Objection, Sample, SampleItem, VillageExit

app_name = "exits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.BoardView.as_view(), name="board"),
    path("cases/propose/", views.ProposeView.as_view(), name="propose"),
    path("cases/batch/", views.BatchStepView.as_view(), name="batch"),
    path("cases/<int:pk>/objections/new/", views.ObjectionCreateView.as_view(), name="objection-create"),
    path("objections/<int:pk>/resolve/", views.ObjectionResolveView.as_view(), name="objection-resolve"),
    path("notice/", views.NoticeView.as_view(), name="notice"),
    *ledger_urls("cases", ExitCase, list=views.CaseList, detail=views.CaseDetail),
    *ledger_urls("objections", Objection, list=views.ObjectionList, detail=True, attachments=False),
    path("villages/apply/", views_regions.VillageApplyView.as_view(), name="village-apply"),
    *ledger_urls("villages", VillageExit, list=views_regions.VillageExitList, detail=views_regions.RegionExitDetail),
    path("counties/apply/", views_regions.CountyApplyView.as_view(), name="county-apply"),
    *ledger_urls("counties", CountyExit, list=views_regions.CountyExitList, detail=views_regions.RegionExitDetail),
    path("samples/draw/", views_regions.DrawView.as_view(), name="sample-draw"),
    *import_urls(
        VerificationImporter,
        route="samples/import/",
        name="import",
        form_class=VerificationImportForm,
        nav="exits-samples",
    ),
    path("samples/<int:pk>/apply/", views_regions.SampleApplyView.as_view(), name="sample-apply"),
    path("samples/<int:pk>/report/", views_regions.SampleReportView.as_view(), name="sample-report"),
    *ledger_urls("samples", Sample, list=views_regions.SampleList, detail=views_regions.SampleDetail),
    *ledger_urls(
        "results",
        SampleItem,
        list=views_regions.SampleItemList,
        detail=True,
        edit=views_regions.SampleItemEdit,
    ),
]
