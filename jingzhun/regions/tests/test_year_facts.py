"""The village and county year facts kept by the city office: pages, spreadsheet and API."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from jingzhun.regions.imports import CountyYearImporter, VillageYearImporter
from jingzhun.regions.models import CountyYear, VillageYear

pytestmark = pytest.mark.django_db

HANBIN = "610902000000"
HANYIN = "610921000000"


def workbook(sheet, rows):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    page = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            page.write(r, c, value)
    book.close()
    return buffer.getvalue()


VILLAGE_HEADER = ["行政区划代码", "年度", "农村户籍人口", "贫困村", "深度贫困村", "通硬化路", "集体经济收入（万元）"]


# -- pages --------------------------------------------------------------------------------------------


def test_the_city_office_creates_a_village_year_in_the_page(client_for, city_officer, hanbin_village):
    data = {
        "village": hanbin_village.code,
        "year": 2019,
        "rural_population": 1234,
        "is_poor_village": "on",
        "hardened_road": "on",
        "collective_income": "5.50",
    }
    response = client_for(city_officer).post("/year-facts/villages/new/", data)
    assert response.status_code == 302, response.content.decode()
    facts = VillageYear.objects.get(village=hanbin_village, year=2019)
    assert (facts.rural_population, facts.is_poor_village, facts.hardened_road) == (1234, True, True)
    assert (facts.safe_water, facts.collective_income, facts.version) == (False, Decimal("5.50"), 1)


def test_the_city_office_edits_a_county_year_with_its_sample_results(client_for, city_officer):
    facts = CountyYear.objects.create(county_id=HANBIN, year=2019, is_poor_county=True)
    data = {
        "version": 1,
        "is_poor_county": "on",
        "planned_exit_year": 2019,
        "rural_income_per_capita": "10500",
        "wrong_exit_rate": "0.8",
        "missed_rate": "0.5",
        "recognition_rate": "96.5",
        "reason": "第三方评估结果",
    }
    response = client_for(city_officer).post(f"/year-facts/counties/{facts.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()
    facts.refresh_from_db()
    assert (facts.wrong_exit_rate, facts.missed_rate, facts.recognition_rate) == (
        Decimal("0.8"),
        Decimal("0.5"),
        Decimal("96.5"),
    )
    assert (facts.rural_income_per_capita, facts.planned_exit_year, facts.version) == (Decimal("10500"), 2019, 2)


def test_a_rate_above_100_percent_is_refused_in_chinese(client_for, city_officer):
    facts = CountyYear.objects.create(county_id=HANBIN, year=2019)
    data = {"version": 1, "recognition_rate": "120", "reason": "录入"}
    response = client_for(city_officer).post(f"/year-facts/counties/{facts.pk}/edit/", data)
    assert response.status_code == 400
    assert "100" in response.content.decode()
    facts.refresh_from_db()
    assert facts.recognition_rate is None


def test_a_deep_poverty_village_must_be_a_poor_village(client_for, city_officer, hanbin_village):
    data = {"village": hanbin_village.code, "year": 2019, "rural_population": 10, "is_deep_poverty_village": "on"}
    response = client_for(city_officer).post("/year-facts/villages/new/", data)
    assert response.status_code == 400
    assert "深度贫困村必须同时是贫困村" in response.content.decode()
    assert not VillageYear.objects.filter(village=hanbin_village).exists()


def test_a_stale_version_is_refused(client_for, city_officer):
    facts = CountyYear.objects.create(county_id=HANBIN, year=2019, version=3)
    response = client_for(city_officer).post(
        f"/year-facts/counties/{facts.pk}/edit/", {"version": 2, "missed_rate": "1.0", "reason": "改"}
    )
    assert response.status_code == 400
    assert "已被他人修改" in response.content.decode()
    facts.refresh_from_db()
    assert (facts.missed_rate, facts.version) == (None, 3)


@pytest.mark.parametrize(
    ("persona", "list_status", "edit_status"),
    [("city_officer", 200, 200), ("county_officer", 200, 403), ("inspector", 200, 403), ("outsider", 200, 404)],
)
def test_counties_read_theirs_and_only_the_city_office_writes(
    request, client_for, hanbin_village, persona, list_status, edit_status
):
    facts = VillageYear.objects.create(village=hanbin_village, year=2019, rural_population=800)
    client = client_for(request.getfixturevalue(persona))
    page = client.get("/year-facts/villages/?year=2019")
    assert page.status_code == list_status
    assert (hanbin_village.code in page.content.decode()) == (persona != "outsider")
    assert client.get(f"/year-facts/villages/{facts.pk}/edit/").status_code == edit_status
    if edit_status != 200:
        client.post(f"/year-facts/villages/{facts.pk}/edit/", {"version": 1, "rural_population": 1, "reason": "x"})
        facts.refresh_from_db()
        assert facts.rural_population == 800


def test_the_list_exports_what_it_shows(client_for, city_officer, hanbin_village):
    VillageYear.objects.create(village=hanbin_village, year=2019, rural_population=800, is_poor_village=True)
    response = client_for(city_officer).get("/year-facts/villages/export/?year=2019")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


# -- spreadsheet ----------------------------------------------------------------------------------------


def test_the_village_import_writes_all_rows_and_a_second_run_changes_nothing(city_officer, hanbin_village):
    rows = [VILLAGE_HEADER, [hanbin_village.code, 2019, 1500, "是", "否", "是", 3.2]]
    content = workbook("村级年度情况", rows)
    result = VillageYearImporter(user=city_officer, file=io.BytesIO(content), filename="村.xlsx").run()
    assert not result.errors, result.errors
    facts = VillageYear.objects.get(village=hanbin_village, year=2019)
    assert (facts.rural_population, facts.is_poor_village, facts.hardened_road) == (1500, True, True)
    assert facts.collective_income == Decimal("3.20")
    again = VillageYearImporter(user=city_officer, file=io.BytesIO(content), filename="村.xlsx").run()
    assert not again.errors
    facts.refresh_from_db()
    assert facts.version == 1


def test_the_village_import_is_all_or_nothing_with_row_level_errors(city_officer, hanbin_village, hanbin_village_2):
    rows = [
        VILLAGE_HEADER,
        [hanbin_village.code, 2019, 1500, "是", "否", "是", 3.2],
        [hanbin_village_2.code, 2019, 900, "否", "是", "否", 0],
    ]
    result = VillageYearImporter(
        user=city_officer, file=io.BytesIO(workbook("村级年度情况", rows)), filename="村.xlsx"
    ).run()
    assert result.errors
    assert any("深度贫困村必须同时是贫困村" in str(e) for e in result.errors)
    assert any("3" in str(e) for e in result.errors)  # the row it names
    assert not VillageYear.objects.exists()


def test_county_offices_may_not_import(county_officer):
    rows = [["行政区划代码", "年度", "贫困县"], [HANBIN, 2019, "是"]]
    with pytest.raises(Exception) as error:
        CountyYearImporter(
            user=county_officer, file=io.BytesIO(workbook("县级年度情况", rows)), filename="县.xlsx"
        ).run()
    assert error.type.__name__ in ("PermissionDenied", "ScopeError")
    assert not CountyYear.objects.exists()


def test_the_county_import_takes_the_sample_results(city_officer):
    rows = [
        ["行政区划代码", "年度", "贫困县", "错退率", "漏评率", "群众认可度"],
        [HANBIN, 2019, "是", 0.9, 0.4, 95.1],
        [HANYIN, 2019, "是", 1.2, 0.6, 93],
    ]
    result = CountyYearImporter(
        user=city_officer, file=io.BytesIO(workbook("县级年度情况", rows)), filename="县.xlsx"
    ).run()
    assert not result.errors, result.errors
    rates = dict(CountyYear.objects.values_list("county_id", "recognition_rate"))
    assert rates == {HANBIN: Decimal("95.1"), HANYIN: Decimal("93.0")}


def test_the_import_page_takes_a_file(client_for, city_officer, hanbin_village):
    page = client_for(city_officer).get("/year-facts/villages/import/")
    assert page.status_code == 200
    upload = SimpleUploadedFile("村.xlsx", workbook("村级年度情况", [VILLAGE_HEADER]))
    response = client_for(city_officer).post("/year-facts/villages/import/", {"file": upload})
    assert response.status_code in (200, 302)


# -- API ------------------------------------------------------------------------------------------------


def test_the_api_creates_and_changes_a_county_year_for_the_city_office(client_for, city_officer):
    client = client_for(city_officer)
    response = client.post(
        "/api/year-facts/counties/",
        {"county": HANBIN, "year": 2019, "is_poor_county": True, "recognition_rate": "95.0"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    changed = client.patch(
        f"/api/year-facts/counties/{pk}/",
        {"version": 1, "wrong_exit_rate": "1.5", "reason": "复核"},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.json()
    facts = CountyYear.objects.get(pk=pk)
    assert (facts.recognition_rate, facts.wrong_exit_rate, facts.version) == (Decimal("95.0"), Decimal("1.5"), 2)
    stale = client.patch(
        f"/api/year-facts/counties/{pk}/", {"version": 1, "missed_rate": "1"}, content_type="application/json"
    )
    assert stale.status_code == 409


def test_the_api_refuses_county_writes_and_hides_other_counties(client_for, county_officer, outsider, hanbin_village):
    facts = VillageYear.objects.create(village=hanbin_village, year=2019, rural_population=800)
    url = f"/api/year-facts/villages/{facts.pk}/"
    assert client_for(county_officer).get(url).json()["rural_population"] == 800
    patch = {"version": 1, "rural_population": 1}
    assert client_for(county_officer).patch(url, patch, content_type="application/json").status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    facts.refresh_from_db()
    assert facts.rural_population == 800
