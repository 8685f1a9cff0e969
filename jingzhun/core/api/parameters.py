"""API of the business parameters (read only): each declared parameter with its value in force."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.models import Parameter
from jingzhun.core.parameters import (
    Declaration,
    ParameterUndeclared,
    declaration,
    declarations,
    parameter_rows_in_force,
)
from jingzhun.core.regioncodes import region_prefix, significant_prefix

YEAR = OpenApiParameter("year", int, description="年度（默认：今年）")
REGION = OpenApiParameter("region", str, description="行政区划代码或前缀（默认：当前用户的地区）")


@extend_schema_field(OpenApiTypes.ANY)
class JsonValueField(serializers.Field):
    """A parameter value as JSON: a number, text, true/false, or a pair such as [16, 59]."""

    def to_representation(self, value: Any) -> Any:
        return value


class ParameterRowSerializer(serializers.ModelSerializer):
    value = JsonValueField()
    display_value = serializers.CharField()
    changed_by = serializers.CharField(source="changed_by.username", default=None)

    class Meta:
        model = Parameter
        fields = [
            "id",
            "value",
            "display_value",
            "year_from",
            "year_to",
            "region_prefix",
            "source",
            "changed_by",
            "changed_at",
        ]


class ParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.label
    type = serializers.CharField(help_text="integer, decimal, text, boolean, integer_range, month_day")
    unit = serializers.CharField()
    help = serializers.CharField()
    default = JsonValueField()
    value = JsonValueField(help_text="现行取值（JSON）")
    display_value = serializers.CharField(help_text="现行取值（文本，与修改页面的输入格式相同）")
    in_force = ParameterRowSerializer(allow_null=True, help_text="现行取值所在的记录；null 表示使用默认值")


class ParameterDetailSerializer(ParameterSerializer):
    rows = ParameterRowSerializer(many=True, help_text="已设定的全部取值")


def _data(declared: Declaration, row: Parameter | None) -> dict[str, Any]:
    value = row.typed_value if row is not None else declared.default
    return {
        "name": declared.name,
        "label": str(declared.label),
        "type": declared.type.code,
        "unit": str(declared.unit),
        "help": str(declared.help),
        "default": declared.type.to_json(declared.default),
        "value": declared.type.to_json(value),
        "display_value": declared.display(value),
        "in_force": row,
    }


class ParameterViewSet(viewsets.ViewSet):
    """业务参数: every declared parameter with the value in force for a year and a region."""

    serializer_class = ParameterSerializer
    access = ("view", "core.Parameter")
    lookup_field = "name"
    lookup_value_regex = r"[a-z0-9_.]+"

    def _where(self, request: Request) -> tuple[int, str]:
        year = request.query_params.get("year", "")
        region = region_prefix(request.query_params.get("region", ""))
        if region is None:
            region_id = getattr(request.user, "region_id", None)
            region = significant_prefix(region_id) if region_id else ""
        return (int(year) if year.isdigit() else timezone.localdate().year), region

    @extend_schema(summary="业务参数", parameters=[YEAR, REGION], responses=ParameterSerializer(many=True))
    def list(self, request: Request) -> Response:
        year, region = self._where(request)
        rows = parameter_rows_in_force(year=year, region=region)
        data = [_data(declared, rows.get(name)) for name, declared in declarations().items()]
        return Response(ParameterSerializer(data, many=True).data)

    @extend_schema(
        summary="一项业务参数及其全部取值",
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, description="参数代码"), YEAR, REGION],
        responses=ParameterDetailSerializer,
    )
    def retrieve(self, request: Request, name: str) -> Response:
        try:
            declared = declaration(name)
        except ParameterUndeclared:
            raise exceptions.NotFound() from None
        year, region = self._where(request)
        row = parameter_rows_in_force(year=year, region=region, prefix=name).get(name)
        rows = Parameter.objects.filter(name=name).select_related("changed_by")
        return Response(ParameterDetailSerializer({**_data(declared, row), "rows": rows}).data)
