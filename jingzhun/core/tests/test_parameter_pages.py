"""The business-parameter pages and API: everyone reads, the city office changes."""

import pytest
from django.urls import reverse

from jingzhun.core.models import Parameter
from jingzhun.core.parameters import parameter_set, parameter_value

pytestmark = pytest.mark.django_db

PRICE = "quality.vehicle_price"
LIST = reverse("parameters:list")
DETAIL = reverse("parameters:detail", args=[PRICE])
FORM = {"value": "45000", "year_from": "2019", "year_to": "", "region": "6109", "source": "市指挥部〔2019〕3号"}


def stored(user, value=45000, **fields):
    fields = {"year_from": 2017, "source": "文件", "reason": "调整", **fields}
    return parameter_set(user=user, name=PRICE, value=value, **fields)


@pytest.mark.parametrize("url", [LIST, DETAIL, "/api/parameters/"])
def test_anonymous_users_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code in (302, 401)
    assert PRICE.encode() not in response.content


@pytest.mark.parametrize("persona", ["inspector", "county_officer", "city_officer"])
def test_every_role_reads_the_values_in_force(client_for, request, persona, city_officer):
    stored(city_officer, region="6109")
    client = client_for(request.getfixturevalue(persona))
    page = client.get(LIST, {"year": 2019, "region": "610902"})
    assert page.status_code == 200
    assert f'data-parameter="{PRICE}"'.encode() in page.content and b"45000" in page.content
    assert client.get(DETAIL).status_code == 200


def test_the_menu_links_the_parameters_for_the_city_office_only(client_for, city_officer, county_officer):
    assert LIST.encode() in client_for(city_officer).get(reverse("dashboard")).content
    assert LIST.encode() not in client_for(county_officer).get(reverse("dashboard")).content


def test_the_city_office_sets_a_value_on_the_page(client_for, city_officer):
    response = client_for(city_officer).post(DETAIL, {**FORM, "reason": "市场价格上涨"})
    assert response.status_code == 302 and response["Location"] == DETAIL
    assert parameter_value(PRICE, year=2019, region="610902") == 45000
    assert parameter_value(PRICE, year=2019) == 30000  # the city's value only


def test_a_value_that_does_not_fit_is_shown_on_its_field(client_for, city_officer):
    response = client_for(city_officer).post(DETAIL, {**FORM, "value": "四万五", "reason": "x"})
    assert response.status_code == 200
    assert b'data-error-for="value"' in response.content
    assert not Parameter.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "county_officer", "village_clerk"])
def test_other_roles_get_403_on_a_change(client_for, request, persona, city_officer):
    row = stored(city_officer)
    client = client_for(request.getfixturevalue(persona))
    assert client.post(DETAIL, {**FORM, "reason": "x"}).status_code == 403
    delete = reverse("parameters:delete", args=[PRICE, row.pk])
    assert client.post(delete, {"reason": "x"}).status_code == 403
    assert Parameter.objects.get().value == 45000
    assert b'id="parameter-form"' not in client.get(DETAIL).content


def test_the_city_office_deletes_a_value_with_a_reason(client_for, city_officer):
    row = stored(city_officer)
    client = client_for(city_officer)
    delete = reverse("parameters:delete", args=[PRICE, row.pk])
    client.post(delete, {"reason": ""})
    assert Parameter.objects.exists()
    client.post(delete, {"reason": "恢复默认"})
    assert not Parameter.objects.exists()
    assert "恢复默认" in client.get(DETAIL).content.decode()  # the change history


def test_a_parameter_nobody_declared_is_404(client_for, city_officer):
    assert client_for(city_officer).get(reverse("parameters:detail", args=["quality.nothing"])).status_code == 404
    assert client_for(city_officer).get("/api/parameters/quality.nothing/").status_code == 404


def test_the_list_reads_every_value_in_one_query(client_for, city_officer, django_assert_max_num_queries):
    client = client_for(city_officer)
    with django_assert_max_num_queries(6) as few:
        client.get(LIST)
    stored(city_officer)
    parameter_set(user=city_officer, name="quality.migrant_wages", value=25000, year_from=2017, source="x", reason="y")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_the_api_lists_each_parameter_with_its_value_in_force(client_for, inspector, city_officer):
    stored(city_officer, region="6109")
    data = client_for(inspector).get("/api/parameters/", {"year": 2019}).json()
    price = next(p for p in data if p["name"] == PRICE)
    assert price["value"] == 45000 and price["default"] == 30000 and price["unit"] == "元"
    assert price["in_force"]["region_prefix"] == "6109"  # the inspector's region is 安康市
    age = next(p for p in data if p["name"] == "quality.working_age")
    assert age["value"] == [16, 59] and age["display_value"] == "16-59" and age["in_force"] is None


def test_the_api_gives_one_parameter_with_all_its_values(client_for, inspector, city_officer):
    stored(city_officer, region="6109")
    stored(city_officer, 50000, region="6124")
    data = client_for(inspector).get(f"/api/parameters/{PRICE}/").json()
    assert data["name"] == PRICE and len(data["rows"]) == 2


def test_the_api_is_read_only(client_for, city_officer):
    response = client_for(city_officer).post("/api/parameters/", {"name": PRICE, "value": 1}, format="json")
    assert response.status_code == 405
