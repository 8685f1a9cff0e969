"""Serializers of the quality API (read-only rows; actions take small request bodies)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingzhun.core.api.personal import PersonalDataMixin
from jingzhun.quality.models import CheckRun, ComparisonList, Finding


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    severity = serializers.CharField()
    entity = serializers.CharField()
    explanation = serializers.CharField()
    how_to_fix = serializers.CharField()


class CheckRunSerializer(serializers.ModelSerializer):
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = CheckRun
        fields = [
            "id",
            "region_code",
            "year",
            "status",
            "job",
            "started_at",
            "finished_at",
            "seconds",
            "counts",
            "unavailable",
            "new_count",
            "recurring_count",
            "closed_count",
            "total",
        ]
        read_only_fields = fields


class RunStartSerializer(serializers.Serializer):
    region_code = serializers.CharField(required=False, allow_blank=True, help_text=_("默认：本人管辖范围"))
    year = serializers.IntegerField(min_value=2014, max_value=2035)


class FindingSerializer(PersonalDataMixin, serializers.ModelSerializer):
    """问题线索; the ID number (and a member finding's code) masked unless unmasked and logged (core.api.personal)."""

    code = serializers.SerializerMethodField(help_text=_("户编号（户级检查）或证件号码（人员检查，脱敏）"))

    class Meta:
        model = Finding
        fields = [
            "id",
            "check_code",
            "category",
            "severity",
            "entity",
            "entity_key",
            "code",
            "household_code",
            "id_number",
            "village_code",
            "message",
            "year",
            "status",
            "recurrence_count",
            "first_seen_at",
            "last_seen_at",
            "closed_at",
            "reason",
            "escalation_note",
        ]
        read_only_fields = fields

    def get_code(self, finding: Finding) -> str:
        return finding.household_code if finding.entity == "household" else finding.id_number

    def to_representation(self, instance: Finding) -> dict:
        data = super().to_representation(instance)
        if instance.entity != "household":
            data["code"] = data["id_number"]  # the ID number as the mixin showed it
        return data


class JustifySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EscalateSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class ComparisonListSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComparisonList
        fields = ["id", "kind", "title", "list_date", "source", "region_code", "row_count", "created_at"]
        read_only_fields = fields


def check_data(check: Any) -> dict[str, Any]:
    return {
        "code": check.code,
        "title": str(check.title),
        "category": check.category,
        "category_label": check.category_label,
        "severity": check.severity,
        "entity": check.entity,
        "explanation": str(check.explanation),
        "how_to_fix": str(check.how_to_fix),
    }
