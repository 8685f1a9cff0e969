"""Figures of a region and of each of its child regions, for the dashboard and region pages.

All aggregates are SQL over the whole subtree (two or three queries per page, whatever
the number of households).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Substr

from jingzhun.core.regioncodes import LEVEL_DIGITS
from jingzhun.regions.choices import CHILD_LEVEL
from jingzhun.regions.models import Region, VillageYear
from jingzhun.registry.models import Household

EMPTY = {
    "households": 0,
    "people": 0,
    "poor_households": 0,
    "poor_people": 0,
    "exited_households": 0,
    "exited_people": 0,
    "returned_households": 0,
    "returned_people": 0,
}

_FACT_AGGREGATES = {
    "population": Sum("rural_population"),
    "poor_villages": Count("pk", filter=Q(is_poor_village=True)),
}


@dataclass
class RegionFigures:
    region: Region
    figures: dict[str, int]
    rural_population: int
    poor_villages: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def incidence(self) -> Decimal | None:
        """Return still-poor people ÷ registered rural population (None when unknown)."""
        if not self.rural_population:
            return None
        return Decimal(self.figures["poor_people"]) / Decimal(self.rural_population)

    def __getattr__(self, name: str) -> int:
        try:
            return self.__dict__["figures"][name]
        except KeyError:
            raise AttributeError(name) from None


def latest_fact_year(prefix: str) -> int | None:
    """Return the latest year with village facts inside ``prefix`` (None if there are none)."""
    return VillageYear.objects.in_region(prefix).aggregate(year=Max("year"))["year"]


def region_figures(region: Region, *, year: int | None) -> RegionFigures:
    """Return the registry figures and rural population of ``region`` for ``year``."""
    figures = Household.objects.in_region(region.prefix).summary()
    facts = VillageYear.objects.in_region(region.prefix).filter(year=year).aggregate(**_FACT_AGGREGATES)
    return RegionFigures(region, figures, facts["population"] or 0, facts["poor_villages"] or 0)


def child_figures(region: Region, *, year: int | None) -> list[RegionFigures]:
    """Return one RegionFigures per child of ``region`` (villages for a township), in code order."""
    child_level = CHILD_LEVEL.get(region.level)
    if child_level is None:
        return []
    digits = LEVEL_DIGITS[child_level]
    children = list(Region.objects.filter(parent=region).order_by("code"))
    by_prefix = Household.objects.in_region(region.prefix).summary_by_prefix(digits)
    facts = {
        row.pop("child"): row
        for row in VillageYear.objects.in_region(region.prefix)
        .filter(year=year)
        .annotate(child=Substr("village_id", 1, digits))
        .values("child")
        .annotate(**_FACT_AGGREGATES)
        .order_by()
    }
    rows = []
    for child in children:
        prefix = child.code[:digits]
        rows.append(
            RegionFigures(
                child,
                by_prefix.get(prefix, dict(EMPTY)),
                facts.get(prefix, {}).get("population") or 0,
                facts.get(prefix, {}).get("poor_villages") or 0,
            )
        )
    return rows
