import pytest

from conftest import make_user
from jingzhun.accounts.choices import Role
from jingzhun.assistance.tests.world import cadre_create, unit_create


@pytest.fixture
def helper(db):
    return make_user("helper", Role.HELPING_UNIT, "610902000000")


@pytest.fixture
def unit(helper):
    return unit_create(accounts=(helper,))


@pytest.fixture
def other_unit(db):
    return unit_create("安康市教育体育局")


@pytest.fixture
def cadre(unit, hanbin_village):
    return cadre_create(unit, hanbin_village)
