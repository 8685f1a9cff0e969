"""The API of the measures ledgers: scoped, policy-checked, saved through the ledger services."""

from __future__ import annotations

from jingzhun.core.api.ledger import LedgerViewSet
from jingzhun.measures import filters
from jingzhun.measures.api import serializers as s
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    EntityLink,
    HouseholdMeasure,
    Training,
    WelfarePost,
)


class MeasureViewSet(LedgerViewSet):
    queryset = HouseholdMeasure.objects.select_related("household")
    serializer_class, filterset_class = s.MeasureSerializer, filters.MeasureFilter


class EntityViewSet(LedgerViewSet):
    queryset = BusinessEntity.objects.all()
    serializer_class, filterset_class = s.EntitySerializer, filters.EntityFilter


class LinkViewSet(LedgerViewSet):
    queryset = EntityLink.objects.select_related("household", "entity")
    serializer_class, filterset_class = s.LinkSerializer, filters.LinkFilter


class TrainingViewSet(LedgerViewSet):
    queryset = Training.objects.select_related("member")
    serializer_class, filterset_class = s.SkillTrainingSerializer, filters.TrainingFilter


class EmploymentViewSet(LedgerViewSet):
    queryset = Employment.objects.select_related("member")
    serializer_class, filterset_class = s.EmploymentSerializer, filters.EmploymentFilter


class PostViewSet(LedgerViewSet):
    queryset = WelfarePost.objects.select_related("member")
    serializer_class, filterset_class = s.PostSerializer, filters.PostFilter


class CollectiveViewSet(LedgerViewSet):
    queryset = CollectiveEconomy.objects.all()
    serializer_class, filterset_class = s.CollectiveSerializer, filters.CollectiveFilter
