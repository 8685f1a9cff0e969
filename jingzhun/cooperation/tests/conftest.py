"""Fixtures of the cooperation tests: the eastern partners on the map, a pairing of each level, users of both sides."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from conftest import ANKANG, HANBIN, HANYIN, make_user

WUJIN = "320412000000"  # 常州市武进区
TIANNING = "320402000000"  # 常州市天宁区
CHANGZHOU = "320400000000"


@pytest.fixture
def partners(db):
    from jingzhun.cooperation.services import partner_regions_load

    partner_regions_load()


@pytest.fixture
def coop_west(db):
    """The cooperation office of the receiving side: 汉滨区."""
    return make_user("coop-hanbin", "cooperation", HANBIN)


@pytest.fixture
def coop_city(db):
    return make_user("coop-ankang", "cooperation", ANKANG)


@pytest.fixture
def coop_east(partners):
    """The cooperation office of the helping side: 常州市武进区."""
    return make_user("coop-wujin", "cooperation", WUJIN)


@pytest.fixture
def coop_east_other(partners):
    """Another eastern district (天宁区), helping 汉阴县 only."""
    return make_user("coop-tianning", "cooperation", TIANNING)


@pytest.fixture
def pairings(partners, hanbin_village, hanyin_village):
    """汉滨区 ↔ 武进区 (county), a village of 汉滨区 ↔ a 武进区 enterprise, 汉阴县 ↔ 天宁区."""
    from jingzhun.cooperation.models import Pairing
    from jingzhun.regions.models import Region

    def pair(level, east, west, party, start=2018):
        return Pairing.objects.create(
            level=level,
            east_region=Region.objects.get(code=east),
            east_party=party,
            west_region=Region.objects.get(code=west),
            west_party=west,
            start_year=start,
        )

    return {
        "hanbin": pair("county", WUJIN, HANBIN, "常州市武进区"),
        "village": pair("enterprise", WUJIN, hanbin_village.code, "天合光能"),
        "hanyin": pair("county", TIANNING, HANYIN, "常州市天宁区"),
    }


@pytest.fixture
def fund_factory(pairings):
    from jingzhun.cooperation.models import AidFund

    def create(amount, *, year=2019, pairing="hanbin", **fields):
        p = pairings[pairing]
        return AidFund.objects.create(
            year=year,
            west_region=p.west_region,
            pairing=p,
            kind=fields.pop("kind", "fiscal"),
            source=fields.pop("source", f"常州市财政{amount}"),
            amount=Decimal(amount),
            received_on=datetime.date(year, 4, 1),
            **fields,
        )

    return create
