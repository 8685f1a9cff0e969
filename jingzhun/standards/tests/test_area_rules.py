"""Village and county rules at both sides of every threshold, on both engines."""

from decimal import Decimal

import pytest

from jingzhun.regions.models import CountyYear, VillageYear
from jingzhun.standards.tests.conftest import set_income

HANBIN = "610902000000"


def village_facts(village, **fields):
    defaults = {
        "rural_population": 100,
        "is_poor_village": True,
        "hardened_road": True,
        "safe_water": True,
        "power": True,
        "standard_clinic": True,
        "collective_income": Decimal("2.5"),
    }
    return VillageYear.objects.create(village=village, year=2019, **(defaults | fields))


def poor_households(factory, village, *, people, passing=False):
    """Create still-poor households with ``people`` living members in all, failing (or passing) the rules."""
    for _ in range(people):
        set_income(factory(village), 5000 if passing else 1000)


@pytest.mark.parametrize(("still_poor_people", "passes"), [(2, True), (3, False)])
def test_village_incidence_must_be_below_3_percent(
    evaluate, household_factory, hanbin_village, still_poor_people, passes
):
    village_facts(hanbin_village, rural_population=100)
    poor_households(household_factory, hanbin_village, people=still_poor_people)

    result = evaluate("village")[hanbin_village.code]

    assert result.passed is passes
    assert result.incidence == pytest.approx(still_poor_people / 100)


def test_households_that_meet_the_standard_or_have_exited_do_not_count_as_poor(
    evaluate, household_factory, hanbin_village
):
    village_facts(hanbin_village, rural_population=100)
    poor_households(household_factory, hanbin_village, people=5, passing=True)  # they exit now
    for _ in range(5):
        set_income(household_factory(hanbin_village, status="1", exit_year=2018), 1000)  # exited earlier
    poor_households(household_factory, hanbin_village, people=1)

    result = evaluate("village")[hanbin_village.code]

    assert result.incidence == pytest.approx(0.01)
    assert result.passed is True


def test_deceased_members_are_not_counted_as_poor_people(evaluate, household_factory, hanbin_village):
    village_facts(hanbin_village, rural_population=100)
    household = household_factory(hanbin_village, members=4)
    household.members.exclude(relation="01").update(deceased=True)
    set_income(household, 1000)

    assert evaluate("village")[hanbin_village.code].incidence == pytest.approx(0.01)


def test_the_incidence_threshold_is_a_parameter(evaluate, household_factory, hanbin_village):
    village_facts(hanbin_village, rural_population=100)
    poor_households(household_factory, hanbin_village, people=4)

    assert evaluate("village")[hanbin_village.code].failed_codes == ["incidence"]
    assert evaluate("village", overrides={"incidence.max": 0.05})[hanbin_village.code].passed is True


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("hardened_road", False, "road"),
        ("safe_water", False, "water"),
        ("power", False, "electricity"),
        ("standard_clinic", False, "clinic"),
        ("collective_income", Decimal("0"), "collective_economy"),
    ],
)
def test_each_village_infrastructure_indicator_vetoes(evaluate, hanbin_village, field, value, rule):
    village_facts(hanbin_village, **{field: value})

    assert evaluate("village")[hanbin_village.code].failed_codes == [rule]
    assert evaluate("village", ruleset="national-2016")[hanbin_village.code].passed is True


def test_village_income_share_must_grow_on_the_previous_year(evaluate, household_factory, hanbin_village):
    village_facts(hanbin_village)
    CountyYear.objects.create(county_id=HANBIN, year=2018, rural_income_per_capita=10000)
    CountyYear.objects.create(county_id=HANBIN, year=2019, rural_income_per_capita=11000)
    household = household_factory(hanbin_village, status="1", exit_year=2018)
    set_income(household, 5000, year=2018)  # 50 % of the county's rural income
    set_income(household, 5400, year=2019)  # 49 %: grew, but less than the county

    result = evaluate("village")[hanbin_village.code]
    assert result.failed_codes == ["income_growth"]
    assert result.evidence["exited_income_share"] == pytest.approx(5400 / 11000)

    set_income(household, 5600, year=2019)  # 51 %
    assert evaluate("village")[hanbin_village.code].passed is True


def test_a_village_without_facts_for_the_year_is_not_evaluated(evaluate, hanbin_village):
    VillageYear.objects.create(village=hanbin_village, year=2018, rural_population=100, is_poor_village=True)

    assert hanbin_village.code not in evaluate("village")


# -- counties --------------------------------------------------------------------------------------


def county_facts(**fields):
    defaults = {
        "is_poor_county": True,
        "rural_income_per_capita": 9000,
        "tap_water_coverage": Decimal("95"),
        "wrong_exit_rate": Decimal("1"),
        "missed_rate": Decimal("1"),
        "recognition_rate": Decimal("95"),
    }
    return CountyYear.objects.create(county_id=HANBIN, year=2019, **(defaults | fields))


@pytest.fixture
def county(household_factory, hanbin_village):
    """汉滨区 with one village of 1,000 people, one exited and one passing household."""
    village_facts(hanbin_village, rural_population=1000)
    set_income(household_factory(hanbin_village, status="1", exit_year=2018), 5000)
    set_income(household_factory(hanbin_village), 5000)


@pytest.mark.parametrize(
    ("field", "value", "rule", "passes"),
    [
        ("wrong_exit_rate", Decimal("1.9"), "wrong_exit_rate", True),
        ("wrong_exit_rate", Decimal("2.0"), "wrong_exit_rate", False),
        ("missed_rate", Decimal("1.9"), "missed_rate", True),
        ("missed_rate", Decimal("2.0"), "missed_rate", False),
        ("recognition_rate", Decimal("90.0"), "recognition", True),
        ("recognition_rate", Decimal("89.9"), "recognition", False),
        ("recognition_rate", None, "recognition", False),  # no sample survey yet
    ],
)
def test_national_county_rates_veto(evaluate, county, field, value, rule, passes):
    county_facts(**{field: value})

    result = evaluate("county", ruleset="national-2016")[HANBIN]

    assert (rule not in result.failed_codes) is passes


def test_comprehensive_incidence_adds_the_sampled_wrong_exits_and_missed_people(
    evaluate, household_factory, hanbin_village
):
    village_facts(hanbin_village, rural_population=1000)
    poor_households(household_factory, hanbin_village, people=20)  # 2.0 %
    for _ in range(10):
        set_income(household_factory(hanbin_village, status="1", exit_year=2018), 5000)
    # 1.9 % of 10 exited people + 1.9 % of 970 unregistered people = 0.19 + 18.43 → 3.86 %
    county_facts(wrong_exit_rate=Decimal("1.9"), missed_rate=Decimal("1.9"))

    result = evaluate("county", ruleset="national-2016")[HANBIN]

    assert result.failed_codes == ["incidence"]
    assert result.evidence["comprehensive_incidence"] == pytest.approx((20 + 0.19 + 18.43) / 1000)


@pytest.mark.parametrize(("income", "passes"), [(7186, True), (7185, False)])
def test_shaanxi_county_rural_income_must_reach_70_percent_of_the_province(evaluate, county, income, passes):
    county_facts(rural_income_per_capita=income)  # 70 % of 10,265 is 7,185.5

    assert ("rural_income" not in evaluate("county")[HANBIN].failed_codes) is passes


@pytest.mark.parametrize(("coverage", "passes"), [(Decimal("90.0"), True), (Decimal("89.9"), False)])
def test_shaanxi_county_tap_water_coverage(evaluate, county, coverage, passes):
    county_facts(tap_water_coverage=coverage)

    assert ("tap_water" not in evaluate("county")[HANBIN].failed_codes) is passes


def test_shaanxi_county_shares_come_from_villages_and_registered_households(
    evaluate, county, household_factory, add_member, hanbin_village, hanbin_village_2
):
    county_facts()
    assert evaluate("county")[HANBIN].passed is True

    village_facts(hanbin_village_2, hardened_road=False)  # 1 of 2 villages without a road
    unsafe = household_factory(hanbin_village)
    facts = set_income(unsafe, 5000)
    facts.housing_rating, facts.electricity = "C", False
    facts.save()
    add_member(unsafe, age=30, medical_insurance=False)

    result = evaluate("county")[HANBIN]

    assert set(result.failed_codes) == {"road", "housing", "electricity", "insurance"}
    assert result.evidence["village_road_share"] == pytest.approx(0.5)
    assert result.evidence["safe_housing_share"] == pytest.approx(2 / 3)


def test_county_evaluation_needs_a_county_or_larger_region(evaluate):
    from jingzhun.standards.expressions import RuleError

    with pytest.raises(RuleError, match="县级评估"):
        evaluate("county", region="610902001000")
