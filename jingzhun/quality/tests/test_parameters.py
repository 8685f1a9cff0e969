"""The thresholds of the checks are business parameters: a value set by the city office changes what trips."""

import pytest

from jingzhun.core.parameters import parameter_set
from jingzhun.quality.checks import CATALOGUE, CheckContext
from jingzhun.quality.engine import hits_queryset

from .conftest import YEAR, members_of, set_year
from .test_comparisons import reported, run, upload

pytestmark = pytest.mark.django_db


def tripped(code, prefix="610902"):
    return {row["h_entity_key"] for row in hits_queryset(CATALOGUE[code], CheckContext(prefix=prefix, year=YEAR), 0)}


def set_parameter(user, name, value, **fields):
    fields = {"year_from": YEAR, "source": "市指挥部〔2019〕3号", "reason": "调度会决定", **fields}
    return parameter_set(user=user, name=name, value=value, **fields)


def test_the_context_carries_the_declared_defaults_without_a_stored_value():
    params = CheckContext(prefix="610902", year=YEAR).params
    assert params["vehicle_price"] == 30000 and params["working_age"] == (16, 59)
    assert params["survey_month_day"] == (12, 31)


def test_a_vehicle_threshold_set_by_the_city_office_decides_the_match(clean_household, county_officer, city_officer):
    member = members_of(clean_household())[1]
    upload(
        county_officer,
        "vehicles",
        ("身份证号", "姓名", "车牌号码", "购买价格", "购买日期"),
        (member.id_number, member.name, "陕G12345", "40000", "2018-06-01"),
    )
    set_parameter(city_officer, "quality.vehicle_price", 50000, region="6109")
    run()
    assert reported("CMP-02") == set()
    set_parameter(city_officer, "quality.vehicle_price", 35000, region="6109")
    run()
    assert reported("CMP-02") == {member.id_number}


def test_a_wage_threshold_applies_in_its_region_and_years_only(clean_household, city_officer):
    household = clean_household()
    set_year(household, wage_income=25000)
    assert tripped("IN-03") == {household.code}
    set_parameter(city_officer, "quality.migrant_wages", 30000, region="610921")  # 汉阴县, not 汉滨区
    set_parameter(city_officer, "quality.migrant_wages", 30000, year_from=YEAR + 1)
    assert tripped("IN-03") == {household.code}
    set_parameter(city_officer, "quality.migrant_wages", 30000, region="610902")
    assert tripped("IN-03") == set()


def test_values_given_to_a_context_override_the_parameters_for_it_only(clean_household, city_officer):
    set_parameter(city_officer, "quality.migrant_wages", 30000)
    ctx = CheckContext(prefix="610902", year=YEAR, params={"migrant_wages": 10000})
    assert ctx.params["migrant_wages"] == 10000 and ctx.params["vehicle_price"] == 30000
