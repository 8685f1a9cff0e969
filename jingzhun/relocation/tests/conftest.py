import datetime
from decimal import Decimal

import pytest

from jingzhun.relocation.models import Relocation, Renovation, Site


@pytest.fixture
def site_factory(hanbin_village):
    counter = {"n": 0}

    def create(region=None, **fields):
        counter["n"] += 1
        values = {
            "code": f"AZD{counter['n']:04d}",
            "name": f"安置点{counter['n']}",
            "region": region or hanbin_village,
            "planned_units": 100,
            "completed_units": 80,
            "facilities_planned": 6,
            "facilities_completed": 3,
        } | fields
        return Site.objects.create(**values)

    return create


@pytest.fixture
def relocation_factory(site_factory):
    def create(household, site=None, **fields):
        values = {
            "household": household,
            "site": site or site_factory(),
            "batch_year": 2017,
            "people": household.size,
            "area": Decimal(25) * household.size,
            "self_financing": Decimal(2000),
            "keys_on": datetime.date(2017, 10, 1),
            "moved_in_on": datetime.date(2017, 12, 1),
        } | fields
        return Relocation.objects.create(**values)

    return create


@pytest.fixture
def renovation_factory():
    def create(household, **fields):
        values = {"household": household, "rating": "D", "plan_year": 2019} | fields
        return Renovation.objects.create(**values)

    return create
