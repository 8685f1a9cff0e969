"""Demo data of return-to-poverty monitoring: risk events struck a few exited households, then the year's screening."""

from __future__ import annotations

import datetime
import random

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.workflow import transition_run
from jingzhun.monitoring.choices import EventKind
from jingzhun.monitoring.models import MonitoringObject, RiskEvent
from jingzhun.monitoring.services import monitoring_record, risk_event_save
from jingzhun.registry.choices import EXITED_STATUSES
from jingzhun.registry.models import Household

CITY_PREFIX = "6109"
EVENTS = {
    EventKind.ILLNESS: "户主确诊重大疾病，住院治疗自付费用较高",
    EventKind.DISASTER: "汛期暴雨引发山体滑坡，房屋和耕地受损",
    EventKind.ACCIDENT: "主要劳动力务工期间受伤，暂时无法务工",
    EventKind.DISABILITY: "家庭成员因病致残，需长期照护",
}
MEASURES = "落实临时救助；安排公益性岗位；申请特惠保理赔；产业奖补"


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Record risk events for about one exited household in a hundred, screen monthly, eliminate a third."""
    if scale != "city":
        return ""
    system = User(username="system", role=Role.ADMIN)  # unsaved: logged as "system"
    if replace:
        MonitoringObject.objects.filter(household__village__code__startswith=CITY_PREFIX).delete()
        RiskEvent.objects.filter(household__village__code__startswith=CITY_PREFIX).delete()
    rng = random.Random(f"{seed}:monitoring")
    exited = list(
        Household.objects.filter(village__code__startswith=CITY_PREFIX, status__in=EXITED_STATUSES)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    struck = rng.sample(exited, k=min(len(exited), max(1, len(exited) // 100)))
    kinds = list(EVENTS)
    events = sorted(
        (datetime.date(year, rng.randint(3, 10), rng.randint(1, 28)), pk, rng.choice(kinds)) for pk in struck
    )
    # Screened at each month's end from June (the half-year income figures), then monthly: the
    # month's sudden events are recorded before its screening, so each object has its month.
    objects: list[MonitoringObject] = []
    for month in range(6, 11):
        month_end = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
        for occurred, pk, kind in events:
            if (month == 6 and occurred <= month_end) or (occurred.month == month and month > 6):
                risk_event_save(
                    user=system,
                    event=RiskEvent(
                        household_id=pk,
                        kind=kind,
                        occurred_on=occurred,
                        loss=rng.randint(8, 120) * 500,
                        description=EVENTS[kind],
                    ),
                )
        objects += monitoring_record(user=system, year=year, prefix=CITY_PREFIX, on=month_end)
    helped = objects[::2]
    for obj in helped:
        obj.measures = MEASURES
    MonitoringObject.objects.bulk_update(helped, ["measures"])
    eliminated = objects[::3]
    last = datetime.date(year, 12, 20)
    for obj in eliminated:
        on = min(obj.identified_on + datetime.timedelta(days=rng.randint(20, 120)), last)
        transition_run(
            user=system,
            obj=obj,
            transition="eliminate",
            note="收入稳定，帮扶措施已落实，经入户核实风险消除",
            at=datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC),
        )
    return f"防返贫监测：突发事件 {len(struck)} 起，监测对象 {len(objects)} 户（风险已消除 {len(eliminated)} 户）"
