"""Read-only API over the statistical map, scoped like the region pages."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view

from jingzhun.core import regioncodes
from jingzhun.core.api.viewsets import ScopedReadOnlyViewSet
from jingzhun.core.regioncodes import CODE_LENGTH
from jingzhun.regions.api.serializers import RegionDetailSerializer, RegionSerializer
from jingzhun.regions.choices import Level
from jingzhun.regions.models import Region


class RegionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(label=_("层级"), choices=Level.choices)
    parent = filters.CharFilter(label=_("上级区划代码（12 位）"), field_name="parent_id")
    prefix = filters.CharFilter(label=_("区划代码前缀（如 610902 为汉滨区全境）"), method="filter_prefix")

    class Meta:
        model = Region
        fields = ["level", "parent", "prefix"]

    def filter_prefix(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value.isdigit() or len(value) > CODE_LENGTH:
            return queryset.none()
        return queryset.in_region(value)  # type: ignore[attr-defined]


def ancestor_codes(code: str | None, prefix: str) -> list[str]:
    """Return the codes of the divisions above the region ``code`` whose scope is ``prefix``."""
    if not code:
        return []
    return regioncodes.ancestor_codes(code[: len(prefix)])


@extend_schema_view(
    list=extend_schema(summary="行政区划列表", description="您管辖范围内的区划，以及您所在区划的各级上级。"),
    retrieve=extend_schema(summary="行政区划详情", description="含村级、县级年度情况；范围外的区划返回 404。"),
)
class RegionViewSet(ScopedReadOnlyViewSet):
    """Divisions inside the user's scope, plus the ancestors of the user's own region.

    The ancestors are visible so that a county officer can fetch the rows of his province
    and prefecture (for breadcrumbs and names); everything else answers 404.
    """

    queryset = Region.objects.all()
    lookup_field = "code"
    lookup_value_regex = r"\d{12}"
    filterset_class = RegionFilter

    def get_queryset(self) -> QuerySet:
        user = self.request.user
        queryset = super().get_queryset()
        above = ancestor_codes(getattr(user, "region_id", None), getattr(user, "scope_prefix", "-"))
        if above:
            queryset = queryset | Region.objects.filter(code__in=above)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("years", "county_years")
        return queryset.order_by("code")

    def get_serializer_class(self) -> type[RegionSerializer]:
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer
