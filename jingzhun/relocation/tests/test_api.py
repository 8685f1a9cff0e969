"""The relocation API: households named by 户编号, scope (404), policy (403), the housing department's renovations."""

import pytest
from rest_framework.test import APIClient

from conftest import ANKANG, make_user
from jingzhun.relocation.models import Relocation, Renovation

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_relocation_is_created_by_household_code(county_officer, site_factory, household_factory, hanbin_village):
    household, site = household_factory(hanbin_village, members=2), site_factory()
    data = {"household": household.code, "site": site.pk, "batch_year": 2018, "people": 2, "area": "50.00"}
    response = api(county_officer).post("/api/relocation/households/", data, format="json")
    assert response.status_code == 201, response.content
    assert Relocation.objects.get(household=household).site == site
    again = api(county_officer).post("/api/relocation/households/", data, format="json")
    assert again.status_code == 400 and "不能重复享受搬迁政策" in again.content.decode()


def test_out_of_scope_and_read_only(outsider, inspector, relocation_factory, household_factory, hanbin_village):
    relocation = relocation_factory(household_factory(hanbin_village))
    assert api(outsider).get(f"/api/relocation/households/{relocation.pk}/").status_code == 404
    assert api(inspector).get(f"/api/relocation/households/{relocation.pk}/").status_code == 200
    patch = api(inspector).patch(f"/api/relocation/households/{relocation.pk}/", {"in_debt": True}, format="json")
    assert patch.status_code == 403


def test_renovations_through_the_api_by_sector(renovation_factory, household_factory, hanbin_village):
    renovation = renovation_factory(household_factory(hanbin_village))
    url = f"/api/relocation/renovations/{renovation.pk}/"
    transport = make_user("jiaotong", "sector", ANKANG, sector="transport")
    assert api(transport).patch(url, {"accepted_on": "2019-09-01"}, format="json").status_code == 403
    housing = make_user("zhujian", "sector", ANKANG, sector="housing")
    assert api(housing).patch(url, {"accepted_on": "2019-09-01"}, format="json").status_code == 200
    assert Renovation.objects.get(pk=renovation.pk).accepted_on.isoformat() == "2019-09-01"
