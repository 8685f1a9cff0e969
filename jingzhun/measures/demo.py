"""Demo household measures for Ankang (安康市): a year of typed measures, entities, trainings, jobs and posts.

The registry demo's free-text 帮扶措施 become typed measures (as the data migration does);
villages get cooperatives, family farms and community factories (新社区工厂) with their links
to households, most villages a collective economy (some still without income: "安康的弱项"),
members who work away an employment row, some members of industry households a training, and
households with a 公益性岗位 measure a post. Deterministic, written in bulk without per-row audit.
"""

from __future__ import annotations

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
from jingzhun.measures.choices import EntityKind, LinkKind, MeasureKind, PostKind, WorkPlace
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    EntityLink,
    HouseholdMeasure,
    Training,
    WelfarePost,
)
from jingzhun.measures.services import measures_from_text
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household, Member

CITY_PREFIX = "6109"
BASE = ("version", "created_at", "updated_at")
INDUSTRIES = ("魔芋", "富硒茶", "生猪", "核桃", "香菇", "中药材", "蚕桑", "渔业")
ENTITY_NAMES = {
    EntityKind.COOPERATIVE: "{village}{industry}专业合作社",
    EntityKind.FAMILY_FARM: "{village}{surname}家庭农场",
    EntityKind.COMMUNITY_FACTORY: "{village}新社区工厂（毛绒玩具）",
    EntityKind.LEADING: "安康{industry}产业有限公司",
    EntityKind.PARK: "{village}{industry}现代农业园区",
}
COURSES = ("魔芋栽培技术", "茶叶加工", "生猪养殖", "电工", "家政服务", "电子商务", "月嫂", "挖掘机操作")
EMPLOYERS = {
    WorkPlace.COUNTY: ("县城新社区工厂", "县城建筑工地"),
    WorkPlace.PROVINCE: ("西安建筑工地", "汉中电子厂"),
    WorkPlace.OUTSIDE: ("广东东莞电子厂", "浙江宁波服装厂"),
    WorkPlace.PARTNER: ("江苏常州协作企业", "江苏无锡协作企业"),
}
POSTS = (
    ("村道保洁员", PostKind.PUBLIC, 500),
    ("生态护林员", PostKind.ECOLOGY, 833),
    ("水利设施管护员", PostKind.UPKEEP, 400),
)


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add a year of household measures to the demo just generated; return its summary for ``generate_demo``."""
    counts = measures_demo_generate(seed=seed, year=year)
    if not counts["measures"]:
        return ""
    return (
        f"帮扶措施：{counts['measures']} 条，经营主体 {counts['entities']} 个，转移就业 {counts['employment']} 人，"
        f"公益岗位 {counts['posts']} 个（{counts['seconds']:.1f} 秒）"
    )


def measures_delete(prefix: str) -> None:
    for model, path in (
        (EntityLink, "household__village_id"),
        (HouseholdMeasure, "household__village_id"),
        (Training, "member__household__village_id"),
        (Employment, "member__household__village_id"),
        (WelfarePost, "member__household__village_id"),
        (CollectiveEconomy, "village_id"),
    ):
        model.objects.filter(prefix_q(path, prefix))._raw_delete("default")  # type: ignore[attr-defined]
    entities = BusinessEntity.objects.filter(prefix_q("village_id", prefix))
    EntityLink.objects.filter(entity__in=entities.values("pk"))._raw_delete("default")  # type: ignore[attr-defined]
    entities._raw_delete("default")  # type: ignore[attr-defined]


@transaction.atomic
def measures_demo_generate(*, seed: int = 2017, year: int = 2019, prefix: str = CITY_PREFIX) -> dict[str, Any]:
    """Write the measures demo over the registry demo's households in ``prefix`` (replacing any); return counts."""
    clock = time.perf_counter()
    measures_delete(prefix)
    rng = random.Random(f"{seed}:measures")
    now = timezone.now()
    base = (1, now, now)
    measures = measures_from_text(prefix=prefix, year=year)
    # A few households' industry is a one-off (a subsidy, not a long-term industry): "exiting with no industry".
    industry_rows = HouseholdMeasure.objects.filter(
        prefix_q("household__village_id", prefix), year=year, kind=MeasureKind.INDUSTRY
    )
    short = [pk for pk in industry_rows.order_by("pk").values_list("pk", flat=True) if rng.random() < 0.05]
    HouseholdMeasure.objects.filter(pk__in=short).update(long_term=False, note="一次性产业奖补，尚未形成长效产业")
    # Providers of the measures: the county departments.
    HouseholdMeasure.objects.filter(prefix_q("household__village_id", prefix), kind=MeasureKind.INDUSTRY).update(
        provider="县农业农村局"
    )
    HouseholdMeasure.objects.filter(prefix_q("household__village_id", prefix), kind=MeasureKind.EMPLOYMENT).update(
        provider="县人社局"
    )
    households = list(
        Household.objects.filter(prefix_q("village_id", prefix)).order_by("pk").values_list("pk", "village_id")
    )
    villages = sorted({v for _pk, v in households})
    names = dict(Region.objects.filter(code__in=villages).values_list("code", "name"))
    by_village: dict[str, list[int]] = defaultdict(list)
    for pk, village in households:
        by_village[village].append(pk)

    entity_rows, collective_rows = [], []
    for village in villages:
        short = names.get(village, "").removesuffix("村委会").removesuffix("社区居委会")
        for kind in EntityKind:
            if rng.random() < {EntityKind.COOPERATIVE: 0.7, EntityKind.FAMILY_FARM: 0.3}.get(kind, 0.08):
                industry = rng.choice(INDUSTRIES)
                name = ENTITY_NAMES[kind].format(village=short, industry=industry, surname=rng.choice("王李张刘陈杨"))
                linked = min(len(by_village[village]), rng.randint(3, 30))
                entity_rows.append((name, kind.value, village, industry, linked, rng.randint(0, linked), *base))
        if rng.random() < 0.85:
            income = Decimal(0) if rng.random() < 0.25 else Decimal(rng.randint(2, 40) * 5000)
            shareholders = rng.randint(200, 1500)
            collective_rows.append(
                (
                    village,
                    year,
                    f"{short}股份经济合作社",
                    Decimal(rng.randint(10, 300) * 10000),
                    income,
                    shareholders,
                    rng.randint(20, shareholders // 3),
                    *base,
                )
            )
    entity_rows = list({(r[0], r[2]): r for r in entity_rows}.values())
    insert_rows(
        BusinessEntity, ("name", "kind", "village_id", "industry", "poor_linked", "poor_employed", *BASE), entity_rows
    )
    insert_rows(
        CollectiveEconomy,
        ("village_id", "year", "organisation", "assets", "income", "shareholders", "poor_shareholders", *BASE),
        collective_rows,
    )
    link_rows = []
    for pk, village, kind in BusinessEntity.objects.filter(prefix_q("village_id", prefix)).values_list(
        "pk", "village_id", "kind"
    ):
        homes = by_village[village]
        for household in rng.sample(homes, min(len(homes), rng.randint(1, 6))):
            link = LinkKind.WORK if kind == EntityKind.COMMUNITY_FACTORY else rng.choice(list(LinkKind))
            link_rows.append((pk, household, year, link.value, Decimal(rng.randint(3, 40) * 100), *base))
    insert_rows(EntityLink, ("entity_id", "household_id", "year", "kind", "amount", *BASE), link_rows)

    members = list(
        Member.objects.filter(prefix_q("household__village_id", prefix), deceased=False, moved_out=False)
        .order_by("pk")
        .values_list("pk", "household_id", "labour", "migrant_months")
    )
    industry_homes = set(
        HouseholdMeasure.objects.filter(
            prefix_q("household__village_id", prefix), kind=MeasureKind.INDUSTRY
        ).values_list("household_id", flat=True)
    )
    post_homes = set(
        HouseholdMeasure.objects.filter(
            prefix_q("household__village_id", prefix),
            year=year,
            kind__in=(MeasureKind.WELFARE_POST, MeasureKind.ECOLOGY_POST),
        ).values_list("household_id", flat=True)
    )
    training_rows, employment_rows, post_rows = [], [], []
    posted: set[int] = set()
    for pk, household, labour, months in members:
        able = labour in ("1", "2")
        if able and household in industry_homes and rng.random() < 0.35:
            certificate = "职业技能等级证书" if rng.random() < 0.4 else ""
            training_rows.append((pk, rng.choice((year - 1, year)), rng.choice(COURSES), certificate, *base))
        if months:
            place = rng.choices(list(WorkPlace), weights=(25, 25, 35, 15))[0]
            income = Decimal(months * rng.randint(25, 50) * 100)
            employment_rows.append((pk, year, place.value, rng.choice(EMPLOYERS[place]), months, income, *base))
        elif able and household in post_homes and household not in posted:
            posted.add(household)
            post, post_kind, pay = rng.choice(POSTS)
            post_rows.append((pk, year, post_kind.value, post, Decimal(pay), rng.choice((6, 10, 12, 12)), None, *base))
    insert_rows(Training, ("member_id", "year", "course", "certificate", *BASE), training_rows)
    insert_rows(Employment, ("member_id", "year", "place", "employer", "months", "income", *BASE), employment_rows)
    insert_rows(
        WelfarePost, ("member_id", "year", "kind", "post", "monthly_pay", "months", "project_id", *BASE), post_rows
    )
    counts = {
        "measures": measures,
        "entities": len(entity_rows),
        "employment": len(employment_rows),
        "posts": len(post_rows),
        "seconds": time.perf_counter() - clock,
    }
    record_event(
        action="bulk",
        model_label="measures.HouseholdMeasure",
        object_pk="demo",
        object_repr=f"演示数据生成：帮扶措施 {measures} 条",
        region_code=pad_code(prefix),
        after={k: v for k, v in counts.items() if k != "seconds"} | {"seed": seed, "year": year},
        reason="generate_demo",
    )
    return counts
