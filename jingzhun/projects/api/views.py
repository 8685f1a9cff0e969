"""Projects API: the library, money and progress, alerts and fund figures; scoped by region and sector.

Reads go through ``for_user`` (the scoped base viewsets); writes through the services, whose
ValidationError (money rules) becomes 400, PermissionDenied 403 and ConflictError 409.
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.viewsets import ScopedModelViewSet, ScopedViewSetMixin
from jingzhun.core.regioncodes import significant_prefix
from jingzhun.projects import funds, services
from jingzhun.projects.alerts import project_alerts
from jingzhun.projects.api.serializers import (
    AlertSerializer,
    AllocationSerializer,
    DisbursementSerializer,
    FundLineSerializer,
    FundSummarySerializer,
    ProgressReportSerializer,
    ProjectSerializer,
)
from jingzhun.projects.filters import ProjectFilter
from jingzhun.projects.models import Allocation, Disbursement, ProgressReport, Project

DATE_PARAMETER = OpenApiParameter("date", OpenApiTypes.DATE, description="预警日期（默认今天）")


def _date(request: Request) -> datetime.date:
    value = request.query_params.get("date", "")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        if value:
            raise serializers.ValidationError({"date": ["日期格式应为 YYYY-MM-DD。"]})
        return datetime.date.today()


@extend_schema_view(
    list=extend_schema(summary="项目列表", description="项目库，筛选条件与项目列表页相同；行业部门只看到本行业项目。"),
    retrieve=extend_schema(summary="项目详情"),
    create=extend_schema(summary="新增项目", description="按年度节点模板自动生成节点。"),
    update=extend_schema(summary="修改项目"),
    partial_update=extend_schema(summary="修改项目（部分字段）"),
)
class ProjectViewSet(ScopedModelViewSet):
    """扶贫项目, looked up by 项目编号."""

    queryset = Project.objects.select_related("region").prefetch_related("villages").with_money()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z-]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, Project())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)

    def _save(self, serializer: Any, project: Project) -> None:
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        version = data.pop("version", None)
        villages = data.pop("villages", None)
        for field, value in data.items():
            setattr(project, field, value)
        with service_errors():
            saved = services.project_save(
                user=self.request.user,
                project=project,
                villages=villages,
                expected_version=version if serializer.instance is not None else None,
                reason=reason,
            )
        serializer.instance = self.get_queryset().get(pk=saved.pk)

    @extend_schema(summary="项目预警", parameters=[DATE_PARAMETER], responses=AlertSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def alerts(self, request: Request) -> Response:
        """Alerts of the projects in scope (filters as the list) on ``date``: project, alert, days, message."""
        projects = self.filter_queryset(Project.objects.for_user(request.user))
        region_id = getattr(request.user, "region_id", None)
        region = significant_prefix(region_id) if region_id else ""
        alerts = project_alerts(projects, on=_date(request), region=region)
        return Response(AlertSerializer(alerts, many=True).data)

    @extend_schema(summary="资金汇总", responses=FundSummarySerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def funds(self, request: Request) -> Response:
        """Need, allocated, disbursed, gap and execution: in total, by county, by source."""
        projects = self.filter_queryset(Project.objects.for_user(request.user))
        return Response(
            {
                "total": FundLineSerializer(funds.fund_total(projects)).data,
                "counties": FundLineSerializer(funds.fund_by_county(projects), many=True).data,
                "sources": FundLineSerializer(funds.fund_by_source(projects), many=True).data,
                "months": [
                    {
                        "month": m.month,
                        "allocated": str(m.allocated),
                        "disbursed": str(m.disbursed),
                        "execution": None if m.execution is None else f"{m.execution:.4f}",
                    }
                    for m in funds.fund_by_month(projects)
                ],
            }
        )


class ProjectChildViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List, read and add rows of a project (never changed or deleted: money is corrected by a new row)."""

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset()
        code = self.request.query_params.get("project")
        return qs.filter(project__code=code) if code else qs

    def perform_create(self, serializer: Any) -> None:
        with service_errors():
            serializer.instance = self.create_with_service(dict(serializer.validated_data))

    def create_with_service(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError


@extend_schema_view(
    list=extend_schema(summary="资金下达列表", parameters=[OpenApiParameter("project", str, description="项目编号")]),
    create=extend_schema(summary="登记资金下达", description="下达合计超过项目总投资（含已批准的预算调整）返回 400。"),
)
class AllocationViewSet(ProjectChildViewSet):
    queryset = Allocation.objects.select_related("project")
    serializer_class = AllocationSerializer

    def create_with_service(self, data: dict[str, Any]) -> Allocation:
        return services.allocation_add(user=self.request.user, **data)


@extend_schema_view(
    list=extend_schema(summary="资金拨付列表", parameters=[OpenApiParameter("project", str, description="项目编号")]),
    create=extend_schema(summary="登记资金拨付", description="某来源累计拨付超过该来源已下达金额返回 400。"),
)
class DisbursementViewSet(ProjectChildViewSet):
    queryset = Disbursement.objects.select_related("project")
    serializer_class = DisbursementSerializer

    def create_with_service(self, data: dict[str, Any]) -> Disbursement:
        return services.disbursement_add(user=self.request.user, **data)


@extend_schema_view(
    list=extend_schema(summary="进度报告列表", parameters=[OpenApiParameter("project", str, description="项目编号")]),
    create=extend_schema(summary="填报进度"),
)
class ProgressReportViewSet(ProjectChildViewSet):
    queryset = ProgressReport.objects.select_related("project")
    serializer_class = ProgressReportSerializer

    def create_with_service(self, data: dict[str, Any]) -> ProgressReport:
        return services.progress_report_add(user=self.request.user, **data)
