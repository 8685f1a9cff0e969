"""Quality API: the catalogue, runs (start one as a job), findings (filtered; justify, review, escalate), lists.

Scoped like the pages: rows outside the user's scope answer 404; read-only roles get 403
on every action. ID numbers are masked unless ``?unmask=1`` is asked by a role that may
see them; the serializer then logs the read (``core.api.personal``), for actions too.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.access import require
from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.viewsets import ScopedReadOnlyViewSet
from jingzhun.core.regioncodes import pad_code
from jingzhun.quality import services
from jingzhun.quality.api.serializers import (
    CheckRunSerializer,
    CheckSerializer,
    ComparisonListSerializer,
    EscalateSerializer,
    FindingSerializer,
    JustifySerializer,
    ReviewSerializer,
    RunStartSerializer,
    check_data,
)
from jingzhun.quality.checks import CATALOGUE, catalogue
from jingzhun.quality.filters import FindingFilter
from jingzhun.quality.models import CheckRun, ComparisonList, Finding
from jingzhun.regions.models import Region

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})


class CheckViewSet(viewsets.ViewSet):
    """检查项目录: every check with its code, category, severity, explanation and how to fix."""

    serializer_class = CheckSerializer
    lookup_value_regex = "[A-Z]+-[0-9]+"
    access = ("view", "quality")

    @extend_schema(responses=CheckSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response([check_data(c) for c in catalogue()])

    @extend_schema(responses=CheckSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        check = CATALOGUE.get(pk)
        if check is None:
            raise exceptions.NotFound()
        return Response(check_data(check))


class CheckRunViewSet(ScopedReadOnlyViewSet):
    """检查批次: runs in the user's scope; POST starts one for a region and year as a background job."""

    queryset = CheckRun.objects.all()
    serializer_class = CheckRunSerializer

    @extend_schema(request=RunStartSerializer, responses={202: CheckRunSerializer})
    def create(self, request: Request) -> Response:
        data = RunStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        with service_errors():
            prefix = services.region_prefix_of(user, data.validated_data.get("region_code") or None)  # type: ignore[arg-type]
            code = pad_code(prefix)
            if not Region.objects.filter(code=code).exists():
                raise exceptions.ValidationError({"region_code": [_("没有这个地区。")]})
            run = services.quality_run_start(user=user, region_code=code, year=data.validated_data["year"])  # type: ignore[arg-type]
        return Response(CheckRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class FindingViewSet(ScopedReadOnlyViewSet):
    """问题线索: filtered like the page; actions justify (情况说明), review (审核) and escalate (上报)."""

    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().order_by("village_code", "check_code", "entity_key")

    def unmasked(self) -> bool:
        if self.request.query_params.get("unmask", "").lower() not in TRUE_VALUES:
            return False
        require(self.request.user, "reveal", Finding, _("当前角色无权查看完整的个人敏感信息。"))
        return True

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "unmask": self.unmasked()}

    def _act(self, serializer_class: type, call: Any) -> Response:
        finding = self.get_object()
        require(self.request.user, "change", Finding, _("当前角色只能查看。"))
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            finding = call(finding, data.validated_data)
        return Response(FindingSerializer(finding, context=self.get_serializer_context()).data)

    @extend_schema(request=JustifySerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def justify(self, request: Request, pk: str) -> Response:
        return self._act(
            JustifySerializer, lambda f, d: services.finding_justify(user=request.user, finding=f, reason=d["reason"])
        )

    @extend_schema(request=ReviewSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        return self._act(
            ReviewSerializer,
            lambda f, d: services.finding_review(user=request.user, finding=f, approve=d["approve"], note=d["note"]),
        )

    @extend_schema(request=EscalateSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: str) -> Response:
        return self._act(
            EscalateSerializer, lambda f, d: services.finding_escalate(user=request.user, finding=f, note=d["note"])
        )


class ComparisonListViewSet(ScopedReadOnlyViewSet):
    """比对名单: the lists uploaded in the user's scope."""

    queryset = ComparisonList.objects.all()
    serializer_class = ComparisonListSerializer
