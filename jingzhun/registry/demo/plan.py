"""The demo's plan: villages, counties and the skeleton of every household.

The plan is cheap (no members yet): which villages are poor and when they are planned to
exit, how many people live there, and per household its village, exit cohort, status,
size, kind and main cause. Everything is drawn from ``random.Random`` instances seeded
from the demo seed and a stable label, over inputs sorted by code.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import TypeVar

from jingzhun.core.regioncodes import pad_code
from jingzhun.regions.models import Region
from jingzhun.registry.demo import calibration as cal

K = TypeVar("K")

# Household kinds (the attribute code follows from kind and status).
GENERAL, DIBAO, TEKUN, DIBAO_TEKUN = "general", "dibao", "tekun", "dibao_tekun"
POOR_ATTRIBUTE = {GENERAL: "01", DIBAO: "04", TEKUN: "06", DIBAO_TEKUN: "07"}
EXITED_ATTRIBUTE = {GENERAL: "05", DIBAO: "02", TEKUN: "03"}

VILLAGE_FACTS = ("hardened_road", "safe_water", "power", "standard_clinic", "broadband")
# Share of poor villages that had each facility in 2016 (the rest get it later).
POOR_VILLAGE_FACT_SHARE_2016 = {
    "hardened_road": 0.55,
    "safe_water": 0.5,
    "power": 0.85,
    "standard_clinic": 0.4,
    "broadband": 0.3,
}


@dataclass(slots=True)
class VillagePlan:
    code: str
    name: str
    county: str  # 6-digit prefix
    community: bool
    population: int = 0  # registered rural population in 2017
    poor: bool = False
    deep: bool = False
    batch: int | None = None  # planned exit year of the poor village (plan of 2016)
    relisted: bool = False  # listed again for 2019 after an earlier "exit"
    fact_years: dict[str, int] = field(default_factory=dict)  # first year each facility exists
    income_start: int = 0  # first year with collective income
    income_base: float = 0.0  # 万元 in the first year
    registered_people: int = 0

    def planned_exit_in(self, year: int) -> int | None:
        """Return the planned exit year recorded in the village's row for ``year``."""
        if not self.poor or self.batch is None:
            return None
        if self.relisted and year >= 2019:
            return 2019
        return self.batch


@dataclass(slots=True)
class CountyPlan:
    code: str  # 6-digit prefix
    name: str
    poor: bool
    deep: bool
    planned_exit_year: int | None
    income_factor: float


@dataclass(slots=True)
class HouseholdPlan:
    """Skeleton of one household; ``index`` is its position in generation order."""

    index: int
    village: str
    county: str
    cohort: int  # planned exit year
    status: str
    exit_year: int | None
    identification_year: int
    kind: str
    size: int  # living members
    cause: str
    plant: str = ""

    @property
    def exited(self) -> bool:
        return self.status in ("1", "4")

    @property
    def attribute(self) -> str:
        if self.exited:
            return EXITED_ATTRIBUTE[self.kind]
        return POOR_ATTRIBUTE[self.kind]


@dataclass
class DemoPlan:
    scale: str
    seed: int
    year: int
    prefix: str  # region prefix of the demo (6109, 61)
    region_code: str  # 12-digit code of that region
    region_name: str
    factor: float  # households relative to the full scale
    villages: list[VillagePlan]
    counties: list[CountyPlan]
    households: list[HouseholdPlan]
    townships: dict[str, str]  # 9-digit prefix → name


def build_plan(*, scale: str, seed: int, year: int, households: int | None) -> DemoPlan:
    """Return the plan of a demo at ``scale`` ("city" or "province")."""
    prefix = cal.CITY_PREFIX if scale == "city" else cal.PROVINCE_PREFIX
    region_code = pad_code(prefix)
    region = Region.objects.get(code=region_code)
    rows = list(
        Region.objects.filter(code__startswith=prefix, level__in=("county", "township", "village"))
        .order_by("code")
        .values_list("code", "name", "level")
    )
    county_names = {code[:6]: name for code, name, level in rows if level == "county"}
    townships = {code[:9]: name for code, name, level in rows if level == "township"}
    all_villages = [
        VillagePlan(code=code, name=name, county=code[:6], community=name.endswith("居委会"))
        for code, name, level in rows
        if level == "village"
    ]
    full = cal.CITY_HOUSEHOLDS if scale == "city" else cal.PROVINCE_HOUSEHOLDS
    target = full if households is None else households
    factor = target / full
    rng = random.Random(f"{seed}:plan")
    counties = _plan_counties(county_names, scale=scale, rng=rng)
    county_by_code = {c.code: c for c in counties}

    # Areas: Ankang alone, or every prefecture of the province.
    area_targets: dict[str, float] = {cal.CITY_PREFIX: cal.CITY_HOUSEHOLDS * factor}
    if scale == "province":
        rest = (cal.PROVINCE_HOUSEHOLDS - cal.CITY_HOUSEHOLDS) * factor
        for pref, weight in cal.PREFECTURE_WEIGHTS.items():
            area_targets[pref] = rest * weight
    area_households = _round_preserving_sum(area_targets, round(target))

    plans: list[HouseholdPlan] = []
    for pref in sorted(area_households):
        area_villages = [v for v in all_villages if v.code.startswith(pref)]
        area_rng = random.Random(f"{seed}:area:{pref}")
        _plan_villages(area_villages, county_by_code, pref=pref, factor=factor, rng=area_rng)
        _plan_area_households(
            area_villages,
            county_by_code,
            total=area_households[pref],
            seed=seed,
            year=year,
            rng=area_rng,
            out=plans,
        )
    plans.sort(key=lambda h: (h.village, h.index))
    for index, plan in enumerate(plans):
        plan.index = index
    return DemoPlan(
        scale=scale,
        seed=seed,
        year=year,
        prefix=prefix,
        region_code=region_code,
        region_name=region.name,
        factor=factor,
        villages=all_villages,
        counties=counties,
        households=plans,
        townships=townships,
    )


def _plan_counties(names: dict[str, str], *, scale: str, rng: random.Random) -> list[CountyPlan]:
    counties = []
    for code in sorted(names):
        planned = cal.COUNTY_EXIT_PLAN.get(code)
        poor = planned is not None
        counties.append(
            CountyPlan(
                code=code,
                name=names[code],
                poor=poor,
                deep=poor and code in cal.DEEP_POVERTY_COUNTIES,
                planned_exit_year=planned,
                income_factor=rng.uniform(0.93, 1.07) if poor else rng.uniform(1.15, 1.5),
            )
        )
    return counties


def _plan_villages(
    villages: list[VillagePlan],
    counties: dict[str, CountyPlan],
    *,
    pref: str,
    factor: float,
    rng: random.Random,
) -> None:
    """Draw populations, poor and deep-poverty villages, exit batches and facilities."""
    city = pref == cal.CITY_PREFIX
    # Rural population (2017): log-normal around the mean, communities somewhat smaller.
    raw = [rng.lognormvariate(0.0, 0.45) * (0.8 if v.community else 1.0) for v in villages]
    total = cal.CITY_RURAL_POPULATION if city else cal.PROVINCE_MEAN_VILLAGE_POPULATION * len(villages)
    scale = total * factor / sum(raw)
    for village, weight in zip(villages, raw, strict=True):
        village.population = max(1, round(weight * scale))

    committees = [v for v in villages if not v.community]
    by_county: dict[str, list[VillagePlan]] = {}
    for village in committees:
        by_county.setdefault(village.county, []).append(village)
    if city:
        n_poor = cal.CITY_POOR_VILLAGES
        weights = {c: len(vs) * (1.25 if counties[c].deep else 1.0) for c, vs in by_county.items()}
        quota = _round_preserving_sum({c: n_poor * w / sum(weights.values()) for c, w in weights.items()}, n_poor)
    else:
        quota = {
            c: round(
                len(vs)
                * (cal.POOR_VILLAGE_SHARE_POOR_COUNTY if counties[c].poor else cal.POOR_VILLAGE_SHARE_OTHER_COUNTY)
            )
            for c, vs in by_county.items()
        }
    poor: list[VillagePlan] = []
    for county in sorted(by_county):
        chosen = rng.sample(by_county[county], min(quota.get(county, 0), len(by_county[county])))
        for village in chosen:
            village.poor = True
        poor.extend(sorted(chosen, key=lambda v: v.code))
    n_poor = len(poor)

    # Deep-poverty villages: mostly in deep-poverty counties.
    n_deep = cal.CITY_DEEP_VILLAGES if city else round(n_poor * cal.DEEP_VILLAGE_SHARE * 0.6)
    keyed = sorted(poor, key=lambda v: rng.random() / (3.0 if counties[v.county].deep else 1.0))
    for village in keyed[:n_deep]:
        village.deep = True

    # Exit batches: counties planned to exit earlier take all their poor villages with them.
    batches = (
        dict(cal.CITY_VILLAGE_BATCHES)
        if city
        else _round_preserving_sum(
            {y: n_poor * n / cal.CITY_POOR_VILLAGES for y, n in cal.CITY_VILLAGE_BATCHES.items()}, n_poor
        )
    )
    rest: list[VillagePlan] = []
    for village in poor:
        county_year = counties[village.county].planned_exit_year or 2019
        if county_year <= 2018:
            village.batch = min(county_year, 2017 if rng.random() < 0.3 else 2018)
            batches[village.batch] = max(0, batches[village.batch] - 1)
        else:
            rest.append(village)
    rng.shuffle(rest)
    rest.sort(key=lambda v: v.deep)  # deep-poverty villages go last, i.e. to 2019
    n17, n18 = batches[2017], batches[2018]
    for i, village in enumerate(rest):
        village.batch = 2017 if i < n17 else 2018 if i < n17 + n18 else 2019

    # Listed again for 2019: most of the earlier batches in counties still poor in 2019.
    early = [v for v in poor if v.batch in (2017, 2018) and (counties[v.county].planned_exit_year or 2019) >= 2019]
    n_relisted = (
        cal.CITY_RELISTED
        if city
        else round(len(early) * cal.CITY_RELISTED / sum(list(cal.CITY_VILLAGE_BATCHES.values())[:2]))
    )
    for village in rng.sample(early, min(n_relisted, len(early))):
        village.relisted = True

    # Facilities: the year each one first exists; poor villages catch up by their batch.
    for village in villages:
        if village.poor:
            deadline = village.batch or 2019
            failing = deadline == 2019 and rng.random() < 0.08  # still lacking one in 2019
            failing_fact = rng.choice((*VILLAGE_FACTS, "income")) if failing else ""
            for fact in VILLAGE_FACTS:
                if fact == failing_fact:
                    village.fact_years[fact] = 2020
                elif rng.random() < POOR_VILLAGE_FACT_SHARE_2016[fact]:
                    village.fact_years[fact] = 2016
                else:
                    village.fact_years[fact] = rng.randint(2017, deadline)
            village.income_start = 2020 if failing_fact == "income" else rng.randint(2016, deadline)
            village.income_base = round(rng.uniform(0.5, 3.0), 2)
        else:
            for fact in VILLAGE_FACTS:
                village.fact_years[fact] = 2016 if rng.random() < 0.93 else rng.randint(2017, 2020)
            village.income_start = 2016 if rng.random() < 0.8 else rng.randint(2017, 2020)
            village.income_base = round(rng.uniform(1.0, 30.0), 2)


def _plan_area_households(
    villages: list[VillagePlan],
    counties: dict[str, CountyPlan],
    *,
    total: int,
    seed: int,
    year: int,
    rng: random.Random,
    out: list[HouseholdPlan],
) -> None:
    """Allocate ``total`` households to villages and exit cohorts, then draw each skeleton."""
    people = cal.CITY_PEOPLE_BY_COHORT
    per_cohort = _round_preserving_sum({c: total * p / sum(people.values()) for c, p in people.items()}, total)
    base: dict[str, float] = {}
    for village in villages:
        county = counties[village.county]
        factor = 2.2 if village.deep else 1.6 if village.poor else 0.55
        if not county.poor:
            factor *= 0.4
        base[village.code] = village.population * factor * rng.lognormvariate(0.0, 0.2)
    cohorts_of: dict[str, list[int]] = {v.code: [] for v in villages}
    for cohort, count in per_cohort.items():
        weights: dict[str, float] = {}
        for village in villages:
            w = base[village.code]
            if village.batch is not None:
                w *= 1.3 if cohort <= village.batch else 0.8
            county_year = counties[village.county].planned_exit_year
            if county_year is not None and cohort > county_year:
                w *= 0.15
            elif county_year is None and cohort > 2018:
                w *= 0.5
            weights[village.code] = w
        sum_w = sum(weights.values())
        counts = _round_preserving_sum({code: count * w / sum_w for code, w in weights.items()}, count)
        for code, n in counts.items():
            cohorts_of[code].extend([cohort] * n)
    for village in villages:
        cohorts = cohorts_of[village.code]
        if not cohorts:
            continue
        vrng = random.Random(f"{seed}:skeleton:{village.code}")
        vrng.shuffle(cohorts)
        for cohort in cohorts:
            plan = _draw_household(vrng, village=village, cohort=cohort, year=year, index=len(out))
            out.append(plan)
            village.registered_people += plan.size
        # A village's registered poor never exceed three quarters of its rural population.
        village.population = max(village.population, math.ceil(village.registered_people / 0.75))


def _draw_household(rng: random.Random, *, village: VillagePlan, cohort: int, year: int, index: int) -> HouseholdPlan:
    size = rng.choices(cal.SIZES, cum_weights=cal.SIZE_CUM_WEIGHTS)[0]
    exited = cohort <= year - 1
    status = "1" if exited else "0"
    # Kind (低保 / 特困): 特困供养 only for the old and disabled living alone or in pairs.
    r = rng.random()
    if size == 1:
        kind = TEKUN if r < 0.25 else DIBAO if r < 0.55 else GENERAL
    elif size == 2:
        kind = TEKUN if r < 0.06 else DIBAO_TEKUN if r < 0.08 else DIBAO if r < 0.38 else GENERAL
    else:
        kind = DIBAO if r < 0.22 else GENERAL
    if exited and kind == DIBAO_TEKUN:
        kind = DIBAO
    returned = exited and rng.random() < 0.01
    if returned:
        status = "3"
    elif exited and kind == GENERAL:
        no_policy_share = {2015: 0.35, 2016: 0.25, 2017: 0.1}.get(cohort, 0.03)
        if rng.random() < no_policy_share:
            status = "4"
    # Identified in 2014, a few added in 2015–2017, always at least a year before exit.
    ident = 2014
    latest = min(cohort - 1, 2017)
    if latest > 2014 and rng.random() < 0.15:
        ident = rng.randint(2015, latest)
    cause = _draw_cause(rng, kind=kind, size=size)
    return HouseholdPlan(
        index=index,
        village=village.code,
        county=village.county,
        cohort=cohort,
        status=status,
        exit_year=cohort if exited else None,
        identification_year=ident,
        kind=kind,
        size=size,
        cause=cause,
    )


_CAUSES = tuple(cal.CAUSE_WEIGHTS)
_CAUSE_WEIGHTS = tuple(cal.CAUSE_WEIGHTS.values())
_SINGLE_CAUSE_WEIGHTS = tuple(0.0 if c == "03" else w for c, w in cal.CAUSE_WEIGHTS.items())


def _draw_cause(rng: random.Random, *, kind: str, size: int) -> str:
    if kind in (TEKUN, DIBAO_TEKUN):
        return rng.choices(("08", "01", "02"), weights=(45, 30, 25))[0]
    return rng.choices(_CAUSES, weights=_SINGLE_CAUSE_WEIGHTS if size == 1 else _CAUSE_WEIGHTS)[0]


def _round_preserving_sum(shares: dict[K, float], total: int) -> dict[K, int]:
    """Return integer parts of ``shares`` summing to ``total`` (largest remainders, ties by key order)."""
    floors = {k: math.floor(v) for k, v in shares.items()}
    missing = total - sum(floors.values())
    order = sorted(shares, key=lambda k: floors[k] - shares[k])  # largest remainder first; stable
    for k in order[: max(0, missing)]:
        floors[k] += 1
    return floors
