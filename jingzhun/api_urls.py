"""The REST API, mounted at /api/ (schema at /api/schema/, Swagger UI at /api/docs/)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from jingzhun.core.api.jobs import JobViewSet
from jingzhun.core.api.parameters import ParameterViewSet
from jingzhun.projects.api.views import AllocationViewSet, DisbursementViewSet, ProgressReportViewSet, ProjectViewSet
from jingzhun.quality.api.views import CheckRunViewSet, CheckViewSet, ComparisonListViewSet, FindingViewSet
from jingzhun.regions.api.views import RegionViewSet
from jingzhun.registry.api.cycle import CycleSummaryView, HouseholdCycleView
from jingzhun.registry.api.views import HouseholdViewSet, HouseholdYearViewSet, MemberViewSet, RegistryImportView
from jingzhun.standards.api.views import PovertyLineViewSet, RuleSetViewSet, RuleViewSet, RunViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="api-region")
router.register("households", HouseholdViewSet, basename="api-household")
router.register("members", MemberViewSet, basename="api-member")
router.register("household-years", HouseholdYearViewSet, basename="api-household-year")
router.register("jobs", JobViewSet, basename="api-job")
router.register("parameters", ParameterViewSet, basename="api-parameter")
router.register("standards/poverty-lines", PovertyLineViewSet, basename="api-poverty-line")
router.register("standards/rulesets", RuleSetViewSet, basename="api-ruleset")
router.register("standards/rules", RuleViewSet, basename="api-rule")
router.register("standards/runs", RunViewSet, basename="api-run")
router.register("projects", ProjectViewSet, basename="api-project")
router.register("allocations", AllocationViewSet, basename="api-allocation")
router.register("disbursements", DisbursementViewSet, basename="api-disbursement")
router.register("progress-reports", ProgressReportViewSet, basename="api-progress-report")
router.register("quality/checks", CheckViewSet, basename="api-quality-check")
router.register("quality/runs", CheckRunViewSet, basename="api-quality-run")
router.register("quality/findings", FindingViewSet, basename="api-quality-finding")
router.register("quality/lists", ComparisonListViewSet, basename="api-quality-list")

urlpatterns = [
    path("registry/imports/", RegistryImportView.as_view(), name="api-registry-import"),
    path("registry/cycle/", CycleSummaryView.as_view(), name="api-registry-cycle"),
    path("households/<str:code>/cycle/", HouseholdCycleView.as_view(), name="api-household-cycle"),
    *router.urls,
    path("", include("jingzhun.regions.api.year_facts")),
    path("", include("jingzhun.exits.api.urls")),
    path("", include("jingzhun.assistance.api.urls")),
    path("", include("jingzhun.assessments.api.urls")),
    path("", include("jingzhun.rectification.api.urls")),
    path("", include("jingzhun.cooperation.api.urls")),
    path("", include("jingzhun.taskforce.api.urls")),
    path("", include("jingzhun.relocation.api.urls")),
    path("", include("jingzhun.measures.api.urls")),
    path("", include("jingzhun.monitoring.api.urls")),
]
