"""Fixtures of the projects tests: projects in 汉滨区 and 汉阴县, a sector user."""

import datetime
from decimal import Decimal

import pytest

from conftest import HANBIN, make_user


@pytest.fixture
def sector_transport(db):
    return make_user("transport", "sector", "610900000000", sector="transport")


@pytest.fixture
def sector_water(db):
    return make_user("water", "sector", "610900000000", sector="water")


@pytest.fixture
def project_factory(db, city_officer):
    from jingzhun.projects import services
    from jingzhun.projects.models import Project

    counter = {"n": 0}

    def create(region, *, type="transport", sector="transport", budget="1000000", year=2019, villages=None, **fields):
        counter["n"] += 1
        project = Project(
            code=fields.pop("code", f"XM{region.code[:6]}{counter['n']:04d}"),
            name=fields.pop("name", f"测试项目{counter['n']}"),
            type=type,
            sector=sector,
            region=region,
            plan_year=year,
            budget=Decimal(budget),
            responsible_unit="县交通运输局",
            responsible_person="张三",
            **fields,
        )
        return services.project_save(user=city_officer, project=project, villages=villages)

    return create


@pytest.fixture
def hanbin_county(db):
    from jingzhun.regions.models import Region

    return Region.objects.get(code=HANBIN)


D = datetime.date
