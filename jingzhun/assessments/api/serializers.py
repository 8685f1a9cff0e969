"""Serializers of the 考核评估 API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingzhun.assessments.models import Adjustment, Component, PublishedResult, Round, Scheme, Score
from jingzhun.core.api.ledger import LedgerSerializer


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Component
        fields = ["code", "name", "weight", "weight_parameter", "max_score", "feed", "order"]


class SchemeSerializer(LedgerSerializer):
    components = ComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "owner",
            "code",
            "edition",
            "name",
            "level",
            "year",
            "bonus_cap",
            "deduction_cap",
            "description",
            "components",
            "reason",
        ]


class RoundSerializer(LedgerSerializer):
    class Meta:
        model = Round
        fields = [
            "id",
            "code",
            "name",
            "source",
            "year",
            "period",
            "period_end",
            "scheme",
            "group",
            "previous",
            "owner",
            "status",
            "published_on",
            "document_no",
            "notes",
            "reason",
        ]
        read_only_fields = ["owner", "status", "published_on"]

    def create(self, validated_data: dict[str, Any]) -> Any:
        request = self.context["request"]
        validated_data.setdefault("owner_id", getattr(request.user, "region_id", None) or "610900000000")
        return super().create(validated_data)


class ScoreSerializer(LedgerSerializer):
    entity_code = serializers.CharField(source="entity.code", read_only=True)
    component_code = serializers.CharField(source="component.code", read_only=True)

    class Meta:
        model = Score
        fields = ["id", "round", "entity", "entity_code", "component", "component_code", "score", "evidence", "reason"]


class AdjustmentSerializer(LedgerSerializer):
    entity_code = serializers.CharField(source="entity.code", read_only=True)

    class Meta:
        model = Adjustment
        fields = ["id", "round", "entity", "entity_code", "item", "points", "basis", "reason"]


class PublishedResultSerializer(LedgerSerializer):
    entity_code = serializers.CharField(source="entity.code", read_only=True)

    class Meta:
        model = PublishedResult
        fields = ["id", "round", "entity", "entity_code", "total", "rank", "reason"]


class RankingLineSerializer(serializers.Serializer):
    entity = serializers.CharField(source="code")
    name = serializers.CharField()
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=12, decimal_places=4))
    bonus = serializers.DecimalField(max_digits=12, decimal_places=4)
    deduction = serializers.DecimalField(max_digits=12, decimal_places=4)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    rank = serializers.IntegerField()
    total_without_bonus = serializers.DecimalField(max_digits=12, decimal_places=2)
    rank_without_bonus = serializers.IntegerField()
    previous_rank = serializers.IntegerField(allow_null=True)
    movement = serializers.IntegerField(allow_null=True)
    margin_below = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    margin_above = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    published_total = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    published_rank = serializers.IntegerField(allow_null=True)


class PointsLostSerializer(serializers.Serializer):
    """A problem found by a round (``exports.Finding``): the stable export read by 整改督办."""

    round_code = serializers.CharField()
    entity_code = serializers.CharField()
    entity_name = serializers.CharField()
    kind = serializers.CharField(help_text="deduction（减分事项）或 points_lost（指标失分）")
    title = serializers.CharField()
    points = serializers.DecimalField(max_digits=12, decimal_places=2)
    basis = serializers.CharField()
