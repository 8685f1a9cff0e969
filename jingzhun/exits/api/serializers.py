"""Serializers of the 退出程序 API."""

from __future__ import annotations

from rest_framework import serializers

from jingzhun.core.api.fields import ChoiceLabelField
from jingzhun.core.api.ledger import LedgerSerializer
from jingzhun.exits.models import CountyExit, ExitCase, Objection, Sample, SampleItem, VillageExit
from jingzhun.registry.models import Household


class ExitCaseSerializer(LedgerSerializer):
    household = serializers.SlugRelatedField(slug_field="code", queryset=Household.objects.all(), help_text="户编号")
    status_display = ChoiceLabelField("status")

    class Meta:
        model = ExitCase
        fields = [
            "id",
            "household",
            "year",
            "status",
            "status_display",
            "meeting_on",
            "attendance",
            "publicity_start",
            "closed_on",
            "rollback_reason",
            "note",
        ]
        read_only_fields = ["status", "publicity_start", "closed_on", "rollback_reason"]


class StepSerializer(serializers.Serializer):
    step = serializers.CharField(help_text="环节：verify、acknowledge、publicise、review、approve、close、roll_back …")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HistorySerializer(serializers.Serializer):
    transition = serializers.CharField()
    title = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    user = serializers.CharField()
    at = serializers.DateTimeField()
    note = serializers.CharField()


class ObjectionSerializer(LedgerSerializer):
    class Meta:
        model = Objection
        fields = ["id", "case", "raised_on", "raised_by", "content", "resolved", "resolution"]


class VillageExitSerializer(LedgerSerializer):
    class Meta:
        model = VillageExit
        fields = ["id", "village", "year", "status", "publicity_start", "note"]
        read_only_fields = ["status", "publicity_start"]


class CountyExitSerializer(LedgerSerializer):
    class Meta:
        model = CountyExit
        fields = ["id", "county", "year", "status", "sample", "publicity_start", "note"]
        read_only_fields = ["status", "sample", "publicity_start"]


class SampleSerializer(LedgerSerializer):
    class Meta:
        model = Sample
        fields = ["id", "county", "year", "round", "kind", "seed", "design", "applied_at"]
        read_only_fields = fields


class SampleItemSerializer(LedgerSerializer):
    household = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = SampleItem
        fields = [
            "id",
            "sample",
            "position",
            "category",
            "village",
            "household",
            "id_number",
            "people",
            "conclusion",
            "recognised",
            "aware",
        ]
        read_only_fields = ["sample", "position", "category", "village", "household", "id_number"]


class RateSerializer(serializers.Serializer):
    hits = serializers.IntegerField()
    base = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class RatesSerializer(serializers.Serializer):
    wrong_exit = RateSerializer()
    missed = RateSerializer()
    recognition = RateSerializer()
    awareness = RateSerializer()
    households = serializers.IntegerField()
