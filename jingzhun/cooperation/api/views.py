"""The API of the cooperation ledgers (scoped to either side of the user's pairings) and the indicators."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jingzhun.cooperation import models as m
from jingzhun.cooperation.api.serializers import IndicatorSerializer, serializer_for
from jingzhun.cooperation.filters import FILTERS
from jingzhun.cooperation.indicators import format_value, indicators_compute, region_asked
from jingzhun.core.api.ledger import LedgerViewSet


def viewset_for(model: type[Any]) -> type[LedgerViewSet]:
    return type(
        f"{model.__name__}ViewSet",
        (LedgerViewSet,),
        {
            "queryset": model.objects.all().order_by("pk"),
            "serializer_class": serializer_for(model),
            "filterset_class": FILTERS[model],
        },
    )


class IndicatorView(APIView):
    """The year's indicators of a region (either side), target against actual, within the user's scope."""

    access = ("view", "cooperation")

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True), OpenApiParameter("region", str)],
        responses=IndicatorSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            raise ValidationError({"year": _("请填写年度。")}) from None
        given = request.query_params.get("region") or ""
        prefix = region_asked(given) if given else user.scope_prefix
        if prefix is None or prefix == "-":
            raise ValidationError({"region": _("区划代码无效。")})
        bases = {
            model.__name__: model.objects.for_user(user)
            for model in (
                m.AidFund,
                m.Exchange,
                m.Training,
                m.LabourRecord,
                m.Purchase,
                m.Investment,
                m.Meeting,
                m.Pairing,
            )
        }
        values = indicators_compute(prefix=prefix, year=year, base=bases)
        rows = [
            {
                "indicator": v.code,
                "label": v.label,
                "value": format_value(v.code, v.value),
                "target": format_value(v.code, v.target),
                "met": v.met,
            }
            for v in values
        ]
        return Response(IndicatorSerializer(rows, many=True).data)
