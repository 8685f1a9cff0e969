"""The one scoped queryset, on the divisions: a user sees the regions inside his own."""

import pytest

from jingzhun.regions.models import Region


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
