"""Serializers of the projects API (writes go through the services, which apply the money rules)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingzhun.core.api.fields import ChoiceLabelField
from jingzhun.projects.models import Allocation, Disbursement, ProgressReport, Project
from jingzhun.regions.models import Region


class ProjectSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), help_text=_("建设地点：行政村、乡镇或县的 12 位区划代码")
    )
    villages = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=Region.objects.filter(level="village"),
        help_text=_("受益村的区划代码"),
    )
    type_display = ChoiceLabelField("type")
    status_display = ChoiceLabelField("status")
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, help_text=_("已下达（元）"))
    disbursed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, help_text=_("已拨付（元）"))
    version = serializers.IntegerField(required=False, help_text=_("修改时回传读取时的版本号（过期返回 409）"))
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text=_("修改原因"))

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "type",
            "type_display",
            "type_note",
            "sector",
            "region",
            "villages",
            "plan_year",
            "scale_km",
            "people_served",
            "units",
            "unit_label",
            "budget",
            "responsible_unit",
            "responsible_person",
            "status",
            "status_display",
            "note",
            "allocated",
            "disbursed",
            "version",
            "reason",
        ]

    def validate_region(self, region: Region) -> Region:
        user = self.context["request"].user
        if not Region.objects.for_user(user).filter(code=region.code).exists():
            raise serializers.ValidationError(_("区划代码不在您的管辖范围内。"))
        return region


class MoneySerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", queryset=Project.objects.all())
    source_display = ChoiceLabelField("source")

    def validate_project(self, project: Project) -> Project:
        if not Project.objects.for_user(self.context["request"].user).filter(pk=project.pk).exists():
            raise serializers.ValidationError(_("项目不存在或不在您的管辖范围内。"))
        return project


class AllocationSerializer(MoneySerializer):
    class Meta:
        model = Allocation
        fields = ["id", "project", "source", "source_display", "amount", "date", "document_no", "note"]


class DisbursementSerializer(MoneySerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "project", "source", "source_display", "amount", "date", "voucher", "note"]


class ProgressReportSerializer(MoneySerializer):
    source_display = None  # type: ignore[assignment]

    class Meta:
        model = ProgressReport
        fields = ["id", "project", "date", "percent", "quantity_done", "note", "reported_by"]
        read_only_fields = ["reported_by"]


class AlertSerializer(serializers.Serializer):
    project = serializers.CharField(source="project_code")
    project_name = serializers.CharField()
    region = serializers.CharField(source="region_id")
    alert = serializers.CharField(source="kind")
    alert_display = serializers.CharField(source="kind_label")
    days = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class FundLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    projects = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    allocated = serializers.DecimalField(max_digits=16, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2)
    gap = serializers.DecimalField(max_digits=16, decimal_places=2)
    execution = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)


class FundMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="年-月")
    allocated = serializers.DecimalField(max_digits=16, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2)
    execution = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)


class FundSummarySerializer(serializers.Serializer):
    """资金汇总: in total, by county, by source, by month."""

    total = FundLineSerializer()
    counties = FundLineSerializer(many=True)
    sources = FundLineSerializer(many=True)
    months = FundMonthSerializer(many=True)


def as_data(serializer: type[serializers.Serializer], items: Any, many: bool = True) -> Any:
    return serializer(items, many=many).data
