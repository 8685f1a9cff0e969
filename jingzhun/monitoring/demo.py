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
    """Record risk events for about one exited household in a hundred, screen the demo year, eliminate a third."""
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
    for pk in struck:
        kind = rng.choice(kinds)
        risk_event_save(
            user=system,
            event=RiskEvent(
                household_id=pk,
                kind=kind,
                occurred_on=datetime.date(year, rng.randint(3, 10), rng.randint(1, 28)),
                loss=rng.randint(8, 120) * 500,
                description=EVENTS[kind],
            ),
        )
    objects = monitoring_record(user=system, year=year, prefix=CITY_PREFIX, on=datetime.date(year, 11, 20))
    helped = objects[::2]
    for obj in helped:
        obj.measures = MEASURES
    MonitoringObject.objects.bulk_update(helped, ["measures"])
    eliminated = objects[::3]
    on = datetime.datetime(year, 12, 20, 10, tzinfo=datetime.UTC)
    for obj in eliminated:
        transition_run(
            user=system, obj=obj, transition="eliminate", note="收入稳定，帮扶措施已落实，经入户核实风险消除", at=on
        )
    return f"防返贫监测：突发事件 {len(struck)} 起，监测对象 {len(objects)} 户（风险已消除 {len(eliminated)} 户）"
