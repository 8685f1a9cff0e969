"""The code arithmetic of 12-digit division codes: one place for padding, levels and prefixes."""

import pytest
from django.db.models import Count

from jingzhun.core.regioncodes import (
    LEVELS,
    ancestor_codes,
    child_level,
    code_at,
    code_expression,
    level_of,
    pad_code,
    prefix_expression,
    prefix_length,
    prefix_of,
)
from jingzhun.regions.models import Region


def test_pad_code_fills_a_prefix_to_twelve_digits():
    assert pad_code("610902") == "610902000000"
    assert pad_code("") == "000000000000"
    assert pad_code("610902001001") == "610902001001"


def test_pad_code_refuses_a_prefix_longer_than_a_code():
    with pytest.raises(ValueError):
        pad_code("6109020010011")


def test_prefix_length_counts_the_significant_digits_of_each_level():
    assert [prefix_length(level) for level in LEVELS] == [2, 4, 6, 9, 12]


def test_code_at_names_the_division_containing_a_village():
    assert code_at("610902001001", "province") == "610000000000"
    assert code_at("610902001001", "county") == "610902000000"
    assert code_at("610902001001", "township") == "610902001000"
    assert code_at("610902001001", "village") == "610902001001"


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("610000000000", "province"),
        ("610900000000", "prefecture"),
        ("610902000000", "county"),
        ("610902001000", "township"),
        ("610902001001", "village"),
        ("6109", "prefecture"),
        ("610902", "county"),
    ],
)
def test_level_of_reads_the_level_from_the_zero_padding(code, level):
    assert level_of(code) == level


def test_level_of_refuses_what_is_not_a_code():
    with pytest.raises(ValueError):
        level_of("61A902")


def test_child_level_goes_one_level_down_and_stops_at_villages():
    assert child_level("county") == "township"
    assert child_level("village") is None


def test_ancestor_codes_lists_the_divisions_above_a_subtree_top_down():
    assert ancestor_codes("610902") == ["610000000000", "610900000000"]
    assert ancestor_codes("610902001001") == ["610000000000", "610900000000", "610902000000", "610902001000"]
    assert ancestor_codes("61") == []


def test_prefix_of_keeps_the_digits_of_a_level():
    assert prefix_of("610902001001", "township") == "610902001"


@pytest.mark.django_db
def test_code_expression_pads_the_prefix_in_the_database():
    rows = (
        Region.objects.filter(code__startswith="6109", level="village")
        .annotate(county=code_expression("code", "county"), short=prefix_expression("code", "county"))
        .values("county", "short")
        .annotate(n=Count("pk"))
        .order_by("county")
    )
    by_county = {row["county"]: row for row in rows}
    assert "610902000000" in by_county
    assert by_county["610902000000"]["short"] == "610902"
    assert all(len(code) == 12 for code in by_county)
