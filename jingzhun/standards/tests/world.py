"""A small evaluated world for the page and API tests: two villages of two counties, official runs."""

from decimal import Decimal

from jingzhun.regions.models import Region, VillageYear
from jingzhun.registry.models import HouseholdYear
from jingzhun.standards.models import RuleSet
from jingzhun.standards.services import evaluation_run

ANKANG = "610900000000"
YEAR = 2019


def make_poor(household, per_capita=1000):
    """Make ``household`` fail the income rule of 2019 (per-capita net income ``per_capita``)."""
    facts = HouseholdYear.objects.get(household=household, year=YEAR)
    living = household.members.filter(deceased=False, moved_out=False).count()
    facts.wage_income = Decimal(per_capita * living)
    facts.business_income = facts.production_cost = 0
    facts.save()
    return household


def build_world(household_factory, hanbin_village, hanyin_village):
    """Return households of 汉滨区 (two pass, one fails income and housing) and of 汉阴县 (one fails)."""
    for village in (hanbin_village, hanyin_village):
        VillageYear.objects.create(
            village=village,
            year=YEAR,
            rural_population=100,
            is_poor_village=True,
            hardened_road=True,
            safe_water=True,
            power=True,
            standard_clinic=True,
            collective_income=Decimal("3"),
            planned_exit_year=YEAR,
        )
    passing = [household_factory(hanbin_village, members=2), household_factory(hanbin_village)]
    failing = make_poor(household_factory(hanbin_village, members=3))
    HouseholdYear.objects.filter(household=failing, year=YEAR).update(housing_rating="C")
    other = make_poor(household_factory(hanyin_village, members=2))
    return {"passing": passing, "failing": failing, "hanyin": other}


def official_run(user, level, region_code=ANKANG):
    return evaluation_run(
        user=user,
        ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
        level=level,
        year=YEAR,
        region=Region.objects.get(code=region_code),
        official=True,
    )


def what_if_run(user, level, region_code=ANKANG, overrides=None):
    return evaluation_run(
        user=user,
        ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
        level=level,
        year=YEAR,
        region=Region.objects.get(code=region_code),
        overrides=overrides or {},
    )
