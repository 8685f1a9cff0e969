"""Serializers of the relocation and housing ledgers (saved through the ledger services)."""

from __future__ import annotations

from rest_framework import serializers

from jingzhun.core.api.ledger import LedgerSerializer
from jingzhun.registry.models import Household
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site


class HouseholdCode(serializers.SlugRelatedField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(slug_field="code", queryset=Household.objects.all(), help_text="户编号", **kwargs)  # type: ignore[arg-type]


class SiteSerializer(LedgerSerializer):
    class Meta:
        model = Site
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "region",
            "planned_units",
            "completed_units",
            "facilities_planned",
            "facilities_completed",
            "deadline",
        ]


class FacilitySerializer(LedgerSerializer):
    class Meta:
        model = Facility
        fields = ["id", "site", "kind", "completed", "project", "note"]


class RelocationSerializer(LedgerSerializer):
    household = HouseholdCode()

    class Meta:
        model = Relocation
        fields = [
            "id",
            "household",
            "site",
            "batch_year",
            "people",
            "area",
            "self_financing",
            "in_debt",
            "keys_on",
            "moved_in_on",
            "old_house",
            "kept_reason",
            "kept_approved",
            "subsidy",
        ]


class RenovationSerializer(LedgerSerializer):
    household = HouseholdCode()

    class Meta:
        model = Renovation
        fields = ["id", "household", "rating", "plan_year", "started_on", "accepted_on", "moved_in_on", "subsidy"]
