"""Demo of the Changzhou–Ankang cooperation (常州—安康苏陕扶贫协作), 2018 and the demo year (2019).

Consistent with the 2019-01 speech where it gives figures: in 2018 线上线下销售特色产品 1.38 亿元
(the 2018 consumption ledger sums to 13,800 万元) and 108 plush-toy (毛绒玩具) enterprises started
production (the 2018 investment ledger); the joint meeting meets every quarter (4 in the
demo year, plus high-level visits). The county pairings, names and other amounts are
illustrative. Deterministic:
the same seed gives the same rows; written in bulk, with one audit event for the load.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from jingzhun.accounts.choices import Role, Sector
from jingzhun.accounts.models import User
from jingzhun.cooperation import models as m
from jingzhun.cooperation.choices import (
    AgreementKind,
    Channel,
    Destination,
    Direction,
    DonationKind,
    ExchangeKind,
    FundKind,
    Indicator,
    MeetingKind,
    NeedStatus,
    PairingLevel,
    ParkKind,
    TrainingKind,
)
from jingzhun.cooperation.services import partner_regions_load
from jingzhun.core.audit import record_event
from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.regioncodes import prefix_q
from jingzhun.projects.choices import FundSource, ProjectStatus, ProjectType
from jingzhun.projects.models import Allocation, Project
from jingzhun.regions.models import Region
from jingzhun.registry.demo import names
from jingzhun.registry.demo.users import DEMO_PASSWORD
from jingzhun.registry.models import Member

CITY = "610900000000"
EAST_CITY = "320400000000"
# Changzhou's districts and the Ankang counties each helps (illustrative).
COUNTY_PAIRS = {
    "610902": "320412",  # 汉滨区 — 武进区
    "610921": "320402",  # 汉阴县 — 天宁区
    "610922": "320404",  # 石泉县 — 钟楼区
    "610923": "320413",  # 宁陕县 — 金坛区
    "610924": "320412",  # 紫阳县 — 武进区
    "610925": "320411",  # 岚皋县 — 新北区
    "610926": "320481",  # 平利县 — 溧阳市
    "610927": "320413",  # 镇坪县 — 金坛区
    "610981": "320411",  # 旬阳市（原旬阳县） — 新北区
    "610929": "320402",  # 白河县 — 天宁区
}
EAST_TOWNS = ("湖塘镇", "牛塘镇", "洛阳镇", "雪堰镇", "前黄镇", "礼嘉镇", "青龙街道", "茶山街道", "薛家镇", "罗溪镇")
ENTERPRISES = ("天合光能", "中天钢铁", "东方润安", "黑牡丹集团", "今创集团", "新城控股", "江南化工", "五洋纺机")
EMPLOYERS_EAST = ("常州天合光能有限公司", "江苏中天钢铁集团", "常州黑牡丹纺织", "武进高新区电子厂", "新北区精密机械厂")
WORKSHOPS = ("毛绒玩具社区工厂", "电子元件扶贫车间", "服装加工社区工厂", "手套加工扶贫车间")
PRODUCTS = ("富硒茶", "魔芋制品", "香菇木耳", "腊肉", "核桃", "富硒大米", "蜂蜜", "拐枣酒")
BUYERS = ("常州市总工会", "武进区机关食堂", "常州天宁区商会", "江苏省常州中学", "常州苏果超市", "新北区消费扶贫馆")
PROJECT_PREFIX = "XZ"  # the demo's cooperation projects in the project library
PROJECT_KINDS = ("社区工厂", "茶园提升", "产业路", "魔芋基地", "香菇大棚")
PLUSH_2018 = 108
CONSUMPTION_2018 = Decimal("13800")  # 万元, the speech's 1.38 亿元
WAN = Decimal("0.01")


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add the cooperation year to the demo; return its summary for ``generate_demo``."""
    if not Region.objects.filter(code=CITY).exists():
        return ""
    counties = list(COUNTY_PAIRS)
    counties = [c for c in counties if Region.objects.filter(code=c.ljust(12, "0")).exists()]
    with transaction.atomic():
        partner_regions_load()
        if m.Pairing.objects.exists():
            if not replace:
                return "东西部协作：已有数据，未重新生成（加 --replace 替换）。"
            cooperation_delete()
        counts = _Builder(random.Random(seed), year, counties).build()
        record_event(
            action="bulk",
            model_label="cooperation.Pairing",
            object_pk="demo",
            object_repr=f"演示数据生成：常州—安康东西部协作 {year} 年",
            region_code=CITY,
            after=counts,
        )
        partner_users(DEMO_PASSWORD)
    return "东西部协作：" + "，".join(f"{k} {v}" for k, v in counts.items()) + "；东部账号 coop-cz（常州市）"


def cooperation_delete() -> None:
    """Delete every cooperation row and the demo's cooperation projects, set-based, without per-row audit events."""
    for model in (
        m.AgreementTarget,
        m.Agreement,
        m.AidFund,
        m.Exchange,
        m.Training,
        m.LabourRecord,
        m.Purchase,
        m.Investment,
        m.Donation,
        m.Meeting,
        m.VillageNeed,
        m.Pairing,
    ):
        model.objects.all()._raw_delete(model.objects.db)
    projects = Project.objects.filter(code__startswith=PROJECT_PREFIX)
    keys = projects.values("pk")
    Allocation.objects.filter(project__in=keys)._raw_delete(Allocation.objects.db)
    Project.villages.through.objects.filter(project__in=keys)._raw_delete(Project.objects.db)
    projects._raw_delete(Project.objects.db)


def _wan(value: float) -> Decimal:
    return Decimal(str(value)).quantize(WAN)


class _Builder:
    def __init__(self, rng: random.Random, year: int, counties: list[str]) -> None:
        self.rng, self.year, self.counties = rng, year, counties
        self.regions = {r.code: r for r in Region.objects.filter(level__in=("province", "prefecture", "county"))}
        self.counts: dict[str, int] = {}

    def count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n

    def person(self) -> str:
        return names.surname(self.rng) + names.given_name(self.rng, female=self.rng.random() < 0.4, birth_year=1978)

    def build(self) -> dict[str, int]:
        rng, _year = self.rng, self.year
        city = self.regions[CITY]
        east_city = self.regions[EAST_CITY]
        city_pairing = m.Pairing.objects.create(
            level=PairingLevel.CITY,
            east_region=east_city,
            east_party="常州市",
            west_region=city,
            west_party="安康市",
            start_year=2017,
            front_contact="常州市挂职干部工作组",
            back_contact="安康市苏陕协作办",
        )
        pairings = {CITY: city_pairing}
        county_pairings = []
        for code in self.counties:
            west = self.regions[code.ljust(12, "0")]
            east = self.regions[COUNTY_PAIRS[code].ljust(12, "0")]
            county_pairings.append(
                m.Pairing(
                    level=PairingLevel.COUNTY,
                    east_region=east,
                    east_party=f"常州市{east.name}",
                    west_region=west,
                    west_party=west.name,
                    start_year=2017,
                    front_contact=self.person(),
                    front_phone=f"1390519{rng.randrange(1000, 9999)}",
                    back_contact=self.person(),
                    back_phone=f"1399155{rng.randrange(1000, 9999)}",
                )
            )
        for pairing in m.Pairing.objects.bulk_create(county_pairings):
            pairings[pairing.west_region_id] = pairing
        self.count("结对关系", 1 + len(county_pairings))
        self.small_pairings(pairings)
        self.agreements(pairings)
        for code in self.counties:
            pairing = pairings[code.ljust(12, "0")]
            self.funds(pairing, code)
            self.exchanges(pairing)
            self.trainings(pairing)
            self.purchases(pairing)
            self.investments(pairing)
            self.donations(pairing)
            self.meetings(pairing, level="county")
        self.meetings(city_pairing, level="city")
        self.labour(pairings)
        return self.counts

    def small_pairings(self, pairings: dict[str, m.Pairing]) -> None:
        rng, rows = self.rng, []
        for code in self.counties:
            county = pairings[code.ljust(12, "0")]
            east = county.east_region
            towns = list(Region.objects.filter(level="township", code__startswith=code).order_by("code")[:40])
            for town in rng.sample(towns, min(3, len(towns))):
                rows.append(
                    m.Pairing(
                        level=PairingLevel.TOWNSHIP,
                        east_region=east,
                        east_party=f"{east.name}{rng.choice(EAST_TOWNS)}",
                        west_region=town,
                        west_party=town.name,
                        start_year=2018,
                    )
                )
            villages = list(
                Region.objects.filter(level="village", code__startswith=code, name__endswith="村委会").order_by("code")
            )
            for index, village in enumerate(rng.sample(villages, min(len(villages), max(6, len(villages) // 12)))):
                kind = (PairingLevel.VILLAGE, PairingLevel.ENTERPRISE, PairingLevel.SOCIAL)[index % 3]
                party = {
                    PairingLevel.VILLAGE: f"{east.name}{rng.choice(EAST_TOWNS)}{rng.choice('东西南北')}村",
                    PairingLevel.ENTERPRISE: f"{rng.choice(ENTERPRISES)}有限公司",
                    PairingLevel.SOCIAL: f"常州市慈善总会{east.name}分会",
                }[kind]
                rows.append(
                    m.Pairing(
                        level=kind,
                        east_region=east,
                        east_party=party,
                        west_region=village,
                        west_party=village.short_name,
                        start_year=2018 if index % 4 else self.year,
                    )
                )
            rows.append(
                m.Pairing(
                    level=PairingLevel.SCHOOL,
                    east_region=east,
                    east_party=f"{east.name}实验小学",
                    west_region=county.west_region,
                    west_party=f"{county.west_party}城关小学",
                    start_year=2018,
                )
            )
            rows.append(
                m.Pairing(
                    level=PairingLevel.HOSPITAL,
                    east_region=east,
                    east_party=f"{east.name}人民医院",
                    west_region=county.west_region,
                    west_party=f"{county.west_party}人民医院",
                    start_year=2018,
                )
            )
        created = m.Pairing.objects.bulk_create(rows)
        needs = []
        for pairing in created:
            if pairing.level in (PairingLevel.VILLAGE, PairingLevel.ENTERPRISE, PairingLevel.SOCIAL):
                status = self.rng.choice((NeedStatus.DONE, NeedStatus.DONE, NeedStatus.MATCHED, NeedStatus.OPEN))
                need = self.rng.choice(("产业路硬化", "茶园提升改造", "社区工厂厂房", "村卫生室设备", "贫困学生助学"))
                needs.append(
                    m.VillageNeed(
                        year=self.year,
                        west_region=pairing.west_region,
                        pairing=pairings[pairing.west_region_id[:6].ljust(12, "0")],
                        need=need,
                        response="" if status == NeedStatus.OPEN else f"{pairing.east_party}出资帮扶，{need}已落实。",
                        status=status,
                        due_on=datetime.date(self.year, 9, 30),
                    )
                )
        m.VillageNeed.objects.bulk_create(needs)
        self.count("结对关系", len(created))
        self.count("村级需求", len(needs))

    def agreements(self, pairings: dict[str, m.Pairing]) -> None:
        year, rng = self.year, self.rng
        share = len(self.counties) / len(COUNTY_PAIRS)
        city = pairings[CITY]
        m.Agreement.objects.create(
            pairing=city,
            kind=AgreementKind.FRAMEWORK,
            title="常州市 安康市 东西部扶贫协作框架协议（2017—2020年）",
            signed_on=datetime.date(2017, 5, 12),
            tasks="产业合作、劳务协作、人才支援、资金支持、携手奔小康",
        )
        targets = []
        for code, pairing in pairings.items():
            is_city = code == CITY
            weight = share if is_city else 1 / len(COUNTY_PAIRS)
            late = not is_city and rng.random() < 0.2
            agreement = m.Agreement.objects.create(
                pairing=pairing,
                kind=AgreementKind.YEARLY,
                year=year,
                title=f"{pairing.east_party} {pairing.west_party} {year}年东西部扶贫协作协议",
                signed_on=datetime.date(year, 5 if late else 3, rng.randint(5, 28)),
                tasks="协作资金到位、项目开工、劳务输出、消费扶贫、干部人才交流",
                project_list="产业园区配套、社区工厂、村级产业路、茶园提升",
            )
            area = CITY[:4] if is_city else code[:6]
            people = Member.objects.filter(prefix_q("household__village_id", area)).count()
            goals = {
                Indicator.AID_FUNDS: 41000 * weight,
                Indicator.POOR_LABOUR_TRANSFERRED: max(10, round(people * 0.045)),
                Indicator.CONSUMPTION_SALES: 20000 * weight,
                Indicator.CADRES_EXCHANGED: max(2, round(40 * weight)),
                Indicator.PROFESSIONALS_EXCHANGED: max(5, round(180 * weight)),
                Indicator.PEOPLE_TRAINED: max(100, round(6000 * weight)),
                Indicator.ENTERPRISES_INVESTED: max(2, round(60 * weight)),
                Indicator.INVESTMENT_AMOUNT: 90000 * weight,
                Indicator.JOINT_MEETINGS: 4 if is_city else 2,
            }
            targets += [
                m.AgreementTarget(agreement=agreement, indicator=key, value=_wan(value)) for key, value in goals.items()
            ]
        m.AgreementTarget.objects.bulk_create(targets)
        self.count("协作协议", len(pairings) + 1)

    def funds(self, pairing: m.Pairing, code: str) -> None:
        rng, year, rows = self.rng, self.year, []
        villages = list(Region.objects.filter(level="village", code__startswith=code).order_by("code")[:200])
        projects = []
        for index in range(rng.randint(4, 7)):
            budget = _wan(rng.uniform(200, 900))
            village = rng.choice(villages)
            projects.append(
                Project(
                    code=f"{PROJECT_PREFIX}{year}-{code}-{index + 1:03d}",
                    name=f"{village.short_name}{rng.choice(PROJECT_KINDS)}项目",
                    type=ProjectType.COOPERATION,
                    sector=Sector.AGRICULTURE,
                    region=village,
                    plan_year=year,
                    budget=budget * 10000,
                    responsible_unit=f"{pairing.west_party}苏陕协作办",
                    responsible_person=self.person(),
                    status=rng.choice((ProjectStatus.BUILDING, ProjectStatus.ACCEPTED, ProjectStatus.COMPLETED)),
                )
            )
        projects = Project.objects.bulk_create(projects)
        Allocation.objects.bulk_create(
            Allocation(
                project=p,
                source=FundSource.COOPERATION,
                amount=p.budget,
                date=datetime.date(year, 4, 20),
                document_no=f"安协发〔{year}〕{i + 1}号",
            )
            for i, p in enumerate(projects)
        )
        for previous in (year - 1, year):
            growth = 1.0 if previous == year else rng.uniform(0.7, 0.9)
            for project in projects:
                amount = _wan(float(project.budget) / 10000 * growth)
                spent = amount if previous < year else _wan(float(amount) * rng.choice((1, 1, 0.95, 0.7)))
                rows.append(
                    m.AidFund(
                        year=previous,
                        west_region=pairing.west_region,
                        pairing=pairing,
                        kind=FundKind.FISCAL,
                        source=f"常州市财政（{project.code[-3:]}批）",
                        amount=amount,
                        spent=spent,
                        received_on=datetime.date(previous, 4, 15),
                        project=project if previous == year else None,
                    )
                )
            rows.append(
                m.AidFund(
                    year=previous,
                    west_region=pairing.west_region,
                    pairing=pairing,
                    kind=FundKind.SOCIAL,
                    source=f"{pairing.east_party}社会帮扶",
                    amount=_wan(rng.uniform(150, 400)),
                    spent=Decimal("0"),
                    received_on=datetime.date(previous, 9, 1),
                )
            )
        m.AidFund.objects.bulk_create(rows)
        self.count("协作资金", len(rows))
        self.count("协作项目", len(projects))

    def exchanges(self, pairing: m.Pairing) -> None:
        rng, rows = self.rng, list[m.Exchange]()
        for _index in range(rng.randint(2, 4)):
            rows.append(
                self._exchange(
                    pairing, ExchangeKind.CADRE, Direction.TO_WEST, "挂职副县长" if not rows else "挂职协作办副主任"
                )
            )
        rows.append(self._exchange(pairing, ExchangeKind.CADRE, Direction.TO_EAST, f"{pairing.east_party}发改局挂职"))
        for _index in range(rng.randint(12, 24)):
            kind = rng.choice((ExchangeKind.TEACHER, ExchangeKind.DOCTOR, ExchangeKind.AGRONOMIST, ExchangeKind.OTHER))
            post = {"teacher": "县中学支教", "doctor": "县医院坐诊", "agronomist": "农技推广站", "other": "产业园区"}[
                kind
            ]
            direction = Direction.TO_WEST if rng.random() < 0.75 else Direction.TO_EAST
            rows.append(self._exchange(pairing, kind, direction, post))
        m.Exchange.objects.bulk_create(rows)
        self.count("挂职交流", len(rows))

    def _exchange(self, pairing: m.Pairing, kind: str, direction: str, post: str) -> m.Exchange:
        start = datetime.date(self.year, self.rng.choice((1, 3, 6, 9)), 1)
        months = 24 if kind == ExchangeKind.CADRE else self.rng.choice((3, 6, 12))
        end = datetime.date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)
        return m.Exchange(
            year=self.year,
            west_region=pairing.west_region,
            pairing=pairing,
            name=self.person(),
            kind=kind,
            direction=direction,
            home_unit=pairing.east_party if direction == Direction.TO_WEST else pairing.west_party,
            post=post,
            start_on=start,
            end_on=end - datetime.timedelta(days=1),
        )

    def trainings(self, pairing: m.Pairing) -> None:
        rng, rows = self.rng, []
        for index in range(rng.randint(4, 8)):
            kind = (TrainingKind.CADRE, TrainingKind.PROFESSIONAL, TrainingKind.LABOUR)[index % 3]
            people = rng.randint(40, 300)
            rows.append(
                m.Training(
                    year=self.year,
                    west_region=pairing.west_region,
                    pairing=pairing,
                    title=f"{pairing.west_party}{kind.label}第{index + 1}期",
                    kind=kind,
                    held_on=datetime.date(self.year, rng.randint(3, 11), rng.randint(1, 28)),
                    people=people,
                    poor_people=people // 2 if kind == TrainingKind.LABOUR else 0,
                )
            )
        m.Training.objects.bulk_create(rows)
        self.count("培训", len(rows))

    def purchases(self, pairing: m.Pairing) -> None:
        rng, rows = self.rng, []
        share = Decimal(1) / len(COUNTY_PAIRS)
        for year, total in ((self.year - 1, CONSUMPTION_2018 * share), (self.year, Decimal("21500") * share)):
            n = rng.randint(8, 14)
            weights = [rng.random() + 0.2 for _ in range(n)]
            amounts = [(total * Decimal(w / sum(weights))).quantize(WAN) for w in weights]
            amounts[-1] += total.quantize(WAN) - sum(amounts)
            for amount in amounts:
                rows.append(
                    m.Purchase(
                        year=year,
                        west_region=pairing.west_region,
                        pairing=pairing,
                        product=rng.choice(PRODUCTS),
                        buyer=rng.choice(BUYERS),
                        channel=rng.choice(list(Channel)),
                        amount=amount,
                        households=rng.randint(10, 200),
                        purchased_on=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    )
                )
        m.Purchase.objects.bulk_create(rows)
        self.count("消费扶贫", len(rows))

    def investments(self, pairing: m.Pairing) -> None:
        rng, rows = self.rng, []
        index = self.counties.index(pairing.west_region_id[:6])
        plush = PLUSH_2018 // len(COUNTY_PAIRS) + (1 if index < PLUSH_2018 % len(COUNTY_PAIRS) else 0)
        for number in range(plush):
            rows.append(
                m.Investment(
                    year=self.year - 1,
                    west_region=pairing.west_region,
                    pairing=pairing,
                    enterprise=f"{pairing.west_party}{rng.choice('恒华泰诚瑞丰')}毛绒玩具有限公司{number + 1}厂",
                    origin="江苏省",
                    industry="毛绒玩具",
                    amount=_wan(rng.uniform(80, 600)),
                    park=f"{pairing.west_party}毛绒玩具文创产业园",
                    park_kind=ParkKind.PARK,
                    poor_employed=rng.randint(5, 40),
                    started_on=datetime.date(self.year - 1, rng.randint(3, 12), 1),
                )
            )
        for number in range(rng.randint(3, 8)):
            rows.append(
                m.Investment(
                    year=self.year,
                    west_region=pairing.west_region,
                    pairing=pairing,
                    enterprise=f"{rng.choice(ENTERPRISES)}{pairing.west_party}分公司{number + 1}",
                    origin=pairing.east_party,
                    industry=rng.choice(("新材料", "食品加工", "电子元件", "毛绒玩具", "茶叶")),
                    amount=_wan(rng.uniform(500, 12000)),
                    park="常安新经济飞地园区" if rng.random() < 0.3 else f"{pairing.west_party}工业园区",
                    park_kind=ParkKind.ENCLAVE if rng.random() < 0.3 else ParkKind.PARK,
                    poor_employed=rng.randint(10, 120),
                    started_on=datetime.date(self.year, rng.randint(3, 10), 1),
                )
            )
        m.Investment.objects.bulk_create(rows)
        self.count("企业投资", len(rows))

    def donations(self, pairing: m.Pairing) -> None:
        rng = self.rng
        rows = [
            m.Donation(
                year=self.year,
                west_region=pairing.west_region,
                pairing=pairing,
                donor=rng.choice(ENTERPRISES) + "公益基金" if i % 2 else f"{pairing.east_party}红十字会",
                kind=DonationKind.MONEY if i % 3 else DonationKind.GOODS,
                amount=_wan(rng.uniform(5, 120)),
                purpose=rng.choice(("助学", "医疗救助", "产业发展", "冬季衣物")),
                received_on=datetime.date(self.year, rng.randint(1, 12), 10),
            )
            for i in range(rng.randint(3, 6))
        ]
        m.Donation.objects.bulk_create(rows)
        self.count("社会捐赠", len(rows))

    def meetings(self, pairing: m.Pairing, *, level: str) -> None:
        year, rows = self.year, []
        quarters = (3, 6, 9, 12) if level == "city" else (4, 10)
        for month in quarters:
            rows.append(
                m.Meeting(
                    year=year,
                    west_region=pairing.west_region,
                    pairing=pairing,
                    kind=MeetingKind.JOINT,
                    title=f"{pairing.east_party} {pairing.west_party} 东西部扶贫协作联席会议（{month}月）",
                    held_on=datetime.date(year, month, 20),
                    place=pairing.west_party if month in (3, 9) else pairing.east_party,
                    attendees="双方党政主要领导、协作办、挂职干部",
                    decisions="通报协作资金到位和项目进展，部署下阶段劳务协作和消费扶贫。",
                )
            )
        if level == "city":
            for month, place in ((5, "常州市"), (8, "安康市")):
                rows.append(
                    m.Meeting(
                        year=year,
                        west_region=pairing.west_region,
                        pairing=pairing,
                        kind=MeetingKind.VISIT,
                        title=f"{place}党政代表团考察对接",
                        held_on=datetime.date(year, month, 15),
                        place=place,
                        attendees="市委、市政府主要领导",
                        decisions="签订产业合作项目，推进常安新经济飞地园区建设。",
                    )
                )
        m.Meeting.objects.bulk_create(rows)
        self.count("联席会议与互访", len(rows))

    def labour(self, pairings: dict[str, m.Pairing]) -> None:
        rng, year, rows = self.rng, self.year, []
        for code in self.counties:
            pairing = pairings[code.ljust(12, "0")]
            people = list(
                Member.objects.filter(prefix_q("household__village_id", code), birth_date__year__range=(1965, 2000))
                .order_by("pk")
                .values_list("pk", "id_number", "name", "household__village_id")[:4000]
            )
            for pk, id_number, name, village in rng.sample(people, min(len(people), max(20, len(people) // 12))):
                destination = rng.choice(
                    (Destination.EAST, Destination.LOCAL, Destination.WORKSHOP, Destination.WORKSHOP)
                )
                employer = {
                    Destination.EAST: rng.choice(EMPLOYERS_EAST),
                    Destination.LOCAL: f"{pairing.west_party}{rng.choice(ENTERPRISES)}分公司",
                    Destination.WORKSHOP: f"{pairing.west_party}{rng.choice(WORKSHOPS)}",
                }[destination]
                rows.append(
                    m.LabourRecord(
                        year=year,
                        west_region_id=village,
                        pairing=pairing,
                        id_number=id_number,
                        name=name,
                        destination=destination,
                        employer=employer,
                        months=rng.choice((2, 3, 5, 6, 8, 10, 12, 12)),
                        member_id=pk,
                    )
                )
            for number in range(4):  # people not in the registry: kept, never counted as poor
                birth = datetime.date(1985 + number, 3, 12)
                rows.append(
                    m.LabourRecord(
                        year=year,
                        west_region=pairing.west_region,
                        pairing=pairing,
                        id_number=make_id_number(code, birth, 900 + number),
                        name=self.person(),
                        destination=Destination.EAST,
                        employer=rng.choice(EMPLOYERS_EAST),
                        months=12,
                    )
                )
        m.LabourRecord.objects.bulk_create(rows)
        self.count("劳务协作", len(rows))


def partner_users(password: str) -> list[Any]:
    """The eastern side's cooperation office account (常州市), for the demo (``coop-cz``)."""
    user = User.objects.filter(username="coop-cz").first() or User(username="coop-cz")
    user.role = Role.COOPERATION
    user.region_id = EAST_CITY
    user.first_name = "常州市协作办"
    user.unit = "常州市对口支援和扶贫协作办公室"
    user.set_password(password)
    user.save()
    return [user]
