"""Versioned business parameters: declarations, the value in force, the service that changes them."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from jingzhun.core import parameter_types
from jingzhun.core.models import AuditEvent, Parameter
from jingzhun.core.parameters import (
    BOOLEAN,
    DECIMAL,
    INTEGER,
    INTEGER_RANGE,
    MONTH_DAY,
    TEXT,
    ParameterUndeclared,
    declare,
    parameter_delete,
    parameter_set,
    parameter_value,
    parameter_values,
)

PRICE = "quality.vehicle_price"  # declared by the quality app: integer 元, default 30000, at least 0


def set_price(user, value, year_from=2017, **fields):
    fields.setdefault("source", "市指挥部〔2019〕3号")
    fields.setdefault("reason", "调度会决定")
    return parameter_set(user=user, name=PRICE, value=value, year_from=year_from, **fields)


@pytest.fixture
def declared(monkeypatch):
    """Declare parameters for one test only."""
    monkeypatch.setattr(parameter_types, "_DECLARED", dict(parameter_types._DECLARED))
    return declare


# -- value types ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value_type", "text", "value"),
    [
        (INTEGER, "30,000", 30000),
        (INTEGER, " 7 ", 7),
        (DECIMAL, "0.35", Decimal("0.35")),
        (TEXT, " 县级审定 ", "县级审定"),
        (BOOLEAN, "是", True),
        (BOOLEAN, "否", False),
        (INTEGER_RANGE, "16-59", (16, 59)),
        (INTEGER_RANGE, "16～59", (16, 59)),
        (INTEGER_RANGE, [6, 15], (6, 15)),
        (MONTH_DAY, "12-31", (12, 31)),
        (MONTH_DAY, "3月1日", (3, 1)),
        (MONTH_DAY, [2, 15], (2, 15)),
    ],
)
def test_each_type_reads_the_text_of_a_form_and_its_stored_json(value_type, text, value):
    assert value_type.parse(text) == value
    assert value_type.parse(value_type.to_json(value)) == value


@pytest.mark.parametrize(
    ("value_type", "text"),
    [
        (INTEGER, "3万"),
        (INTEGER, True),
        (INTEGER, "1.5"),
        (DECIMAL, "abc"),
        (DECIMAL, "NaN"),
        (BOOLEAN, "也许"),
        (INTEGER_RANGE, "59-16"),
        (INTEGER_RANGE, "16"),
        (MONTH_DAY, "2-29"),
        (MONTH_DAY, "13-01"),
    ],
)
def test_a_value_that_does_not_fit_its_type_is_refused_with_a_message(value_type, text):
    with pytest.raises(ValidationError):
        value_type.parse(text)


@given(low=st.integers(0, 150), span=st.integers(0, 50))
def test_a_range_shown_on_a_page_reads_back_as_the_same_range(low, span):
    assert INTEGER_RANGE.parse(INTEGER_RANGE.display((low, low + span))) == (low, low + span)


def test_a_declaration_refuses_a_bad_name_a_bad_default_and_a_second_different_declaration(declared):
    with pytest.raises(ValueError):
        declared("NoDots", type=INTEGER, default=1, label="x")
    with pytest.raises(ValueError):
        declared("testing.age", type=INTEGER_RANGE, default=(60, 16), label="x")
    declared("testing.days", type=INTEGER, default=30, label="天数", minimum=1)
    declared("testing.days", type=INTEGER, default=30, label="天数", minimum=1)  # the same again: fine
    with pytest.raises(ValueError):
        declared("testing.days", type=INTEGER, default=40, label="天数")


# -- reading ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_stored_value_the_declared_default_holds():
    assert parameter_value(PRICE, year=2019, region="610902") == 30000
    assert parameter_values("quality", year=2019)["working_age"] == (16, 59)


@pytest.mark.django_db
def test_reading_a_name_nobody_declared_raises():
    with pytest.raises(ParameterUndeclared):
        parameter_value("quality.no_such_threshold", year=2019)
    with pytest.raises(ParameterUndeclared):
        parameter_values("nobody", year=2019)


@pytest.mark.django_db
def test_a_value_holds_only_in_its_years(city_officer):
    set_price(city_officer, 40000, year_from=2018, year_to=2019)
    assert [parameter_value(PRICE, year=y) for y in (2017, 2018, 2019, 2020)] == [30000, 40000, 40000, 30000]


@pytest.mark.django_db
def test_the_latest_start_year_wins_where_values_overlap(city_officer):
    set_price(city_officer, 40000, year_from=2017)
    set_price(city_officer, 50000, year_from=2019)
    assert parameter_value(PRICE, year=2018) == 40000
    assert parameter_value(PRICE, year=2019) == 50000
    assert parameter_value(PRICE, year=2025) == 50000


@pytest.mark.django_db
def test_the_most_specific_region_wins_before_the_later_start_year(city_officer):
    set_price(city_officer, 40000, year_from=2019)
    set_price(city_officer, 35000, year_from=2017, region="6109")
    set_price(city_officer, 20000, year_from=2017, region="610902")
    assert parameter_value(PRICE, year=2019, region="610902001001") == 20000  # the village is in 汉滨区
    assert parameter_value(PRICE, year=2019, region="610921") == 35000  # 汉阴县: the city's value
    assert parameter_value(PRICE, year=2019, region="6124") == 40000  # another city: everywhere's value
    assert parameter_value(PRICE, year=2019) == 40000  # no particular region


@pytest.mark.django_db
def test_a_group_is_read_in_one_query_with_short_names(city_officer, django_assert_num_queries):
    set_price(city_officer, 45000)
    with django_assert_num_queries(1):
        values = parameter_values("quality", year=2019, region="610902")
    assert values["vehicle_price"] == 45000
    assert set(values) >= {"migrant_wages", "max_per_capita", "working_age", "school_age", "survey_month_day"}


# -- changing --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_city_office_sets_a_value_that_is_audited_with_who_and_why(city_officer):
    row = set_price(city_officer, "45,000", region="610900000000", reason="市场价格上涨")
    assert row.value == 45000 and row.region_prefix == "6109" and row.changed_by == city_officer
    assert row.label == "车辆价格上限" and row.unit == "元" and row.display_value == "45000"
    event = AuditEvent.objects.for_root("core.Parameter", PRICE).get()
    assert event.action == "create" and event.actor_name == "city" and event.reason == "市场价格上涨"
    assert event.after["value"] == 45000 and event.region_code == "610900000000"


@pytest.mark.django_db
def test_setting_the_same_region_and_start_year_again_replaces_the_value(city_officer):
    set_price(city_officer, 45000, year_from=2019)
    set_price(city_officer, 47000, year_from=2019, year_to=2020, reason="更正")
    assert Parameter.objects.filter(name=PRICE).count() == 1
    assert parameter_value(PRICE, year=2019) == 47000
    update = AuditEvent.objects.for_root("core.Parameter", PRICE).filter(action="update").get()
    assert ("value", 45000, 47000) in update.changes and update.reason == "更正"


@pytest.mark.django_db
def test_an_administrator_may_set_values(admin_user):
    assert set_price(admin_user, 1000).value == 1000


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["county_officer", "village_clerk", "inspector"])
def test_other_roles_may_not_set_values(request, persona):
    with pytest.raises(PermissionDenied):
        set_price(request.getfixturevalue(persona), 45000)
    assert not Parameter.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": "-1"}, "value"),  # below the declared minimum
        ({"value": "三万"}, "value"),
        ({"value": 45000, "region": "61-09"}, "region"),
        ({"value": 45000, "year_to": 2016}, "__all__"),
        ({"value": 45000, "reason": " "}, "reason"),
        ({"value": 45000, "source": ""}, "source"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_is_written(city_officer, fields, field):
    with pytest.raises(ValidationError) as caught:
        set_price(city_officer, **fields)
    assert field in caught.value.message_dict
    assert not Parameter.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_an_undeclared_name_cannot_be_set(city_officer):
    with pytest.raises(ValidationError) as caught:
        parameter_set(user=city_officer, name="quality.nothing", value=1, year_from=2019, source="x", reason="y")
    assert "name" in caught.value.message_dict


@pytest.mark.django_db
def test_deleting_a_value_falls_back_to_the_default_and_is_audited(city_officer):
    row = set_price(city_officer, 45000)
    parameter_delete(user=city_officer, parameter=row, reason="恢复默认")
    assert parameter_value(PRICE, year=2019) == 30000
    assert AuditEvent.objects.for_root("core.Parameter", PRICE).filter(action="delete", reason="恢复默认").exists()


@pytest.mark.django_db
def test_the_command_lists_every_parameter_with_the_value_in_force_as_csv(city_officer):
    set_price(city_officer, 45000, region="6109")
    out = io.StringIO()
    call_command("parameters", "--prefix", "quality.", "--year", "2019", "--region", "610902", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "name,label,value,unit,type,default,year_from,year_to,region_prefix,source,changed_by,changed_at"
    )
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert set(rows) == {
        "quality.vehicle_price",
        "quality.migrant_wages",
        "quality.max_per_capita",
        "quality.working_age",
        "quality.school_age",
        "quality.survey_month_day",
        "quality.rectify_days",
    }
    assert rows[PRICE][2:9] == ["45000", "元", "integer", "30000", "2017", "", "6109"]
    assert rows["quality.working_age"][2:7] == ["16-59", "周岁", "integer_range", "16-59", ""]


def test_the_command_refuses_a_region_that_is_not_a_code():
    with pytest.raises(Exception, match="--region"):
        call_command("parameters", "--region", "安康", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_value_set_this_year_is_in_force_when_no_year_is_given(city_officer):
    set_price(city_officer, 45000, year_from=datetime.date.today().year)
    assert parameter_value(PRICE) == 45000
