"""Demo relocation and housing for Ankang (安康市): resettlement sites, the 2016–2019 batches, renovations.

Relocated households are the registry demo's households flagged 易地扶贫搬迁户; each township
gets a concentrated site (安置社区) for them and villages with a few relocated households a
scattered one. Most old houses are demolished or reclaimed, some not yet (未处置), some kept;
keys are sometimes handed over late or not followed by moving in; a few households break a red
line (area, self-financing, debt) or are also renovated, for the quality checks to find. A share
of the other households with an unsafe rating get a renovation (C/D) of 2016–2019, a few late.
Deterministic (the same seed gives the same rows), written in bulk without per-row audit events.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from jingzhun.core.audit import record_event
from jingzhun.core.bulk import insert_rows
from jingzhun.core.regioncodes import pad_code, prefix_q
from jingzhun.projects.models import Project
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household, HouseholdYear
from jingzhun.relocation.choices import FacilityKind, OldHouse, SiteKind
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site

CITY_PREFIX = "6109"
BATCHES = (2016, 2017, 2018, 2019)
SITE_SUFFIXES = ("安置社区", "新区安置点", "移民搬迁小区", "安置小区")
COMMUNITY_NAMES = ("阳光", "幸福", "和谐", "新城", "江畔", "富民", "安居", "兴隆", "康宁", "丰收")
OLD_HOUSE_WEIGHTS = (
    (OldHouse.DEMOLISHED, 55),
    (OldHouse.RECLAIMED, 22),
    (OldHouse.PENDING, 13),
    (OldHouse.KEPT, 10),
)
KEPT_REASONS = ("传统村落保护", "作为生产用房", "老人暂不愿离开，已签订拆旧协议", "地质条件不宜复垦")
BASE = ("version", "created_at", "updated_at")


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add relocation and housing to the demo just generated; return its summary for ``generate_demo``."""
    counts = relocation_demo_generate(seed=seed, year=year)
    if not counts["relocations"] and not counts["renovations"]:
        return ""
    return (
        f"易地搬迁：安置点 {counts['sites']} 个，搬迁户 {counts['relocations']} 户，"
        f"危房改造 {counts['renovations']} 户（{counts['seconds']:.1f} 秒）"
    )


def relocation_delete(prefix: str) -> None:
    """Delete the relocation ledgers of the region ``prefix`` (set-based, without signals)."""
    Renovation.objects.filter(prefix_q("household__village_id", prefix))._raw_delete("default")  # type: ignore[attr-defined]
    Relocation.objects.filter(prefix_q("household__village_id", prefix))._raw_delete("default")  # type: ignore[attr-defined]
    sites = Site.objects.filter(prefix_q("region_id", prefix))
    Relocation.objects.filter(site__in=sites.values("pk"))._raw_delete("default")  # type: ignore[attr-defined]
    Facility.objects.filter(site__in=sites.values("pk"))._raw_delete("default")  # type: ignore[attr-defined]
    sites._raw_delete("default")  # type: ignore[attr-defined]


@transaction.atomic
def relocation_demo_generate(*, seed: int = 2017, year: int = 2019, prefix: str = CITY_PREFIX) -> dict[str, Any]:
    """Write the relocation demo over the registry demo's households in ``prefix`` (replacing any); return counts."""
    clock = time.perf_counter()
    relocation_delete(prefix)
    rng = random.Random(f"{seed}:relocation")
    now = timezone.now()
    base = (1, now, now)
    households = list(
        Household.objects.filter(prefix_q("village_id", prefix))
        .order_by("pk")
        .values_list("pk", "code", "village_id", "size")
    )
    flags = dict(
        HouseholdYear.objects.filter(prefix_q("household__village_id", prefix), year__lte=year)
        .order_by("household_id", "year")
        .values_list("household_id", "relocated")
    )
    ratings = dict(
        HouseholdYear.objects.filter(prefix_q("household__village_id", prefix), year=year - 1).values_list(
            "household_id", "housing_rating"
        )
    )
    moved_flags = dict(
        HouseholdYear.objects.filter(prefix_q("household__village_id", prefix), year=year).values_list(
            "household_id", "relocation_moved_in"
        )
    )
    relocated = [h for h in households if flags.get(h[0])]
    others = [h for h in households if not flags.get(h[0])]
    names = dict(
        Region.objects.filter(prefix_q("code", prefix), level__in=("township", "village")).values_list("code", "name")
    )

    # Sites: one concentrated site per township with relocated households, scattered ones in villages.
    by_township: dict[str, list[Any]] = defaultdict(list)
    for h in relocated:
        by_township[h[2][:9]].append(h)
    site_rows, site_of, site_households = [], {}, defaultdict(list)
    for township in sorted(by_township):
        code = f"AZ{township}"
        township_code = pad_code(township)
        name = f"{names.get(township_code, '')}{rng.choice(COMMUNITY_NAMES)}{rng.choice(SITE_SUFFIXES)}"
        site_rows.append([code, name, SiteKind.CONCENTRATED, township_code])
        for h in by_township[township]:
            if rng.random() < 0.15:
                scattered = f"FS{h[2]}"
                if scattered not in site_households:
                    site_rows.append([scattered, f"{names.get(h[2], '')}分散安置", SiteKind.SCATTERED, h[2]])
                site_of[h[0]] = scattered
            else:
                site_of[h[0]] = code
            site_households[site_of[h[0]]].append(h)
    sites = []
    for code, name, kind, region in site_rows:
        n = len(site_households[code])
        if not n:
            continue
        planned = n + (rng.randint(0, max(1, n // 8)) if kind == SiteKind.CONCENTRATED else 0)
        behind = rng.random() < 0.2
        completed = planned if not behind else int(planned * rng.uniform(0.55, 0.95))
        facilities = 6 if kind == SiteKind.CONCENTRATED else 2
        done = facilities if rng.random() < 0.6 else rng.randint(facilities // 2, facilities - 1)
        deadline = datetime.date(rng.choice(BATCHES[1:]), rng.choice((6, 9, 12)), 30)
        sites.append((code, name, kind, region, planned, completed, facilities, done, deadline, *base))
    insert_rows(
        Site,
        (
            "code",
            "name",
            "kind",
            "region_id",
            "planned_units",
            "completed_units",
            "facilities_planned",
            "facilities_completed",
            "deadline",
            *BASE,
        ),
        sites,
    )
    site_pk = dict(Site.objects.filter(prefix_q("region_id", prefix)).values_list("code", "pk"))
    completed_of = {row[0]: row[5] for row in sites}

    # Facilities of the concentrated sites, linked to a project of the township where there is one.
    projects: dict[str, list[int]] = defaultdict(list)
    for pk, region in Project.objects.filter(prefix_q("region_id", prefix)).values_list("pk", "region_id"):
        projects[region[:9]].append(pk)
    facility_rows = []
    for code, _name, kind, region, _p, _c, _planned, done, *_rest in sites:
        if kind != SiteKind.CONCENTRATED:
            continue
        for index, facility in enumerate(FacilityKind):
            choices: list[int | None] = list(projects.get(region[:9], ())) or [None]
            facility_rows.append((site_pk[code], facility.value, index < done, rng.choice(choices), "", *base))
    insert_rows(Facility, ("site_id", "kind", "completed", "project_id", "note", *BASE), facility_rows)

    # Relocated households of the 2016–2019 batches.
    relocation_rows = []
    for pk, _code, _village, size in relocated:
        site = site_of[pk]
        batch = rng.choices(BATCHES, weights=(30, 30, 25, 15))[0]
        people = size
        area = Decimal(people * rng.choice((20, 20, 22, 24, 25))).quantize(Decimal("0.01"))
        if rng.random() < 0.02:
            area += Decimal(rng.randint(5, 30))  # over the area line
        money = Decimal(rng.choice((0, 0, 1000, 2000, 2500, 3000)))
        if rng.random() < 0.02:
            money = Decimal(rng.choice((4000, 5000, 8000)))  # over the self-financing line
        debt = rng.random() < 0.01
        keys = datetime.date(batch, rng.randint(6, 12), rng.randint(1, 28))
        late_keys = rng.random() < 0.08
        if late_keys:
            keys = datetime.date(min(batch + 1, year), rng.randint(1, 12), rng.randint(1, 28))
        moved = moved_flags.get(pk, True) and completed_of.get(site, 0) > 0 and not (late_keys and rng.random() < 0.6)
        moved_in = keys + datetime.timedelta(days=rng.randint(5, 80)) if moved else None
        if moved_in and moved_in > datetime.date(year, 12, 31):
            moved_in = None
        old = rng.choices([w[0] for w in OLD_HOUSE_WEIGHTS], weights=[w[1] for w in OLD_HOUSE_WEIGHTS])[0]
        if batch == BATCHES[-1] and old != OldHouse.KEPT and rng.random() < 0.4:
            old = OldHouse.PENDING  # the last batch: old houses not yet vacated
        kept_reason = rng.choice(KEPT_REASONS) if old == OldHouse.KEPT else ""
        approved = old == OldHouse.KEPT and rng.random() < 0.7
        subsidy = Decimal(people * 25000)
        relocation_rows.append(
            (
                pk,
                site_pk[site],
                batch,
                people,
                area,
                money,
                debt,
                keys,
                moved_in,
                old,
                kept_reason,
                approved,
                subsidy,
                *base,
            )
        )
    insert_rows(
        Relocation,
        (
            "household_id",
            "site_id",
            "batch_year",
            "people",
            "area",
            "self_financing",
            "in_debt",
            "keys_on",
            "moved_in_on",
            "old_house",
            "kept_reason",
            "kept_approved",
            "subsidy",
            *BASE,
        ),
        relocation_rows,
    )

    # Renovations: households with an unsafe house, and a few of the relocated (duplicate benefit).
    renovation_rows = []
    candidates = [h for h in others if ratings.get(h[0]) in ("C", "D") or rng.random() < 0.04]
    candidates += [h for h in relocated if rng.random() < 0.005]
    for pk, *_rest in candidates:
        plan = rng.choices(BATCHES, weights=(20, 25, 30, 25))[0]
        rating = ratings.get(pk) if ratings.get(pk) in ("C", "D") else rng.choice(("C", "D"))
        started = datetime.date(plan, rng.randint(3, 6), rng.randint(1, 28))
        late = rng.random() < 0.1
        accepted: datetime.date | None = started + datetime.timedelta(days=rng.randint(60, 150))
        if late:
            accepted = datetime.date(plan, 11, rng.randint(5, 28))
        if accepted is None or accepted > datetime.date(year, 12, 31) or (plan == year and rng.random() < 0.1):
            accepted = None
        moved_in = accepted + datetime.timedelta(days=rng.randint(3, 30)) if accepted else None
        subsidy = Decimal(35000 if rating == "D" else 15000)
        renovation_rows.append((pk, rating, plan, started, accepted, moved_in, subsidy, *base))
    insert_rows(
        Renovation,
        ("household_id", "rating", "plan_year", "started_on", "accepted_on", "moved_in_on", "subsidy", *BASE),
        renovation_rows,
    )
    counts = {
        "sites": len(sites),
        "relocations": len(relocation_rows),
        "renovations": len(renovation_rows),
        "seconds": time.perf_counter() - clock,
    }
    record_event(
        action="bulk",
        model_label="relocation.Relocation",
        object_pk="demo",
        object_repr=f"演示数据生成：安置点 {counts['sites']} 个，搬迁户 {counts['relocations']} 户",
        region_code=pad_code(prefix),
        after={k: v for k, v in counts.items() if k != "seconds"} | {"seed": seed, "year": year},
        reason="generate_demo",
    )
    return counts
