"""Projects API: scoped by region and sector, money rules as 400, read-only writes 403."""

import datetime
from decimal import Decimal

import pytest

from jingzhun.projects import services
from jingzhun.projects.models import Disbursement

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(project_factory, hanbin_village, hanyin_village, city_officer):
    road = project_factory(hanbin_village, budget="1000")
    water = project_factory(hanyin_village, type="water", sector="water")
    services.allocation_add(user=city_officer, project=road, source="central", amount=Decimal(600), date=D(2019, 3, 1))
    return {"road": road, "water": water}


def codes(response):
    return [row["project"] if "project" in row else row["code"] for row in response.json()["results"]]


def test_a_county_officer_lists_only_his_countys_projects_with_money(client_for, county_officer, world):
    response = client_for(county_officer).get("/api/projects/")
    rows = response.json()["results"]
    assert [r["code"] for r in rows] == [world["road"].code]
    assert rows[0]["allocated"] == "600.00"


def test_a_sector_sees_only_its_sector_and_gets_404_for_others(client_for, sector_water, world):
    client = client_for(sector_water)
    assert [r["code"] for r in client.get("/api/projects/").json()["results"]] == [world["water"].code]
    assert client.get(f"/api/projects/{world['road'].code}/").status_code == 404
    assert client.get("/api/allocations/").json()["results"] == []


def test_an_outsider_gets_404_for_a_project_of_another_county(client_for, outsider, world):
    assert client_for(outsider).get(f"/api/projects/{world['road'].code}/").status_code == 404


def test_over_disbursement_through_the_api_is_a_400_with_the_rule(client_for, county_officer, world):
    client = client_for(county_officer)
    body = {
        "project": world["road"].code,
        "source": "central",
        "amount": "600.01",
        "date": "2019-04-01",
        "voucher": "V1",
    }
    response = client.post("/api/disbursements/", body, content_type="application/json")
    assert response.status_code == 400
    assert "将超过已下达的 600.00 元" in str(response.json())
    body["amount"] = "600.00"
    assert client.post("/api/disbursements/", body, content_type="application/json").status_code == 201
    assert Disbursement.objects.count() == 1


def test_read_only_roles_get_403_on_api_writes(client_for, inspector, sector_transport, world):
    body = {"project": world["road"].code, "source": "central", "amount": "1", "date": "2019-04-01", "voucher": "V"}
    assert client_for(inspector).post("/api/disbursements/", body, content_type="application/json").status_code == 403
    assert not Disbursement.objects.exists()


def test_a_sector_department_pays_on_its_own_sectors_project_but_not_on_others(client_for, sector_transport, world):
    client = client_for(sector_transport)
    body = {"project": world["road"].code, "source": "central", "amount": "1", "date": "2019-04-01", "voucher": "V"}
    assert client.post("/api/disbursements/", body, content_type="application/json").status_code == 201
    body["project"] = world["water"].code
    assert client.post("/api/disbursements/", body, content_type="application/json").status_code == 400
    assert Disbursement.objects.count() == 1


def test_an_outsider_cannot_post_money_for_a_project_outside_his_county(client_for, outsider, world):
    body = {"project": world["road"].code, "source": "central", "amount": "1", "date": "2019-04-01", "voucher": "V"}
    assert client_for(outsider).post("/api/disbursements/", body, content_type="application/json").status_code == 400
    assert not Disbursement.objects.exists()


def test_alerts_and_funds_endpoints_answer_for_the_scope(client_for, county_officer, world):
    client = client_for(county_officer)
    alerts = client.get("/api/projects/alerts/", {"date": "2019-02-20"}).json()
    assert [(a["project"], a["alert"], a["days"]) for a in alerts] == [(world["road"].code, "overdue", 5)]
    figures = client.get("/api/projects/funds/").json()
    assert figures["total"]["gap"] == "400.00"
    assert [c["key"] for c in figures["counties"]] == ["610902"]


def test_a_progress_report_through_the_api_moves_the_project_on(client_for, county_officer, world):
    response = client_for(county_officer).post(
        "/api/progress-reports/",
        {"project": world["road"].code, "date": "2019-03-10", "percent": 20},
        content_type="application/json",
    )
    assert response.status_code == 201
    world["road"].refresh_from_db()
    assert world["road"].status == "building"


def test_creating_a_project_through_the_api_checks_the_region_scope(
    client_for, county_officer, hanbin_village, hanyin_village
):
    body = {
        "code": "XM-API-001",
        "name": "接口项目",
        "type": "power",
        "sector": "power",
        "region": hanyin_village.code,
        "plan_year": 2019,
        "budget": "1000",
        "responsible_unit": "供电公司",
        "responsible_person": "周八",
    }
    client = client_for(county_officer)
    assert client.post("/api/projects/", body, content_type="application/json").status_code == 400
    body["region"] = hanbin_village.code
    response = client.post("/api/projects/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["allocated"] == "0.00"
