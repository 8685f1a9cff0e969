"""The regions REST API: the map inside the user's scope, plus his region's ancestors."""

from decimal import Decimal

import pytest

from jingzhun.regions.models import CountyYear, Region, VillageYear

REGIONS = "/api/regions/"
SHAANXI = "610000000000"
ANKANG = "610900000000"
HANBIN = "610902000000"
HANYIN = "610921000000"
XIAN = "610100000000"


def _codes(client, query=""):
    response = client.get(f"{REGIONS}?page_size=500&{query}")
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_anonymous_users_are_denied_the_map(client, db):
    assert client.get(REGIONS).status_code in (401, 403)
    assert client.get(f"{REGIONS}{HANBIN}/").status_code in (401, 403)


def test_a_county_officer_reads_his_county_and_the_province_and_prefecture_above_it(client_for, county_officer):
    client = client_for(county_officer)
    for code in (SHAANXI, ANKANG, HANBIN):
        assert client.get(f"{REGIONS}{code}/").status_code == 200


def test_a_county_officer_gets_404_for_a_neighbouring_county_and_another_prefecture(client_for, county_officer):
    client = client_for(county_officer)
    assert client.get(f"{REGIONS}{HANYIN}/").status_code == 404
    assert client.get(f"{REGIONS}{XIAN}/").status_code == 404
    assert client.get(f"{REGIONS}610921001000/").status_code == 404


def test_the_list_holds_the_county_subtree_and_its_ancestors_only(client_for, county_officer):
    client = client_for(county_officer)
    response = client.get(REGIONS)
    in_county = Region.objects.filter(code__startswith="610902").count()
    assert response.json()["count"] == in_county + 2
    assert _codes(client, "level=county") == [HANBIN]
    assert _codes(client, "level=prefecture") == [ANKANG]
    assert _codes(client, "prefix=610921") == []


def test_a_village_clerk_sees_his_village_and_every_division_above_it(client_for, village_clerk, hanbin_village):
    codes = _codes(client_for(village_clerk))
    expected = [SHAANXI, ANKANG, HANBIN, hanbin_village.parent_id, hanbin_village.code]
    assert codes == expected


def test_regions_filter_by_level_parent_and_code_prefix(client_for, city_officer, hanbin_village):
    client = client_for(city_officer)
    counties = _codes(client, f"level=county&parent={ANKANG}")
    assert len(counties) == 10 and HANBIN in counties and HANYIN in counties
    township = hanbin_village.parent_id
    villages = _codes(client, f"parent={township}")
    assert hanbin_village.code in villages
    assert set(villages) == set(Region.objects.filter(parent_id=township).values_list("code", flat=True))
    assert _codes(client, "prefix=610902&level=township")[0].startswith("610902")
    assert len(_codes(client, "prefix=610902&level=township")) == 28
    assert _codes(client, "prefix=61x") == []


def test_a_village_shows_its_parent_level_short_name_and_year_facts(client_for, county_officer, hanbin_village):
    VillageYear.objects.create(village=hanbin_village, year=2018, is_poor_village=True, rural_population=1200)
    VillageYear.objects.create(village=hanbin_village, year=2019, is_poor_village=True, hardened_road=True)
    body = client_for(county_officer).get(f"{REGIONS}{hanbin_village.code}/").json()
    assert body["parent"] == hanbin_village.parent_id
    assert (body["level"], body["level_display"]) == ("village", "村（社区）")
    assert body["name"] == hanbin_village.name
    assert body["short_name"] == hanbin_village.short_name
    assert [(y["year"], y["is_poor_village"]) for y in body["village_years"]] == [(2018, True), (2019, True)]
    assert body["village_years"][0]["rural_population"] == 1200
    assert body["county_years"] == []


def test_a_county_shows_its_year_facts(client_for, city_officer):
    CountyYear.objects.create(
        county_id=HANBIN, year=2019, is_poor_county=True, planned_exit_year=2019, rural_income_per_capita=Decimal(10500)
    )
    body = client_for(city_officer).get(f"{REGIONS}{HANBIN}/").json()
    assert body["county_years"] == [
        {
            "year": 2019,
            "is_poor_county": True,
            "is_deep_poverty_county": False,
            "planned_exit_year": 2019,
            "rural_income_per_capita": "10500",
        }
    ]
    assert body["village_years"] == []


def test_the_province_row_has_no_parent(client_for, county_officer):
    body = client_for(county_officer).get(f"{REGIONS}{SHAANXI}/").json()
    assert (body["parent"], body["name"], body["level"]) == (None, "陕西省", "province")


def test_the_administrator_sees_the_whole_province(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(f"{REGIONS}{XIAN}/").status_code == 200
    assert client.get(REGIONS).json()["count"] == Region.objects.count()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_map_cannot_be_changed_through_the_api(client_for, county_officer, method):
    url = REGIONS if method == "post" else f"{REGIONS}{HANBIN}/"
    response = getattr(client_for(county_officer), method)(url, {"name": "改名"}, content_type="application/json")
    assert response.status_code == 405
    assert Region.objects.get(code=HANBIN).name == "汉滨区"


def test_the_read_only_inspector_cannot_change_the_map_either(client_for, inspector):
    response = client_for(inspector).post(REGIONS, {"code": "1"}, content_type="application/json")
    assert response.status_code == 405
    assert not Region.objects.filter(code="1").exists()


@pytest.mark.parametrize("page_size", [5, 200])
def test_the_region_list_costs_the_same_queries_whatever_the_page_size(
    client_for, city_officer, django_assert_max_num_queries, page_size
):
    client = client_for(city_officer)
    # session, user, count, page
    with django_assert_max_num_queries(4):
        response = client.get(f"{REGIONS}?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
