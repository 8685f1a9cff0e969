"""The demo's Changzhou–Ankang year against the 2019-01 speech, and the milestones of the cooperation year."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jingzhun.cooperation import models as m
from jingzhun.cooperation.alerts import milestone_alerts
from jingzhun.core.parameters import parameter_set

pytestmark = pytest.mark.django_db


def test_demo_holds_the_speech_figures(db):
    from jingzhun.cooperation.demo import demo_extend
    from jingzhun.cooperation.indicators import indicators_compute

    summary = demo_extend(scale="city", households=None, seed=2017, year=2019, replace=False)
    assert summary.startswith("东西部协作")
    values = {v.code: v for v in indicators_compute(prefix="6109", year=2018)}
    assert values["consumption_sales"].value == Decimal("13800.00")  # 线上线下销售 1.38 亿元
    plush = m.Investment.objects.filter(year=2018, industry="毛绒玩具").count()
    assert plush == 108  # 新增投产毛绒玩具企业 108 家
    city = {v.code: v for v in indicators_compute(prefix="6109", year=2019)}
    assert city["joint_meetings"].value >= 4  # 每季度一次联席会议
    assert city["aid_funds"].target is not None
    # Both sides see the same year: Changzhou measures what Ankang receives.
    changzhou = {v.code: v for v in indicators_compute(prefix="3204", year=2019)}
    assert changzhou["aid_funds"].value == city["aid_funds"].value
    # Deterministic and not repeated without --replace.
    assert "未重新生成" in demo_extend(scale="city", households=None, seed=2017, year=2019, replace=False)


def test_milestones_are_parameters(fund_factory, pairings, city_officer):
    fund = fund_factory("100", spent=Decimal("40"))
    queries = {"pairings": m.Pairing.objects.all(), "funds": m.AidFund.objects.all()}
    before = milestone_alerts(year=2019, today=datetime.date(2019, 4, 30), **queries)
    assert before == []
    in_may = milestone_alerts(year=2019, today=datetime.date(2019, 5, 1), **queries)
    assert {a.subject for a in in_may} == {str(pairings["hanbin"]), str(pairings["hanyin"])}
    m.Agreement.objects.create(
        pairing=pairings["hanbin"], kind="yearly", year=2019, title="协议", signed_on=datetime.date(2019, 4, 20)
    )
    late = milestone_alerts(year=2019, today=datetime.date(2019, 11, 1), **queries)
    messages = [(a.milestone, a.pk) for a in late]
    assert ("对接", pairings["hanyin"].pk) in messages and ("对接", pairings["hanbin"].pk) not in messages
    assert ("投产", fund.pk) in messages and ("见效", fund.pk) in messages
    parameter_set(
        user=city_officer,
        name="cooperation.milestones.effect",
        value=(11, 30),
        year_from=2019,
        source="测试",
        reason="推迟",
    )
    late = milestone_alerts(year=2019, today=datetime.date(2019, 11, 1), **queries)
    assert ("见效", fund.pk) not in [(a.milestone, a.pk) for a in late]
