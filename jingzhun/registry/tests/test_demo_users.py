"""Demo accounts: one per role on the Ankang map, idempotent."""

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.access import allows
from jingzhun.registry.demo.users import DEMO_PASSWORD, demo_users_create

pytestmark = pytest.mark.django_db


def test_the_demo_password_passes_the_validators():
    validate_password(DEMO_PASSWORD, User(username="city", first_name="市指挥部办公室"))


def test_there_is_one_demo_account_per_role_with_a_sensible_region():
    users = demo_users_create()
    assert {User.objects.get(username=u.username).role for u in users} == set(Role.values)
    by_name = {u.username: User.objects.get(username=u.username) for u in users}
    assert by_name["city"].region_id == "610900000000"
    assert by_name["county"].region_id == "610902000000"
    assert by_name["township"].region.level == "township" and by_name["township"].scope_prefix.startswith("610902")
    assert by_name["village"].region.level == "village"
    assert by_name["village"].region.parent_id == by_name["township"].region_id
    assert by_name["sector"].sector == "transport" and by_name["sector"].region_id == "610900000000"
    inspector = by_name["inspector"]
    assert allows(inspector, "reveal", "registry") and not allows(inspector, "change", "registry")
    admin = by_name["admin"]
    assert admin.region_id is None and admin.is_staff and admin.is_superuser
    assert all(user.check_password(DEMO_PASSWORD) for user in by_name.values())
    assert not any(user.is_superuser for name, user in by_name.items() if name != "admin")


def test_running_it_twice_updates_the_same_accounts():
    demo_users_create()
    User.objects.filter(username="county").update(region_id="610921000000", first_name="x")
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    assert User.objects.count() == 9
    county = User.objects.get(username="county")
    assert county.region_id == "610902000000" and county.first_name == "汉滨区脱贫办"
    assert "Jingzhun-2019" in out.getvalue() and "inspector" in out.getvalue()
