"""Serializers of the standards API: rule sets and rules, poverty lines, runs and their results."""

from typing import Any

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jingzhun.core.api.fields import ChoiceLabelField
from jingzhun.regions.models import Region
from jingzhun.standards.choices import Engine, Level
from jingzhun.standards.models import EvaluationResult, EvaluationRun, PovertyLine, Rule, RuleSet


class PovertyLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = PovertyLine
        fields = ["id", "year", "region", "amount", "source"]
        read_only_fields = fields


class RuleSerializer(serializers.ModelSerializer):
    ruleset = serializers.SlugRelatedField(slug_field="code", queryset=RuleSet.objects.all())
    expression = serializers.JSONField()
    parameters = serializers.JSONField(required=False)

    class Meta:
        model = Rule
        fields = ["id", "ruleset", "level", "code", "name", "veto", "expression", "parameters", "fix_hint", "position"]
        # Uniqueness and the expression are checked by the service (Rule.full_clean), in one place.
        validators: list[Any] = []


@extend_schema_field({"type": "string", "pattern": "^[0-9]{1,12}$", "maxLength": 12})
class RegionPrefixField(serializers.CharField):
    """A division code prefix (digits), or empty for everywhere: the schema's two cases exclude each other."""

    default_validators = [RegexValidator(r"^[0-9]*$", _("地区代码只能是数字。"))]


class RuleSetSerializer(serializers.ModelSerializer):
    copied_from = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region_prefix = RegionPrefixField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text=_("区划代码的有效前缀，如 61 为陕西省；留空为全国适用。"),
    )
    locked = serializers.SerializerMethodField(help_text=_("已用于正式评估：只能复制，不能修改"))
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = RuleSet
        fields = [
            "code",
            "name",
            "description",
            "source",
            "effective_from",
            "effective_to",
            "region_prefix",
            "copied_from",
            "locked",
            "rules",
        ]
        read_only_fields = ["code", "copied_from", "locked", "rules"]

    def get_locked(self, ruleset: RuleSet) -> bool:
        return ruleset.is_locked


class RuleSetCopySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text=_("新版本代码"))
    name = serializers.CharField(max_length=100, help_text=_("新版本名称"))


class RunSerializer(serializers.ModelSerializer):
    ruleset = serializers.SlugRelatedField(slug_field="code", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    kind_display = ChoiceLabelField("kind")
    level_display = ChoiceLabelField("level")

    class Meta:
        model = EvaluationRun
        fields = [
            "id",
            "ruleset",
            "level",
            "level_display",
            "year",
            "region",
            "kind",
            "kind_display",
            "engine",
            "parameters",
            "overrides",
            "rules_snapshot",
            "status",
            "error",
            "entities",
            "passed",
            "seconds",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class RunCreateSerializer(serializers.Serializer):
    """What an evaluation needs; the rule set defaults to the one in force for the year and region."""

    year = serializers.IntegerField(min_value=2010, max_value=2035)
    level = serializers.ChoiceField(choices=Level.choices)
    region = serializers.CharField(max_length=12, help_text=_("12 位区划代码，须在您的管辖范围内"))
    ruleset = serializers.SlugRelatedField(
        slug_field="code", queryset=RuleSet.objects.all(), required=False, allow_null=True
    )
    overrides = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text=_('调整的参数，如 {"max": 0.02}（模拟评估）')
    )
    official = serializers.BooleanField(default=False, help_text=_("正式评估（仅市级扶贫部门）"))
    engine = serializers.ChoiceField(choices=Engine.choices, default=Engine.DB)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_region(self, code: str) -> Region:
        region = Region.objects.for_user(self.context["request"].user).filter(code=code).first()
        if region is None:
            raise serializers.ValidationError(_("没有这个区划代码，或不在您的管辖范围内。"))
        return region


class ResultSerializer(serializers.ModelSerializer):
    household = serializers.SlugRelatedField(slug_field="code", read_only=True)
    failed_rules = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    failures = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationResult
        fields = [
            "code",
            "region_code",
            "household",
            "status",
            "passed",
            "failed_rules",
            "warnings",
            "evidence",
            "failures",
            "incidence",
        ]
        read_only_fields = fields

    def get_failed_rules(self, result: EvaluationResult) -> list[str]:
        return result.failed_codes

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_failures(self, result: EvaluationResult) -> list[dict[str, Any]]:
        """The failing rules named and explained with the run's own parameter values (what decided)."""
        book = self.context.get("book")
        if book is None:
            return []
        return [
            {
                "code": f.code,
                "name": f.name,
                "veto": f.veto,
                "fix_hint": f.fix_hint,
                "evidence": [{"label": e.label, "value": e.value} for e in f.evidence],
            }
            for f in book.failures(result)
        ]

    def get_warnings(self, result: EvaluationResult) -> list[str]:
        return [code for code in result.warnings.split(";") if code]
