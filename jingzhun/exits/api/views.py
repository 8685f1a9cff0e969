"""The 退出程序 API: cases (propose, take a step, history), objections, village and county exits,
samples (with their measured rates) and sample results; scoped and checked by the policy."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.ledger import LedgerViewSet
from jingzhun.core.workflow import transition_run, workflow_for, workflow_history
from jingzhun.exits import services
from jingzhun.exits.api.serializers import (
    CountyExitSerializer,
    ExitCaseSerializer,
    HistorySerializer,
    ObjectionSerializer,
    RatesSerializer,
    SampleItemSerializer,
    SampleSerializer,
    StepSerializer,
    VillageExitSerializer,
)
from jingzhun.exits.filters import (
    CountyExitFilter,
    ExitCaseFilter,
    ObjectionFilter,
    SampleFilter,
    SampleItemFilter,
    VillageExitFilter,
)
from jingzhun.exits.models import CountyExit, ExitCase, Objection, Sample, SampleItem, VillageExit

READ = ["get", "head", "options"]
WRITE = [*READ, "post", "put", "patch"]


class NoUpdate:
    """Rows that change only through their workflow steps: PUT/PATCH answer 405 (404 outside the scope)."""

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.get_object()  # type: ignore[attr-defined]
        raise MethodNotAllowed(request.method or "PUT")

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, **kwargs)


class NoCreate(NoUpdate):
    """Rows created by a service elsewhere (objections on the case page, samples by the draw): POST answers 405."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise MethodNotAllowed(request.method or "POST")


class StepMixin:
    """``POST <pk>/step/`` takes a workflow step; ``GET <pk>/history/`` lists the steps taken."""

    policy_actions = {"step": "change"}

    @extend_schema(summary="办理环节", request=StepSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        names = workflow_for(obj).transitions
        if serializer.validated_data["step"] not in names:
            raise serializers.ValidationError({"step": [f"没有该环节，可选：{'、'.join(names)}。"]})
        with service_errors():
            transition_run(
                user=request.user,
                obj=obj,
                transition=serializer.validated_data["step"],
                note=serializer.validated_data["note"],
            )
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)  # type: ignore[attr-defined]

    @extend_schema(summary="办理记录", responses=HistorySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        rows = [
            {
                "transition": entry.log.transition,
                "title": entry.log.transition_label,
                "from_state": entry.from_label,
                "to_state": entry.to_label,
                "user": entry.log.user_name,
                "at": entry.log.at,
                "note": entry.log.note,
            }
            for entry in workflow_history(obj)
        ]
        return Response(HistorySerializer(rows, many=True).data)


class ExitCaseViewSet(StepMixin, NoUpdate, LedgerViewSet):
    """贫困户退出: list, read, propose (民主评议), steps and history."""

    queryset = ExitCase.objects.select_related("household")
    serializer_class = ExitCaseSerializer
    filterset_class = ExitCaseFilter
    http_method_names = WRITE

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        with service_errors():
            (case,) = services.case_propose(
                user=self.request.user,
                households=[data["household"]],
                year=data["year"],
                meeting_on=data["meeting_on"],
                attendance=data.get("attendance", 0),
                note=data.get("note", ""),
            )
        serializer.instance = case


class ObjectionViewSet(NoCreate, LedgerViewSet):
    queryset = Objection.objects.all()
    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilter
    http_method_names = WRITE


class VillageExitViewSet(StepMixin, NoUpdate, LedgerViewSet):
    queryset = VillageExit.objects.all()
    serializer_class = VillageExitSerializer
    filterset_class = VillageExitFilter
    http_method_names = WRITE

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.village_exit_apply(
                user=self.request.user, village=data["village"], year=data["year"], note=data.get("note", "")
            )


class CountyExitViewSet(StepMixin, NoUpdate, LedgerViewSet):
    queryset = CountyExit.objects.select_related("sample")
    serializer_class = CountyExitSerializer
    filterset_class = CountyExitFilter
    http_method_names = WRITE

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.county_exit_apply(
                user=self.request.user, county=data["county"], year=data["year"], note=data.get("note", "")
            )


class SampleViewSet(NoCreate, LedgerViewSet):
    """抽样核查 and its measured rates (``GET <pk>/rates/``)."""

    queryset = Sample.objects.all()
    serializer_class = SampleSerializer
    filterset_class = SampleFilter
    http_method_names = WRITE

    @extend_schema(summary="三率一度（实测）", responses=RatesSerializer)
    @action(detail=True, methods=["get"])
    def rates(self, request: Request, pk: Any = None) -> Response:
        rates = services.sample_rates(self.get_object())
        measured = {
            name: {"hits": r.hits, "base": r.base, "value": r.value, "low": r.low, "high": r.high}
            for name, r in (
                ("wrong_exit", rates.wrong_exit),
                ("missed", rates.missed),
                ("recognition", rates.recognition),
                ("awareness", rates.awareness),
            )
        }
        return Response(RatesSerializer(measured | {"households": rates.households}).data)


class SampleItemViewSet(LedgerViewSet):
    """抽样户 and its field result (PUT/PATCH records the result)."""

    queryset = SampleItem.objects.select_related("household")
    serializer_class = SampleItemSerializer
    filterset_class = SampleItemFilter
    http_method_names = [*READ, "put", "patch"]
