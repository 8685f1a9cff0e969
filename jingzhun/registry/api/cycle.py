"""API of the yearly cycle (动态调整): one household's change, and the year's counts and changes of a place."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, parsers, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.api.errors import service_errors
from jingzhun.core.uploads import UploadValidator
from jingzhun.regions.visibility import visible_region
from jingzhun.registry.choices import CycleChange
from jingzhun.registry.cycle import CHANGE_OF_STEP, LEAVE_CHOICES, cycle_change, cycle_changes, cycle_counts, cycle_year
from jingzhun.registry.models import Household


class CycleChangeSerializer(serializers.Serializer):
    """动态调整 of one household: the change, its day, its reason and evidence."""

    change = serializers.ChoiceField(
        choices=[c for c in CycleChange.choices if c[0] != CycleChange.IDENTIFIED],
        help_text="exited 标注脱贫、returned 返贫、left 自然减少、removed 清退（错评剔除）",
    )
    on = serializers.DateField(required=False, help_text="变更日期（默认今天，不能晚于今天）")
    reason = serializers.ChoiceField(
        choices=LEAVE_CHOICES, required=False, allow_blank=True, help_text="自然减少原因（change=left 时必填）"
    )
    note = serializers.CharField(max_length=2000, help_text="依据与说明（必填）")
    files = serializers.ListField(
        child=serializers.FileField(validators=[UploadValidator("evidence")]),
        help_text="佐证材料（至少一个文件）",
    )


class CycleEntrySerializer(serializers.Serializer):
    """One change of the year: when, which household, which change, from and to which status, why."""

    at = serializers.DateTimeField()
    household = serializers.CharField(source="object_repr")
    region_code = serializers.CharField()
    change = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    user_name = serializers.CharField()

    def get_change(self, log: Any) -> str:
        return str(CHANGE_OF_STEP[log.transition])


class CycleSummarySerializer(serializers.Serializer):
    region = serializers.CharField(help_text="12 位区划代码")
    year = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="各类调整的户数")
    changes = CycleEntrySerializer(many=True, help_text="最近的 200 条调整，新的在前")


ERRORS = {
    400: OpenApiResponse(description="数据校验未通过（状态不允许、缺少说明或佐证材料、当年识别当年脱贫等）。"),
    403: OpenApiResponse(description="当前角色不能调整建档立卡数据。"),
    404: OpenApiResponse(description="户不存在或不在您的管辖范围内。"),
}


class HouseholdCycleView(generics.GenericAPIView):
    """POST 动态调整 of one household (a dated, reasoned, evidenced step of its cycle)."""

    serializer_class = CycleChangeSerializer
    parser_classes = [parsers.MultiPartParser]
    policy_model = Household

    @extend_schema(
        summary="贫困户动态调整",
        description="标注脱贫、返贫、自然减少（死亡、迁出、婚出、服刑、其他）或清退。不删除任何户；办理记入流程记录。",
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        household = generics.get_object_or_404(Household.objects.for_user(request.user), code=code)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            household = cycle_change(
                user=request.user,
                household=household,
                change=data["change"],
                on=data.get("on"),
                note=data["note"],
                files=data["files"],
                reason=data.get("reason", ""),
            )
        return Response(
            {
                "code": household.code,
                "status": household.status,
                "status_display": household.get_status_display(),
                "exit_year": household.exit_year,
                "left_on": household.left_on,
                "left_reason": household.left_reason,
            }
        )


class CycleSummaryView(generics.GenericAPIView):
    """GET the year's changes of a place: counts per change and the latest entries."""

    serializer_class = CycleSummarySerializer
    policy_model = Household

    @extend_schema(
        summary="年度动态调整统计",
        parameters=[
            OpenApiParameter("region", OpenApiTypes.STR, description="12 位区划代码（默认本人管辖范围）"),
            OpenApiParameter("year", OpenApiTypes.INT, description="年度 2010–2035（默认该地区有年度数据的最近一年）"),
        ],
        responses={200: CycleSummarySerializer, 404: ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        region = visible_region(request.user, request.query_params.get("region"))
        year = cycle_year(request.query_params.get("year", ""), region.prefix)
        changes = cycle_changes(user=request.user, prefix=region.prefix, year=year)[:200]
        payload = {
            "region": region.code,
            "year": year,
            "counts": cycle_counts(prefix=region.prefix, year=year),
            "changes": changes,
        }
        return Response(self.get_serializer(payload).data)
