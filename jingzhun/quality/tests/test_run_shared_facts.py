"""Facts a run computes once and shares between checks give the same findings as each check on its own."""

import pytest

from jingzhun.quality import services
from jingzhun.quality.checks import CATALOGUE, CheckContext
from jingzhun.quality.models import Finding

from .conftest import YEAR, members_of
from .test_checks import TRIPS

pytestmark = pytest.mark.django_db

IDENTITY = ("ID-01", "ID-02", "ID-03", "ID-04", "ID-05", "ID-06")
DUPLICATES = ("DUP-01", "DUP-02", "DUP-03", "DUP-04")
COUNTED = ("HH-01", "HH-04", "HH-07", "MB-01", "MB-02", "EX-02", "EX-03", "IN-01")


@pytest.fixture
def ctx(household_factory, hanbin_village_2, hanyin_village, clean_household):
    return {
        "factory": household_factory,
        "village2": hanbin_village_2,
        "hanyin": hanyin_village,
        "clean": clean_household,
    }


@pytest.mark.slow
def test_a_run_finds_exactly_what_each_identity_duplicate_and_count_check_finds_on_its_own(clean_household, ctx):
    clean_household()  # a bystander that trips nothing
    planted = {}
    for code in (*IDENTITY, *DUPLICATES, *COUNTED):
        household = clean_household()
        planted[code] = TRIPS[code](household, members_of(household), ctx)
    alone = {
        code: set(CATALOGUE[code].query(CheckContext(prefix="610902", year=YEAR)).values_list("code", flat=True))
        for code in planted
    }
    run = services.quality_run_create(user=None, region_code="610902000000", year=YEAR)
    run = services.quality_run_execute(run=run)
    for code, expected in planted.items():
        found = set(Finding.objects.filter(check_code=code).values_list("entity_key", flat=True))
        assert found == alone[code], code
        assert expected <= found, code
        assert run.counts[code] == len(found)
