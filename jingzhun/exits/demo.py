"""Demo data of 退出程序: one county's 2019 procedures in progress and a verification round.

Written through the services and the workflow engine (every step logged with its date) by the
system account, after the registry demo: an official household evaluation of the county if it
has none, about thirty households at every step of the procedure (some closed, a village in
publicity with one objection, one roll-back), a village 出列 and the county 摘帽 under way, and
a sample verification round with its field results and measured rates.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.workflow import transition_run
from jingzhun.exits import services
from jingzhun.exits.choices import Category, Conclusion
from jingzhun.exits.models import CountyExit, ExitCase, Sample, SampleItem, VillageExit
from jingzhun.exits.standing import HOUSEHOLD, VILLAGE, passing_codes, standard_reason
from jingzhun.regions.models import CountyYear, Region
from jingzhun.registry.choices import STILL_POOR_STATUSES
from jingzhun.registry.demo.users import demo_evidence, demo_system_user
from jingzhun.registry.models import Household
from jingzhun.standards.choices import RunKind, RunStatus
from jingzhun.standards.models import EvaluationRun
from jingzhun.standards.services import evaluation_run, ruleset_in_force

CITY = "610900000000"
OBJECTORS = ("村民王某", "村民张某", "村民刘某")


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=timezone.get_current_timezone())


def _county() -> Region | None:
    """The demo county: 汉滨区 (where the demo accounts work) if it has households, else the largest."""
    counts: dict[str, int] = {}
    for village, n in Household.objects.in_region("6109").values_list("village_id").annotate(n=Count("pk")):
        counts[village[:6]] = counts.get(village[:6], 0) + n
    if not counts:
        return None
    code = "610902" if counts.get("610902") else max(sorted(counts), key=lambda c: counts[c])
    return Region.objects.filter(code=f"{code}000000").first()


def _official_run(county: Region, year: int, level: str) -> None:
    runs = EvaluationRun.objects.filter(level=level, year=year, kind=RunKind.OFFICIAL, status=RunStatus.DONE)
    if any(county.code.startswith(run.region_id.rstrip("0")) for run in runs):
        return
    ruleset = ruleset_in_force(year=year, region_code=county.code)
    if ruleset is not None:
        evaluation_run(
            user=None,
            ruleset=ruleset,
            level=level,
            year=year,
            region=county,
            official=True,
            note="演示数据：退出程序所依据的正式评估",
        )


def _delete(county: Region) -> int:
    cases = ExitCase.objects.in_region(county.prefix)
    count = cases.count()
    CountyExit.objects.filter(county=county).delete()
    Sample.objects.filter(county=county).delete()
    VillageExit.objects.in_region(county.prefix).delete()
    cases.delete()
    return count


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add one county's exit procedures and a verification round; return the summary line."""
    started = time.perf_counter()
    county = _county()
    if county is None:
        return ""
    with transaction.atomic():
        if ExitCase.objects.in_region(county.prefix).exists() or Sample.objects.filter(county=county).exists():
            if not replace:
                return f"退出程序：{county.name} 已有演示数据，未改动"
            _delete(county)
        _official_run(county, year, HOUSEHOLD)
        _official_run(county, year, VILLAGE)
        system = demo_system_user()
        rng = random.Random(f"{seed}:exits")
        cases = _procedures(system, county, year, rng)
        sample = _verification(system, county, year, rng)
    seconds = time.perf_counter() - started
    return f"退出程序：{county.name} {year} 年退出程序 {cases} 户，抽样核查 {sample} 户（{seconds:.1f} 秒）"


def _procedures(system: User, county: Region, year: int, rng: random.Random) -> int:
    candidates = list(
        Household.objects.in_region(county.prefix)
        .filter(status__in=STILL_POOR_STATUSES)
        .order_by("village_id", "code")
        .values_list("pk", "code", "village_id")
    )
    passing = passing_codes(level=HOUSEHOLD, year=year, codes=[code for _pk, code, _v in candidates])
    by_village: dict[str, list[int]] = {}
    for pk, code, village in candidates:
        if code in passing:
            by_village.setdefault(village, []).append(pk)
    # The demo village account's village (the first village of the first rural township) first, if it has candidates.
    township = (
        Region.objects.filter(level="township", code__startswith=county.prefix, name__endswith="镇")
        .order_by("code")
        .first()
    )
    first = (
        Region.objects.filter(level="village", parent=township, name__endswith="村委会").order_by("code").first()
        if township
        else None
    )
    ranked = sorted(by_village, key=lambda v: (-len(by_village[v]), v))[:3]
    if first is not None and first.code in by_village and first.code not in ranked:
        ranked.append(first.code)
    if not ranked:
        return 0
    # The village with most candidates closes its exits; the next is in publicity; the third at the early steps.
    plans = ((0, 12), (1, 10), (2, 8), (1, 6))
    total = 0
    for village, (stage, size) in zip(ranked, plans, strict=False):
        pks = sorted(rng.sample(by_village[village], min(size, len(by_village[village]))))
        households = list(Household.objects.filter(pk__in=pks).order_by("code"))
        cases = services.case_propose(
            user=system,
            households=households,
            year=year,
            meeting_on=datetime.date(year, 9, 20 + stage),
            attendance=rng.randint(35, 80),
            files=[demo_evidence("民主评议会议记录.pdf")],
        )
        total += len(cases)
        _advance(system, cases, stage, year, objection=len(ranked) > 1 and village == ranked[1])
    _regions(system, county, ranked[0], year)
    return total


def _advance(system: User, cases: list[ExitCase], index: int, year: int, *, objection: bool = False) -> None:
    """Village 0: closed (one rolled back); village 1: in publicity, one objection; village 2: early steps."""
    step = services.case_step
    if index == 2:
        step(user=system, cases=cases[:4], step="verify", note="村两委和驻村工作队入户核实", at=_at(year, 10, 8))
        step(
            user=system,
            cases=cases[:2],
            step="acknowledge",
            files=[demo_evidence("户认可签字表.pdf")],
            at=_at(year, 10, 12),
        )
        return
    step(
        user=system,
        cases=cases,
        step="verify",
        note="村两委和驻村工作队入户核实收入和“两不愁三保障”",
        at=_at(year, 10, 8),
    )
    step(user=system, cases=cases, step="acknowledge", files=[demo_evidence("户认可签字表.pdf")], at=_at(year, 10, 12))
    step(user=system, cases=cases, step="publicise", files=[demo_evidence("村内公示照片.pdf")], at=_at(year, 10, 15))
    if index == 1:
        if not objection:
            return
        case = cases[0]
        case.refresh_from_db()
        services.objection_record(
            user=system,
            case=case,
            raised_on=datetime.date(year, 10, 18),
            raised_by=OBJECTORS[0],
            content="反映该户家中有人在外务工收入未如实申报，不应算作已脱贫",
        )
        return
    # The township's review, by an unsaved account (no evidence files): the county's approval is another person's.
    township = User(username="system-township", role=Role.ADMIN, is_superuser=True)
    step(user=township, cases=cases, step="review", note="公示无异议，同意退出", at=_at(year, 10, 28))
    step(user=system, cases=cases, step="approve", files=[demo_evidence("县级退出公告.pdf")], at=_at(year, 11, 5))
    step(user=system, cases=cases, step="close", at=_at(year, 11, 20))
    back = ExitCase.objects.get(pk=cases[-1].pk)
    services.case_roll_back(user=system, case=back, reason="省级抽查发现该户主要劳动力因病失能，收入不稳定，退出回退")


def _regions(system: User, county: Region, village_code: str, year: int) -> None:
    village = Region.objects.get(code=village_code)
    village_exit = services.village_exit_apply(user=system, village=village, year=year, note="村两委申请出列")
    if standard_reason(level=VILLAGE, year=year, code=village.code) is None:
        transition_run(user=system, obj=village_exit, transition="review", note="乡镇审核通过", at=_at(year, 11, 10))
    county_exit = services.county_exit_apply(user=system, county=county, year=year, note="县委县政府申请摘帽")
    transition_run(user=system, obj=county_exit, transition="check", note="市级初审材料齐全", at=_at(year, 11, 25))


def _verification(system: User, county: Region, year: int, rng: random.Random) -> int:
    sample = services.sample_draw(user=system, county=county, year=year, round="省级第三方评估")
    items = list(SampleItem.objects.filter(sample=sample).select_related("household").order_by("position"))
    wrong = {items[i].pk for i in range(0, len(items), 97)}
    for item in items:
        item.people = item.household.size if item.household else 3
        if item.category == Category.EXITED and item.pk in wrong:
            item.conclusion = Conclusion.WRONG_EXIT
        else:
            item.conclusion = Conclusion.NORMAL
        item.recognised = rng.random() < 0.96
        item.aware = rng.random() < 0.92
    SampleItem.objects.bulk_update(items, ["people", "conclusion", "recognised", "aware"], batch_size=500)
    villages = sample.design.get("villages_drawn", [])
    extra: list[SampleItem] = []
    for index, village in enumerate(villages):
        for n in range(int(sample.design.get("non_registered", 0))):
            birth = datetime.date(1950 + (index * 7 + n * 3) % 45, 1 + n % 12, 1 + index % 28)
            extra.append(
                SampleItem(
                    sample=sample,
                    category=Category.NON_REGISTERED,
                    village_id=village,
                    id_number=make_id_number(village, birth, 500 + index * 10 + n),
                    position=len(items) + len(extra) + 1,
                    people=rng.randint(2, 6),
                    conclusion=Conclusion.MISSED if index == 0 and n == 0 else Conclusion.NORMAL,
                    aware=rng.random() < 0.85,
                )
            )
    SampleItem.objects.bulk_create(extra, batch_size=500)
    if CountyYear.objects.filter(county=county, year=year).exists():
        services.sample_apply(user=system, sample=sample)
    return len(items) + len(extra)
