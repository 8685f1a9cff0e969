"""Serializers of the 整改督办 API (ledger serializers: writes through ``ledger_save``)."""

from __future__ import annotations

from rest_framework import serializers

from jingzhun.core.api.ledger import LedgerSerializer
from jingzhun.rectification.choices import SupervisionLevel
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, ProgressReport, Risk


class InspectionSerializer(LedgerSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "code", "title", "source", "date", "region", "team", "document_number", "note"]


class ProblemSerializer(LedgerSerializer):
    inspection_code = serializers.CharField(source="inspection.code", read_only=True)
    overdue_days = serializers.SerializerMethodField(help_text="今天的逾期天数（未完成且超过整改时限）")
    supervision_level = serializers.ChoiceField(
        choices=SupervisionLevel.choices, allow_blank=True, read_only=True, help_text="挂牌督办级别（空：未挂牌）"
    )

    class Meta:
        model = Problem
        fields = [
            "id",
            "inspection",
            "inspection_code",
            "number",
            "parent",
            "level",
            "category",
            "region",
            "household",
            "project",
            "description",
            "measures",
            "deadline",
            "line",
            "sector",
            "responsible_unit",
            "responsible_person",
            "leader",
            "status",
            "done_on",
            "verified_on",
            "closed_on",
            "recurrence",
            "supervision_level",
            "supervising_leader",
            "special_case",
            "overdue_days",
        ]
        read_only_fields = fields

    def get_overdue_days(self, problem: Problem) -> int:
        from django.utils import timezone

        return problem.overdue_days(timezone.localdate())


class RectificationProgressSerializer(LedgerSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "problem", "date", "progress", "note"]
        read_only_fields = fields


class AccountabilitySerializer(LedgerSerializer):
    class Meta:
        model = Accountability
        fields = ["id", "problem", "region", "kind", "person", "unit", "document_number", "date", "note"]


class RiskSerializer(LedgerSerializer):
    class Meta:
        model = Risk
        fields = [
            "id",
            "kind",
            "region",
            "title",
            "description",
            "owner",
            "owner_unit",
            "found_on",
            "status",
            "measures",
            "resolved_on",
        ]


class PetitionSerializer(LedgerSerializer):
    class Meta:
        model = Petition
        fields = [
            "id",
            "received_on",
            "region",
            "household",
            "petitioner",
            "phone",
            "kind",
            "is_group",
            "people",
            "to_capital",
            "content",
            "handling",
            "resolved",
            "resolved_on",
            "is_repeat",
        ]
        read_only_fields = ["is_repeat"]
