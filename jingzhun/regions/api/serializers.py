from rest_framework import serializers

from jingzhun.core.api.fields import ChoiceLabelField
from jingzhun.regions.models import VILLAGE_FACT_FIELDS, CountyYear, Region, VillageYear


class VillageYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillageYear
        fields = ["year", *VILLAGE_FACT_FIELDS]


class CountyYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = CountyYear
        fields = [
            "year",
            "is_poor_county",
            "is_deep_poverty_county",
            "planned_exit_year",
            "rural_income_per_capita",
        ]


class RegionSerializer(serializers.ModelSerializer):
    """One division as listed: code, name, level and the parent's code."""

    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True)
    level_display = ChoiceLabelField("level")
    short_name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "short_name", "level", "level_display", "parent"]
        read_only_fields = fields


class RegionDetailSerializer(RegionSerializer):
    """One division with its year-keyed facts (empty lists for levels that have none)."""

    village_years = VillageYearSerializer(source="years", many=True, read_only=True)
    county_years = CountyYearSerializer(many=True, read_only=True)

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "village_years", "county_years"]
        read_only_fields = fields
