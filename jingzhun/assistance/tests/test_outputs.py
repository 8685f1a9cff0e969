"""Outputs: the scorecard workbook, the attendance bulletin (Word), my villages and the coverage gaps."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jingzhun.assistance.tests.world import days_add
from jingzhun.regions.models import VillageYear

pytestmark = pytest.mark.django_db
PERIOD = "?year=2019&date=2019-12-31"


def body(response):
    return b"".join(response.streaming_content)


def test_the_scorecard_workbook_lists_each_cadre_with_its_measures(client, county_officer, cadre, hanbin_village):
    days_add(cadre, hanbin_village, datetime.date(2019, 1, 1), 100)
    client.force_login(county_officer)
    response = client.get(reverse("assistance:scorecard-export") + PERIOD)
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(body(response))).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["排名", "县（区）代码", "干部"]
    assert rows[1][2] == "李驻村" and rows[1][5] == "45.5%"


def test_the_attendance_bulletin_names_the_cadres_below(client, county_officer, cadre, hanbin_village):
    days_add(cadre, hanbin_village, datetime.date(2019, 1, 1), 100)
    client.force_login(county_officer)
    response = client.get(reverse("assistance:bulletin") + PERIOD)
    assert response.status_code == 200
    document = zipfile.ZipFile(io.BytesIO(body(response))).read("word/document.xml").decode()
    assert "李驻村" in document and "住村天数未达到要求的 1 名" in document


def test_the_gaps_list_unassigned_poor_villages_and_unpaired_poor_households(
    client, county_officer, cadre, hanbin_village, hanbin_village_2, household_factory
):
    VillageYear.objects.update_or_create(village=hanbin_village_2, year=2019, defaults={"is_poor_village": True})
    VillageYear.objects.update_or_create(village=hanbin_village, year=2019, defaults={"is_poor_village": True})
    household_factory(hanbin_village)
    client.force_login(county_officer)
    page = client.get(reverse("assistance:gaps") + "?year=2019").content.decode()
    assert 'id="unassigned-count">1<' in page and hanbin_village_2.code in page
    assert 'id="unpaired-count">1<' in page


def test_my_villages_shows_the_units_villages(client, helper, cadre, hanbin_village):
    client.force_login(helper)
    page = client.get(reverse("assistance:my-villages")).content.decode()
    assert hanbin_village.code in page and "安康市财政局" in page
