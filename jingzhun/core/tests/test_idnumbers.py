"""Resident ID numbers: checksum, dates, sex, legacy numbers and Excel damage."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jingzhun.core.idnumbers import make_id_number, mask_id_number, normalize_id_number, parse_id_number

VALID = make_id_number("610902", datetime.date(1980, 5, 6), 123)


@given(
    birth=st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2019, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_every_generated_number_parses_back_to_its_birth_date_and_sex(birth, sequence):
    info = parse_id_number(make_id_number("610902", birth, sequence))
    assert info.birth_date == birth
    assert info.sex == ("1" if sequence % 2 else "2")


def test_it_accepts_lowercase_x_full_width_digits_and_spaces():
    number = make_id_number("610902", datetime.date(1980, 5, 6), 10)
    mangled = " ".join(number).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}).lower()
    assert normalize_id_number(mangled) == number
    assert parse_id_number(mangled).number == number


@pytest.mark.parametrize("value", ["6.10902E+17", "6.10902198005061E+17", "6.1E17"])
def test_it_rejects_ids_mangled_by_excel_into_scientific_notation(value):
    with pytest.raises(ValidationError) as exc:
        parse_id_number(value)
    assert exc.value.code == "excel_float"


def test_it_rejects_ids_whose_last_digits_excel_turned_into_zeros():
    damaged = VALID[:15] + "000"
    with pytest.raises(ValidationError) as exc:
        parse_id_number(damaged)
    assert exc.value.code == "excel_truncated"


def test_it_rejects_a_wrong_check_digit():
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        parse_id_number(wrong)
    assert exc.value.code in ("checksum", "excel_truncated")


@pytest.mark.parametrize("value", ["61090219800230123X", "610902", "61090219800506123456", "990902198005061235"])
def test_it_rejects_bad_dates_lengths_and_provinces(value):
    with pytest.raises(ValidationError):
        parse_id_number(value)


def test_it_accepts_and_flags_a_15_digit_legacy_number():
    info = parse_id_number("610902800506123")
    assert info.legacy and info.birth_date == datetime.date(1980, 5, 6) and info.sex == "1"


def test_masking_hides_birth_date_and_sequence():
    assert mask_id_number(VALID) == VALID[:6] + "**********" + VALID[-2:]
