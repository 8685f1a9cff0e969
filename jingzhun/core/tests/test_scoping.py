"""Region prefixes and the one scoped queryset."""

import pytest
from django.core import checks
from hypothesis import given
from hypothesis import strategies as st

from jingzhun.core.regioncodes import prefix_q, significant_prefix
from jingzhun.regions.models import Region

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


@pytest.mark.django_db
def test_for_user_keeps_a_county_officer_inside_his_county(county_officer):
    visible = Region.objects.for_user(county_officer)
    assert visible.count() == Region.objects.filter(code__startswith="610902").count() > 500
    assert not visible.filter(code__startswith="610921").exists()


@pytest.mark.django_db
def test_anonymous_and_inactive_users_see_nothing(county_officer):
    from django.contrib.auth.models import AnonymousUser

    assert not Region.objects.for_user(AnonymousUser()).exists()
    county_officer.is_active = False
    assert not Region.objects.for_user(county_officer).exists()


@pytest.mark.django_db
def test_read_only_roles_get_nothing_to_change(inspector, city_officer):
    assert not Region.objects.for_user(inspector, "change").exists()
    assert Region.objects.for_user(city_officer, "change").exists()


@pytest.mark.django_db
def test_administrator_without_region_sees_the_whole_map(admin_user):
    assert Region.objects.for_user(admin_user).count() == Region.objects.count()


def test_system_check_passes_for_every_scoped_model():
    assert [e for e in checks.run_checks() if e.id.startswith("jingzhun.")] == []


def test_system_check_names_a_scoped_model_without_scope_field(monkeypatch):
    from jingzhun.registry.models import Member

    monkeypatch.setattr(Member, "scope_field", "household__nowhere_id")
    errors = [e for e in checks.run_checks() if e.id.startswith("jingzhun.")]
    assert [e.id for e in errors] == ["jingzhun.E002"]
