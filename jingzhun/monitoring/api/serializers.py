from rest_framework import serializers

from jingzhun.core.api.ledger import LedgerSerializer
from jingzhun.monitoring.models import MonitoringObject, RiskEvent


class MonitoringObjectSerializer(LedgerSerializer):
    household_code = serializers.CharField(source="household.code", read_only=True)

    class Meta:
        model = MonitoringObject
        fields = [
            "id",
            "household",
            "household_code",
            "year",
            "kind",
            "reasons",
            "risk",
            "measures",
            "status",
            "identified_on",
            "eliminated_on",
        ]
        read_only_fields = ["household", "year", "kind", "reasons", "status", "identified_on", "eliminated_on"]


class RiskEventSerializer(LedgerSerializer):
    household_code = serializers.CharField(source="household.code", read_only=True)

    class Meta:
        model = RiskEvent
        fields = ["id", "household", "household_code", "kind", "occurred_on", "loss", "description"]
