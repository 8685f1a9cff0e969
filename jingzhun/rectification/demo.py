"""Demo of 整改督办 for Ankang (安康市): the 2018 central-assessment feedback and its rectification.

Two inspections: the 2017 provincial cross-check (its county problems all closed in 2018)
and the 2018 central assessment fed back in early 2019 — shared problems of the whole city
routed to each county, each county's own problems, and household problems from the registry.
As at the demo's date (31 December of the year) most are closed (销号), some are done and
awaiting verification, some are open past their deadline; a few overdue ones are under
supervision (挂牌督办); one county repeats a problem closed after the 2017 check (屡改屡犯).
Then accountability records, the veto-risk register and two years of petitions (the
second up on the first, as the 2017-08 speech said). Deterministic: the same seed, the
same rows. Rows are written in bulk, with their workflow log; one audit event records the load.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from jingzhun.accounts.choices import Sector
from jingzhun.accounts.models import User
from jingzhun.core.audit import record_event
from jingzhun.core.models import TransitionLog
from jingzhun.core.regioncodes import prefix_q
from jingzhun.rectification.choices import (
    AccountabilityKind,
    Category,
    Level,
    Line,
    PetitionKind,
    ProblemStatus,
    RiskKind,
    RiskStatus,
    Source,
    SupervisionLevel,
)
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, Risk
from jingzhun.rectification.services import recurrence_mark
from jingzhun.regions.models import Region
from jingzhun.registry.demo import names
from jingzhun.registry.models import Household

CITY = "610900000000"
S = ProblemStatus

# (category, description, measures, line, sector, unit): the shared problems of the 2018 feedback.
SHARED = [
    (
        Category.IDENTIFICATION,
        "部分贫困户信息采集不准确，家庭人口、收入与实际不符，“两不愁三保障”指标填报随意。",
        "开展建档立卡数据“回头看”，逐户核对人口、收入和保障指标，做到账实相符。",
        Line.COUNTY,
        "",
        "脱贫攻坚指挥部办公室",
    ),
    (
        Category.ASSISTANCE,
        "产业帮扶措施“一刀切”，部分到户产业与群众意愿不符，带贫效果不明显。",
        "按户重新制定帮扶计划，完善新型经营主体带贫机制，建立到户产业台账。",
        Line.SECTOR,
        Sector.AGRICULTURE,
        "农业农村局",
    ),
    (
        Category.INFRASTRUCTURE,
        "部分村组道路、安全饮水工程建后管护不到位，存在损毁、断水现象。",
        "落实管护责任和管护经费，建立设施台账，限期修复损毁道路和饮水设施。",
        Line.SECTOR,
        Sector.WATER,
        "水利局",
    ),
    (
        Category.FUNDS,
        "扶贫资金拨付滞后，部分项目资金结余、沉淀时间较长。",
        "清理扶贫资金存量，加快项目实施和报账进度，按月通报资金支出。",
        Line.COUNTY,
        "",
        "财政局",
    ),
    (
        Category.CONDUCT,
        "部分帮扶干部入户走访不经常，对帮扶户情况不熟悉，存在形式主义问题。",
        "落实驻村工作队员在岗和入户走访制度，开展帮扶干部作风专项检查。",
        Line.HELPING_UNIT,
        "",
        "驻村联户扶贫工作队",
    ),
    (
        Category.EXIT,
        "个别已脱贫户收入来源单一、不稳定，存在返贫风险，退出程序资料不完整。",
        "对已脱贫户开展巩固提升，补齐退出程序资料，建立返贫监测预警机制。",
        Line.COUNTY,
        "",
        "脱贫攻坚指挥部办公室",
    ),
]

COUNTY_OWN = [
    (
        Category.RELOCATION,
        "易地扶贫搬迁安置点配套设施不完善，部分搬迁户后续产业就业措施不落实。",
        Line.SECTOR,
        Sector.HOUSING,
        "住建局",
    ),
    (
        Category.ASSISTANCE,
        "健康扶贫“一站式”结算落实不到位，个别贫困患者自付比例偏高。",
        Line.SECTOR,
        Sector.HEALTH,
        "卫健局",
    ),
    (
        Category.ASSISTANCE,
        "教育扶贫资助政策宣传不到位，个别贫困家庭学生未享受资助。",
        Line.SECTOR,
        Sector.EDUCATION,
        "教育局",
    ),
    (
        Category.IDENTIFICATION,
        "存在财政供养人员、有车辆商品房人员纳入建档立卡的问题。",
        Line.DISCIPLINE,
        "",
        "纪委监委",
    ),
    (Category.INFRASTRUCTURE, "部分贫困村通村道路安全防护设施缺失。", Line.SECTOR, Sector.TRANSPORT, "交通运输局"),
]

HOUSEHOLD_PROBLEMS = [
    (Category.IDENTIFICATION, "家庭人均纯收入计算有误，漏计务工收入。"),
    (Category.ASSISTANCE, "住房安全未落实，仍居住在危房中。"),
    (Category.ASSISTANCE, "家庭成员未参加城乡居民基本医疗保险。"),
    (Category.EXIT, "退出程序缺少户主签字确认和公示材料。"),
]

RISKS = [
    (RiskKind.AUDIT_DISCIPLINE, "审计发现扶贫项目资金违规使用", "县审计局", "审计局局长"),
    (RiskKind.FAKE_RESULTS, "个别村存在算账脱贫、数字脱贫苗头", "县脱贫攻坚指挥部办公室", "指挥部办公室主任"),
    (RiskKind.PROJECT_INCIDENT, "安置点挡土墙施工质量隐患", "县住建局", "住建局分管副局长"),
    (RiskKind.GROUP_PETITION, "搬迁户集体反映安置房分配问题", "镇人民政府", "镇长"),
    (RiskKind.NEGATIVE_MEDIA, "网络媒体反映贫困户危房改造补助未到位", "县委宣传部", "宣传部副部长"),
]

PETITION_TOPICS = [
    "反映未被纳入建档立卡贫困户",
    "反映危房改造补助未兑现",
    "反映低保评定不公",
    "反映易地搬迁安置房分配问题",
    "反映产业奖补资金未到位",
    "反映公益岗位工资拖欠",
    "反映村干部优亲厚友",
    "反映土地征收补偿问题",
]


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add the rectification demo to Ankang (city scale); return its summary for ``generate_demo``."""
    if scale != "city":
        return ""
    return rectification_demo_generate(households=households, seed=seed, year=year, replace=replace)


@transaction.atomic
def rectification_demo_generate(*, households: int | None, seed: int, year: int, replace: bool) -> str:
    if Inspection.objects.filter(prefix_q("region_id", "6109")).exists():
        if not replace:
            raise ValueError("安康市已有整改督办数据；如需替换，请加 --replace。")
        _delete()
    builder = _Builder(seed=seed, year=year, households=households)
    builder.build()
    record_event(
        action="bulk",
        model_label="rectification.Problem",
        object_pk="demo",
        object_repr=f"演示数据生成：整改问题 {builder.count['problems']} 个",
        region_code=CITY,
        after=builder.count,
        reason="generate_demo",
    )
    c = builder.count
    return (
        f"整改督办：检查批次 {c['inspections']} 个，整改问题 {c['problems']} 个（逾期 {c['overdue']} 个、"
        f"屡改屡犯 {c['recurrences']} 个、挂牌督办 {c['supervised']} 个），问责 {c['accountability']} 条，"
        f"一票否决风险 {c['risks']} 项，信访件 {c['petitions']} 件"
    )


def _delete() -> None:
    problems = Problem.objects.filter(prefix_q("region_id", "6109"))
    # The workflow log is append-only: it keeps the entries of the rows replaced.
    Accountability.objects.filter(prefix_q("region_id", "6109")).delete()
    problems.filter(parent__isnull=False).delete()
    problems.delete()
    Inspection.objects.filter(prefix_q("region_id", "6109")).delete()
    Risk.objects.filter(prefix_q("region_id", "6109")).delete()
    Petition.objects.filter(prefix_q("region_id", "6109")).delete()


class _Builder:
    def __init__(self, *, seed: int, year: int, households: int | None) -> None:
        self.rng = random.Random(f"{seed}:rectification")
        self.year = year
        self.as_of = min(datetime.date(year, 12, 31), timezone.localdate())
        self.counties = list(Region.objects.filter(level="county", code__startswith="6109").order_by("code"))
        self.city = Region.objects.get(code=CITY)
        self.actor = User.objects.filter(role="city").order_by("pk").first()
        self.county_users = {u.region_id: u for u in User.objects.filter(role="county")}
        self.logs: list[TransitionLog] = []
        self.content_type = ContentType.objects.get_for_model(Problem)
        self.count: dict[str, int] = {}
        self.scale = 1.0 if households is None else max(0.1, min(1.0, households / 20000))

    # -- helpers -----------------------------------------------------------------------------

    def at(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    def log(
        self, problem: Problem, name: str, label: str, source: str, target: str, day: datetime.date, note: str = ""
    ) -> None:
        user = self.county_users.get(problem.region_id[:6] + "000000") if name in ("begin", "submit") else self.actor
        self.logs.append(
            TransitionLog(
                content_type=self.content_type,
                object_id=str(problem.pk),
                object_repr=str(problem)[:200],
                transition=name,
                transition_label=label,
                from_state=source,
                to_state=target,
                user=user,
                user_name=user.username if user else "",
                at=self.at(day),
                note=note,
                region_code=problem.region_id,
            )
        )

    def history(self, problem: Problem) -> None:
        """The workflow log that brought ``problem`` to its state."""
        start = problem.inspection.date
        self.log(problem, "start", "交办", "", S.ASSIGNED, start, "检查反馈问题交办")
        if problem.status == S.ROUTED:
            self.log(problem, "route", "分解到县区", S.ASSIGNED, S.ROUTED, start, "分解到各县区")
            return
        if problem.status == S.ASSIGNED:
            return
        self.log(
            problem, "begin", "开始整改", S.ASSIGNED, S.RECTIFYING, start + datetime.timedelta(days=7), "制定整改方案"
        )
        if problem.status == S.RECTIFYING:
            return
        assert problem.done_on is not None
        self.log(problem, "submit", "报整改完成", S.RECTIFYING, S.SUBMITTED, problem.done_on, "已按整改措施完成整改")
        if problem.status == S.SUBMITTED:
            return
        assert problem.verified_on is not None
        self.log(problem, "verify", "验收通过", S.SUBMITTED, S.VERIFIED, problem.verified_on, "经实地核查，整改到位")
        if problem.status == S.CLOSED:
            assert problem.closed_on is not None
            self.log(problem, "close", "销号", S.VERIFIED, S.CLOSED, problem.closed_on, "")

    def finish(self, problem: Problem, outcome: str) -> None:
        """Set the dates and people of a problem that reached ``outcome`` (closed, late_closed, done, open)."""
        deadline = problem.deadline
        rng = self.rng
        if outcome in ("closed", "late_closed", "done"):
            if outcome == "late_closed":
                done = deadline + datetime.timedelta(days=rng.randint(5, 60))
            else:
                done = deadline - datetime.timedelta(days=rng.randint(3, 40))
            done = min(done, self.as_of - datetime.timedelta(days=20))
            problem.done_on = done
            problem.submitted_by = self.county_users.get(problem.region_id[:6] + "000000")
            if outcome == "done":
                problem.status = S.SUBMITTED
                return
            problem.verified_on = done + datetime.timedelta(days=rng.randint(3, 10))
            problem.verified_by = self.actor
            problem.closed_on = problem.verified_on + datetime.timedelta(days=rng.randint(1, 7))
            problem.status = S.CLOSED
        elif outcome == "open":
            problem.status = S.RECTIFYING
        else:
            problem.status = S.ASSIGNED

    def outcome(self) -> str:
        return self.rng.choices(["closed", "late_closed", "done", "open"], weights=[70, 12, 8, 10])[0]

    # -- the build --------------------------------------------------------------------------------

    def build(self) -> None:
        rng = self.rng
        feedback = datetime.date(self.year, 2, 20)
        earlier = Inspection.objects.create(
            code=f"SJ-{self.year - 2}",
            title=f"{self.year - 2}年度全省脱贫攻坚交叉考核反馈问题",
            source=Source.PROVINCIAL_CROSS,
            date=datetime.date(self.year - 1, 1, 15),
            region=self.city,
            team="省交叉考核第三组",
            document_number=f"陕脱贫办发〔{self.year - 1}〕8号",
            created_by=self.actor,
        )
        central = Inspection.objects.create(
            code=f"ZY-{self.year - 1}",
            title=f"{self.year - 1}年中央脱贫攻坚成效考核反馈问题",
            source=Source.CENTRAL,
            date=feedback,
            region=self.city,
            team="国务院扶贫开发领导小组考核组",
            document_number=f"陕脱贫发〔{self.year}〕3号",
            created_by=self.actor,
        )
        problems: list[Problem] = []
        # 2017 cross-check: each county's own problems, all closed in 2018.
        for i, county in enumerate(self.counties, start=1):
            if i == 2:  # the county that will repeat it (屡改屡犯)
                category, text, line, sector, unit = COUNTY_OWN[0]
            else:
                category, text, line, sector, unit = (
                    Category.OTHER,
                    "扶贫档案资料不规范，部分村“一户一档”资料缺失。",
                    Line.COUNTY,
                    "",
                    "脱贫攻坚指挥部办公室",
                )
            problem = self.problem(earlier, f"{i:02d}", county, category, text, "限期整改到位", line, sector, unit)
            problem.deadline = datetime.date(self.year - 1, 6, 30)
            self.finish(problem, "closed")
            problems.append(problem)
        # 2018 central assessment: shared problems routed to every county, then each county's own.
        number = 0
        for category, text, measures, line, sector, unit in SHARED:
            number += 1
            shared = self.problem(central, f"G{number:02d}", self.city, category, text, measures, line, sector, unit)
            shared.level = Level.CITY
            shared.status = S.ROUTED
            shared.deadline = datetime.date(self.year, 6, 30)
            problems.append(shared)
            for county in self.counties:
                child = self.problem(
                    central, f"G{number:02d}-{county.code[:6]}", county, category, text, measures, line, sector, unit
                )
                child.level = Level.CITY
                child.parent = shared
                child.deadline = shared.deadline
                self.finish(child, self.outcome())
                problems.append(child)
        for i, county in enumerate(self.counties):
            for j in range(2):
                category, text, line, sector, unit = COUNTY_OWN[(i + j) % len(COUNTY_OWN)]
                number += 1
                problem = self.problem(
                    central, f"X{number:02d}", county, category, text, "举一反三、全面整改", line, sector, unit
                )
                problem.deadline = datetime.date(self.year, rng.choice((5, 6, 8)), 30)
                # The first county repeats what the 2017 check found and it closed (屡改屡犯).
                if i == 1 and j == 0:
                    own = COUNTY_OWN[0]
                    problem.category, problem.description = own[0], "前次考核反馈已销号问题再次出现：" + own[1]
                    problem.line, problem.sector = own[2], own[3]
                self.finish(problem, self.outcome() if not (i == 1 and j == 0) else "open")
                problems.append(problem)
        sample = list(
            Household.objects.filter(prefix_q("village_id", "6109"))
            .order_by("code")
            .values_list("pk", "village_id")[::97][: max(6, round(40 * self.scale))]
        )
        for k, (household_id, village) in enumerate(sample):
            category, text = HOUSEHOLD_PROBLEMS[k % len(HOUSEHOLD_PROBLEMS)]
            number += 1
            region = Region(code=village)
            problem = self.problem(
                central, f"H{number:03d}", region, category, text, "逐户整改、对账销号", Line.COUNTY, "", "镇人民政府"
            )
            problem.level = Level.HOUSEHOLD
            problem.household_id = household_id
            problem.deadline = datetime.date(self.year, 4, 30)
            self.finish(problem, self.outcome())
            problems.append(problem)
        # Parents first (children point to them), then the rest.
        parents = [p for p in problems if p.status == S.ROUTED]
        Problem.objects.bulk_create(parents)
        for p in problems:
            if p.parent is not None:
                p.parent_id = p.parent.pk
        rest = Problem.objects.bulk_create([p for p in problems if p.status != S.ROUTED])
        stored = {(p.inspection_id, p.number): p for p in Problem.objects.filter(inspection__in=(earlier, central))}
        for p in problems:
            p.pk = stored[(p.inspection_id, p.number)].pk
            self.history(p)
        TransitionLog.objects.bulk_create(self.logs)
        recurrence_mark(problems=Problem.objects.filter(inspection=central))
        # 挂牌督办: the overdue open problems of the central feedback, the worst ones city-level.
        late = list(Problem.objects.filter(inspection=central).overdue(self.as_of).order_by("deadline", "number")[:8])
        for k, problem in enumerate(late):
            problem.supervision_level = SupervisionLevel.CITY if k < 3 else SupervisionLevel.COUNTY
            problem.supervising_leader = (
                rng.choice(("市委副书记", "副市长", "县委书记", "县长")) + names.surname(rng) + "某"
            )
            problem.special_case = k == 0
            problem.supervised_on = problem.deadline + datetime.timedelta(days=15)
        Problem.objects.bulk_update(late, ["supervision_level", "supervising_leader", "special_case", "supervised_on"])
        self.count.update(
            inspections=2,
            problems=len(rest),
            overdue=Problem.objects.filter(inspection=central).overdue(self.as_of).count(),
            recurrences=Problem.objects.filter(recurrence__gt=0).count(),
            supervised=len(late),
        )
        self.accountability(late)
        self.risks()
        self.petitions()

    def problem(
        self,
        inspection: Inspection,
        number: str,
        region: Region,
        category: str,
        text: str,
        measures: str,
        line: str,
        sector: str,
        unit: str,
    ) -> Problem:
        county_name = next((c.name for c in self.counties if c.code[:6] == region.code[:6]), "安康市")
        return Problem(
            inspection=inspection,
            number=number,
            level=Level.COUNTY,
            category=category,
            region_id=region.code,
            description=text,
            measures=measures,
            deadline=datetime.date(self.year, 6, 30),
            line=line,
            sector=sector,
            responsible_unit=(county_name if region.code != CITY else "市") + unit,
            responsible_person=names.surname(self.rng)
            + names.given_name(self.rng, female=self.rng.random() < 0.3, birth_year=1975),
            leader=names.surname(self.rng) + names.given_name(self.rng, female=False, birth_year=1968),
            created_by=self.actor,
        )

    def accountability(self, late: list[Problem]) -> None:
        rng = self.rng
        rows = []
        kinds = [
            AccountabilityKind.NOTICE,
            AccountabilityKind.INTERVIEW,
            AccountabilityKind.ADMONITION,
            AccountabilityKind.TRACE_BACK,
        ]
        for k, problem in enumerate(late[:4]):
            rows.append(
                Accountability(
                    problem=problem,
                    region_id=problem.region_id,
                    kind=kinds[k % len(kinds)],
                    person=names.surname(rng) + names.given_name(rng, female=False, birth_year=1972),
                    unit=problem.responsible_unit,
                    document_number=f"安纪发〔{self.year}〕{20 + k}号",
                    date=problem.deadline + datetime.timedelta(days=30),
                    note="整改逾期未完成，工作推进不力。",
                    created_by=self.actor,
                )
            )
        Accountability.objects.bulk_create(rows)
        self.count["accountability"] = len(rows)

    def risks(self) -> None:
        rng = self.rng
        rows = []
        for k, (kind, title, unit, owner) in enumerate(RISKS * 2):
            county = self.counties[(k * 3) % len(self.counties)]
            status = [RiskStatus.OPEN, RiskStatus.CONTROLLED, RiskStatus.RESOLVED][k % 3]
            found = datetime.date(self.year, 1 + (k * 2) % 11, 1 + k)
            rows.append(
                Risk(
                    kind=kind,
                    region=county,
                    title=f"{county.name}{title}",
                    owner=owner + names.surname(rng) + "某",
                    owner_unit=unit,
                    found_on=found,
                    status=status,
                    measures="建立专班，逐项制定化解措施，每周报告进展。",
                    resolved_on=found + datetime.timedelta(days=45) if status == RiskStatus.RESOLVED else None,
                    created_by=self.actor,
                )
            )
        Risk.objects.bulk_create(rows)
        self.count["risks"] = len(rows)

    def petitions(self) -> None:
        rng = self.rng
        villages = list(Region.objects.filter(level="village", code__startswith="6109").values_list("code", flat=True))
        households = dict(
            Household.objects.filter(prefix_q("village_id", "6109")).values_list("village_id", "pk")[:2000]
        )
        base = max(40, round(200 * self.scale))
        rows: list[Petition] = []
        seen: dict[str, datetime.date] = {}
        for year, total in ((self.year - 1, base), (self.year, round(base * 1.8))):
            for _i in range(total):
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
                if day > self.as_of:
                    continue
                repeat = rows and rng.random() < 0.12
                if repeat:
                    other = rng.choice(rows)
                    village, petitioner, household_id = other.region_id, other.petitioner, other.household_id
                else:
                    village = rng.choice(villages)
                    petitioner = names.surname(rng) + names.given_name(rng, female=rng.random() < 0.4, birth_year=1960)
                    household_id = households.get(village) if rng.random() < 0.5 else None
                group = rng.random() < 0.06
                resolved = rng.random() < (0.85 if day < self.as_of - datetime.timedelta(days=60) else 0.4)
                rows.append(
                    Petition(
                        received_on=day,
                        region_id=village,
                        household_id=household_id,
                        petitioner=petitioner,
                        phone=f"1{rng.choice('358')}{rng.randrange(10**9):09d}",
                        kind=PetitionKind.POVERTY if rng.random() < 0.7 else PetitionKind.OTHER,
                        is_group=group,
                        people=rng.randint(5, 30) if group else 1,
                        to_capital=rng.random() < 0.03,
                        content=rng.choice(PETITION_TOPICS),
                        handling="已转属地乡镇调查处理，按期答复。" if resolved else "正在调查核实。",
                        resolved=resolved,
                        resolved_on=day + datetime.timedelta(days=rng.randint(10, 60)) if resolved else None,
                        created_by=self.actor,
                    )
                )
        rows.sort(key=lambda p: (p.received_on, p.petitioner))
        for petition in rows:
            key = f"{petition.region_id}:{petition.petitioner}"
            petition.is_repeat = key in seen and seen[key] < petition.received_on
            seen.setdefault(key, petition.received_on)
        Petition.objects.bulk_create(rows)
        self.count["petitions"] = len(rows)
