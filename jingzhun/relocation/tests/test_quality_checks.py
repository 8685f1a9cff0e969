"""The red lines and duplicate benefits as data-quality checks, at both sides of each threshold."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from jingzhun.core.parameters import parameter_set
from jingzhun.quality.checks import CATALOGUE, CheckContext
from jingzhun.quality.engine import hits_queryset
from jingzhun.registry.models import Member

pytestmark = pytest.mark.django_db


def tripped(code, year=2019, prefix="610902"):
    return {
        row["h_entity_key"]: row["h_message"]
        for row in hits_queryset(CATALOGUE[code], CheckContext(prefix=prefix, year=year), 0)
    }


def test_the_catalogue_holds_the_relocation_checks():
    assert {"RL-01", "RL-02", "RL-03", "RL-04", "RL-05"} <= set(CATALOGUE)
    assert CATALOGUE["RL-01"].category == "housing"


def test_area_line_at_both_sides(relocation_factory, household_factory, hanbin_village):
    at_line = household_factory(hanbin_village, members=3)
    over = household_factory(hanbin_village, members=3)
    relocation_factory(at_line, area=Decimal("75.00"))
    relocation_factory(over, area=Decimal("75.01"))
    found = tripped("RL-01")
    assert set(found) == {over.code}
    assert found[over.code].startswith("面积")


def test_area_line_is_a_parameter(relocation_factory, household_factory, hanbin_village, city_officer):
    household = household_factory(hanbin_village, members=2)
    relocation_factory(household, area=Decimal("56"))
    assert set(tripped("RL-01")) == {household.code}
    parameter_set(
        user=city_officer,
        name="relocation.area_per_person",
        value=Decimal("30"),
        year_from=2019,
        source="陕西省移民办文件",
        reason="省定标准",
    )
    assert tripped("RL-01") == {}


def test_self_financing_line_at_both_sides(relocation_factory, household_factory, hanbin_village):
    at_line = household_factory(hanbin_village)
    over = household_factory(hanbin_village)
    relocation_factory(at_line, self_financing=Decimal("3000"))
    relocation_factory(over, self_financing=Decimal("3000.01"))
    found = tripped("RL-02")
    assert set(found) == {over.code} and found[over.code].startswith("自筹")


def test_later_batches_are_not_checked_for_an_earlier_year(relocation_factory, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    relocation_factory(household, batch_year=2019, self_financing=Decimal("9000"))
    assert tripped("RL-02", year=2018) == {}
    assert set(tripped("RL-02", year=2019)) == {household.code}


def test_debt_line(relocation_factory, household_factory, hanbin_village):
    clean, indebted = household_factory(hanbin_village), household_factory(hanbin_village)
    relocation_factory(clean)
    relocation_factory(indebted, in_debt=True)
    assert set(tripped("RL-03")) == {indebted.code}


def test_a_person_relocated_with_two_households(
    relocation_factory, household_factory, hanbin_village, hanbin_village_2
):
    first = household_factory(hanbin_village, members=2)
    second = household_factory(hanbin_village_2, members=2)
    third = household_factory(hanbin_village, members=2)
    relocation_factory(first)
    relocation_factory(third)
    twin = Member.objects.filter(household=first).last()
    Member.objects.filter(household=second).filter(relation="03").update(id_number=twin.id_number)
    assert tripped("RL-04") == {}  # the second household is not relocated
    relocation_factory(second)
    assert set(tripped("RL-04")) == {first.code, second.code}


def test_relocated_and_renovated(relocation_factory, renovation_factory, household_factory, hanbin_village):
    only_relocated = household_factory(hanbin_village)
    both = household_factory(hanbin_village)
    renovated = household_factory(hanbin_village)
    relocation_factory(only_relocated)
    relocation_factory(both)
    renovation_factory(both, plan_year=2018)
    renovation_factory(renovated, plan_year=2018)
    found = tripped("RL-05")
    assert set(found) == {both.code} and found[both.code].startswith("重复受益")


def test_check_quality_reports_the_red_lines_with_the_household_code(
    relocation_factory, household_factory, hanbin_village, capsys
):
    area = household_factory(hanbin_village, members=1)
    money = household_factory(hanbin_village, members=1)
    relocation_factory(area, area=Decimal("40"))
    relocation_factory(money, self_financing=Decimal("5000"))
    call_command("check_quality", "--year", "2019", "--region", "610902", stderr=io.StringIO())
    out = capsys.readouterr().out
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["check"].startswith("RL-")]
    assert {(r["check"], r["code"], r["message"][:2]) for r in rows} == {
        ("RL-01", area.code, "面积"),
        ("RL-02", money.code, "自筹"),
    }
