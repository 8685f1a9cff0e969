"""The shipped map, its loader and the region pages."""

import pytest
from django.urls import reverse

from jingzhun.regions.models import Region, VillageYear
from jingzhun.regions.services import RegionFileError, regions_load

pytestmark = pytest.mark.django_db


def test_the_shipped_map_has_every_level_of_shaanxi():
    counts = {level: Region.objects.filter(level=level).count() for level in ("prefecture", "county", "township")}
    assert counts == {"prefecture": 10, "county": 107, "township": 1335}
    assert Region.objects.filter(level="village", code__startswith="6109").count() == 1924


def test_loading_again_changes_nothing():
    result = regions_load()
    assert (result.created, result.updated) == (0, 0)


def test_a_file_with_a_missing_parent_is_refused_and_nothing_is_written(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level,parent_code\n619900000000,某市,prefecture,619800000000\n", encoding="utf-8")
    with pytest.raises(RegionFileError, match="line 2"):
        regions_load(path=bad)
    assert not Region.objects.filter(code="619900000000").exists()


def test_region_page_shows_village_facts(client_for, county_officer, hanbin_village):
    VillageYear.objects.create(village=hanbin_village, year=2019, rural_population=1500, is_poor_village=True)
    response = client_for(county_officer).get(reverse("regions:detail", args=[hanbin_village.code]))
    assert response.status_code == 200
    assert "1500" in response.content.decode()


def test_region_page_of_another_county_is_404(client_for, outsider, hanbin_village):
    assert client_for(outsider).get(reverse("regions:detail", args=[hanbin_village.code])).status_code == 404


def test_county_page_lists_its_townships(client_for, county_officer):
    response = client_for(county_officer).get(reverse("regions:detail", args=["610902000000"]))
    assert len(response.context["children"]) == 28


def test_dashboard_counts_and_incidence(client_for, city_officer, household_factory, hanbin_village, hanyin_village):
    VillageYear.objects.create(village=hanbin_village, year=2019, rural_population=100)
    VillageYear.objects.create(village=hanyin_village, year=2019, rural_population=100)
    household_factory(hanbin_village, members=3)
    household_factory(hanbin_village, members=2, status="1", exit_year=2018)
    household_factory(hanyin_village, members=1, status="3", exit_year=2017)
    response = client_for(city_officer).get(reverse("dashboard"))
    figures = response.context["figures"]
    assert figures.figures["households"] == 3 and figures.figures["people"] == 6
    assert figures.figures["poor_people"] == 4 and figures.figures["returned_people"] == 1
    assert float(figures.incidence) == pytest.approx(4 / 200)
    rows = {row.region.code: row for row in response.context["children"]}
    assert rows["610902000000"].figures["poor_people"] == 3
    assert rows["610921000000"].figures["returned_households"] == 1
    assert len(rows) == 10


def test_dashboard_of_a_region_outside_scope_is_404(client_for, outsider):
    assert client_for(outsider).get(reverse("dashboard"), {"region": "610902000000"}).status_code == 404


def test_dashboard_query_count_is_flat(client_for, city_officer, django_assert_max_num_queries):
    client = client_for(city_officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("dashboard"))
