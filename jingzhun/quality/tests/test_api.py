"""Quality API: scoped like the pages, masked ID numbers, actions through the services."""

import pytest

from jingzhun.core.idnumbers import mask_id_number
from jingzhun.core.models import AuditEvent
from jingzhun.quality import services
from jingzhun.quality.models import CheckRun, Finding

from .conftest import YEAR, members_of, set_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clean_household, hanbin_village, hanyin_village):
    mine = clean_household(village=hanbin_village, helper_name="")
    elsewhere = clean_household(village=hanyin_village, helper_name="")
    member = members_of(mine)[1]
    set_member(member, sex="2")
    services.quality_run_execute(run=services.quality_run_create(user=None, region_code="610900000000", year=YEAR))
    return {
        "mine": mine,
        "member": member,
        "finding": Finding.objects.get(check_code="HP-01", entity_key=mine.code),
        "elsewhere": Finding.objects.get(check_code="HP-01", entity_key=elsewhere.code),
    }


def test_the_catalogue_is_listed(client_for, inspector):
    response = client_for(inspector).get("/api/quality/checks/")
    assert response.status_code == 200 and len(response.json()) >= 30
    assert client_for(inspector).get("/api/quality/checks/HH-04/").json()["title"] == "人数与在册成员数不符"


def test_anonymous_gets_no_findings(client):
    assert client.get("/api/quality/findings/").status_code in (401, 403)


def test_a_village_clerk_lists_only_his_villages_findings_with_masked_numbers(client_for, village_clerk, world):
    rows = client_for(village_clerk).get("/api/quality/findings/").json()["results"]
    assert {r["household_code"] for r in rows} == {world["mine"].code}
    member_row = next(r for r in rows if r["check_code"] == "ID-05")
    assert member_row["code"] == mask_id_number(world["member"].id_number)


def test_findings_filter_by_check_and_unmask_is_logged(client_for, county_officer, world):
    response = client_for(county_officer).get("/api/quality/findings/", {"check_code": "ID-05", "unmask": "1"})
    rows = response.json()["results"]
    assert [r["code"] for r in rows] == [world["member"].id_number]
    assert AuditEvent.objects.filter(action="export_personal", model_label="quality.Finding").exists()


def test_an_outsider_gets_404_on_a_finding(client_for, outsider, world):
    assert client_for(outsider).get(f"/api/quality/findings/{world['finding'].pk}/").status_code == 404
    url = f"/api/quality/findings/{world['finding'].pk}/escalate/"
    assert client_for(outsider).post(url, {"note": "x"}, content_type="application/json").status_code == 404


def test_a_read_only_inspector_gets_403_on_an_action(client_for, inspector, world):
    url = f"/api/quality/findings/{world['finding'].pk}/justify/"
    assert client_for(inspector).post(url, {"reason": "x"}, content_type="application/json").status_code == 403


def test_justify_and_review_through_the_api(client_for, village_clerk, county_officer, world):
    url = f"/api/quality/findings/{world['finding'].pk}/"
    proposed = client_for(village_clerk).post(url + "justify/", {"reason": "理由"}, content_type="application/json")
    assert proposed.status_code == 200 and proposed.json()["status"] == "pending"
    wrong = client_for(village_clerk).post(url + "review/", {"approve": True}, content_type="application/json")
    assert wrong.status_code == 403
    approved = client_for(county_officer).post(url + "review/", {"approve": True}, content_type="application/json")
    assert approved.json()["status"] == "justified"
    again = client_for(county_officer).post(url + "review/", {"approve": True}, content_type="application/json")
    assert again.status_code == 400


def test_starting_a_run_through_the_api(client_for, county_officer, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(county_officer).post(
            "/api/quality/runs/", {"year": YEAR}, content_type="application/json"
        )
    assert response.status_code == 202
    run = CheckRun.objects.get(pk=response.json()["id"])
    assert run.region_code == "610902000000" and run.status == "succeeded"
    assert client_for(county_officer).get(f"/api/quality/runs/{run.pk}/").json()["counts"]["HP-01"] == 1


def test_a_run_outside_the_users_scope_is_refused(client_for, outsider):
    response = client_for(outsider).post(
        "/api/quality/runs/", {"region_code": "610902000000", "year": YEAR}, content_type="application/json"
    )
    assert response.status_code == 403
