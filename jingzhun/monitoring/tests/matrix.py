"""The monitoring ledgers in the every-URL × every-persona matrix."""

import datetime

from tests.matrix import ledger_samples


def world_extend(world, personas):
    from jingzhun.monitoring.models import MonitoringObject, RiskEvent

    household = world["household"]
    event = RiskEvent.objects.create(
        household=household, kind="disaster", occurred_on=datetime.date(2019, 7, 1), description="洪灾"
    )
    obj = MonitoringObject.objects.create(
        household=household, year=2019, kind="sudden", reasons="disaster", identified_on=datetime.date(2019, 8, 1)
    )
    return {"risk_event": event, "monitoring_object": obj}


SAMPLES = [
    *ledger_samples("monitoring/objects/", "monitoring_object", api="monitoring/objects"),
    *ledger_samples("monitoring/events/", "risk_event", api="monitoring/events"),
]
