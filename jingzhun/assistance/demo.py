"""Demo year of 驻村帮扶 for Ankang (安康市), standing on the demo registry.

The household helper fields of the registry demo are first moved to pairings (``legacy``:
units, paired cadres, pairings), then every village gets its helping unit (联村包抓) and
poor villages a resident work team (first secretary, leader, member; the largest villages of
the demo, see ``team_villages``) posted before the year — a few from 1 July; every poor
household left without a cadre is paired with one of its village.
The year of field work follows: each resident cadre has a profile of presence (most stay
well over 220 days, some fall short), official absences (mostly approved) and leave, a diary
on most days in the village, monthly visits to the paired households in the last quarter, a
survey of every household in November, the unit heads' village visits and plans.

The demo account ``helper`` belongs to 安康市财政局, which helps villages of 汉滨区; the
account ``village`` is the first secretary of its village. Deterministic; rows in bulk.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from jingzhun.accounts.models import User
from jingzhun.assistance.choices import PostingKind, PresenceKind, UnitLevel
from jingzhun.assistance.legacy import pairings_from_helper_fields
from jingzhun.assistance.models import (
    Assignment,
    Cadre,
    Diary,
    HelpingUnit,
    Nomination,
    Pairing,
    PlanItem,
    Posting,
    Presence,
    Survey,
    UnitPlan,
    UnitVisit,
    Visit,
    WorkGroup,
    WorkTeam,
)
from jingzhun.core.bulk import insert_rows
from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.regioncodes import prefix_q
from jingzhun.regions.models import Region, VillageYear
from jingzhun.registry.choices import STILL_POOR_STATUSES
from jingzhun.registry.demo import calibration as cal
from jingzhun.registry.demo import names
from jingzhun.registry.demo.vocabulary import mobile_phone
from jingzhun.registry.models import Household

HELPER_UNIT = "安康市财政局"
HELPER_COUNTY = "610902"
POSTS = (
    (PostingKind.FIRST_SECRETARY, "第一书记"),
    (PostingKind.LEADER, "工作队队长"),
    (PostingKind.MEMBER, "工作队队员"),
)
DIARY = (
    "走访贫困户，宣讲产业奖补政策",
    "召开村两委会议，研究村集体经济发展",
    "督促危房改造进度，核实住房安全",
    "协调解决饮水管道维修",
    "整理一户一档资料，更新帮扶手册",
    "组织公益岗人员开展环境整治",
    "对接社区工厂，推荐务工人员",
    "核查教育资助落实情况",
    "陪同镇上干部核实收入数据",
    "参加镇村干部培训",
)
PURPOSES = ("了解收入情况", "宣讲政策", "落实产业奖补", "核实住房安全", "帮办医疗报销", "推荐就业岗位")
NEEDS = ("希望解决产业资金", "需要技能培训", "孩子上学需要资助", "", "", "房屋需要维修", "")
MEASURES = ("发展产业（养殖）", "发展产业（种植）", "公益岗位", "技能培训", "社区工厂就业", "教育资助", "健康帮扶")
ASSISTANCE_MODELS = (
    Nomination,
    Survey,
    Visit,
    Diary,
    Presence,
    PlanItem,
    Pairing,
    Posting,
    UnitVisit,
    UnitPlan,
    WorkTeam,
    WorkGroup,
    Assignment,
    Cadre,
    HelpingUnit,
)


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Fill a year of assistance for the demo registry; return its summary for ``generate_demo``."""
    with transaction.atomic():
        if HelpingUnit.objects.exists() or Pairing.objects.exists():
            if not replace:
                return "驻村帮扶：已有数据，未生成（如需替换，请加 --replace）。"
            for through in (WorkTeam.members.through, WorkGroup.member_units.through, HelpingUnit.accounts.through):
                through.objects.all()._raw_delete(through.objects.db)  # type: ignore[attr-defined]
            for model in ASSISTANCE_MODELS:
                model.objects.all()._raw_delete(model.objects.db)  # type: ignore[attr-defined]
        return _Builder(seed=seed, year=year).build()


class _Builder:
    def __init__(self, *, seed: int, year: int) -> None:
        self.rng = random.Random(f"{seed}:assistance")
        self.year = year
        self.start = datetime.date(year, 1, 1)
        self.end = datetime.date(year, 12, 31)
        self.now = timezone.now()
        self.sequence = 0

    def ledger(self, *values: Any) -> tuple[Any, ...]:
        return (1, self.now, self.now, *values)

    def build(self) -> str:
        pairings_from_helper_fields(django_apps)
        poor = set(
            VillageYear.objects.filter(prefix_q("village_id", cal.CITY_PREFIX), year=self.year, is_poor_village=True)
            .filter(village__households__isnull=False)
            .values_list("village_id", flat=True)
            .distinct()
        )
        villages_with_households = set(
            Household.objects.filter(prefix_q("village_id", cal.CITY_PREFIX)).values_list("village_id", flat=True)
        )
        village_user = User.objects.filter(username="village").first()
        if village_user is not None and village_user.region_id in villages_with_households:
            poor.add(village_user.region_id)
        every_poor = set(
            VillageYear.objects.filter(
                prefix_q("village_id", cal.CITY_PREFIX), year=self.year, is_poor_village=True
            ).values_list("village_id", flat=True)
        )
        units = self.assignments(sorted(villages_with_households | every_poor), poor)
        cadres = self.teams(self.team_villages(poor, units, village_user), units, village_user)
        self.pair_the_rest()
        presences = self.presence(cadres)
        visits = self.visits()
        self.unit_work()
        self.nominations(cadres)
        helper = User.objects.filter(username="helper").first()
        if helper is not None:
            HelpingUnit.objects.get(name=HELPER_UNIT).accounts.add(helper)
        return (
            f"驻村帮扶：帮扶单位 {HelpingUnit.objects.count()} 个，包抓村 {Assignment.objects.count()} 个，"
            f"驻村干部 {len(cadres)} 名，结对 {Pairing.objects.count()} 户，考勤 {presences} 条，走访 {visits} 次。"
        )

    # Units and villages ---------------------------------------------------------------------

    def assignments(self, villages: list[str], poor: set[str]) -> dict[str, HelpingUnit]:
        """Pair every village with households with the unit most of its cadres come from."""
        by_village: dict[str, Counter[int]] = defaultdict(Counter)
        for village, unit in Cadre.objects.values_list("village_id", "unit_id"):
            by_village[village][unit] += 1
        units = {u.pk: u for u in HelpingUnit.objects.all()}
        helper_unit = HelpingUnit.objects.filter(name=HELPER_UNIT).first()
        if helper_unit is None:
            helper_unit = HelpingUnit.objects.create(
                name=HELPER_UNIT, level=UnitLevel.CITY, region_id=cal.CITY_PREFIX + "00000000"
            )
            units[helper_unit.pk] = helper_unit
        county_units: dict[str, HelpingUnit] = {}
        chosen: dict[str, HelpingUnit] = {}
        helper_villages = [v for v in villages if v.startswith(HELPER_COUNTY) and v in poor][:4]
        for village in villages:
            if village in helper_villages:
                chosen[village] = helper_unit
            elif by_village[village]:
                chosen[village] = units[by_village[village].most_common(1)[0][0]]
            else:
                county = village[:6] + "000000"
                if county not in county_units:
                    name = (
                        Region.objects.filter(code=county).values_list("name", flat=True).first() or ""
                    ) + "人民政府"
                    county_units[county], _created = HelpingUnit.objects.get_or_create(
                        name=name, defaults={"level": UnitLevel.COUNTY, "region_id": county}
                    )
                chosen[village] = county_units[county]
        HelpingUnit.objects.filter(name=HELPER_UNIT).update(head="王建国")
        Assignment.objects.bulk_create(
            Assignment(unit=helping, village_id=village, start_year=2016) for village, helping in chosen.items()
        )
        by_unit: dict[int, list[str]] = defaultdict(list)
        for village, helping in chosen.items():
            by_unit[helping.pk].append(village)
        lead = max(by_unit, key=lambda pk: len(by_unit[pk]))
        group = WorkGroup.objects.create(
            name="汉滨区脱贫攻坚工作团", region_id=HELPER_COUNTY + "000000", lead_unit_id=lead
        )
        group.member_units.set([pk for pk in by_unit if pk != lead][:8])
        return chosen

    def team_villages(self, poor: set[str], units: dict[str, HelpingUnit], village_user: Any) -> list[str]:
        """The poor villages with a resident team in the demo: the largest, one per 400 demo households.

        The demo registry samples households across the whole city, so most of its poor villages
        hold a handful of households; teams (and their year of daily attendance) go to the
        villages with the most, to the demo accounts' villages and to the helper's unit.
        """
        sizes = Counter(Household.objects.filter(village_id__in=poor).values_list("village_id", flat=True).iterator())
        total = sum(sizes.values())
        chosen = [v for v, _n in sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[: max(12, total // 400)]]
        chosen += [v for v, unit in units.items() if unit.name == HELPER_UNIT and v in poor]
        if village_user is not None and village_user.region_id in poor:
            chosen.append(village_user.region_id)
        return sorted(set(chosen))

    def teams(self, villages: list[str], units: dict[str, HelpingUnit], village_user: Any) -> list[Cadre]:
        """A resident team (first secretary, leader, member) for each poor village, with their postings."""
        new: list[Cadre] = []
        for village in villages:
            for kind, post in POSTS:
                female = self.rng.random() < 0.3
                birth = datetime.date(self.rng.randint(1965, 1992), self.rng.randint(1, 12), self.rng.randint(1, 28))
                self.sequence += 1
                new.append(
                    Cadre(
                        id_number=make_id_number(village[:6], birth, self.sequence % 999 + 1),
                        name=names.surname(self.rng) + names.given_name(self.rng, female=female, birth_year=birth.year),
                        unit=units[village],
                        village_id=village,
                        post=post,
                        phone=mobile_phone(self.rng),
                    )
                )
                new[-1].kind = kind  # type: ignore[attr-defined]
        kinds = [c.kind for c in new]  # type: ignore[attr-defined]
        Cadre.objects.bulk_create(new, batch_size=2000)
        cadres = list(Cadre.objects.filter(post__in=[p for _k, p in POSTS]).exclude(id_number="").order_by("pk"))
        postings, teams = [], []
        for cadre, kind in zip(cadres, kinds, strict=True):
            mid_year = self.rng.random() < 0.08
            start = datetime.date(self.year, 7, 1) if mid_year else datetime.date(self.year - 1, 3, 1)
            postings.append(Posting(cadre=cadre, village_id=cadre.village_id, kind=kind, start=start))
        Posting.objects.bulk_create(postings, batch_size=2000)
        by_village: dict[str, list[Cadre]] = defaultdict(list)
        for cadre in cadres:
            by_village[cadre.village_id].append(cadre)
        for village, team in by_village.items():
            teams.append(WorkTeam(village_id=village, unit=units[village], first_secretary=team[0], leader=team[1]))
        WorkTeam.objects.bulk_create(teams)
        through = WorkTeam.members.through
        team_ids = dict(WorkTeam.objects.values_list("village_id", "pk"))
        through.objects.bulk_create(through(workteam_id=team_ids[c.village_id], cadre_id=c.pk) for c in cadres)
        if village_user is not None and village_user.region_id in by_village:
            Cadre.objects.filter(pk=by_village[village_user.region_id][0].pk).update(user=village_user)
        return cadres

    def pair_the_rest(self) -> None:
        """Pair every poor household still without a cadre with a cadre of its village."""
        by_village: dict[str, list[int]] = defaultdict(list)
        for pk, village in Cadre.objects.values_list("pk", "village_id").order_by("pk"):
            by_village[village].append(pk)
        rows = []
        for pk, village in (
            Household.objects.filter(pairing__isnull=True, status__in=STILL_POOR_STATUSES)
            .values_list("pk", "village_id")
            .order_by("pk")
        ):
            if by_village[village]:
                rows.append(self.ledger(pk, self.rng.choice(by_village[village]), self.start))
        insert_rows(Pairing, ("version", "created_at", "updated_at", "household_id", "cadre_id", "start"), rows)

    # The year of field work -----------------------------------------------------------------

    def presence(self, cadres: list[Cadre]) -> int:
        postings = dict(Posting.objects.values_list("cadre_id", "start"))
        presences, diaries = [], []
        days = (self.end - self.start).days + 1
        for cadre in cadres:
            share = self.rng.uniform(0.42, 0.58) if self.rng.random() < 0.12 else self.rng.uniform(0.66, 0.82)
            diligence = self.rng.uniform(0.6, 1.0)
            first = max(postings[cadre.pk], self.start)
            for offset in range(days):
                day = self.start + datetime.timedelta(days=offset)
                if day < first:
                    continue
                r = self.rng.random()
                if r < share:
                    kind, approved = PresenceKind.PRESENT, False
                elif r < share + 0.05:
                    kind, approved = PresenceKind.OFFICIAL, self.rng.random() < 0.85
                elif r < share + 0.09:
                    kind, approved = PresenceKind.LEAVE, False
                else:
                    continue
                presences.append(self.ledger(cadre.pk, day, cadre.village_id, kind, approved, ""))
                if kind == PresenceKind.PRESENT and self.rng.random() < diligence:
                    diaries.append(self.ledger(cadre.pk, day, cadre.village_id, self.rng.choice(DIARY)))
        fields = ("version", "created_at", "updated_at")
        insert_rows(Presence, (*fields, "cadre_id", "date", "village_id", "kind", "approved", "note"), presences)
        insert_rows(Diary, (*fields, "cadre_id", "date", "village_id", "content"), diaries)
        return len(presences)

    def visits(self) -> int:
        fields = ("version", "created_at", "updated_at")
        visits, surveys, plans = [], [], []
        for household, cadre in Pairing.objects.values_list("household_id", "cadre_id").order_by("household_id"):
            diligent = self.rng.random() < 0.85
            for month in (10, 11, 12):
                if diligent or self.rng.random() < 0.3:
                    day = datetime.date(self.year, month, self.rng.randint(1, 28))
                    visits.append(
                        self.ledger(cadre, household, day, self.rng.choice(PURPOSES), "已帮办", self.rng.choice(NEEDS))
                    )
            surveys.append(
                self.ledger(
                    household,
                    datetime.date(self.year, 11, self.rng.randint(1, 28)),
                    self.rng.random() < 0.95,
                    self.rng.random() < 0.93,
                    "县第三方评估组",
                )
            )
            for measure in self.rng.sample(MEASURES, 2):
                done = self.rng.random() < 0.8
                plans.append(self.ledger(household, self.year, measure, done, self.end if done else None))
        insert_rows(Visit, (*fields, "cadre_id", "household_id", "date", "purpose", "done", "needs"), visits)
        insert_rows(Survey, (*fields, "household_id", "date", "knows_policy", "satisfied", "surveyor"), surveys)
        insert_rows(PlanItem, (*fields, "household_id", "year", "measure", "done", "done_on"), plans)
        return len(visits)

    def nominations(self, cadres: list[Cadre]) -> None:
        """A few nominations per award, at each step of their review (no step log: loaded, not taken)."""
        statuses = ("nominated", "reviewed", "awarded", "awarded", "rejected")
        rows = []
        for number, cadre in enumerate(self.rng.sample(cadres, min(len(cadres), 15))):
            kind = ("advanced", "friendship", "self_reliance")[number % 3]
            nominee = cadre.name if kind != "self_reliance" else names.surname(self.rng) + "某"
            rows.append(
                Nomination(
                    kind=kind,
                    year=self.year,
                    village_id=cadre.village_id,
                    nominee=nominee,
                    cadre=cadre,
                    reason="驻村期间带领群众发展产业，走访贫困户全覆盖。",
                    status=statuses[number % len(statuses)],
                )
            )
        Nomination.objects.bulk_create(rows)

    def unit_work(self) -> None:
        fields = ("version", "created_at", "updated_at")
        unit_visits, plans = [], []
        for unit, village in Assignment.objects.values_list("unit_id", "village_id").order_by("pk"):
            for month in range(1, 13):
                if self.rng.random() < 0.8:
                    day = datetime.date(self.year, month, self.rng.randint(1, 28))
                    unit_visits.append(self.ledger(unit, village, day, "单位主要负责人", "研究解决产业发展问题"))
            plans.append(
                self.ledger(
                    unit, village, self.year, "围绕产业、就业、基础设施制定帮扶方案", "任务书", self.rng.randint(2, 4)
                )
            )
        insert_rows(UnitVisit, (*fields, "unit_id", "village_id", "date", "visitor", "note"), unit_visits)
        insert_rows(UnitPlan, (*fields, "unit_id", "village_id", "year", "plan", "tasks", "four_ones_done"), plans)
