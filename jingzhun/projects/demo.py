"""Demo project year for Ankang (安康市): roads, drinking water, power and clinics, with their money.

The 2019 figures of the city's campaign: 3,205 projects (2,330 交通, 717 饮水安全, 51 电力,
107 卫生), 5,661 km of village roads and a funding need of 3.793 billion yuan, of which
not all is allocated (a funding gap). Scaled down with the registry demo (``--households``).
Each project follows a profile: most keep the milestones, some finish late, a few stall
(reports stop in mid-year) and a few are paid far ahead of their works. Progress reports
run every two weeks or so until the demo's date (31 December of the year); accepted
projects become assets, most with an upkeep record and public-welfare posts for poor
households. Deterministic: the same seed gives the same rows.

Rows are written in bulk (COPY on PostgreSQL) inside the caller's transaction, without
per-row audit events; one audit event records the load.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import SET_NULL, Max
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone

from jingzhun.accounts.choices import Sector
from jingzhun.core.audit import record_event
from jingzhun.core.bulk import insert_rows
from jingzhun.core.formatting import money
from jingzhun.core.regioncodes import code_at, pad_code, prefix_q
from jingzhun.projects.choices import MilestoneKey, ProjectStatus, ProjectType, default_milestone_dates
from jingzhun.projects.models import (
    Acceptance,
    Allocation,
    Asset,
    BudgetChange,
    Disbursement,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectBeneficiary,
    ProjectMilestone,
    UpkeepPost,
    UpkeepRecord,
)
from jingzhun.regions.models import Region
from jingzhun.registry.demo import calibration as cal
from jingzhun.registry.demo import names
from jingzhun.registry.models import Household

CITY_PROJECTS = {
    ProjectType.TRANSPORT: 2330,
    ProjectType.WATER: 717,
    ProjectType.POWER: 51,
    ProjectType.HEALTH: 107,
}
CITY_ROAD_KM = Decimal("5661")
CITY_NEED = Decimal("3793000000")  # 37.93 亿元
# Share of projects whose money is only partly allocated, and how much of it is.
PARTLY_FUNDED = 0.22
PARTLY_FUNDED_SHARE = (0.25, 0.75)
PROFILES = (
    ("on_time", 0.72),
    ("late", 0.13),
    ("very_late", 0.04),
    ("stalled", 0.07),
    ("money_ahead", 0.02),
    ("idle", 0.02),
)
SOURCE_WEIGHTS = {
    "central": 34,
    "provincial": 14,
    "city": 5,
    "county": 9,
    "integrated": 26,
    "cooperation": 6,
    "social": 2,
    "loan": 3,
    "self": 1,
}
TYPE_SECTOR = {
    ProjectType.TRANSPORT: Sector.TRANSPORT,
    ProjectType.WATER: Sector.WATER,
    ProjectType.POWER: Sector.POWER,
    ProjectType.HEALTH: Sector.HEALTH,
}
UNITS = {
    ProjectType.TRANSPORT: "{county}交通运输局",
    ProjectType.WATER: "{county}水利局",
    ProjectType.POWER: "国网{county}供电分公司",
    ProjectType.HEALTH: "{county}卫生健康局",
}


@dataclass
class ProjectDemoResult:
    projects: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    road_km: Decimal = Decimal(0)
    need: Decimal = Decimal(0)
    allocated: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    reports: int = 0
    beneficiaries: int = 0
    profiles: dict[str, int] = field(default_factory=dict)
    deleted: int = 0
    seconds: float = 0.0
    budget_changes: int = 0

    @property
    def gap(self) -> Decimal:
        return self.need - self.allocated

    def summary(self, year: int) -> str:
        """Return what was generated, in the words of the demo command's report."""
        return (
            f"  {year} 年项目 {self.projects:,} 个（"
            + "，".join(f"{ProjectType(k).label} {n:,}" for k, n in self.by_type.items())
            + f"），农村公路 {self.road_km:,.1f} 公里，进度报告 {self.reports:,} 条\n"
            f"  资金需求 {money(self.need)}，已下达 {money(self.allocated)}，"
            f"缺口 {money(self.gap)}，已拨付 {money(self.disbursed)}"
        )


def _counts(factor: float) -> dict[str, int]:
    return {kind: max(1, round(n * factor)) for kind, n in CITY_PROJECTS.items()}


def _scaled(total: Decimal, weights: list[float], places: str) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights``, rounded to ``places``, summing exactly to ``total``."""
    whole = sum(weights)
    parts = [(total * Decimal(w / whole)).quantize(Decimal(places)) for w in weights]
    if parts:
        parts[-1] += total - sum(parts)
    return parts


def projects_delete_region(prefix: str, using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete every project in the region ``prefix`` and what hangs off it, set-based, without signals."""
    projects = Project.objects.using(using).filter(prefix_q("region_id", prefix))
    count = projects.count()
    keys = projects.values("pk")
    UpkeepPost.objects.using(using).filter(record__asset__project__in=keys)._raw_delete(using)
    UpkeepRecord.objects.using(using).filter(asset__project__in=keys)._raw_delete(using)
    ProgressPhoto.objects.using(using).filter(report__project__in=keys)._raw_delete(using)
    for model in (
        Asset,
        Acceptance,
        ProgressReport,
        ProjectMilestone,
        BudgetChange,
        Disbursement,
        Allocation,
        ProjectBeneficiary,
    ):
        model.objects.using(using).filter(project__in=keys)._raw_delete(using)
    Project.villages.through.objects.using(using).filter(project__in=keys)._raw_delete(using)
    # Rows of other apps that point at a project and let go of it (on_delete=SET_NULL, e.g. aid funds).
    for relation in get_candidate_relations_to_delete(Project._meta):
        if relation.field.remote_field.on_delete is SET_NULL:
            relation.related_model._base_manager.using(using).filter(**{f"{relation.field.name}__in": keys}).update(
                **{relation.field.name: None}
            )
    projects._raw_delete(using)
    return count


BUDGET_CHANGE_REASONS = (
    "设计变更，增加挡墙与排水工程",
    "建材价格上涨，按审计意见调增",
    "受益范围扩大，新增入户管网",
    "地质条件复杂，增加边坡防护",
    "工程量核减，按结算调减",
)


def budget_changes_demo(*, seed: int, count: int = 12) -> int:
    """Request budget changes on a few demo projects through the workflow and decide most of them.

    Pending ones wait in the county and city offices' to-do lists; each project's page shows
    the requests with their history. Written through the services (the start and decision
    steps are logged), by the system account, after the bulk load.
    """
    from jingzhun.accounts.choices import Role
    from jingzhun.accounts.models import User
    from jingzhun.projects.services import budget_change_decide, budget_change_request

    system = User(username="system", role=Role.ADMIN)  # unsaved: logged as "system"
    rng = random.Random(f"{seed}:budget-changes")
    keys = list(
        Project.objects.filter(prefix_q("region_id", cal.CITY_PREFIX)).order_by("code").values_list("pk", flat=True)
    )
    picked = sorted(rng.sample(keys, min(count, len(keys))))
    for index, project in enumerate(Project.objects.filter(pk__in=picked).order_by("code")):
        share = Decimal(rng.choice((-4, 5, 8, 10, 12, 15))) / 100
        amount = (project.budget * share).quantize(Decimal("1000")) or Decimal(1000)
        reason = BUDGET_CHANGE_REASONS[4] if amount < 0 else rng.choice(BUDGET_CHANGE_REASONS[:4])
        change = budget_change_request(user=system, project=project, amount=amount, reason=reason)
        if index % 3 == 0:
            continue  # pending: waits for the county or the city office
        approve = index % 3 == 1 or amount < 0
        note = "" if approve else "请补充设计变更批复后重新申请"
        budget_change_decide(user=system, change=change, approve=approve, on=timezone.localdate(), note=note)
    return len(picked)


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add the project year to the Ankang demo (city scale only); return its summary for ``generate_demo``."""
    if scale != "city":
        return ""
    return projects_demo_generate(households=households, seed=seed, year=year, replace=replace).summary(year)


def projects_demo_generate(
    *,
    households: int | None = None,
    seed: int = 2017,
    year: int = cal.DEFAULT_YEAR,
    replace: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> ProjectDemoResult:
    """Generate the project year of the Ankang demo and return what was written.

    ``households`` scales the project counts and money like the registry demo (None = the
    full city). Raise ValueError if the city already has projects and ``replace`` is false.
    """
    started = time.perf_counter()
    prefix = cal.CITY_PREFIX
    result = ProjectDemoResult()
    factor = 1.0 if households is None else min(1.0, households / cal.CITY_HOUSEHOLDS)
    with transaction.atomic(using=using):
        if Project.objects.using(using).filter(prefix_q("region_id", prefix)).exists():
            if not replace:
                raise ValueError("安康市已有项目数据；如需替换，请加 --replace。")
            result.deleted = projects_delete_region(prefix, using)
        builder = _Builder(seed=seed, year=year, factor=factor, using=using, result=result)
        builder.build()
        builder.write()
        if using == DEFAULT_DB_ALIAS:
            result.budget_changes = budget_changes_demo(seed=seed)
        result.seconds = time.perf_counter() - started
        record_event(
            action="bulk",
            model_label="projects.Project",
            object_pk="demo",
            object_repr=f"演示数据生成：安康市 {year} 年项目 {result.projects} 个",
            region_code=pad_code(prefix),
            after={"projects": result.projects, "reports": result.reports, "seed": seed, "year": year},
            reason="generate_demo",
        )
    return result


class _Builder:
    def __init__(self, *, seed: int, year: int, factor: float, using: str, result: ProjectDemoResult) -> None:
        self.seed, self.year, self.factor, self.using, self.result = seed, year, factor, using, result
        self.rng = random.Random(f"{seed}:projects")
        self.as_of = datetime.date(year, 12, 31)
        self.now = timezone.now()
        self.rows: dict[type, list[tuple[Any, ...]]] = {}
        self.next_id: dict[type, int] = {}
        rows = list(
            Region.objects.using(using)
            .filter(code__startswith=cal.CITY_PREFIX, level__in=("county", "township", "village"))
            .values_list("code", "name", "level")
        )
        self.county_names = {c[:6]: n for c, n, lv in rows if lv == "county"}
        self.township_names = {c[:9]: (c, n) for c, n, lv in rows if lv == "township"}
        self.village_names = {c: n for c, n, lv in rows if lv == "village"}
        homes: dict[str, list[int]] = {}
        for pk, village in (
            Household.objects.using(using)
            .filter(prefix_q("village_id", cal.CITY_PREFIX))
            .order_by("pk")
            .values_list("pk", "village_id")
        ):
            homes.setdefault(village, []).append(pk)
        self.homes = homes
        # Projects go where the poor households are; without a registry, to every village.
        self.villages = sorted(homes) or sorted(self.village_names)
        self.weights = [len(homes.get(v, [])) + 5 for v in self.villages]

    def _id(self, model: type) -> int:
        if model not in self.next_id:
            self.next_id[model] = (model.objects.using(self.using).aggregate(top=Max("id"))["top"] or 0) + 1
        value = self.next_id[model]
        self.next_id[model] += 1
        return value

    def _add(self, model: type, row: tuple[Any, ...]) -> None:
        self.rows.setdefault(model, []).append(row)

    def build(self) -> None:
        counts = _counts(self.factor)
        kinds = [kind for kind, n in counts.items() for _i in range(n)]
        self.rng.shuffle(kinds)
        places = self.rng.choices(self.villages, weights=self.weights, k=len(kinds))
        road_weights = [self.rng.uniform(0.6, 4.4) for kind in kinds if kind == ProjectType.TRANSPORT]
        km = iter(_scaled((CITY_ROAD_KM * Decimal(self.factor)).quantize(Decimal("0.1")), road_weights, "0.01"))
        specs = []
        for index, (kind, village) in enumerate(zip(kinds, places, strict=True)):
            rng = random.Random(f"{self.seed}:project:{index}")
            specs.append(self._spec(rng, index, kind, village, next(km) if kind == ProjectType.TRANSPORT else None))
        budgets = _scaled(
            (CITY_NEED * Decimal(self.factor)).quantize(Decimal("100")), [s["cost"] for s in specs], "100"
        )
        for spec, budget in zip(specs, budgets, strict=True):
            spec["budget"] = budget
            self._project(spec)

    def _spec(self, rng: random.Random, index: int, kind: str, village: str, km: Decimal | None) -> dict[str, Any]:
        county = village[:6]
        township_code, township_name = self.township_names.get(village[:9], (code_at(village, "township"), ""))
        village_name = _short(self.village_names.get(village, ""))
        served = [village]
        region = village
        if kind == ProjectType.TRANSPORT:
            cost = float(km or 1) * rng.uniform(420_000, 560_000)
            name = f"{village_name}通村组道路硬化工程（{km}公里）"
        elif kind == ProjectType.WATER:
            cost = rng.lognormvariate(13.9, 0.5)
            extra = [v for v in self.villages if v[:9] == village[:9] and v != village]
            served += rng.sample(extra, min(len(extra), rng.choice((0, 0, 1, 2))))
            region = village if len(served) == 1 else township_code
            name = f"{village_name if len(served) == 1 else township_name}安全饮水巩固提升工程"
        elif kind == ProjectType.POWER:
            cost = rng.uniform(3_500_000, 5_500_000)
            extra = [v for v in self.villages if v[:9] == village[:9] and v != village]
            served += rng.sample(extra, min(len(extra), rng.randint(1, 4)))
            region = township_code
            name = f"{township_name}农村电网改造升级工程"
        else:
            cost = rng.uniform(1_300_000, 2_300_000)
            name = f"{village_name}标准化村卫生室建设"
        profile = rng.choices([p for p, _w in PROFILES], weights=[w for _p, w in PROFILES])[0]
        return {
            "rng": rng,
            "index": index,
            "kind": kind,
            "county": county,
            "region": region,
            "villages": served,
            "km": km,
            "cost": cost,
            "name": name,
            "profile": profile,
        }

    def _project(self, spec: dict[str, Any]) -> None:
        rng: random.Random = spec["rng"]
        kind, profile, budget = spec["kind"], spec["profile"], spec["budget"]
        year = self.year
        pk = self._id(Project)
        county_name = self.county_names.get(spec["county"], "")
        code = f"XM{year}-{spec['county']}-{spec['index'] + 1:05d}"
        planned = default_milestone_dates(year)
        day = lambda month, d: datetime.date(year, month, d)  # noqa: E731

        # The project's story: when it starts, when its main works end (None: not by the demo's date),
        # when reports stop, when it is accepted.
        prep = day(1, 10) + datetime.timedelta(days=rng.randint(0, 40))
        start = day(2, 18) + datetime.timedelta(days=rng.randint(0, 12))
        end: datetime.date | None = day(5, 20) + datetime.timedelta(days=rng.randint(0, 50))
        stop = self.as_of
        if profile == "late":
            start += datetime.timedelta(days=rng.randint(5, 30))
            end = day(7, 20) + datetime.timedelta(days=rng.randint(0, 100))
        elif profile == "very_late":
            prep = day(3, 1) + datetime.timedelta(days=rng.randint(0, 40))
            start = prep + datetime.timedelta(days=rng.randint(10, 40))
            end = None
        elif profile == "stalled":
            end = None
            stop = day(5, 1) + datetime.timedelta(days=rng.randint(0, 110))
        elif profile == "money_ahead":  # paid in full at the start, works far behind
            end = None
        elif profile == "idle":
            prep = start = None  # type: ignore[assignment]
            end = None
        accepted = None
        if end is not None:
            accepted = end + datetime.timedelta(days=rng.randint(15, 50))
            if accepted > self.as_of:
                accepted = None

        reports: list[tuple[datetime.date, int]] = []
        if start is not None:
            horizon = end or datetime.date(year, 12, 31)
            when = start + datetime.timedelta(days=rng.randint(3, 10))
            last = 0
            while when <= min(stop, self.as_of):
                if end is not None and when >= end:
                    reports.append((end, 100))
                    break
                share = (when - start).days / max(1, (horizon - start).days)
                if end is None and profile != "stalled":
                    share *= 0.45 if profile == "money_ahead" else 0.85
                percent = min(99, max(last, round(100 * share + rng.uniform(-4, 4))))
                if profile == "stalled":
                    percent = min(percent, 75)
                reports.append((when, percent))
                last = percent
                when += datetime.timedelta(days=rng.randint(10, 18))

        status = ProjectStatus.TENDERING if prep is None else ProjectStatus.BUILDING
        if reports and reports[-1][1] >= 100:
            status = ProjectStatus.COMPLETED
        if accepted is not None:
            status = ProjectStatus.ACCEPTED
        if profile == "idle":
            status = ProjectStatus.TENDERING
        person_rng = random.Random(f"{self.seed}:person:{spec['index']}")
        person = names.surname(person_rng) + names.given_name(
            person_rng, female=person_rng.random() < 0.2, birth_year=1975
        )
        people = sum(len(self.homes.get(v, [])) for v in spec["villages"]) * 3 + rng.randint(50, 600)
        self._add(
            Project,
            (
                pk,
                code,
                spec["name"],
                kind,
                "",
                TYPE_SECTOR[kind],
                spec["region"],
                year,
                spec["km"],
                people,
                1 if kind != ProjectType.TRANSPORT else None,
                {ProjectType.WATER: "处", ProjectType.POWER: "项", ProjectType.HEALTH: "间"}.get(kind, ""),
                budget,
                UNITS[kind].format(county=county_name),
                person,
                status,
                "",
                1,
                self.now,
                self.now,
            ),
        )
        for village in spec["villages"]:
            self._add(Project.villages.through, (pk, village))

        reached = {
            MilestoneKey.PREPARATION: prep,
            MilestoneKey.START: reports[0][0] if reports else None,
            MilestoneKey.MAIN_WORKS: end if end is not None and reports and reports[-1][1] >= 100 else None,
            MilestoneKey.ACCEPTANCE: accepted,
        }
        for key, due in planned.items():
            actual = reached[key]
            self._add(
                ProjectMilestone,
                (self._id(ProjectMilestone), pk, key, due, actual if actual and actual <= self.as_of else None),
            )

        reporter = UNITS[kind].format(county=county_name)
        for when, percent in reports:
            quantity = (spec["km"] * percent / 100).quantize(Decimal("0.01")) if spec["km"] is not None else None
            note = "主体完工" if percent >= 100 else ("按计划推进" if profile != "stalled" or when < stop else "")
            self._add(ProgressReport, (self._id(ProgressReport), pk, when, percent, quantity, note, reporter, self.now))
        self.result.reports += len(reports)

        # Money: one allocation per source early in the year; the partly funded keep a gap.
        funded = Decimal(1)
        if rng.random() < PARTLY_FUNDED:
            funded = Decimal(str(round(rng.uniform(*PARTLY_FUNDED_SHARE), 2)))
        sources = rng.sample(list(SOURCE_WEIGHTS), k=rng.choice((1, 2, 2, 3)))
        weights = [SOURCE_WEIGHTS[s] * rng.uniform(0.6, 1.4) for s in sources]
        amounts = _scaled((budget * funded).quantize(Decimal("100")), weights, "100")
        allocation_day = day(1, 5) + datetime.timedelta(days=rng.randint(0, 45))
        for source, amount in zip(sources, amounts, strict=True):
            if amount <= 0:
                continue
            number = f"安财农〔{year}〕{rng.randint(1, 80)}号"
            self._add(Allocation, (self._id(Allocation), pk, source, amount, allocation_day, number, "", self.now))
            self.result.allocated += amount

        # Payments follow the works: 30 % at the start, 30 % past 60 %, 30 % at completion, 10 % after acceptance.
        steps: list[tuple[datetime.date, Decimal]] = []
        if profile == "money_ahead" and reports:
            steps.append((reports[0][0], Decimal("0.9")))
        elif reports:
            steps.append((reports[0][0], Decimal("0.3")))
            past60 = next((d for d, p in reports if p >= 60), None)
            if past60:
                steps.append((past60, Decimal("0.3")))
            if reports[-1][1] >= 100:
                steps.append((reports[-1][0], Decimal("0.3")))
            if accepted:
                steps.append((accepted, Decimal("0.1")))
        voucher = 0
        for when, share in steps:
            when = max(when, allocation_day)
            if when > self.as_of:
                continue
            for source, amount in zip(sources, amounts, strict=True):
                paid = (amount * share).quantize(Decimal("0.01"))
                if paid <= 0:
                    continue
                voucher += 1
                self._add(
                    Disbursement,
                    (self._id(Disbursement), pk, source, paid, when, f"{code}-{voucher:02d}", "", self.now),
                )
                self.result.disbursed += paid

        # Beneficiaries: poor households of the served villages (a household may benefit from several projects).
        homes = [h for v in spec["villages"] for h in self.homes.get(v, [])]
        chosen = rng.sample(homes, min(len(homes), rng.randint(3, 25))) if homes else []
        for household in chosen:
            self._add(ProjectBeneficiary, (self._id(ProjectBeneficiary), pk, household, _HOW[kind]))
        self.result.beneficiaries += len(chosen)

        if accepted is not None:
            self._add(
                Acceptance, (self._id(Acceptance), pk, accepted, "passed", f"{county_name}{_ACCEPTORS[kind]}验收组", "")
            )
            asset_id = self._id(Asset)
            owner = f"{_short(self.village_names.get(spec['villages'][0], ''))}村集体经济合作社"
            value = sum(amounts, Decimal(0))
            self._add(Asset, (asset_id, pk, spec["name"].split("（")[0], owner, "村民委员会", value, accepted))
            if rng.random() < 0.85:
                record_id = self._id(UpkeepRecord)
                kept = min(self.as_of, accepted + datetime.timedelta(days=rng.randint(10, 90)))
                self._add(
                    UpkeepRecord, (record_id, asset_id, year, kept, _UPKEEP[kind], Decimal(rng.randint(20, 120) * 100))
                )
                for household in chosen[: rng.randint(0, 2)]:
                    post = _POSTS[kind]
                    self._add(
                        UpkeepPost,
                        (self._id(UpkeepPost), record_id, household, post, 12, Decimal(rng.choice((3600, 4800, 6000)))),
                    )

        self.result.projects += 1
        self.result.by_type[kind] = self.result.by_type.get(kind, 0) + 1
        self.result.profiles[profile] = self.result.profiles.get(profile, 0) + 1
        self.result.need += budget
        if spec["km"] is not None:
            self.result.road_km += spec["km"]

    def write(self) -> None:
        fields = {
            Project: (
                "id",
                "code",
                "name",
                "type",
                "type_note",
                "sector",
                "region_id",
                "plan_year",
                "scale_km",
                "people_served",
                "units",
                "unit_label",
                "budget",
                "responsible_unit",
                "responsible_person",
                "status",
                "note",
                "version",
                "created_at",
                "updated_at",
            ),
            Project.villages.through: ("project_id", "region_id"),
            ProjectMilestone: ("id", "project_id", "key", "planned_date", "actual_date"),
            ProgressReport: (
                "id",
                "project_id",
                "date",
                "percent",
                "quantity_done",
                "note",
                "reported_by",
                "created_at",
            ),
            Allocation: ("id", "project_id", "source", "amount", "date", "document_no", "note", "created_at"),
            Disbursement: ("id", "project_id", "source", "amount", "date", "voucher", "note", "created_at"),
            ProjectBeneficiary: ("id", "project_id", "household_id", "how"),
            Acceptance: ("id", "project_id", "date", "result", "inspectors", "note"),
            Asset: ("id", "project_id", "name", "owner", "maintainer", "value", "handed_over"),
            UpkeepRecord: ("id", "asset_id", "year", "date", "work", "cost"),
            UpkeepPost: ("id", "record_id", "household_id", "post", "months", "pay"),
        }
        for model, names_ in fields.items():
            rows = self.rows.get(model, [])
            if rows:
                insert_rows(model, names_, rows, using=self.using)
        connection = connections[self.using]
        models = [m for m in fields if m is not Project.villages.through]
        statements = connection.ops.sequence_reset_sql(no_style(), [*models, Project.villages.through])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
            if connection.vendor in ("postgresql", "sqlite"):
                for model in (Project, ProgressReport, ProjectMilestone, Disbursement, Allocation, ProjectBeneficiary):
                    cursor.execute("ANALYZE " + connection.ops.quote_name(model._meta.db_table))


def _short(name: str) -> str:
    for suffix, replacement in (("村委会", "村"), ("社区居委会", "社区"), ("居委会", "社区")):
        if name.endswith(suffix):
            return name[: -len(suffix)] + replacement
    return name


_HOW = {
    ProjectType.TRANSPORT: "通路出行、务工",
    ProjectType.WATER: "饮水安全",
    ProjectType.POWER: "生产生活用电",
    ProjectType.HEALTH: "就近就医",
}
_ACCEPTORS = {
    ProjectType.TRANSPORT: "交通运输局",
    ProjectType.WATER: "水利局",
    ProjectType.POWER: "发改局",
    ProjectType.HEALTH: "卫生健康局",
}
_UPKEEP = {
    ProjectType.TRANSPORT: "清理边沟、修补路面、清除塌方",
    ProjectType.WATER: "清洗蓄水池、检修管网、水质检测",
    ProjectType.POWER: "巡线、清理通道",
    ProjectType.HEALTH: "设备检修、房屋维护",
}
_POSTS = {
    ProjectType.TRANSPORT: "护路员",
    ProjectType.WATER: "管水员",
    ProjectType.POWER: "护线员",
    ProjectType.HEALTH: "保洁员",
}
