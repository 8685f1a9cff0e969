"""Serializers of the measures ledgers (saved through the ledger services)."""

from __future__ import annotations

from rest_framework import serializers

from jingzhun.core.api.ledger import LedgerSerializer
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    EntityLink,
    HouseholdMeasure,
    Training,
    WelfarePost,
)
from jingzhun.registry.models import Member
from jingzhun.relocation.api.serializers import HouseholdCode


class MemberCode(serializers.SlugRelatedField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(slug_field="code", queryset=Member.objects.all(), help_text="人编号", **kwargs)  # type: ignore[arg-type]


class MeasureSerializer(LedgerSerializer):
    household = HouseholdCode()

    class Meta:
        model = HouseholdMeasure
        fields = ["id", "household", "year", "kind", "industry", "long_term", "amount", "provider", "note"]


class EntitySerializer(LedgerSerializer):
    class Meta:
        model = BusinessEntity
        fields = ["id", "name", "kind", "village", "industry", "poor_linked", "poor_employed"]


class LinkSerializer(LedgerSerializer):
    household = HouseholdCode()

    class Meta:
        model = EntityLink
        fields = ["id", "entity", "household", "year", "kind", "amount"]


class SkillTrainingSerializer(LedgerSerializer):
    member = MemberCode()

    class Meta:
        model = Training
        fields = ["id", "member", "year", "course", "certificate"]


class EmploymentSerializer(LedgerSerializer):
    member = MemberCode()

    class Meta:
        model = Employment
        fields = ["id", "member", "year", "place", "employer", "months", "income"]


class PostSerializer(LedgerSerializer):
    member = MemberCode()

    class Meta:
        model = WelfarePost
        fields = ["id", "member", "year", "kind", "post", "monthly_pay", "months", "project"]


class CollectiveSerializer(LedgerSerializer):
    class Meta:
        model = CollectiveEconomy
        fields = ["id", "village", "year", "organisation", "assets", "income", "shareholders", "poor_shareholders"]
