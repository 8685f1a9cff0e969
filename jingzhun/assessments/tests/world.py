"""Sample rounds for the tests: Ankang's counties scored under the shipped quarterly scheme."""

from __future__ import annotations

import datetime
from decimal import Decimal

from jingzhun.assessments import services
from jingzhun.assessments.models import Adjustment, Entity, PeerGroup, Round, Score
from jingzhun.assessments.services import CITY_COUNTIES_GROUP, PROVINCE_QUARTERLY_SCHEME

# 汉滨 汉阴 石泉 宁陕 紫阳 岚皋 平利 镇坪 白河 旬阳
COUNTIES = [
    "610902000000",
    "610921000000",
    "610922000000",
    "610923000000",
    "610924000000",
    "610925000000",
    "610926000000",
    "610927000000",
    "610981000000",
    "610929000000",
]


def quarter_round(user, code, rows, *, previous=None, quarter=3, adjustments=(), publish=False) -> Round:
    """Create a round of the quarterly scheme: ``rows`` maps county code → (交叉检查, 月通报)."""
    schemes = services.defaults_install(user=user)
    round = services.round_create(
        user=user,
        code=code,
        name=f"2017年第{quarter}季度省考",
        scheme=schemes[PROVINCE_QUARTERLY_SCHEME],
        period=f"2017Q{quarter}",
        period_end=datetime.date(2017, quarter * 3, 28),
        group=PeerGroup.objects.get(code=CITY_COUNTIES_GROUP),
        previous=previous,
    )
    components = {c.code: c for c in round.scheme.components.all()}
    for county, (cross, bulletin) in rows.items():
        entity = Entity.objects.get(code=county)
        for key, value in (("cross_check", cross), ("monthly_bulletin", bulletin)):
            if value is not None:
                Score.objects.create(round=round, entity=entity, component=components[key], score=Decimal(str(value)))
    for county, item, points in adjustments:
        Adjustment.objects.create(
            round=round, entity=Entity.objects.get(code=county), item=item, points=Decimal(str(points))
        )
    if publish:
        round = services.round_publish(user=user, round=round)
    return round
