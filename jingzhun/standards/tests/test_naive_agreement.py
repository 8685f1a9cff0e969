"""The engines agree with a naive per-object loop over the ORM on a varied registry.

The loop restates the household rules of the 577 set in plain Python over each household's
members and facts (no member counts kept by the database, no SQL), so a wrong count, a
missed trigger or a compiler slip shows up as a disagreement rule by rule.
"""

import datetime
import random
from decimal import Decimal

import pytest

from jingzhun.core.idnumbers import make_id_number
from jingzhun.regions.models import VillageYear
from jingzhun.registry.choices import (
    GUARANTEED_DROPOUT_REASONS,
    SAFE_HOUSING_RATINGS,
    STILL_POOR_STATUSES,
    STUDENT_STATUSES,
)
from jingzhun.registry.models import Household, HouseholdYear, Member

YEAR = 2019
LINE = Decimal(3747)  # the national line of 2019 (shipped)


def build_registry(village, *, households=60, seed=22) -> None:
    """Create ``households`` households with random members and facts, some of every kind of failure."""
    pick = random.Random(seed)
    for n in range(households):
        status = pick.choice(["0", "0", "1", "3", "4"])
        household = Household.objects.create(
            code=f"{village.code[:9]}{n + 1:06d}",
            village=village,
            size=3,
            status=status,
            exit_year=2018 if status in ("1", "4") else None,
            main_cause="01",
            identification_year=pick.choice([2015, 2017] if status in ("1", "4") else [2015, 2017, YEAR]),
        )
        for i in range(pick.randint(0 if n % 13 == 0 else 1, 5)):
            age = 40 if i == 0 else pick.randint(0, 80)
            birth = datetime.date(YEAR - age, pick.randint(1, 12), 1)
            school_age = 6 <= age <= 15
            Member.objects.create(
                household=household,
                code=f"{household.code}{i + 1:02d}",
                name=f"成员{n}-{i}",
                id_number=make_id_number(village.code[:6], birth, n * 20 + i * 2 + 1),
                relation="01" if i == 0 else "03",
                sex="1",
                birth_date=birth,
                school_status=pick.choice(["03", "04", "04", ""]) if school_age else "",
                dropout_reason=pick.choice(["", "1", "4"]) if school_age else "",
                medical_insurance=pick.random() < 0.97,
                serious_illness_insurance=pick.random() < 0.97,
                deceased=i > 0 and pick.random() < 0.1,
                moved_out=i > 0 and pick.random() < 0.1,
            )
        if n % 11 == 5:
            continue  # no facts for the year: every rule that reads them fails
        HouseholdYear.objects.create(
            household=household,
            year=YEAR,
            wage_income=Decimal(pick.randint(0, 40_000)),
            transfer_income=Decimal(800),
            excluded_transfer_income=Decimal(pick.choice([0, 800])),
            food_clothing_secure=pick.random() < 0.95,
            housing_rating=pick.choice(["A", "B", "B", "C", "D"]),
            relocated=pick.random() < 0.2,
            relocation_moved_in=pick.random() < 0.5,
            water_safe=pick.random() < 0.95,
            water_quality_ok=pick.random() < 0.95,
            water_litres_per_day=pick.choice([None, 15, 40, 40, 40]),
            water_fetch_minutes=pick.choice([None, 10, 10, 10, 30]),
            water_guarantee_rate=pick.choice([None, 80, 95, 95, 95]),
        )
    VillageYear.objects.create(village=village, year=YEAR, rural_population=400, is_poor_village=True)


def naive_failures(household: Household) -> set[str]:
    """Return the codes of the 577 household rules that ``household`` fails, computed object by object."""
    living = [m for m in household.members.all() if not m.deceased and not m.moved_out]
    facts = next((y for y in household.years.all() if y.year == YEAR), None)
    failed = set()
    if facts is None or not living or (facts.net_income - facts.excluded_transfer_income) / len(living) <= LINE:
        failed.add("income")
    out_of_school = [
        m
        for m in living
        if 6 <= YEAR - m.birth_date.year <= 15
        and m.school_status not in STUDENT_STATUSES
        and m.dropout_reason not in GUARANTEED_DROPOUT_REASONS
    ]
    if out_of_school:
        failed.add("education")
    if not living or not all(m.medical_insurance and m.serious_illness_insurance for m in living):
        failed.add("medical")
    if facts is None or not (
        facts.housing_rating in SAFE_HOUSING_RATINGS or (facts.relocated and facts.relocation_moved_in)
    ):
        failed.add("housing")
    water_ok = facts is not None and (
        facts.water_safe
        and facts.water_quality_ok
        and (facts.water_litres_per_day is None or facts.water_litres_per_day >= 20)
        and (facts.water_fetch_minutes is None or facts.water_fetch_minutes <= 20)
        and (facts.water_guarantee_rate is None or facts.water_guarantee_rate >= 90)
    )
    if not water_ok:
        failed.add("water")
    if household.identification_year >= YEAR:
        failed.add("identified_this_year")
    return failed


def naive_incidence(village) -> float:
    """Return the village's incidence: living members of still-poor failing households ÷ rural population."""
    still_poor = 0
    for household in Household.objects.filter(village=village).prefetch_related("members", "years"):
        if household.status in STILL_POOR_STATUSES and naive_failures(household):
            still_poor += sum(1 for m in household.members.all() if not m.deceased and not m.moved_out)
    return still_poor / VillageYear.objects.get(village=village, year=YEAR).rural_population


@pytest.mark.slow
def test_households_fail_exactly_the_rules_the_naive_loop_finds(evaluate, hanbin_village):
    build_registry(hanbin_village)
    Member.objects.filter(household__code__endswith="07").update(deceased=True)  # edits after creation count too
    results = evaluate("household")
    households = Household.objects.filter(village=hanbin_village).prefetch_related("members", "years")
    expected = {h.code: naive_failures(h) for h in households}
    assert {code: set(filter(None, r.failed_rules.split(";"))) for code, r in results.items()} == expected
    assert {code: r.passed for code, r in results.items()} == {code: not f for code, f in expected.items()}
    assert 0 < sum(not f for f in expected.values()) < len(expected)  # the registry has both outcomes


@pytest.mark.slow
def test_village_incidence_equals_the_naive_count(evaluate, hanbin_village):
    build_registry(hanbin_village)
    result = evaluate("village")[hanbin_village.code]
    assert result.incidence == pytest.approx(naive_incidence(hanbin_village))
    assert result.incidence > 0
