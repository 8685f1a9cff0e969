"""The 考核评估 API: the ledgers (rounds, scores, adjustments, published results, schemes) and rankings."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.assessments import services
from jingzhun.assessments.api.serializers import (
    AdjustmentSerializer,
    PointsLostSerializer,
    PublishedResultSerializer,
    RankingLineSerializer,
    RoundSerializer,
    SchemeSerializer,
    ScoreSerializer,
)
from jingzhun.assessments.exports import findings
from jingzhun.assessments.filters import AdjustmentFilter, PublishedResultFilter, RoundFilter, SchemeFilter, ScoreFilter
from jingzhun.assessments.models import Adjustment, PeerGroup, PublishedResult, Round, Scheme, Score
from jingzhun.assessments.scoring import ranking_compute
from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.ledger import LedgerViewSet


class RoundViewSet(LedgerViewSet):
    """考核轮次; ``ranking/`` gives the computed ranking (``?group=``, ``?drop_bonus=1`` for a what-if)."""

    queryset = Round.objects.select_related("scheme", "group", "previous").order_by("-period_end", "code")
    serializer_class = RoundSerializer
    filterset_class = RoundFilter

    def perform_destroy(self, instance: models.Model) -> None:
        with service_errors():
            services.round_require_open(instance)  # type: ignore[arg-type]
        super().perform_destroy(instance)

    @extend_schema(
        parameters=[OpenApiParameter("group", str), OpenApiParameter("drop_bonus", bool)],
        responses=RankingLineSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def ranking(self, request: Request, pk: Any = None) -> Response:
        round = self.get_object()
        group = None
        if request.query_params.get("group"):
            group = PeerGroup.objects.filter(code=request.query_params["group"]).first()
            if group is None:
                raise Http404("没有这个排名组。")
        drop = request.query_params.get("drop_bonus") in ("1", "true")
        ranking = ranking_compute(round=round, group=group, drop_bonus=drop)
        return Response(RankingLineSerializer(ranking.lines, many=True).data)

    @extend_schema(responses=PointsLostSerializer(many=True))
    @action(detail=True, methods=["get"])
    def findings(self, request: Request, pk: Any = None) -> Response:
        """The problems the round found (deductions, components with points lost), for 整改督办."""
        round = self.get_object()
        return Response(PointsLostSerializer(list(findings(round)), many=True).data)


class RoundChildViewSet(LedgerViewSet):
    def perform_destroy(self, instance: Any) -> None:
        with service_errors():
            services.round_child_delete(
                user=self.request.user,
                instance=instance,
                reason=self.request.query_params.get("reason", ""),  # type: ignore[arg-type]
            )


class ScoreViewSet(RoundChildViewSet):
    queryset = Score.objects.select_related("entity", "component").order_by("round", "entity", "component")
    serializer_class = ScoreSerializer
    filterset_class = ScoreFilter


class AdjustmentViewSet(RoundChildViewSet):
    queryset = Adjustment.objects.select_related("entity").order_by("round", "entity", "item")
    serializer_class = AdjustmentSerializer
    filterset_class = AdjustmentFilter


class PublishedResultViewSet(RoundChildViewSet):
    queryset = PublishedResult.objects.select_related("entity").order_by("round", "rank")
    serializer_class = PublishedResultSerializer
    filterset_class = PublishedResultFilter


class SchemeViewSet(LedgerViewSet):
    queryset = Scheme.objects.prefetch_related("components").order_by("code", "-edition")
    serializer_class = SchemeSerializer
    filterset_class = SchemeFilter
