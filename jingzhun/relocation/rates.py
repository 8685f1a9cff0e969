"""The measures of relocation and housing, set-based: by site, and grouped by county, township or batch year.

- 竣工率 = completed units ÷ planned units;
- 配套率 = facilities completed ÷ facilities planned;
- 入住率 = households moved in ÷ relocated households of the site, for sites with completed units;
- 旧宅腾退率 = old houses demolished or reclaimed ÷ old houses due (those not kept: 保留 is excluded);
- 危改按期完成率 = renovations of the plan year accepted and moved into by the deadline ÷ planned.

A rate is None when its denominator is zero (nothing to measure).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from jingzhun.core.parameters import parameter_value
from jingzhun.core.regioncodes import code_expression
from jingzhun.regions.tables import region_names
from jingzhun.relocation.choices import VACATED, OldHouse
from jingzhun.relocation.models import Relocation, Renovation, Site

RATE_KEYS = ("completion_rate", "facility_rate", "occupancy_rate", "reclamation_rate")
DUE = (OldHouse.PENDING, OldHouse.DEMOLISHED, OldHouse.RECLAIMED)


def fraction(numerator: int, denominator: int) -> Decimal | None:
    """Return numerator ÷ denominator to four places (None when there is nothing to divide by)."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


def _household_counts(prefix: str = "relocations__") -> dict[str, Any]:
    p = prefix
    return {
        "households": Count(f"{p}id"),
        "moved_in": Count(f"{p}id", filter=Q(**{f"{p}moved_in_on__isnull": False})),
        "vacated": Count(f"{p}id", filter=Q(**{f"{p}old_house__in": VACATED})),
        "due": Count(f"{p}id", filter=Q(**{f"{p}old_house__in": DUE})),
    }


@dataclass
class SiteRates:
    """The four rates of one site (or one group of sites) with their counts."""

    label: str
    planned_units: int
    completed_units: int
    facilities_planned: int
    facilities_completed: int
    households: int
    moved_in: int
    vacated: int
    due: int
    code: str = ""
    site: Site | None = None

    @property
    def completion_rate(self) -> Decimal | None:
        return fraction(self.completed_units, self.planned_units)

    @property
    def facility_rate(self) -> Decimal | None:
        return fraction(self.facilities_completed, self.facilities_planned)

    @property
    def occupancy_rate(self) -> Decimal | None:
        if not self.completed_units:
            return None
        return fraction(self.moved_in, self.households)

    @property
    def reclamation_rate(self) -> Decimal | None:
        return fraction(self.vacated, self.due)

    def rates(self) -> dict[str, Decimal | None]:
        return {key: getattr(self, key) for key in RATE_KEYS}


def site_rates(sites: QuerySet[Site]) -> list[SiteRates]:
    """Return the rates of each site of ``sites`` (one query), in code order."""
    rows = sites.annotate(**_household_counts()).order_by("code")
    return [
        SiteRates(
            label=site.name,
            code=site.code,
            site=site,
            planned_units=site.planned_units,
            completed_units=site.completed_units,
            facilities_planned=site.facilities_planned,
            facilities_completed=site.facilities_completed,
            households=site.households,  # type: ignore[attr-defined]
            moved_in=site.moved_in,  # type: ignore[attr-defined]
            vacated=site.vacated,  # type: ignore[attr-defined]
            due=site.due,  # type: ignore[attr-defined]
        )
        for site in rows
    ]


def grouped_rates(sites: QuerySet[Site], relocations: QuerySet[Relocation], *, by: str) -> list[SiteRates]:
    """Return the rates grouped ``by`` "county", "township" (of the site) or "batch" (the batch year).

    Units and facilities are summed over the sites of a group (for "batch": the sites that
    house households of that batch), households counted over the relocations; two queries.
    """
    if by == "batch":
        site_key: Any = None
        household_rows = relocations.values(key=Coalesce("batch_year", 0)).annotate(**_household_counts(""))
        per_batch_sites = relocations.values("batch_year", "site_id").distinct()
        site_totals: dict[Any, dict[str, Any]] = {
            s["pk"]: dict(s)
            for s in sites.values(
                "pk", "planned_units", "completed_units", "facilities_planned", "facilities_completed"
            )
        }
        units: dict[Any, dict[str, int]] = {}
        for row in per_batch_sites:
            totals = site_totals.get(row["site_id"])
            if totals is None:
                continue
            group = units.setdefault(row["batch_year"], dict.fromkeys(_UNIT_FIELDS, 0))
            for name in _UNIT_FIELDS:
                group[name] += totals[name]
    else:
        site_key = code_expression("region_id", by)
        units = {
            row["key"]: row
            for row in sites.values(key=site_key).annotate(**{name: Coalesce(Sum(name), 0) for name in _UNIT_FIELDS})
        }
        household_rows = relocations.values(key=code_expression("site__region_id", by)).annotate(
            **_household_counts("")
        )
    counted = {row["key"]: row for row in household_rows}
    keys = sorted(set(units) | set(counted), key=str)
    names = _group_names(keys, by)
    result = []
    for key in keys:
        u: dict[str, Any] = units.get(key) or dict.fromkeys(_UNIT_FIELDS, 0)
        c = counted.get(key) or dict.fromkeys(("households", "moved_in", "vacated", "due"), 0)
        result.append(
            SiteRates(
                label=names.get(key, str(key)),
                code=str(key),
                planned_units=u["planned_units"],
                completed_units=u["completed_units"],
                facilities_planned=u["facilities_planned"],
                facilities_completed=u["facilities_completed"],
                households=c["households"],
                moved_in=c["moved_in"],
                vacated=c["vacated"],
                due=c["due"],
            )
        )
    return result


_UNIT_FIELDS = ("planned_units", "completed_units", "facilities_planned", "facilities_completed")


def _group_names(keys: list[Any], by: str) -> dict[Any, str]:
    if by == "batch":
        return {key: f"{key}年度" for key in keys}
    return region_names([str(k) for k in keys])


def renovation_deadline(year: int, region: str = "") -> datetime.date:
    """The day by which the renovations planned in ``year`` must be accepted and moved into."""
    month, day = parameter_value("relocation.renovation_deadline", year=year, region=region)
    return datetime.date(year, month, day)


@dataclass
class RenovationRate:
    label: str
    planned: int
    on_time: int
    accepted: int

    @property
    def rate(self) -> Decimal | None:
        return fraction(self.on_time, self.planned)


def renovation_rates(
    renovations: QuerySet[Renovation], *, year: int, by: str = "county", region: str = ""
) -> list[RenovationRate]:
    """危改按期完成率 of the plan year ``year``, grouped by county or township of the household."""
    deadline = renovation_deadline(year, region)
    on_time = Q(accepted_on__lte=deadline, moved_in_on__lte=deadline)
    rows = (
        renovations.filter(plan_year=year)
        .values(key=code_expression("household__village_id", by))
        .annotate(
            planned=Count("id"),
            on_time=Count("id", filter=on_time),
            accepted=Count("id", filter=Q(accepted_on__isnull=False)),
        )
        .order_by("key")
    )
    found: list[dict[str, Any]] = list(rows)
    names = _group_names([r["key"] for r in found], by)
    return [RenovationRate(names.get(r["key"], r["key"]), r["planned"], r["on_time"], r["accepted"]) for r in found]
