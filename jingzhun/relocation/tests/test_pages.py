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
