"""Each shipped household rule at both sides of its threshold, on both engines."""

import pytest

from jingzhun.standards.tests.conftest import set_income

LINE_2019 = 3747


def failed(results, household):
    return results[household.code].failed_codes


def test_income_must_be_strictly_above_the_line(evaluate, household_factory, hanbin_village):
    at_line = household_factory(hanbin_village)
    above = household_factory(hanbin_village)
    set_income(at_line, LINE_2019)
    set_income(above, LINE_2019 + 0.01)

    results = evaluate("household")

    assert failed(results, at_line) == ["income"]
    assert results[at_line.code].passed is False
    assert results[above.code].passed is True
    assert results[above.code].failed_rules == ""


def test_only_failing_households_store_evidence(evaluate, household_factory, hanbin_village):
    # Most households pass (nine in ten in the city demo): their rows stay narrow, and what
    # a page shows of a passing household needs no evidence (it lists failures only).
    passing = household_factory(hanbin_village)
    failing = household_factory(hanbin_village)
    set_income(passing, LINE_2019 + 100)
    set_income(failing, LINE_2019 - 100)

    results = evaluate("household")

    assert results[passing.code].passed is True
    assert results[passing.code].evidence is None
    assert results[failing.code].passed is False
    assert float(results[failing.code].evidence["income_per_capita"]) == pytest.approx(LINE_2019 - 100)


def test_excluded_transfers_do_not_count_toward_exit(evaluate, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    set_income(household, 3700, excluded=1000)  # 4,700 of net income, 3,700 counts

    results = evaluate("household")

    assert failed(results, household) == ["income"]
    assert float(results[household.code].evidence["income_per_capita"]) == pytest.approx(3700)


def test_only_living_members_divide_the_income(evaluate, household_factory, hanbin_village):
    household = household_factory(hanbin_village, members=2)
    set_income(household, 4000)  # 8,000 for two
    household.members.filter(relation="03").update(deceased=True)
    set_income(household, 8000)  # 8,000 for the one living member

    assert evaluate("household")[household.code].passed is True


def test_a_household_without_facts_for_the_year_fails_with_the_missing_values_shown(
    evaluate, household_factory, hanbin_village
):
    household = household_factory(hanbin_village, year_facts=False)

    result = evaluate("household")[household.code]

    assert result.passed is False
    assert {"income", "housing", "water"} <= set(result.failed_codes)
    assert result.evidence["income_per_capita"] is None


@pytest.mark.parametrize(
    ("age", "school_status", "dropout_reason", "passes"),
    [
        (15, "", "", False),  # compulsory age, out of school
        (16, "", "", True),  # above the age bound
        (6, "", "", False),
        (5, "", "", True),  # below the age bound
        (15, "04", "", True),  # in school
        (12, "", "1", True),  # out of school because of illness: guaranteed
        (12, "", "3", True),  # intellectual disability: guaranteed
        (12, "", "5", False),  # dislikes school: a dropout
    ],
)
def test_education_counts_compulsory_age_dropouts_only(
    evaluate, household_factory, add_member, hanbin_village, age, school_status, dropout_reason, passes
):
    household = household_factory(hanbin_village)
    add_member(household, age=age, school_status=school_status, dropout_reason=dropout_reason)
    set_income(household, 5000)

    result = evaluate("household")[household.code]

    assert ("education" not in result.failed_codes) is passes


def test_education_age_bounds_are_parameters(evaluate, household_factory, add_member, hanbin_village):
    household = household_factory(hanbin_village)
    add_member(household, age=16, school_status="")
    set_income(household, 5000)

    assert "education" in evaluate("household", overrides={"age_max": 16})[household.code].failed_codes


def test_medical_needs_every_living_member_in_both_insurances(evaluate, household_factory, add_member, hanbin_village):
    uninsured = household_factory(hanbin_village)
    add_member(uninsured, age=40, serious_illness_insurance=False)
    set_income(uninsured, 5000)
    dead_uninsured = household_factory(hanbin_village)
    add_member(dead_uninsured, age=80, medical_insurance=False, deceased=True)
    set_income(dead_uninsured, 5000)

    results = evaluate("household")

    assert failed(results, uninsured) == ["medical"]
    assert results[dead_uninsured.code].passed is True


@pytest.mark.parametrize(
    ("rating", "relocated", "moved_in", "passes"),
    [("A", False, False, True), ("B", False, False, True), ("C", False, False, False), ("D", True, True, True)],
)
def test_housing_is_safe_at_a_or_b_or_after_moving_in(
    evaluate, household_factory, hanbin_village, rating, relocated, moved_in, passes
):
    household = household_factory(hanbin_village)
    facts = set_income(household, 5000)
    facts.housing_rating, facts.relocated, facts.relocation_moved_in = rating, relocated, moved_in
    facts.save()

    assert evaluate("household")[household.code].passed is passes


def test_a_relocated_household_not_yet_moved_in_fails_housing(evaluate, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    facts = set_income(household, 5000)
    facts.housing_rating, facts.relocated, facts.relocation_moved_in = "D", True, False
    facts.save()

    assert evaluate("household")[household.code].failed_codes == ["housing"]


@pytest.mark.parametrize(
    ("field", "value", "passes"),
    [
        ("water_litres_per_day", 20, True),
        ("water_litres_per_day", 19, False),
        ("water_fetch_minutes", 20, True),
        ("water_fetch_minutes", 21, False),
        ("water_guarantee_rate", 90, True),
        ("water_guarantee_rate", 89.9, False),
        ("water_quality_ok", False, False),
        ("water_safe", False, False),
    ],
)
def test_safe_water_needs_all_four_criteria(evaluate, household_factory, hanbin_village, field, value, passes):
    household = household_factory(hanbin_village)
    facts = set_income(household, 5000)
    setattr(facts, field, value)
    facts.save()

    results_577 = evaluate("household")
    results_477 = evaluate("household", ruleset="shaanxi-2017-477", year=2017)

    assert ("water" not in results_577[household.code].failed_codes) is passes
    assert "water" not in results_477[household.code].failed_codes  # 477 has no household water indicator


def test_a_household_identified_this_year_cannot_exit_in_shaanxi(evaluate, household_factory, hanbin_village):
    household = household_factory(hanbin_village, identification_year=2019)
    set_income(household, 5000)

    assert evaluate("household")[household.code].failed_codes == ["identified_this_year"]
    assert evaluate("household", ruleset="national-2016")[household.code].passed is True


def test_national_standard_checks_food_and_clothing(evaluate, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    facts = set_income(household, 5000)
    facts.food_clothing_secure = False
    facts.save()

    assert evaluate("household", ruleset="national-2016")[household.code].failed_codes == ["food_clothing"]


def test_failing_rules_are_sorted_and_the_evidence_names_the_deciding_values(
    evaluate, household_factory, hanbin_village
):
    household = household_factory(hanbin_village)
    facts = set_income(household, 1000)
    facts.housing_rating = "D"
    facts.save()

    result = evaluate("household")[household.code]

    assert result.failed_rules == "housing;income"
    assert result.evidence["poverty_line"] == LINE_2019
    assert float(result.evidence["income_per_capita"]) == pytest.approx(1000)
    assert result.evidence["housing_rating"] == "D"


def test_the_line_can_be_set_in_a_what_if_run(evaluate, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    set_income(household, 3800)

    assert evaluate("household")[household.code].passed is True
    assert evaluate("household", overrides={"income.line": 4000})[household.code].failed_codes == ["income"]


def test_a_province_line_replaces_the_national_line(evaluate, household_factory, hanbin_village):
    from jingzhun.regions.models import Region
    from jingzhun.standards.models import PovertyLine

    household = household_factory(hanbin_village)
    set_income(household, 3800)
    PovertyLine.objects.create(year=2019, region=Region.objects.get(code="610000000000"), amount=4100, source="省定")

    assert evaluate("household")[household.code].failed_codes == ["income"]


def test_only_households_of_the_region_are_evaluated(evaluate, household_factory, hanbin_village, hanyin_village):
    inside = household_factory(hanbin_village)
    outside = household_factory(hanyin_village)

    results = evaluate("household", region="610902000000")

    assert inside.code in results
    assert outside.code not in results


def test_the_whole_map_compiles_without_a_region_filter(db, household_factory, hanbin_village, hanyin_village):
    from jingzhun.standards.compiler import statement_compile
    from jingzhun.standards.engines import DatabaseEngine
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import poverty_lines_for, rules_resolve

    households = [household_factory(hanbin_village), household_factory(hanyin_village)]
    resolved = rules_resolve(ruleset=RuleSet.objects.get(code="shaanxi-2017-577"), level="household")
    engine = DatabaseEngine()
    statement = statement_compile(
        rules=resolved.by_level,
        level="household",
        year=2019,
        region_prefix="",
        dialect=engine.dialect,
        poverty_lines=poverty_lines_for(year=2019),
    )

    assert {row[1] for row in engine.rows(statement)} == {h.code for h in households}


def test_a_declared_income_decides_when_the_year_has_no_components(evaluate, household_factory, hanbin_village):
    from jingzhun.registry.models import HouseholdYear

    declared_only = household_factory(hanbin_village)
    below = household_factory(hanbin_village)
    with_components = household_factory(hanbin_village)
    for household, declared in ((declared_only, 6240.5), (below, LINE_2019), (with_components, 9000)):
        facts = set_income(household, 0)
        HouseholdYear.objects.filter(pk=facts.pk).update(declared_income_per_capita=declared)
    set_income(with_components, 1000)  # components recorded: they decide, not the declared 9,000

    results = evaluate("household")

    assert results[declared_only.code].passed is True  # 6,240.50 declared, no components (not 0)
    assert "income" in failed(results, below)  # declared at the line: not above it
    assert float(results[below.code].evidence["income_per_capita"]) == pytest.approx(LINE_2019)
    assert results[below.code].evidence["income_source"] == "申报人均纯收入（无收入明细）"
    assert "income" in failed(results, with_components)
    assert results[with_components.code].evidence["income_source"] == "按各项收入计算"
