import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_user


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def township_officer(hanbin_village):
    return make_user("township", "township", hanbin_village.parent_id)


@pytest.fixture
def exit_world(household_factory, hanbin_village, hanyin_village, city_officer):
    """Households of 汉滨区 (two pass, one fails) evaluated by an official household run of 2019."""
    from jingzhun.standards.choices import Level
    from jingzhun.standards.tests.world import build_world, official_run

    world = build_world(household_factory, hanbin_village, hanyin_village)
    official_run(city_officer, Level.HOUSEHOLD)
    return world
