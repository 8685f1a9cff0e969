"""Registry API: households, members and yearly facts, scoped exactly like the pages.

Reads go through ``for_user`` (the scoped base viewsets); writes go through the registry
services, whose exceptions become 400 (ValidationError), 403 (PermissionDenied) and
409 (ConflictError). Personal data is masked unless ``?unmask=1`` is asked by a role that
may see it, and then every unmasked read is logged.
"""

from typing import Any

from django.db import models, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.access import require
from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.jobs import JobSerializer
from jingzhun.core.api.viewsets import ScopedModelViewSet
from jingzhun.core.imports.jobs import spreadsheet_import_start
from jingzhun.core.uploads import UploadValidator
from jingzhun.registry import services
from jingzhun.registry.api.serializers import (
    ErrorDetailSerializer,
    HouseholdSerializer,
    HouseholdYearSerializer,
    MemberSerializer,
)
from jingzhun.registry.cycle import household_registered
from jingzhun.registry.filters import HouseholdFilter, HouseholdYearFilter, MemberFilter
from jingzhun.registry.imports import RegistryImporter
from jingzhun.registry.models import Household, HouseholdYear, Member

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})


def living_members(household_ref: str) -> Coalesce:
    """Return an annotation counting the living, not moved-out members of ``household_ref``."""
    counts = (
        Member.objects.living()
        .filter(household=OuterRef(household_ref))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


UNMASK_PARAMETER = OpenApiParameter(
    "unmask",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="1 = 返回完整的证件号码和电话。仅限有权查看个人敏感信息的角色（否则 403），每次查看记入审计日志。",
)
DELETE_REASON_PARAMETER = OpenApiParameter(
    "reason", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True, description="删除原因（必填，记入审计日志）。"
)
ERROR_RESPONSES = {
    400: OpenApiResponse(description="数据校验未通过：按字段给出错误信息。"),
    403: OpenApiResponse(ErrorDetailSerializer, description="只读角色不能修改，或记录不在您的管辖范围内。"),
    404: OpenApiResponse(ErrorDetailSerializer, description="记录不存在或不在您的管辖范围内。"),
}
CONFLICT_RESPONSE = OpenApiResponse(
    ErrorDetailSerializer, description="版本冲突：记录在您读取后已被他人修改（version 已过期），未作任何修改。"
)


def registry_schema(serializer: type[serializers.Serializer], noun: str, description: str, *, personal: bool) -> Any:
    """Return the OpenAPI documentation of one registry viewset."""
    read_parameters = [UNMASK_PARAMETER] if personal else []
    updated = {200: serializer, **ERROR_RESPONSES, 409: CONFLICT_RESPONSE}
    return extend_schema_view(
        list=extend_schema(summary=f"{noun}列表", description=description, parameters=read_parameters),
        retrieve=extend_schema(
            summary=f"{noun}详情",
            description=description,
            parameters=read_parameters,
            responses={200: serializer, 404: ERROR_RESPONSES[404]},
        ),
        create=extend_schema(
            summary=f"新增{noun}", description=description, responses={201: serializer, **ERROR_RESPONSES}
        ),
        update=extend_schema(summary=f"修改{noun}", description=description, responses=updated),
        partial_update=extend_schema(summary=f"修改{noun}（部分字段）", description=description, responses=updated),
        destroy=extend_schema(
            summary=f"删除{noun}",
            description=description,
            parameters=[DELETE_REASON_PARAMETER],
            responses={204: None, **ERROR_RESPONSES},
        ),
    )


class RegistryViewSet(ScopedModelViewSet):
    """Base of the registry viewsets: writes through a service, deletes with a reason.

    ``?unmask=1`` on list and detail returns personal data in full to the roles that may
    see it (403 for the others); the serializer (``core.api.personal``) logs the read: one
    event per detail, one per list page.
    """

    # Whether the rows carry personal data (ID numbers, phones) that ``unmask`` reveals.
    personal_data = True

    def save_instance(self, instance: Any, *, expected_version: int | None, reason: str) -> models.Model:
        """Save ``instance`` through its registry service; subclasses name the service."""
        raise NotImplementedError

    # Personal data -------------------------------------------------------------------

    def unmask_requested(self) -> bool:
        if not self.personal_data or self.action not in ("list", "retrieve"):
            return False
        return self.request.query_params.get("unmask", "").lower() in TRUE_VALUES

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.unmask_requested():
            require(request.user, "reveal", self.queryset.model, _("当前角色无权查看完整的个人敏感信息。"))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "unmask": self.unmask_requested()}

    # Writes --------------------------------------------------------------------------

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        self._save(serializer, serializer.Meta.model())

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        self._save(serializer, serializer.instance)

    def _save(self, serializer: serializers.ModelSerializer, instance: models.Model) -> None:
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        version = data.pop("version", None)  # on create there is nothing to compare it with
        expected_version = version if serializer.instance is not None else None
        for field, value in data.items():
            setattr(instance, field, value)
        with service_errors():
            saved = self.save_instance(instance, expected_version=expected_version, reason=reason)
        # Read it back through the scoped, annotated queryset so the answer shows what a
        # later GET will (head, living members, generated net income).
        serializer.instance = self.get_queryset().get(pk=saved.pk)

    def perform_destroy(self, instance: models.Model) -> None:
        reason = self.request.query_params.get("reason", "").strip()
        if not reason:
            raise serializers.ValidationError({"reason": [_("删除必须填写原因：请在地址后加上 ?reason=删除原因。")]})
        with service_errors():
            services.registry_delete(user=self.request.user, instance=instance, reason=reason)


@registry_schema(
    HouseholdSerializer,
    "贫困户",
    "建档立卡贫困户，按户编号查找；筛选条件与贫困户列表页相同。范围外的户返回 404。",
    personal=True,
)
class HouseholdViewSet(RegistryViewSet):
    """建档立卡贫困户, looked up by 户编号; filters are the household list page's."""

    queryset = Household.objects.all()
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z-]+"

    def with_rows(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("village").with_head().annotate(living_members=living_members("pk"))

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        household = serializer.instance
        for field in ("status", "exit_year"):
            if field in serializer.validated_data and serializer.validated_data[field] != getattr(household, field):
                message = _("脱贫状态和脱贫年度只能通过动态调整变更：POST /api/households/{code}/cycle/。")
                raise serializers.ValidationError({field: [message]})
        super().perform_update(serializer)

    @transaction.atomic
    def save_instance(self, instance: Household, *, expected_version: int | None, reason: str) -> Household:
        created = instance.pk is None
        household = services.household_save(
            user=self.request.user, household=instance, expected_version=expected_version, reason=reason
        )
        if created:  # 新识别纳入: the household's cycle starts
            household_registered(user=self.request.user, household=household, note=reason)
        return household


@registry_schema(
    MemberSerializer,
    "家庭成员",
    "贫困人口，按人编号查找。证件号码与性别、出生日期交叉核验，同一证件号码不能在两户重复建档。",
    personal=True,
)
class MemberViewSet(RegistryViewSet):
    """贫困人口, looked up by 人编号."""

    queryset = Member.objects.select_related("household")
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z-]+"

    def save_instance(self, instance: Member, *, expected_version: int | None, reason: str) -> Member:
        return services.member_save(
            user=self.request.user, member=instance, expected_version=expected_version, reason=reason
        )


@registry_schema(
    HouseholdYearSerializer,
    "贫困户年度情况",
    "贫困户某一年度的收入与生活条件，按 id 查找。家庭纯收入由各项收入自动计算，不可填写。",
    personal=False,
)
class HouseholdYearViewSet(RegistryViewSet):
    """One household's facts for one year, looked up by id."""

    queryset = HouseholdYear.objects.select_related("household").annotate(living_members=living_members("household_id"))
    serializer_class = HouseholdYearSerializer
    filterset_class = HouseholdYearFilter
    personal_data = False

    def save_instance(self, instance: HouseholdYear, *, expected_version: int | None, reason: str) -> HouseholdYear:
        return services.household_year_save(
            user=self.request.user, facts=instance, expected_version=expected_version, reason=reason
        )


class RegistryImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="建档立卡数据文件（.xlsx .xls .ods .csv）", validators=[UploadValidator("spreadsheet")]
    )
    year = serializers.IntegerField(required=False, allow_null=True, min_value=2010, max_value=2035)
    dry_run = serializers.BooleanField(required=False, default=False, help_text="只检查，不写入")


class RegistryImportView(generics.GenericAPIView):
    """Start an import of a registry workbook; answer 202 with the job to poll at /api/jobs/{id}/."""

    serializer_class = RegistryImportSerializer
    parser_classes = [parsers.MultiPartParser]
    policy_model = Household

    @extend_schema(
        summary="导入建档立卡数据",
        description=(
            "上传工作簿，后台校验并导入（全部成功才写入）。"
            "返回后台任务，轮询 /api/jobs/{id}/ 获取进度、结果和错误清单。"
        ),
        responses={202: JobSerializer, 403: ERROR_RESPONSES[403]},
    )
    def post(self, request: Request) -> Response:
        RegistryImporter.require_access(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = spreadsheet_import_start(
            importer=RegistryImporter,
            user=request.user,
            upload=serializer.validated_data["file"],
            dry_run=serializer.validated_data["dry_run"],
            options={"year": serializer.validated_data.get("year")},
        )
        return Response(JobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)
