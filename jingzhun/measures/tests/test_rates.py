"""Every measure at both sides of its definition, and the check "exiting household with no industry"."""

from decimal import Decimal

import pytest

from jingzhun.core.parameters import parameter_set
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    HouseholdMeasure,
    Training,
    WelfarePost,
)
from jingzhun.measures.rates import measures_rates
from jingzhun.quality.checks import CATALOGUE, CheckContext
from jingzhun.quality.engine import hits_queryset
from jingzhun.regions.models import VillageYear

pytestmark = pytest.mark.django_db
YEAR = 2019


def rates(**kwargs):
    return measures_rates(prefix="610902", year=YEAR, **kwargs)[0]


def industry(household, **fields):
    return HouseholdMeasure.objects.create(
        household=household, year=YEAR, kind="industry", industry="魔芋种植", long_term=True, **fields
    )


def test_industry_coverage_counts_long_term_industry_of_exiting_households(household_factory, hanbin_village):
    with_industry = household_factory(hanbin_village, planned_exit_year=YEAR)
    short_term = household_factory(hanbin_village, status="1", exit_year=YEAR)
    household_factory(hanbin_village, planned_exit_year=YEAR + 1)  # not exiting this year
    industry(with_industry)
    HouseholdMeasure.objects.create(household=short_term, year=YEAR, kind="industry", long_term=False)
    r = rates()
    assert (r.n("exiting"), r.n("exiting_with_industry"), r.industry_rate) == (2, 1, Decimal("0.5"))
    found = {row["h_entity_key"] for row in hits_queryset(CATALOGUE["MS-01"], CheckContext("610902", YEAR), 0)}
    assert found == {short_term.code}


def test_skill_coverage_counts_trained_or_skilled_members(household_factory, hanbin_village):
    trained, skilled, neither = (household_factory(hanbin_village, members=2) for _ in range(3))
    for h in (trained, skilled, neither):
        industry(h)
    Training.objects.create(member=trained.members.first(), year=YEAR, course="魔芋栽培", certificate="结业证")
    skilled.members.filter(relation="03").update(labour="2")
    Training.objects.create(member=neither.members.first(), year=YEAR + 1, course="茶叶加工")  # later year
    r = rates()
    assert (r.n("industry_households"), r.n("industry_skilled")) == (3, 2)
    assert r.skill_rate == Decimal("0.6667")


def test_entity_and_collective_coverage_over_villages_planned_to_exit(hanbin_village, hanbin_village_2):
    for v in (hanbin_village, hanbin_village_2):
        VillageYear.objects.update_or_create(village=v, year=YEAR, defaults={"planned_exit_year": YEAR})
    BusinessEntity.objects.create(name="魔芋合作社", kind="cooperative", village=hanbin_village)
    CollectiveEconomy.objects.create(
        village=hanbin_village, year=YEAR, organisation="股份经济合作社", income=Decimal(0)
    )
    CollectiveEconomy.objects.create(
        village=hanbin_village_2, year=YEAR, organisation="股份经济合作社", income=Decimal(1)
    )
    r = rates()
    assert r.n("villages_exiting") == 2
    assert r.entity_rate == Decimal("0.5") and r.collective_rate == Decimal("0.5")


def test_employment_counts_labourers_at_the_months_threshold(household_factory, hanbin_village, city_officer):
    a, b = household_factory(hanbin_village), household_factory(hanbin_village)
    Employment.objects.create(member=a.members.first(), year=YEAR, place="partner", months=6, income=Decimal(24000))
    Employment.objects.create(member=b.members.first(), year=YEAR, place="province", months=3)
    Employment.objects.create(member=b.members.first(), year=YEAR, place="county", months=2)
    assert rates().n("employed") == 1
    parameter_set(
        user=city_officer, name="measures.employment_months", value=5, year_from=YEAR, source="人社局", reason="口径"
    )
    assert rates().n("employed") == 2


def test_posts_people_and_pay(household_factory, hanbin_village):
    h = household_factory(hanbin_village, members=2)
    first, second = h.members.all()
    WelfarePost.objects.create(member=first, year=YEAR, post="护林员", kind="ecology", monthly_pay=Decimal(500))
    WelfarePost.objects.create(member=first, year=YEAR, post="保洁员", monthly_pay=Decimal(300), months=6)
    WelfarePost.objects.create(member=second, year=YEAR - 1, post="保洁员", monthly_pay=Decimal(300))
    r = rates()
    assert (r.n("posts"), r.n("post_people"), r.n("post_pay")) == (2, 1, Decimal(7800))


def test_loan_rate_over_households_with_an_able_labourer(household_factory, hanbin_village):
    borrower, eligible, not_eligible = (household_factory(hanbin_village) for _ in range(3))
    borrower.members.update(labour="1")
    eligible.members.update(labour="2")
    not_eligible.members.update(labour="4")
    HouseholdMeasure.objects.create(household=borrower, year=YEAR - 1, kind="microcredit", amount=Decimal(50000))
    HouseholdMeasure.objects.create(household=not_eligible, year=YEAR, kind="microcredit", amount=Decimal(50000))
    r = rates()
    assert (r.n("loan_eligible"), r.n("households_with_loan"), r.loan_rate) == (2, 1, Decimal("0.5"))


def test_rates_by_township(household_factory, hanbin_village):
    industry(household_factory(hanbin_village, planned_exit_year=YEAR))
    [row] = measures_rates(prefix="610902", year=YEAR, by="township")
    assert row.code == hanbin_village.code[:9] + "000" and row.label and row.industry_rate == Decimal(1)
