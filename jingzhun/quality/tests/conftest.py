"""Fixtures of the quality tests: a household that trips no check, and helpers to run checks."""

import datetime

import pytest

from jingzhun.registry.models import Household, HouseholdYear, Member

YEAR = 2019


@pytest.fixture
def clean_household(household_factory, hanbin_village):
    """Return a function making a 3-person household (head 1960, sons 1970 and 1980) that trips no check."""

    def make(village=None, **fields):
        household = household_factory(village or hanbin_village, members=3)
        values = {
            "main_cause": "09",
            "helper_name": "帮扶人",
            "helper_unit": "县农业农村局",
            "helper_phone": "13800000000",
            **fields,
        }
        Household.objects.filter(pk=household.pk).update(**values)
        household.refresh_from_db()
        return household

    return make


def members_of(household):
    return list(Member.objects.filter(household=household).order_by("code"))


def set_member(member, **fields):
    Member.objects.filter(pk=member.pk).update(**fields)


def set_household(household, **fields):
    Household.objects.filter(pk=household.pk).update(**fields)


def set_year(household, year=YEAR, **fields):
    HouseholdYear.objects.update_or_create(household=household, year=year, defaults=fields)


def child_birth(age, year=YEAR):
    """A birth date giving ``age`` on 31 December of ``year``."""
    return datetime.date(year - age, 6, 1)
