"""Serializers of the registry API: codes and Chinese labels out, codes in.

They only translate between JSON and model instances; the views hand the instances to
``registry.services`` for validation, saving, scope checks and the audit trail.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jingzhun.core.api.fields import ChoiceLabelField
from jingzhun.core.api.personal import PersonalDataMixin, PersonalField
from jingzhun.core.idnumbers import normalize_id_number
from jingzhun.core.personal import Kind
from jingzhun.regions.choices import Level
from jingzhun.regions.models import Region
from jingzhun.registry.choices import Cause
from jingzhun.registry.models import Household, HouseholdYear, Member


class ScopedSlugRelatedField(serializers.SlugRelatedField):
    """A related row named by its code, looked up only among the rows the writer may change."""

    default_error_messages = {
        "does_not_exist": _("“{value}”不存在或不在您的管辖范围内。"),
        "invalid": _("编号格式无效。"),
    }

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        # A link may point at any row the user sees; the service then checks that the
        # written row itself lies in the part of the map the user may change.
        return queryset.for_user(request.user)


# The item choices are the main cause's; documented as plain codes so that the schema
# names the cause enumeration only once.
@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodeListField(serializers.ListField):
    """Codes stored comma-separated in one column ("01,03"), exchanged as a list."""

    def to_representation(self, data: str) -> list[str]:
        return [code for code in (data or "").split(",") if code]

    def to_internal_value(self, data: Any) -> str:  # type: ignore[override]
        return ",".join(super().to_internal_value(data))


class RegistrySerializer(serializers.ModelSerializer):
    """Base of the registry serializers: optimistic locking ``version`` and the audit ``reason``."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("记录的版本号。修改时必须原样传回读取时的版本号；若他人已修改，返回 409。"),
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("修改原因，记入审计日志。"),
    )

    def validate_code(self, value: str) -> str:
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_("编号是稳定编号，建档后不能修改。"))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": _("修改时必须提供读取时的版本号（version），以免覆盖他人的修改。")}
            )
        return attrs


def _display(field: str) -> ChoiceLabelField:
    return ChoiceLabelField(field)


class HouseholdSerializer(PersonalDataMixin, RegistrySerializer):
    """建档立卡贫困户, with its head (name and masked ID) and the count of living members."""

    personal_keys = {"head_id_number": Kind.ID_NUMBER}

    village = ScopedSlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=Level.VILLAGE),
        help_text=_("所在行政村的 12 位区划代码"),
    )
    village_name = serializers.CharField(source="village.name", read_only=True)
    attribute_display = _display("attribute")
    status_display = _display("status")
    main_cause_display = _display("main_cause")
    other_causes = CodeListField(
        child=serializers.ChoiceField(choices=Cause.choices),
        required=False,
        help_text=_("其他致贫原因代码列表（代码同 main_cause，不得与主要致贫原因重复）"),
    )
    other_causes_display = serializers.ListField(
        child=serializers.CharField(), source="other_cause_labels", read_only=True
    )
    identification_standard_display = _display("identification_standard")
    head_name = serializers.CharField(read_only=True, allow_null=True, help_text=_("户主姓名"))
    head_id_number = serializers.CharField(read_only=True, allow_null=True, help_text=_("户主证件号码（默认脱敏）"))
    living_members = serializers.IntegerField(read_only=True, help_text=_("在册人数（不含已死亡、已迁出）"))
    phone = PersonalField(kind=Kind.PHONE, required=False, allow_blank=True, max_length=20)
    helper_phone = PersonalField(kind=Kind.PHONE, required=False, allow_blank=True, max_length=20)

    class Meta:
        model = Household
        fields = [
            "code",
            "village",
            "village_name",
            "attribute",
            "attribute_display",
            "status",
            "status_display",
            "size",
            "living_members",
            "head_name",
            "head_id_number",
            "main_cause",
            "main_cause_display",
            "other_causes",
            "other_causes_display",
            "identification_standard",
            "identification_standard_display",
            "identification_year",
            "planned_exit_year",
            "exit_year",
            "phone",
            "helper_name",
            "helper_unit",
            "helper_phone",
            "version",
            "created_at",
            "updated_at",
            "reason",
        ]


class MemberSerializer(PersonalDataMixin, RegistrySerializer):
    """贫困人口: ID number, phone and birth date masked unless unmasked; health only for roles that may see it."""

    personal_keys = {"health_display": Kind.HEALTH}

    household = ScopedSlugRelatedField(
        slug_field="code", queryset=Household.objects.all(), help_text=_("所属户的户编号")
    )
    village = serializers.CharField(source="household.village_id", read_only=True)
    id_number = PersonalField(
        kind=Kind.ID_NUMBER,
        max_length=40,
        help_text=_("居民身份证号码（18 位，或旧版 15 位）；写入时填完整号码，读取时默认脱敏"),
    )
    legacy_id = serializers.BooleanField(source="is_legacy_id", read_only=True, help_text=_("旧版 15 位证件号码"))
    relation_display = _display("relation")
    sex_display = _display("sex")
    ethnicity_display = _display("ethnicity")
    education_display = _display("education")
    school_status_display = _display("school_status")
    dropout_reason_display = _display("dropout_reason")
    health_display = _display("health")
    labour_display = _display("labour")
    phone = PersonalField(kind=Kind.PHONE, required=False, allow_blank=True, max_length=20)
    bank_account = PersonalField(
        kind=Kind.BANK_CARD,
        required=False,
        allow_blank=True,
        max_length=30,
        help_text=_("银行卡号（惠民惠农补贴发放账户）；读取时默认脱敏，如 6222***********1234"),
    )
    birth_date = PersonalField(
        kind=Kind.BIRTH_DATE,
        help_text=_("出生日期 YYYY-MM-DD；读取时默认只显示年份（1980-**-**），须与证件号码一致"),
    )
    health = PersonalField(
        kind=Kind.HEALTH,
        required=False,
        help_text=_("健康状况代码；无权查看个人敏感信息的角色读取时为 ***"),
    )

    class Meta:
        model = Member
        fields = [
            "code",
            "household",
            "village",
            "name",
            "id_number",
            "legacy_id",
            "relation",
            "relation_display",
            "sex",
            "sex_display",
            "birth_date",
            "ethnicity",
            "ethnicity_display",
            "education",
            "education_display",
            "school_status",
            "school_status_display",
            "dropout_reason",
            "dropout_reason_display",
            "health",
            "health_display",
            "labour",
            "labour_display",
            "migrant_months",
            "medical_insurance",
            "serious_illness_insurance",
            "dibao",
            "tekun",
            "deceased",
            "moved_out",
            "phone",
            "bank_name",
            "bank_account",
            "version",
            "created_at",
            "updated_at",
            "reason",
        ]

    def validate_id_number(self, value: str) -> str:
        # Spaces, full-width digits and a lowercase x are typing accidents, not errors;
        # the checksum and the cross-check with sex and birth date are Member.clean's.
        return normalize_id_number(value)


class HouseholdYearSerializer(RegistrySerializer):
    """贫困户年度情况: one year's income and living conditions; net income derived."""

    household = ScopedSlugRelatedField(
        slug_field="code", queryset=Household.objects.all(), help_text=_("所属户的户编号")
    )
    # A generated column: SQLite hands it back as a float, so it is declared as a decimal.
    net_income = serializers.DecimalField(
        max_digits=13, decimal_places=2, read_only=True, help_text=_("家庭纯收入（由各项收入减生产经营性支出自动计算）")
    )
    living_members = serializers.IntegerField(read_only=True, help_text=_("该户在册人数"))
    per_capita_net_income = serializers.SerializerMethodField(help_text=_("人均纯收入 = 家庭纯收入 ÷ 在册人数"))
    housing_rating_display = _display("housing_rating")

    class Meta:
        model = HouseholdYear
        fields = [
            "id",
            "household",
            "year",
            "wage_income",
            "business_income",
            "property_income",
            "transfer_income",
            "excluded_transfer_income",
            "production_cost",
            "net_income",
            "living_members",
            "per_capita_net_income",
            "food_clothing_secure",
            "housing_rating",
            "housing_rating_display",
            "relocated",
            "relocation_moved_in",
            "water_quality_ok",
            "water_litres_per_day",
            "water_fetch_minutes",
            "water_guarantee_rate",
            "water_safe",
            "electricity",
            "assistance_measures",
            "version",
            "updated_at",
            "reason",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=13, decimal_places=2, allow_null=True))
    def get_per_capita_net_income(self, facts: HouseholdYear) -> str | None:
        value: Decimal | None = facts.per_capita(facts.living_members)  # type: ignore[attr-defined]
        return None if value is None else str(value)


class ErrorDetailSerializer(serializers.Serializer):
    """The body of a 403, 404 or 409 answer."""

    detail = serializers.CharField()
