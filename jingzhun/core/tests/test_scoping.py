"""Region prefixes and the system check of the scoped models (their queryset: regions and registry tests)."""

import pytest
from django.core import checks
from hypothesis import given
from hypothesis import strategies as st

from jingzhun.core.regioncodes import prefix_q, significant_prefix

codes = st.text(alphabet="0123456789", min_size=12, max_size=12)
prefixes = st.text(alphabet="0123456789", min_size=1, max_size=12)


@given(code=codes, prefix=prefixes)
def test_the_prefix_range_matches_exactly_the_codes_that_start_with_the_prefix(code, prefix):
    q = prefix_q("code", prefix)
    lower, upper = q.children[0][1], dict(q.children).get("code__lt")
    in_range = code >= lower and (upper is None or code < upper)
    assert in_range == code.startswith(prefix)


def test_a_prefix_that_is_not_digits_is_refused():
    with pytest.raises(ValueError):
        prefix_q("code", "61' OR 1=1")


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("610000000000", "61"),
        ("610900000000", "6109"),
        ("610902000000", "610902"),
        ("610902001000", "610902001"),
        ("610902001001", "610902001001"),
    ],
)
def test_significant_prefix_strips_the_padding_of_each_level(code, prefix):
    assert significant_prefix(code) == prefix


def test_system_check_passes_for_every_scoped_model():
    assert [e for e in checks.run_checks() if e.id.startswith("jingzhun.")] == []
