"""Shared test fixtures: the real map loaded once, and the personas of STYLE §9.

Personas (all on the real Ankang map):
- ``city_officer``   — 市指挥部办公室, the whole of 安康市 (6109)
- ``county_officer`` — 县脱贫办 of 汉滨区 (610902)
- ``village_clerk``  — clerk of one village of 汉滨区
- ``inspector``      — read-only inspector of 安康市
- ``outsider``       — county officer of 汉阴县 (610921), another county
"""

import datetime
import os

import pytest

os.environ.setdefault("JINGZHUN_DEBUG", "1")

ANKANG = "610900000000"
HANBIN = "610902000000"
HANYIN = "610921000000"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from jingzhun.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Cheap password hashing (PBKDF2 costs ~0.3 s per persona), background jobs run inline
    when the surrounding transaction commits, uploaded and produced files in a temporary folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hanbin_village(db):
    from jingzhun.regions.models import Region

    return Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()


@pytest.fixture
def hanbin_village_2(db):
    from jingzhun.regions.models import Region

    return Region.objects.filter(level="village", code__startswith="610902").order_by("-code").first()


@pytest.fixture
def hanyin_village(db):
    from jingzhun.regions.models import Region

    return Region.objects.filter(level="village", code__startswith="610921").order_by("code").first()


def make_user(username, role, region_code, **extra):
    from jingzhun.accounts.models import User

    user = User(username=username, role=role, region_id=region_code, **extra)
    user.set_password("Jz-test-password-1")
    user.save()
    return user


@pytest.fixture
def city_officer(db):
    return make_user("city", "city", ANKANG)


@pytest.fixture
def county_officer(db):
    return make_user("hanbin", "county", HANBIN)


@pytest.fixture
def village_clerk(db, hanbin_village):
    return make_user("clerk", "village", hanbin_village.code)


@pytest.fixture
def inspector(db):
    return make_user("inspector", "inspector", ANKANG)


@pytest.fixture
def outsider(db):
    return make_user("hanyin", "county", HANYIN)


@pytest.fixture
def admin_user(db):
    return make_user("root", "admin", None, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):
    """Return a function that logs a persona in and returns the test client."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def household_factory(db):
    """Return a function that creates a household with a head (and optional members)."""
    from jingzhun.core.idnumbers import make_id_number
    from jingzhun.registry.models import Household, HouseholdYear, Member

    counter = {"n": 0}

    def create(village, *, members=1, status="0", exit_year=None, year_facts=True, **fields):
        counter["n"] += 1
        n = counter["n"]
        household = Household.objects.create(
            code=f"{village.code[:9]}{n:06d}",
            village=village,
            size=members,
            status=status,
            exit_year=exit_year,
            **({"main_cause": "01", "identification_year": 2015} | fields),
        )
        for i in range(members):
            birth = datetime.date(1960 + i * 10, 3, 1 + n % 27)
            id_number = make_id_number(village.code[:6], birth, n * 10 + i * 2 + 1)
            Member.objects.create(
                household=household,
                code=f"{household.code}{i + 1:02d}",
                name=f"成员{n}-{i + 1}",
                id_number=id_number,
                relation="01" if i == 0 else "03",
                sex="1",
                birth_date=birth,
                medical_insurance=True,
                serious_illness_insurance=True,
            )
        if year_facts:
            HouseholdYear.objects.create(
                household=household,
                year=2019,
                wage_income=12000,
                business_income=3000,
                production_cost=1000,
                housing_rating="A",
            )
        return household

    return create
