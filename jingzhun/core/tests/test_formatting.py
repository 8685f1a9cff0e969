"""Numbers, money and dates as Chinese government documents write them."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from jingzhun.core import formatting


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("3793000000"), "37.93亿元"),
        (138_000_000, "1.38亿元"),
        ("1234567.8", "123.46万元"),
        (8000, "8,000元"),
        (Decimal("8000.5"), "8,000.50元"),
        (0, "0元"),
        (-25_000, "-2.50万元"),
    ],
)
def test_money_picks_the_unit_that_reads_best(value, text):
    assert formatting.money(value) == text


def test_quantity_writes_the_unit_after_the_number_without_a_space():
    assert formatting.quantity(5661, "公里") == "5,661公里"
    assert formatting.quantity(Decimal("5661.04"), "公里", 1) == "5,661.0公里"


def test_people_switch_to_wan_from_ten_thousand():
    assert formatting.people(35) == "35人"
    assert formatting.people(26_000) == "2.60万人"
    assert formatting.people(650_321) == "65.03万人"


def test_large_number_keeps_small_numbers_whole_with_commas():
    assert formatting.large_number(9_999) == "9,999"
    assert formatting.large_number(12_345) == "1.23万"
    assert formatting.large_number(Decimal("12.5")) == "12.50"


def test_amounts_round_half_up_as_statistical_tables_do():
    # Half-even rounding (Python's default for Decimal) would give 0.12 and 1.00万.
    assert formatting.number(Decimal("0.125"), 2) == "0.13"
    assert formatting.large_number(10_050) == "1.01万"
    assert formatting.percent(Decimal("0.03125")) == "3.13%"


def test_floats_are_formatted_from_their_shortest_text_not_their_binary_value():
    # 2.675 is 2.67499999… in binary; written 2.675 it rounds up.
    assert formatting.yuan(2.675) == "2.68"


def test_yuan_and_wan_yuan_write_table_columns_without_the_unit():
    assert formatting.yuan(1234.5) == "1,234.50"
    assert formatting.wan_yuan(Decimal("123456789")) == "12,345.68"
    assert formatting.wan_yuan(Decimal("1234567.8"), 1) == "123.5"


def test_percent_of_a_fraction():
    assert formatting.percent(Decimal("0.0312")) == "3.12%"
    assert formatting.percent(0.5, 1) == "50.0%"


@pytest.mark.parametrize(
    "function",
    [
        formatting.money,
        formatting.people,
        formatting.large_number,
        formatting.number,
        formatting.yuan,
        formatting.wan_yuan,
        formatting.percent,
        formatting.cn_date,
        formatting.cn_month,
        formatting.yes_no,
    ],
)
def test_missing_values_are_written_as_a_dash(function):
    assert function(None) == "—"


def test_chart_numbers_are_plain_floats_rounded_in_decimal():
    assert formatting.to_wan(Decimal("1234567.8")) == 123.46
    assert formatting.to_percent(Decimal("0.03125")) == 3.1
    assert formatting.to_wan(None) is None


def test_dates_are_written_without_leading_zeros():
    assert formatting.cn_date(datetime.date(2019, 7, 31)) == "2019年7月31日"
    assert formatting.cn_date(datetime.datetime(2019, 7, 1, 9, 30)) == "2019年7月1日"
    assert formatting.cn_date("2019-07-31") == "2019年7月31日"
    assert formatting.cn_month(datetime.date(2019, 7, 31)) == "2019年7月"
    assert formatting.cn_month("2019-07") == "2019年7月"


def test_text_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        formatting.money("三千")
    with pytest.raises(ValueError):
        formatting.number(True)


@given(st.decimals(min_value=-(10**14), max_value=10**14, places=2, allow_nan=False))
def test_wan_yuan_agrees_with_yuan_shifted_four_places(amount):
    shifted = formatting.rounded(amount / 10_000, 2)
    assert formatting.wan_yuan(amount) == f"{shifted:,.2f}"


def test_template_filters_call_the_module():
    template = Template(
        "{% load jz %}{{ a|money }} {{ n|num }} {{ n|wan }} {{ p|percent:1 }} {{ d|cn_date }} {{ d|cn_month }} "
        "{{ a|wan_yuan }} {{ none|yuan }}"
    )
    text = template.render(
        Context({"a": Decimal("3793000000"), "n": 5661, "p": Decimal("0.0312"), "d": datetime.date(2019, 7, 31)})
    )
    assert text == "37.93亿元 5,661 5,661 3.1% 2019年7月31日 2019年7月 379,300.00 —"
