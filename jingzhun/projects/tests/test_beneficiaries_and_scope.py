"""Beneficiaries counted once per household; scope by region and by sector."""

import pytest
from django.core.exceptions import PermissionDenied

from jingzhun.projects import services
from jingzhun.projects.models import Allocation, Project

pytestmark = pytest.mark.django_db


def test_a_household_served_by_two_projects_counts_once(
    project_factory, hanbin_village, household_factory, city_officer
):
    a = project_factory(hanbin_village)
    b = project_factory(hanbin_village, type="water", sector="water")
    shared = household_factory(hanbin_village, members=3)
    only_a = household_factory(hanbin_village, members=2)
    services.beneficiaries_add(user=city_officer, project=a, households=[shared, only_a])
    services.beneficiaries_add(user=city_officer, project=b, households=[shared])
    assert services.beneficiaries_add(user=city_officer, project=b, households=[shared]) == 0
    assert Project.objects.all().beneficiary_totals() == {"households": 2, "people": 5}
    assert Project.objects.filter(pk=b.pk).beneficiary_totals() == {"households": 1, "people": 3}


def test_beneficiaries_must_be_in_the_writers_scope(
    project_factory, hanbin_village, hanyin_village, household_factory, county_officer
):
    project = project_factory(hanbin_village)
    foreign = household_factory(hanyin_village)
    with pytest.raises(PermissionDenied):
        services.beneficiaries_add(user=county_officer, project=project, households=[foreign])


def test_a_county_officer_sees_only_his_countys_projects(
    project_factory, hanbin_village, hanyin_village, county_officer, outsider
):
    mine = project_factory(hanbin_village)
    theirs = project_factory(hanyin_village)
    assert list(Project.objects.for_user(county_officer)) == [mine]
    assert list(Project.objects.for_user(outsider)) == [theirs]


def test_a_sector_department_sees_only_its_sector_in_its_region(
    project_factory, hanbin_village, hanyin_village, sector_transport, sector_water, city_officer
):
    road = project_factory(hanbin_village, type="transport", sector="transport")
    water = project_factory(hanyin_village, type="water", sector="water")
    services.allocation_add(user=city_officer, project=road, source="central", amount=10, date="2019-03-01")
    services.allocation_add(user=city_officer, project=water, source="central", amount=10, date="2019-03-01")
    assert list(Project.objects.for_user(sector_transport)) == [road]
    assert list(Project.objects.for_user(sector_water)) == [water]
    assert [a.project for a in Allocation.objects.for_user(sector_transport)] == [road]


def test_a_sector_user_without_a_sector_sees_nothing(project_factory, hanbin_village):
    from conftest import make_user

    project_factory(hanbin_village)
    nobody = make_user("nosector", "sector", "610900000000")
    assert not Project.objects.for_user(nobody).exists()


def test_villages_must_lie_inside_the_projects_place(project_factory, hanbin_village, hanyin_village):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        project_factory(hanbin_village.parent, villages=[hanbin_village, hanyin_village])
    project = project_factory(hanbin_village.parent, villages=[hanbin_village])
    assert list(project.villages.all()) == [hanbin_village]
