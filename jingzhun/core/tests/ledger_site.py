"""A URL configuration for the kit's tests: the site, plus the project library as a generic ledger.

Projects are a real scoped, versioned, audited model (region and sector scope), so the
generic pages and viewset are exercised on it without a test-only model.
"""

import django_tables2 as tables
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from jingzhun.core.api.ledger import LedgerSerializer, LedgerViewSet
from jingzhun.core.forms import LedgerForm
from jingzhun.core.generic import LedgerEditView, LedgerListView, ledger_urls
from jingzhun.core.tables import LedgerTable, LinkedColumn, NumberColumn
from jingzhun.projects.filters import ProjectFilter
from jingzhun.projects.models import Project
from jingzhun.quality.models import Finding
from jingzhun.regions.tables import PlaceColumn
from jingzhun.urls import urlpatterns as site


class ProjectTable(LedgerTable):
    code = LinkedColumn(verbose_name="项目编号")
    name = LinkedColumn(verbose_name="项目名称")
    county = PlaceColumn("region_id", level="county", verbose_name="县（区）")
    budget = NumberColumn(verbose_name="总投资（元）")
    status = tables.Column(verbose_name="状态")

    class Meta(LedgerTable.Meta):
        attrs = {**LedgerTable.Meta.attrs, "id": "project-table"}


class ProjectList(LedgerListView):
    table_class = ProjectTable
    filterset_class = ProjectFilter

    def get_queryset(self):
        return super().get_queryset().order_by("code")


class ProjectForm(LedgerForm):
    class Meta:
        model = Project
        fields = ["name", "region", "budget", "responsible_person"]


class ProjectEdit(LedgerEditView):
    form_class = ProjectForm


class ProjectSerializer(LedgerSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "region",
            "budget",
            "status",
            "type",
            "sector",
            "plan_year",
            "responsible_unit",
            "responsible_person",
        ]


class ProjectViewSet(LedgerViewSet):
    queryset = Project.objects.all()
    serializer_class = ProjectSerializer


class FindingSerializer(LedgerSerializer):
    class Meta:
        model = Finding
        fields = ["id", "check_code", "village_code", "id_number", "status"]


class FindingViewSet(LedgerViewSet):
    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    http_method_names = ["get"]


router = SimpleRouter()
router.register("kit-projects", ProjectViewSet, basename="kit-project")
router.register("kit-findings", FindingViewSet, basename="kit-finding")

urlpatterns = [
    *site,
    path(
        "kit/",
        include(
            (ledger_urls("projects", Project, list=ProjectList, detail=True, edit=ProjectEdit, delete=True), "kit")
        ),
    ),
    path("kit-api/", include(router.urls)),
]
