"""The API of the relocation and housing ledgers: scoped, policy-checked, saved through the ledger services."""

from __future__ import annotations

from typing import Any

from jingzhun.core.api.ledger import LedgerViewSet
from jingzhun.relocation.api.serializers import (
    FacilitySerializer,
    RelocationSerializer,
    RenovationSerializer,
    SiteSerializer,
)
from jingzhun.relocation.filters import FacilityFilter, RelocationFilter, RenovationFilter, SiteFilter
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site
from jingzhun.relocation.services import renovation_writer_check


class SiteViewSet(LedgerViewSet):
    queryset = Site.objects.all()
    serializer_class, filterset_class = SiteSerializer, SiteFilter


class FacilityViewSet(LedgerViewSet):
    queryset = Facility.objects.select_related("site")
    serializer_class, filterset_class = FacilitySerializer, FacilityFilter


class RelocationViewSet(LedgerViewSet):
    queryset = Relocation.objects.select_related("household", "site")
    serializer_class, filterset_class = RelocationSerializer, RelocationFilter


class RenovationViewSet(LedgerViewSet):
    """Renovations: among sector departments only housing (住建) writes (as ``renovation_save``)."""

    queryset = Renovation.objects.select_related("household")
    serializer_class, filterset_class = RenovationSerializer, RenovationFilter

    def perform_create(self, serializer: Any) -> None:
        renovation_writer_check(self.request.user)
        super().perform_create(serializer)

    def perform_update(self, serializer: Any) -> None:
        renovation_writer_check(self.request.user)
        super().perform_update(serializer)

    def perform_destroy(self, instance: Any) -> None:
        renovation_writer_check(self.request.user)
        super().perform_destroy(instance)
