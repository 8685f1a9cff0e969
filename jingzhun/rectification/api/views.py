"""The 整改督办 API: scoped ledgers. Problems and progress are read here; their steps go through the
workflow (``/workflow/…``) and the pages, so that every change of state is logged with its evidence."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.request import Request

from jingzhun.core.access import require
from jingzhun.core.api.ledger import LedgerViewSet
from jingzhun.core.api.viewsets import ScopedReadOnlyViewSet
from jingzhun.rectification.api.serializers import (
    AccountabilitySerializer,
    InspectionSerializer,
    PetitionSerializer,
    ProblemSerializer,
    RectificationProgressSerializer,
    RiskSerializer,
)
from jingzhun.rectification.filters import (
    AccountabilityFilter,
    InspectionFilter,
    PetitionFilter,
    ProblemFilter,
    RiskFilter,
)
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, ProgressReport, Risk


class InspectionViewSet(LedgerViewSet):
    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter


class ProblemViewSet(ScopedReadOnlyViewSet):
    """整改问题: filtered like the page; steps go through the workflow."""

    queryset = Problem.objects.all()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("inspection")


class ProgressReportViewSet(ScopedReadOnlyViewSet):
    queryset = ProgressReport.objects.all()
    serializer_class = RectificationProgressSerializer


class AccountabilityViewSet(LedgerViewSet):
    queryset = Accountability.objects.all()
    serializer_class = AccountabilitySerializer
    filterset_class = AccountabilityFilter


class RiskViewSet(LedgerViewSet):
    queryset = Risk.objects.all()
    serializer_class = RiskSerializer
    filterset_class = RiskFilter


class PetitionViewSet(LedgerViewSet):
    """信访件: only the roles that may read petitions (403 for the others, even for the list)."""

    queryset = Petition.objects.all()
    serializer_class = PetitionSerializer
    filterset_class = PetitionFilter

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        require(request.user, "view", Petition)
