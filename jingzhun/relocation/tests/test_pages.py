"""The relocation pages for each persona; the housing department edits renovations of its region."""

import pytest
from django.urls import reverse

from conftest import ANKANG, make_user
from jingzhun.relocation.models import Renovation

pytestmark = pytest.mark.django_db


@pytest.fixture
def renovation(renovation_factory, household_factory, hanbin_village):
    return renovation_factory(household_factory(hanbin_village), plan_year=2019)


def edit(client, renovation, **changes):
    data = {
        "household": renovation.household.code,
        "rating": renovation.rating,
        "plan_year": renovation.plan_year,
        "subsidy": "0",
        "version": renovation.version,
        **changes,
    }
    return client.post(reverse("relocation:renovation-edit", args=[renovation.pk]), data)


def test_the_housing_department_edits_renovations_of_its_region(client_for, renovation):
    housing = make_user("zhujian", "sector", ANKANG, sector="housing")
    response = edit(client_for(housing), renovation, accepted_on="2019-09-30", subsidy="25000")
    assert response.status_code == 302
    renovation.refresh_from_db()
    assert renovation.accepted_on.isoformat() == "2019-09-30" and renovation.version == 2


def test_another_sector_department_may_not(client_for, renovation):
    transport = make_user("jiaotong", "sector", ANKANG, sector="transport")
    assert edit(client_for(transport), renovation, subsidy="1").status_code == 403
    renovation.refresh_from_db()
    assert renovation.version == 1


def test_a_housing_department_of_another_county_gets_404(client_for, renovation):
    housing = make_user("hanyin-zhujian", "sector", "610921000000", sector="housing")
    assert edit(client_for(housing), renovation).status_code == 404


def test_the_housing_department_may_not_edit_sites(client_for, site_factory):
    housing = make_user("zhujian", "sector", ANKANG, sector="housing")
    site = site_factory()
    assert client_for(housing).get(reverse("relocation:site-edit", args=[site.pk])).status_code == 403


def test_a_bad_date_order_is_a_chinese_message(client_for, county_officer, renovation):
    response = edit(client_for(county_officer), renovation, moved_in_on="2019-09-30")
    assert response.status_code == 400 and "竣工验收后才能入住" in response.content.decode()


def test_the_dashboard_shows_rates_and_alerts(
    client_for, county_officer, relocation_factory, household_factory, hanbin_village
):
    relocation_factory(household_factory(hanbin_village), moved_in_on=None)
    page = client_for(county_officer).get(reverse("relocation:dashboard") + "?year=2019")
    text = page.content.decode()
    assert page.status_code == 200 and "竣工率" in text and "交钥匙后未入住" in text


def test_list_pages_make_a_flat_number_of_queries(
    client_for, county_officer, relocation_factory, household_factory, hanbin_village, django_assert_max_num_queries
):
    for _ in range(12):
        relocation_factory(household_factory(hanbin_village))
        Renovation.objects.create(household=household_factory(hanbin_village), rating="C", plan_year=2019)
    client = client_for(county_officer)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("relocation:relocation-list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("relocation:renovation-list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("relocation:site-list")).status_code == 200


def test_only_the_housing_department_among_sectors_deletes_renovations(client_for, renovation):
    transport = make_user("jiaotong", "sector", ANKANG, sector="transport")
    url = reverse("relocation:renovation-delete", args=[renovation.pk])
    assert client_for(transport).post(url, {"reason": "重复登记"}).status_code == 403
    housing = make_user("zhujian", "sector", ANKANG, sector="housing")
    assert client_for(housing).post(url, {"reason": "重复登记"}).status_code == 302
    assert not Renovation.objects.filter(pk=renovation.pk).exists()


def test_the_import_page_and_a_site_created_with_the_picker(client_for, county_officer, hanbin_village):
    client = client_for(county_officer)
    assert client.get(reverse("relocation:import")).status_code == 200
    data = {
        "code": "AZ-NEW",
        "name": "新建安置点",
        "kind": "concentrated",
        "region": hanbin_village.code,
        "planned_units": 10,
        "completed_units": 12,
        "facilities_planned": 0,
        "facilities_completed": 0,
    }
    bad = client.post(reverse("relocation:site-create"), data)
    assert bad.status_code == 400 and "竣工套数不能多于计划套数" in bad.content.decode()
    assert client.post(reverse("relocation:site-create"), data | {"completed_units": 8}).status_code == 302
