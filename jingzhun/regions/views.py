"""Region pages: walk province → prefecture → county → township → village with key figures."""

from typing import Any

from django.db.models import QuerySet
from django.views.generic import DetailView

from jingzhun.core.views import ScopedViewMixin
from jingzhun.regions.models import CountyYear, Region, VillageYear
from jingzhun.registry.summaries import latest_fact_year, region_overview


class RegionDetailView(ScopedViewMixin, DetailView):
    model = Region
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "regions/region_detail.html"
    nav = "regions"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        region: Region = self.object
        year_param = self.request.GET.get("year", "")
        year = int(year_param) if year_param.isdigit() else latest_fact_year(region.prefix)
        overview = region_overview(region, year=year)
        context.update(
            year=year,
            figures=overview.figures,
            children=overview.children,
            ancestors=region.breadcrumb_for(self.request.user),
            village_years=VillageYear.objects.filter(village=region).order_by("-year")
            if region.level == "village"
            else None,
            county_years=(
                CountyYear.objects.filter(county=region).order_by("-year") if region.level == "county" else None
            ),
            child_link="regions:detail",
        )
        return context
