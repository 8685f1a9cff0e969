"""The cooperation part of the access matrix: one row of every ledger, paired with an eastern district."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tests.matrix import ledger_samples

PREFIXES = (
    ("pairings", "coop_pairing"),
    ("agreements", "coop_agreement"),
    ("targets", "coop_target"),
    ("funds", "coop_fund"),
    ("exchanges", "coop_exchange"),
    ("trainings", "coop_training"),
    ("labour", "coop_labour"),
    ("purchases", "coop_purchase"),
    ("investments", "coop_investment"),
    ("donations", "coop_donation"),
    ("meetings", "coop_meeting"),
    ("needs", "coop_need"),
)


def world_extend(world, personas):
    from jingzhun.cooperation import models as m
    from jingzhun.cooperation.services import partner_regions_load
    from jingzhun.regions.models import Region

    partner_regions_load()
    village = world["village"]
    pairing = m.Pairing.objects.create(
        level="village",
        east_region=Region.objects.get(code="320412000000"),
        east_party="武进区湖塘镇某村",
        west_region=village,
        west_party=village.short_name,
        start_year=2018,
        front_phone="13905190000",
    )
    agreement = m.Agreement.objects.create(pairing=pairing, kind="yearly", year=2019, title="2019年度协议")
    common = {"year": 2019, "west_region": village, "pairing": pairing}
    member = world["member"]
    return {
        "coop_pairing": pairing,
        "coop_agreement": agreement,
        "coop_target": m.AgreementTarget.objects.create(agreement=agreement, indicator="aid_funds", value=100),
        "coop_fund": m.AidFund.objects.create(**common, kind="fiscal", source="常州市财政", amount=Decimal(50)),
        "coop_exchange": m.Exchange.objects.create(
            **common, name="王挂职", kind="cadre", direction="to_west", start_on=datetime.date(2019, 3, 1)
        ),
        "coop_training": m.Training.objects.create(**common, title="电商培训", kind="labour", people=30),
        "coop_labour": m.LabourRecord.objects.create(
            **common,
            id_number=member.id_number,
            name=member.name,
            destination="east",
            employer="常州某厂",
            months=6,
            member=member,
        ),
        "coop_purchase": m.Purchase.objects.create(
            **common, product="富硒茶", buyer="常州市总工会", channel="online", amount=Decimal(3)
        ),
        "coop_investment": m.Investment.objects.create(**common, enterprise="某毛绒玩具厂", amount=Decimal(200)),
        "coop_donation": m.Donation.objects.create(**common, donor="某基金会", kind="money", amount=Decimal(5)),
        "coop_meeting": m.Meeting.objects.create(
            **common, kind="joint", title="联席会议", held_on=datetime.date(2019, 6, 1)
        ),
        "coop_need": m.VillageNeed.objects.create(**common, need="产业路"),
    }


SAMPLES = [
    row
    for prefix, sample in PREFIXES
    for row in ledger_samples(f"cooperation/{prefix}/", sample, api=f"cooperation/{prefix}")
]
