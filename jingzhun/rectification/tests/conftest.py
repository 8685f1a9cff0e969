import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import ANKANG, HANBIN, make_user


@pytest.fixture
def sector_user(db):
    return make_user("water", "sector", ANKANG, sector="water")


@pytest.fixture
def inspection_factory(city_officer):
    from jingzhun.rectification import services
    from jingzhun.rectification.models import Inspection
    from jingzhun.regions.models import Region

    def create(code="ZY-2018", date=datetime.date(2019, 2, 20), source="central", region=ANKANG):
        return services.inspection_save(
            user=city_officer,
            inspection=Inspection(
                code=code, title=f"{code} 反馈问题", source=source, date=date, region=Region.objects.get(code=region)
            ),
        )

    return create


@pytest.fixture
def problem_factory(city_officer):
    from jingzhun.rectification import services
    from jingzhun.rectification.models import Problem

    counter = {"n": 0}

    def create(inspection, *, region=HANBIN, user=None, **fields):
        counter["n"] += 1
        values = {
            "number": f"P{counter['n']:03d}",
            "category": "identification",
            "description": "信息采集不准确",
            "responsible_unit": "汉滨区脱贫办",
            "deadline": datetime.date(2019, 6, 30),
            **fields,
        }
        return services.problem_create(
            user=user or city_officer, problem=Problem(inspection=inspection, region_id=region, **values)
        )

    return create


def evidence(name="整改照片.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test")
