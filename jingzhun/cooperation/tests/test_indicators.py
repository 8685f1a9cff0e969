"""Every indicator of the cooperation year, measured from the ledgers, with the agreement's targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jingzhun.cooperation import models as m
from jingzhun.cooperation.indicators import indicators_compute, labour_transferred, region_asked
from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.parameters import parameter_set

pytestmark = pytest.mark.django_db

STRANGER = make_id_number("610902", datetime.date(1985, 3, 12), 901)  # not in the registry


def values(prefix, year=2019):
    return {v.code: v for v in indicators_compute(prefix=prefix, year=year)}


def labour(pairing, *, id_number, months, destination="east", employer="常州某厂", member=None, year=2019):
    return m.LabourRecord.objects.create(
        year=year,
        west_region=member.household.village if member else pairing.west_region,
        pairing=pairing,
        id_number=id_number,
        name="某人",
        destination=destination,
        employer=employer,
        months=months,
        member=member,
    )


def test_aid_funds_and_growth(fund_factory):
    fund_factory("100", year=2018)
    fund_factory("150.50", year=2019)
    fund_factory("49.50", year=2019, kind="social", source="社会帮扶")
    fund_factory("999", year=2019, pairing="hanyin")  # another county
    result = values("610902")
    assert result["aid_funds"].value == Decimal("200.00")
    assert result["aid_funds_growth"].value == Decimal("100.00")


def test_growth_is_empty_without_a_previous_year(fund_factory):
    fund_factory("100", year=2019)
    assert values("610902")["aid_funds_growth"].value is None


def test_labour_counts_registered_poor_people_employed_long_enough(pairings, household_factory, hanbin_village):
    from jingzhun.registry.models import Member

    household = household_factory(hanbin_village, members=3)
    first, second, third = Member.objects.filter(household=household).order_by("code")
    pairing = pairings["hanbin"]
    labour(pairing, id_number=first.id_number, months=3, member=first)  # counts (3 ≥ 3)
    labour(pairing, id_number=first.id_number, months=6, member=first, destination="workshop", employer="社区工厂")
    labour(pairing, id_number=second.id_number, months=2, member=second)  # under 3 months
    labour(pairing, id_number=STRANGER, months=12)  # not in the registry
    labour(pairing, id_number=third.id_number, months=12, member=third, year=2018)  # another year
    result = labour_transferred("610902", 2019)
    assert result["total"] == 1  # the same person counts once
    assert result["east"] == 1 and result["workshop"] == 1 and result["local"] == 0
    assert values("610902")["poor_labour_transferred"].value == 1


def test_labour_threshold_is_a_parameter(pairings, household_factory, hanbin_village, city_officer):
    from jingzhun.registry.models import Member

    household = household_factory(hanbin_village, members=2)
    first, second = Member.objects.filter(household=household).order_by("code")
    labour(pairings["hanbin"], id_number=first.id_number, months=2, member=first)
    labour(pairings["hanbin"], id_number=second.id_number, months=4, member=second)
    assert labour_transferred("610902", 2019)["total"] == 1
    parameter_set(
        user=city_officer,
        name="cooperation.labour_min_months",
        value=5,
        year_from=2019,
        source="测试",
        reason="提高标准",
    )
    assert labour_transferred("610902", 2019)["total"] == 0


def test_a_labour_row_finds_the_registered_person_by_id_number(pairings, household_factory, hanbin_village, coop_west):
    from jingzhun.core.services import ledger_save
    from jingzhun.registry.models import Member

    member = Member.objects.filter(household=household_factory(hanbin_village)).get()
    row = m.LabourRecord(
        year=2019,
        west_region=hanbin_village,
        id_number=member.id_number.lower(),
        name=member.name,
        destination="local",
        employer="本地企业",
        months=4,
    )
    ledger_save(user=coop_west, instance=row)
    assert row.member == member
    stranger = m.LabourRecord(
        year=2019,
        west_region=hanbin_village,
        id_number=STRANGER,
        name="外来人员",
        destination="local",
        employer="本地企业",
        months=4,
    )
    ledger_save(user=coop_west, instance=stranger)
    assert stranger.member is None


def test_consumption_exchanges_training_investment(pairings):
    p = pairings["hanbin"]
    common = {"west_region": p.west_region, "pairing": p}
    m.Purchase.objects.create(year=2019, product="茶", buyer="工会", channel="online", amount=Decimal("12.5"), **common)
    m.Purchase.objects.create(year=2019, product="魔芋", buyer="食堂", channel="fair", amount=Decimal("7.5"), **common)
    m.Purchase.objects.create(year=2018, product="茶", buyer="工会", channel="online", amount=Decimal("100"), **common)
    for name, kind, start, end in (
        ("甲", "cadre", datetime.date(2018, 3, 1), datetime.date(2020, 2, 28)),  # posted across the year
        ("甲", "cadre", datetime.date(2019, 6, 1), None),  # the same person twice
        ("乙", "cadre", datetime.date(2017, 1, 1), datetime.date(2018, 12, 31)),  # gone before the year
        ("丙", "teacher", datetime.date(2019, 9, 1), datetime.date(2019, 12, 31)),
        ("丁", "doctor", datetime.date(2020, 1, 1), None),  # after the year
    ):
        m.Exchange.objects.create(
            year=start.year, name=name, kind=kind, direction="to_west", start_on=start, end_on=end, **common
        )
    m.Training.objects.create(year=2019, title="培训一", kind="labour", people=40, **common)
    m.Training.objects.create(year=2019, title="培训二", kind="cadre", people=25, **common)
    m.Investment.objects.create(year=2019, enterprise="甲公司", amount=Decimal("300"), **common)
    m.Investment.objects.create(year=2019, enterprise="乙公司", amount=Decimal("0"), **common)  # nothing invested
    result = values("610902")
    assert result["consumption_sales"].value == Decimal("20.00")
    assert result["cadres_exchanged"].value == 1
    assert result["professionals_exchanged"].value == 1
    assert result["people_trained"].value == 65
    assert result["enterprises_invested"].value == 1
    assert result["investment_amount"].value == Decimal("300.00")


def test_paired_villages_count_active_village_pairings(pairings, hanbin_village_2):
    from jingzhun.regions.models import Region

    assert values("610902")["paired_villages"].value == 1
    m.Pairing.objects.create(
        level="village",
        east_region=Region.objects.get(code="320412000000"),
        east_party="湖塘镇某村",
        west_region=hanbin_village_2,
        west_party="二村",
        start_year=2020,  # not yet in force
    )
    assert values("610902")["paired_villages"].value == 1
    assert values("610902", 2020)["paired_villages"].value == 2
    pairings["village"].active = False
    pairings["village"].save()
    assert values("610902")["paired_villages"].value == 0


def test_joint_meetings_are_those_of_the_region_itself(pairings):
    p = pairings["hanbin"]
    for month, kind in ((3, "joint"), (6, "visit"), (9, "work")):
        m.Meeting.objects.create(
            year=2019,
            west_region=p.west_region,
            pairing=p,
            kind=kind,
            title=f"{month}月会议",
            held_on=datetime.date(2019, month, 1),
        )
    assert values("610902")["joint_meetings"].value == 2  # the working meeting is not high-level
    assert values("320412")["joint_meetings"].value == 2  # the eastern side sees the same meetings
    assert values("6109")["joint_meetings"].value == 0  # the city held none itself


def test_targets_come_from_the_yearly_agreement(pairings, fund_factory):
    agreement = m.Agreement.objects.create(pairing=pairings["hanbin"], kind="yearly", year=2019, title="年度协议")
    m.AgreementTarget.objects.create(agreement=agreement, indicator="aid_funds", value=Decimal("150"))
    m.AgreementTarget.objects.create(agreement=agreement, indicator="joint_meetings", value=Decimal("2"))
    fund_factory("200")
    result = values("610902")
    assert result["aid_funds"].target == Decimal("150") and result["aid_funds"].met is True
    assert result["joint_meetings"].met is False
    assert result["consumption_sales"].target is None and result["consumption_sales"].met is None
    assert values("610902", 2020)["aid_funds"].target is None


def test_both_sides_measure_the_same_rows(fund_factory):
    fund_factory("100")
    fund_factory("30", pairing="hanyin")
    assert values("610902")["aid_funds"].value == Decimal("100.00")
    assert values("320412")["aid_funds"].value == Decimal("100.00")  # 武进区 helps 汉滨区
    assert values("320402")["aid_funds"].value == Decimal("30.00")  # 天宁区 helps 汉阴县
    assert values("3204")["aid_funds"].value == Decimal("130.00")  # 常州市


@pytest.mark.parametrize(
    ("typed", "prefix"), [("610900", "6109"), ("610902000000", "610902"), ("6109", "6109"), ("61x", None)]
)
def test_region_as_typed(typed, prefix):
    assert region_asked(typed) == prefix
