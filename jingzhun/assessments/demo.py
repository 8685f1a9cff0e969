"""Demo data of 考核评估: three quarters of 2017 provincial county rounds for Ankang's ten counties and
the province's cities, with movement, bonus items that decide places, and published results; a
later demo year gets three published county quarters of its own.

Figures follow the 2017-11 speech where it gives them (平利 98.20 + 1.6 = 99.8 first; 白河 second
to last, 0.1 above the last, last without its 0.1 bonus; 安康 first of the cities in the second
quarter and fourth in the third, 交叉检查 92.14, 八办两组 89.03 against 汉中's 91.78, 月通报 1.9);
the rest is drawn from a seeded generator. Joins ``generate_demo`` through ``demo_extend``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from jingzhun.assessments import services
from jingzhun.assessments.choices import Level, Source
from jingzhun.assessments.models import Adjustment, Component, Entity, PeerGroup, PublishedResult, Round, Scheme, Score
from jingzhun.assessments.scoring import ranking_compute
from jingzhun.regions.models import Region

DEMO_PREFIX = "DEMO-"
ANKANG = "610900000000"
PINGLI, BAIHE, SHIQUAN, XUNYANG, HANBIN = "610926000000", "610929000000", "610922000000", "610981000000", "610902000000"
# Deep-poverty counties of Shaanxi (assumption: Ankang's four and seven elsewhere, to be edited by the office).
DEEP = ("610902", "610924", "610925", "610929", "610726", "610727", "610728", "611022", "611024", "611025", "611023")
# Q3 of the county round for Ankang: (交叉检查, 月通报) — 平利 "双高", 白河 second to last by 0.1.
Q3_ANKANG = {
    PINGLI: (Decimal("98.20"), Decimal("1.6")),
    "610921000000": (Decimal("95.80"), Decimal("1.2")),
    SHIQUAN: (Decimal("94.60"), Decimal("1.0")),
    "610923000000": (Decimal("95.10"), Decimal("0.8")),
    "610924000000": (Decimal("94.20"), Decimal("0.9")),
    "610925000000": (Decimal("93.90"), Decimal("1.0")),
    "610927000000": (Decimal("95.40"), Decimal("1.1")),
    XUNYANG: (Decimal("94.30"), Decimal("0.9")),
    HANBIN: (Decimal("93.87"), Decimal("0.6")),
    BAIHE: (Decimal("93.42"), Decimal("0.7")),
}
Q3_BONUS = [
    (BAIHE, "脱贫攻坚经验做法被省扶贫办简报刊发", Decimal("0.1"), "陕扶办发〔2017〕68号"),
    (SHIQUAN, "社区工厂经验全省推广", Decimal("0.5"), "陕扶办发〔2017〕68号"),
    (XUNYANG, "产业扶贫典型经验全省交流", Decimal("0.5"), "陕扶办发〔2017〕68号"),
]
Q3_DEDUCTION = [(HANBIN, "审计发现扶贫资金滞留问题", Decimal("-0.3"), "陕审农报〔2017〕12号")]
# The province's cities: (交叉检查, 八办两组, 月通报) in the third quarter.
CITIES = {
    "610700000000": ("汉中市", Decimal("94.25"), Decimal("91.78"), Decimal("1.5")),
    "610100000000": ("西安市", Decimal("93.60"), Decimal("90.20"), Decimal("1.4")),
    "611000000000": ("商洛市", Decimal("93.10"), Decimal("90.10"), Decimal("1.6")),
    ANKANG: ("安康市", Decimal("92.14"), Decimal("89.03"), Decimal("1.9")),
    "610300000000": ("宝鸡市", Decimal("91.90"), Decimal("90.63"), Decimal("1.1")),
    "610400000000": ("咸阳市", Decimal("91.20"), Decimal("88.90"), Decimal("1.2")),
    "610500000000": ("渭南市", Decimal("90.80"), Decimal("88.40"), Decimal("1.3")),
    "610600000000": ("延安市", Decimal("91.50"), Decimal("88.10"), Decimal("1.0")),
    "610800000000": ("榆林市", Decimal("90.30"), Decimal("87.90"), Decimal("0.9")),
    "610200000000": ("铜川市", Decimal("89.90"), Decimal("87.50"), Decimal("1.0")),
}


def _system_user():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model()(username="generate_demo", role="admin", is_superuser=True)


def _jitter(rng: random.Random, value: Decimal, spread: float) -> Decimal:
    return (value + Decimal(str(round(rng.uniform(-spread, spread), 2)))).quantize(Decimal("0.01"))


def _city_scheme(user) -> Scheme:  # type: ignore[no-untyped-def]
    scheme = Scheme.objects.filter(code="province-quarterly-city").first()
    if scheme is None:
        scheme = services.ledger_save(
            user=user,
            instance=Scheme(
                owner_id=ANKANG,
                code="province-quarterly-city",
                name="省季度考核（设区市）",
                level=Level.CITY,
                bonus_cap=Decimal(1),
                description="设区市季度考核分由交叉检查组、八办两组打分和省扶贫办月通报得分构成（演示权重）。",
            ),
        )
        for order, (code, name, weight, full) in enumerate(
            (
                ("cross_check", "交叉检查", Decimal("0.5"), Decimal(100)),
                ("eight_offices", "八办两组", Decimal("0.5"), Decimal(100)),
                ("monthly_bulletin", "月通报得分", None, Decimal(2)),
            )
        ):
            Component.objects.create(scheme=scheme, code=code, name=name, weight=weight, max_score=full, order=order)
    return scheme


def _entities() -> tuple[PeerGroup, PeerGroup, PeerGroup]:
    cities = PeerGroup.objects.get_or_create(code="province-cities", defaults={"name": "全省设区市"})[0]
    deep = PeerGroup.objects.get_or_create(code="deep-poverty-counties", defaults={"name": "全省深度贫困县区"})[0]
    ankang = PeerGroup.objects.get(code=services.CITY_COUNTIES_GROUP)
    for code, (name, *_rest) in CITIES.items():
        entity, _created = Entity.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": Level.CITY, "in_city": code == ANKANG},
        )
        region = Region.objects.filter(code=code).first()
        if region is not None and entity.region_id is None:
            entity.region = region
            entity.save()
        cities.members.add(entity)
    for region in Region.objects.filter(level="county", code__regex=r"^(" + "|".join(DEEP) + r")000000$"):
        deep.members.add(services.entity_for_region(region))
    return ankang, cities, deep


def _rows(round: Round, figures: dict[str, tuple[Decimal, ...]]) -> list[Score]:
    components = list(Component.objects.filter(scheme_id=round.scheme_id).order_by("order"))
    entities = {e.code: e for e in Entity.objects.filter(code__in=figures)}
    return [
        Score(round=round, entity=entities[code], component=component, score=value, evidence="省考核反馈")
        for code, values in figures.items()
        if code in entities
        for component, value in zip(components, values, strict=True)
    ]


@transaction.atomic
def assessments_demo_generate(*, seed: int = 2017, replace: bool = False, year: int = 2017) -> str:
    """Write the demo rounds; return the summary line. Raise ValueError if they exist and not ``replace``.

    Besides 2017's rounds, a later demo ``year`` gets its own three published quarters.
    """
    existing = Round.objects.filter(code__startswith=DEMO_PREFIX)
    if existing.exists():
        if not replace:
            raise ValueError("已有考核评估演示数据；如需替换，请加 --replace。")
        for model in (Score, Adjustment, PublishedResult):
            model.objects.filter(round__code__startswith=DEMO_PREFIX).delete()
        existing.update(previous=None)
        existing.delete()
    user = _system_user()
    rng = random.Random(seed)
    schemes = services.defaults_install(user=user)
    ankang_group, city_group, deep_group = _entities()
    county_scheme, city_scheme = schemes[services.PROVINCE_QUARTERLY_SCHEME], _city_scheme(user)
    deep_outside = [code for code in deep_group.members.values_list("code", flat=True) if not code.startswith("6109")]
    previous_county: Round | None = None
    previous_city: Round | None = None
    rounds = 0
    for quarter in (1, 2, 3):
        end = datetime.date(2017, quarter * 3, 30 if quarter != 1 else 31)
        county_round = services.round_create(
            user=user,
            code=f"{DEMO_PREFIX}2017Q{quarter}-county",
            name=f"2017年第{'一二三'[quarter - 1]}季度省考（县区）",
            scheme=county_scheme,
            source=Source.PROVINCE_QUARTERLY,
            period=f"2017Q{quarter}",
            period_end=end,
            group=ankang_group,
            previous=previous_county,
        )
        county_round.document_no = f"陕脱贫办发〔2017〕{20 + quarter * 11}号"
        county_round.save()
        figures: dict[str, tuple[Decimal, ...]] = {}
        for code, (cross, bulletin) in Q3_ANKANG.items():
            if quarter == 3:
                figures[code] = (cross, bulletin)
            else:
                # Earlier quarters: the counties stood higher and closer together.
                figures[code] = (
                    min(_jitter(rng, cross + Decimal("1.2"), 1.1), Decimal(100)),
                    _jitter(rng, bulletin, 0.3).max(Decimal("0.2")),
                )
        for code in deep_outside:
            figures[code] = (_jitter(rng, Decimal("94.0"), 1.5), _jitter(rng, Decimal("1.0"), 0.4).max(Decimal("0.2")))
        Score.objects.bulk_create(_rows(county_round, figures))
        if quarter == 3:
            entities = {e.code: e for e in Entity.objects.filter(code__in=[c for c, *_ in Q3_BONUS + Q3_DEDUCTION])}
            Adjustment.objects.bulk_create(
                Adjustment(round=county_round, entity=entities[code], item=item, points=points, basis=basis)
                for code, item, points, basis in Q3_BONUS + Q3_DEDUCTION
            )
        else:
            lucky = rng.sample(sorted(Q3_ANKANG), 2)
            Adjustment.objects.bulk_create(
                Adjustment(
                    round=county_round,
                    entity=Entity.objects.get(code=code),
                    item="经验做法被省扶贫办简报刊发",
                    points=Decimal("0.2"),
                    basis=f"陕扶办简报第{quarter * 7}期",
                )
                for code in lucky
            )
        _published(county_round, shift=quarter == 3)
        services.round_publish(user=user, round=county_round)
        previous_county = county_round
        rounds += 1
        if quarter >= 2:
            city_round = services.round_create(
                user=user,
                code=f"{DEMO_PREFIX}2017Q{quarter}-city",
                name=f"2017年第{'一二三'[quarter - 1]}季度省考（设区市）",
                scheme=city_scheme,
                source=Source.PROVINCE_QUARTERLY,
                period=f"2017Q{quarter}",
                period_end=end,
                group=city_group,
                previous=previous_city,
            )
            city_figures: dict[str, tuple[Decimal, ...]] = {code: tuple(v) for code, (_name, *v) in CITIES.items()}
            if quarter == 2:  # 安康 first in the second quarter
                city_figures = {
                    code: (c + Decimal("0.6"), e + Decimal("0.4"), b) for code, (c, e, b) in city_figures.items()
                }
                city_figures[ANKANG] = (Decimal("95.30"), Decimal("92.40"), Decimal("1.9"))
            Score.objects.bulk_create(_rows(city_round, city_figures))
            services.round_publish(user=user, round=city_round)
            previous_city = city_round
            rounds += 1
    # The month after: a draft round being entered (not yet published).
    draft = services.round_create(
        user=user,
        code=f"{DEMO_PREFIX}2017-10-county",
        name="2017年10月市月通报（县区）",
        scheme=county_scheme,
        source=Source.CITY_MONTHLY,
        period="2017-10",
        period_end=datetime.date(2017, 10, 31),
        group=ankang_group,
        previous=previous_county,
    )
    Score.objects.bulk_create(
        _rows(draft, {code: (_jitter(rng, cross, 1.0), bulletin) for code, (cross, bulletin) in Q3_ANKANG.items()})
    )
    rounds += 1
    summary = "2017 年三个季度的县区与设区市排名、10 月月通报草稿"
    if year > 2017:
        rounds += _year_rounds(
            user=user, rng=rng, year=year, scheme=county_scheme, group=ankang_group, outside=deep_outside
        )
        summary += f"、{year} 年三个季度的县区排名"
    return f"考核评估：{rounds} 个考核轮次（{summary}）"


def _year_rounds(*, user, rng: random.Random, year: int, scheme: Scheme, group: PeerGroup, outside: list[str]) -> int:  # type: ignore[no-untyped-def]
    """Three published quarterly county rounds of ``year``, drawn around 2017's third quarter."""
    previous: Round | None = None
    for quarter in (1, 2, 3):
        county_round = services.round_create(
            user=user,
            code=f"{DEMO_PREFIX}{year}Q{quarter}-county",
            name=f"{year}年第{'一二三'[quarter - 1]}季度省考（县区）",
            scheme=scheme,
            source=Source.PROVINCE_QUARTERLY,
            period=f"{year}Q{quarter}",
            period_end=datetime.date(year, quarter * 3, 30 if quarter != 1 else 31),
            group=group,
            previous=previous,
        )
        figures: dict[str, tuple[Decimal, ...]] = {
            code: (
                min(_jitter(rng, cross + Decimal("0.8"), 1.4), Decimal(100)),
                _jitter(rng, bulletin, 0.4).max(Decimal("0.2")),
            )
            for code, (cross, bulletin) in Q3_ANKANG.items()
        }
        for code in outside:
            figures[code] = (_jitter(rng, Decimal("94.0"), 1.5), _jitter(rng, Decimal("1.0"), 0.4).max(Decimal("0.2")))
        Score.objects.bulk_create(_rows(county_round, figures))
        _published(county_round, shift=False)
        services.round_publish(user=user, round=county_round)
        previous = county_round
    return 3


def _published(round: Round, *, shift: bool) -> None:
    """Store the result as the province published it: the computed one, with a transcription difference."""
    ranking = ranking_compute(round=round, previous=False)
    rows = []
    for line in ranking.lines:
        total = line.total
        if shift and line.code == HANBIN:
            total += Decimal("0.05")  # as printed in the bulletin: shown as a difference on the page
        rows.append(
            PublishedResult(round=round, entity=Entity.objects.get(code=line.code), total=total, rank=line.rank)
        )
    PublishedResult.objects.bulk_create(rows)


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add the assessment rounds to the demo (any scale: the ranking is of the whole city's counties)."""
    return assessments_demo_generate(seed=seed, replace=replace, year=year)
