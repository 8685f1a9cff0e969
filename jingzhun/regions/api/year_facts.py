"""API of the village and county year facts: scoped reads for everyone, writes for the city office."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from jingzhun.core.api.ledger import LedgerSerializer, LedgerViewSet
from jingzhun.regions.choices import Level
from jingzhun.regions.filters import CountyYearFilter, VillageYearFilter
from jingzhun.regions.models import COUNTY_FACT_FIELDS, VILLAGE_FACT_FIELDS, CountyYear, Region, VillageYear


class VillageYearFactSerializer(LedgerSerializer):
    """村级年度情况: one village in one year (贫困村, roads, water, clinic, collective income …)."""

    village = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level=Level.VILLAGE), help_text="行政村的 12 位区划代码"
    )

    class Meta:
        model = VillageYear
        fields = ["id", "village", "year", *VILLAGE_FACT_FIELDS]


class CountyYearFactSerializer(LedgerSerializer):
    """县级年度情况: one county in one year, with the 三率一度 sample results in percent."""

    county = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level=Level.COUNTY), help_text="县（区）的 12 位区划代码"
    )

    class Meta:
        model = CountyYear
        fields = ["id", "county", "year", *COUNTY_FACT_FIELDS]


class VillageYearFactViewSet(LedgerViewSet):
    """村级年度情况: filters as on the list page (region, year, 贫困村)."""

    queryset = VillageYear.objects.order_by("village_id", "-year")
    serializer_class, filterset_class = VillageYearFactSerializer, VillageYearFilter


class CountyYearFactViewSet(LedgerViewSet):
    """县级年度情况: filters as on the list page (region, year, 贫困县)."""

    queryset = CountyYear.objects.order_by("county_id", "-year")
    serializer_class, filterset_class = CountyYearFactSerializer, CountyYearFilter


router = SimpleRouter()
router.register("year-facts/villages", VillageYearFactViewSet, basename="year-facts-village")
router.register("year-facts/counties", CountyYearFactViewSet, basename="year-facts-county")
urlpatterns = router.urls
