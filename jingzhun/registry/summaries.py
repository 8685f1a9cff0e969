"""Figures of a region and of each of its child regions, for the dashboard and region pages.

All aggregates are SQL over the whole subtree, whatever the number of households or child
regions: one query over the households per village, status and exit year that the database
keeps (``VillageHouseholdCounts``, grouped by child region) and one over the village facts.
Python only adds up the few hundred grouped rows into the figures shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Substr

from jingzhun.core.regioncodes import child_level, prefix_length
from jingzhun.regions.models import Region, VillageYear
from jingzhun.registry.models import VillageHouseholdCounts
from jingzhun.registry.querysets import PrefixCount, exits_of, summary_of

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


@dataclass
class RegionOverview:
    """What the dashboard shows of a region: its figures, its children's, its exits by year."""

    figures: RegionFigures
    children: list[RegionFigures]
    exits: list[dict[str, int]]


@dataclass
class _Facts:
    population: int = 0
    poor_villages: int = 0


def latest_fact_year(prefix: str) -> int | None:
    """Return the latest year with village facts inside ``prefix`` (None if there are none)."""
    return VillageYear.objects.in_region(prefix).aggregate(year=Max("year"))["year"]


def region_overview(region: Region, *, year: int | None) -> RegionOverview:
    """Return the figures of ``region`` and of its children for ``year``, and its exits by year.

    Three queries: the households, the village facts and the child regions.
    """
    digits = _child_digits(region) or len(region.prefix)
    counts = counts_by_prefix(region.prefix, digits)
    facts = _facts_by_prefix(region.prefix, digits, year)
    return RegionOverview(
        figures=_figures(region, counts, facts.values()),
        children=_children(region, counts, facts),
        exits=exits_of(counts),
    )


def counts_by_prefix(prefix: str, digits: int) -> list[PrefixCount]:
    """Return households and people in ``prefix`` per (first ``digits`` of the village code, status, exit year).

    The same figures as ``Household.objects.in_region(prefix).counts_by_prefix(digits)``, added
    up from the kept per-village counts (a few thousand rows for a city) instead of grouping
    every household.
    """
    rows = (
        VillageHouseholdCounts.objects.in_region(prefix)
        .annotate(child=Substr("village_id", 1, digits))
        .values("child", "status", "exit_year")
        .annotate(group_households=Sum("households"), group_people=Sum("people"))
        .filter(group_households__gt=0)
        .order_by()
        .values_list("child", "status", "exit_year", "group_households", "group_people")
    )
    return [PrefixCount(c, s, y or None, int(h), int(n)) for c, s, y, h, n in rows]


def _child_digits(region: Region) -> int | None:
    child = child_level(region.level)
    return None if child is None else prefix_length(child)


def _facts_by_prefix(prefix: str, digits: int, year: int | None) -> dict[str, _Facts]:
    """Return the rural population and poor villages of ``year`` per code prefix of ``digits``."""
    rows = (
        VillageYear.objects.in_region(prefix)
        .filter(year=year)
        .annotate(child=Substr("village_id", 1, digits))
        .values("child")
        .annotate(**_FACT_AGGREGATES)
        .order_by()
    )
    return {row["child"]: _Facts(row["population"] or 0, row["poor_villages"] or 0) for row in rows}


def _figures(region: Region, counts: list[PrefixCount], facts: Iterable[_Facts]) -> RegionFigures:
    """Return the figures of ``region`` from all its counts and facts, whatever their prefix."""
    population = poor_villages = 0
    for item in facts:
        population += item.population
        poor_villages += item.poor_villages
    return RegionFigures(region, summary_of(counts), population, poor_villages)


def _children(region: Region, counts: list[PrefixCount], facts: dict[str, _Facts]) -> list[RegionFigures]:
    digits = _child_digits(region)
    if digits is None:
        return []
    by_prefix: dict[str, list[PrefixCount]] = defaultdict(list)
    for count in counts:
        by_prefix[count.prefix].append(count)
    rows = []
    for child in Region.objects.filter(parent=region).order_by("code"):
        prefix = child.code[:digits]
        child_facts = facts.get(prefix, _Facts())
        rows.append(
            RegionFigures(child, summary_of(by_prefix[prefix]), child_facts.population, child_facts.poor_villages)
        )
    return rows
