"""Standards API: rule sets and rules (read; the city office writes through the services),
poverty lines (read), evaluation runs (read, start as a job, delete what-if) and their results.

Runs are found through ``runs_for_user`` (404 outside scope); results always through
``EvaluationResult.objects.for_user``, so a county office reading a city-wide run sees only
its own county's results.
"""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.jobs import JobSerializer
from jingzhun.standards import readiness, services
from jingzhun.standards.api.serializers import (
    PovertyLineSerializer,
    ResultSerializer,
    RuleSerializer,
    RuleSetCopySerializer,
    RuleSetSerializer,
    RunCreateSerializer,
    RunSerializer,
)
from jingzhun.standards.expressions import RuleError
from jingzhun.standards.filters import ResultFilter, RunFilter
from jingzhun.standards.jobs import evaluation_start
from jingzhun.standards.models import EvaluationRun, PovertyLine, Rule, RuleSet, results_for_user, runs_for_user

ERRORS = {
    400: OpenApiResponse(description="校验未通过：按字段给出错误信息（规则错误注明位置）。"),
    403: OpenApiResponse(description="当前角色不能执行此操作（如只读角色、非市级扶贫部门）。"),
    404: OpenApiResponse(description="不存在或不在您的管辖范围内。"),
}


def rule_errors() -> Any:
    """Service errors as API errors; a RuleError (a bad parameter or rule) is a 400 too."""
    from contextlib import contextmanager

    from rest_framework import serializers

    @contextmanager
    def handler() -> Any:
        try:
            with service_errors():
                yield
        except RuleError as exc:
            raise serializers.ValidationError({"detail": str(exc)}) from exc

    return handler()


@extend_schema_view(
    list=extend_schema(summary="扶贫标准列表", description="各年度的扶贫标准（国家标准和省定标准）。"),
    retrieve=extend_schema(summary="扶贫标准详情"),
)
class PovertyLineViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PovertyLineSerializer
    queryset = PovertyLine.objects.select_related("region")
    filterset_fields = ["year"]


@extend_schema_view(
    list=extend_schema(
        summary="退出标准规则集列表", description="所有版本的规则集及其指标（全市共用的标准，所有用户可读）。"
    ),
    retrieve=extend_schema(summary="规则集详情"),
    update=extend_schema(
        summary="修改规则集基本信息",
        description="仅市级扶贫部门；已用于正式评估的规则集不能修改。",
        responses={200: RuleSetSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="修改规则集基本信息（部分字段）", responses={200: RuleSetSerializer, **ERRORS}
    ),
)
class RuleSetViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RuleSetSerializer
    queryset = (
        RuleSet.objects.prefetch_related("rules").select_related("copied_from").order_by("-effective_from", "code")
    )
    lookup_field = "code"
    pagination_class = None

    def perform_update(self, serializer: RuleSetSerializer) -> None:
        with rule_errors():
            services.ruleset_update(user=self.request.user, ruleset=serializer.instance, data=serializer.validated_data)

    @extend_schema(
        summary="复制为新版本",
        description="复制规则集及其全部指标；原规则集不变。仅市级扶贫部门。",
        request=RuleSetCopySerializer,
        responses={201: RuleSetSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def copy(self, request: Request, code: str | None = None) -> Response:
        ruleset = self.get_object()
        serializer = RuleSetCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with rule_errors():
            copy = services.ruleset_copy(user=request.user, ruleset=ruleset, **serializer.validated_data)
        return Response(RuleSetSerializer(copy).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="退出指标列表", description="可按 ruleset（代码）和 level 筛选。"),
    retrieve=extend_schema(summary="退出指标详情"),
    create=extend_schema(
        summary="新增指标",
        description="仅市级扶贫部门；表达式保存前校验，错误注明位置。",
        responses={201: RuleSerializer, **ERRORS},
    ),
    update=extend_schema(summary="修改指标", responses={200: RuleSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改指标（部分字段）", responses={200: RuleSerializer, **ERRORS}),
    destroy=extend_schema(summary="删除指标", responses={204: None, **ERRORS}),
)
class RuleViewSet(viewsets.ModelViewSet):
    serializer_class = RuleSerializer
    queryset = Rule.objects.select_related("ruleset").order_by("ruleset__code", "level", "position", "code")
    # Rules are part of the standards: adding or deleting one changes the standard.
    policy_actions = {"create": "change", "destroy": "change"}
    filterset_fields = {"ruleset__code": ["exact"], "level": ["exact"]}

    def perform_create(self, serializer: RuleSerializer) -> None:
        data = dict(serializer.validated_data)
        ruleset = data.pop("ruleset")
        with rule_errors():
            serializer.instance = services.rule_save(user=self.request.user, ruleset=ruleset, data=data)

    def perform_update(self, serializer: RuleSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("ruleset", None)
        with rule_errors():
            serializer.instance = services.rule_save(
                user=self.request.user, ruleset=serializer.instance.ruleset, data=data, rule=serializer.instance
            )

    def perform_destroy(self, instance: Rule) -> None:
        with rule_errors():
            services.rule_delete(user=self.request.user, rule=instance)


@extend_schema_view(
    list=extend_schema(
        summary="评估批次列表",
        description="本辖区内的评估和覆盖本辖区的上级评估（其结果只返回本辖区内的部分）。",
    ),
    retrieve=extend_schema(summary="评估批次详情", responses={200: RunSerializer, 404: ERRORS[404]}),
    destroy=extend_schema(summary="删除模拟评估", description="正式评估不能删除。", responses={204: None, **ERRORS}),
)
class RunViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RunSerializer
    queryset = EvaluationRun.objects.none()  # for the schema; requests use get_queryset
    filterset_class = RunFilter

    def get_queryset(self) -> QuerySet[EvaluationRun]:
        return runs_for_user(self.request.user).select_related("ruleset", "created_by")

    @extend_schema(
        summary="发起评估",
        description="检查后在后台运行评估，返回后台任务；轮询 /api/jobs/{id}/ 直到完成，结果中的 run_id 即评估批次。"
        "调整参数或非当年适用规则集的为模拟评估；正式评估仅市级扶贫部门。",
        request=RunCreateSerializer,
        responses={202: JobSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        serializer = RunCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ruleset = data.get("ruleset") or services.ruleset_in_force(year=data["year"], region_code=data["region"].code)
        if ruleset is None:
            from rest_framework import serializers as drf_serializers

            raise drf_serializers.ValidationError({"ruleset": ["该年度没有适用于该地区的规则集，请指定一个。"]})
        with rule_errors():
            job = evaluation_start(
                user=request.user,
                ruleset=ruleset,
                level=data["level"],
                year=data["year"],
                region=data["region"],
                overrides=data.get("overrides") or {},
                official=data["official"],
                engine=data["engine"],
                note=data.get("note", ""),
            )
        return Response(JobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    def perform_destroy(self, instance: EvaluationRun) -> None:
        with rule_errors():
            services.evaluation_run_delete(user=self.request.user, run=instance)

    @extend_schema(
        summary="评估结果",
        description="本次评估中本辖区内每个对象的结果；可按 passed、region（区划代码）、failed_rule（指标代码）筛选。",
        parameters=[
            OpenApiParameter("passed", OpenApiTypes.BOOL, description="是否达标"),
            OpenApiParameter("region", OpenApiTypes.STR, description="区划代码（其下所有对象）"),
            OpenApiParameter("failed_rule", OpenApiTypes.STR, description="未达标的指标代码，如 income"),
        ],
        responses={200: ResultSerializer(many=True), 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=ResultSerializer)
    def results(self, request: Request, pk: str | None = None) -> Response:
        run = get_object_or_404(self.get_queryset(), pk=pk)
        results = ResultFilter(
            request.query_params, queryset=results_for_user(request.user, run).select_related("household")
        ).qs.order_by("code")
        page = self.paginate_queryset(results)
        return self.get_paginated_response(
            ResultSerializer(page, many=True, context={"book": readiness.RuleBook(run)}).data
        )
