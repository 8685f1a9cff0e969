"""Demo changes of the yearly cycle (动态调整) in the demo year, so the cycle's pages are not empty.

In the demo county (汉滨区 when it has households): the households identified in the demo
year get their 新识别纳入, and a few others return to poverty, leave the register (死亡, 迁出,
婚出, 服刑) or are removed as wrongly identified — each a dated step with a note and a file,
through the same services as the pages.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

from jingzhun.core.models import TransitionLog
from jingzhun.core.workflow import workflow_start
from jingzhun.registry.choices import EXITED_STATUSES, STILL_POOR_STATUSES, LeaveReason
from jingzhun.registry.cycle import household_leave, household_remove, household_return
from jingzhun.registry.demo.users import demo_evidence, demo_system_user
from jingzhun.registry.models import Household

LEAVES = (
    (LeaveReason.DEATH, "户主及唯一家庭成员去世，凭死亡证明销户"),
    (LeaveReason.MOVED_OUT, "全户户籍迁出本市"),
    (LeaveReason.MARRIED_OUT, "唯一成员婚出至外县"),
    (LeaveReason.PRISON, "唯一成员服刑"),
    (LeaveReason.DEATH, "老人去世，户内无其他成员"),
)


def _county_prefix() -> str | None:
    for prefix in ("610902", "6109"):
        if Household.objects.in_region(prefix).exists():
            return prefix
    return None


def _day(rng: random.Random, year: int) -> datetime.date:
    last = min(datetime.date(year, 12, 20), timezone.localdate())
    return datetime.date(year, 3, 1) + datetime.timedelta(
        days=rng.randrange(max((last - datetime.date(year, 3, 1)).days, 1))
    )


def demo_cycle(*, seed: int, year: int) -> str:
    """Write the demo year's cycle changes in the demo county; return the summary line (or "")."""
    prefix = _county_prefix()
    if prefix is None:
        return ""
    rng = random.Random(f"{seed}:cycle")
    system = demo_system_user()
    households = Household.objects.in_region(prefix).order_by("code")
    counts = dict.fromkeys(("identified", "returned", "left", "removed"), 0)
    with transaction.atomic():
        started = TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Household),
            transition="start",
            object_id=Cast(OuterRef("pk"), CharField()),  # the log keys objects by text (PostgreSQL asks the cast)
        )
        for household in households.filter(identification_year=year).exclude(Exists(started))[:40]:
            at = datetime.datetime.combine(_day(rng, year), datetime.time(10), tzinfo=timezone.get_current_timezone())
            workflow_start(user=system, obj=household, note="村民代表大会评议、乡镇审核、县级审定，新识别纳入", at=at)
            counts["identified"] += 1
        exited = list(households.filter(status__in=EXITED_STATUSES, exit_year__lt=year)[:400])
        for household in rng.sample(exited, min(6, len(exited))):
            household_return(
                user=system,
                household=household,
                on=_day(rng, year),
                note="因病支出骤增，人均纯收入低于当年扶贫标准，经评议认定返贫",
                files=[demo_evidence("返贫评议记录.pdf")],
            )
            counts["returned"] += 1
        poor = list(households.filter(status__in=STILL_POOR_STATUSES, size=1)[:400])
        chosen = rng.sample(poor, min(len(LEAVES) + 3, len(poor)))
        for household, (reason, note) in zip(chosen, LEAVES, strict=False):
            household_leave(
                user=system,
                household=household,
                reason=reason,
                on=_day(rng, year),
                note=note,
                files=[demo_evidence("情况证明.pdf")],
            )
            counts["left"] += 1
        for household in chosen[len(LEAVES) :]:
            household_remove(
                user=system,
                household=household,
                on=_day(rng, year),
                note="核查发现家庭有财政供养人员、在城镇购买商品房，不符合识别标准，经评议清退",
                files=[demo_evidence("清退核查记录.pdf")],
            )
            counts["removed"] += 1
    return (
        f"动态调整：{year} 年新识别 {counts['identified']} 户，返贫 {counts['returned']} 户，"
        f"自然减少 {counts['left']} 户，清退 {counts['removed']} 户"
    )
