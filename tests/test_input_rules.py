"""Smaller findings: exports write text as text, names and phones are checked, a household keeps
its head, a justification has a length limit, and the login refuses an address spraying names."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","点击")'


def _cell_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_every_workbook_writes_a_formula_like_name_as_text():
    from jingzhun.core.excel.writer import new_workbook

    out = io.BytesIO()
    workbook = new_workbook(out)
    sheet = workbook.add_worksheet("t")
    sheet.write(0, 0, FORMULA)
    sheet.write(0, 1, "http://evil.example/")
    workbook.close()
    xml = _cell_xml(out.getvalue())
    assert "<f>" not in xml and "hyperlink" not in xml.lower()


def test_the_gap_list_export_writes_a_name_starting_with_equals_as_text(
    client_for, city_officer, household_factory, hanbin_village, hanyin_village
):
    from jingzhun.registry.models import Member
    from jingzhun.standards.tests.world import build_world, official_run

    world = build_world(household_factory, hanbin_village, hanyin_village)
    Member.objects.filter(household=world["failing"], relation="01").update(name=FORMULA)
    run = official_run(city_officer, "household")
    response = client_for(city_officer).get(f"/standards/runs/{run.pk}/gaps/{hanbin_village.code}/xlsx/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    xml = _cell_xml(data)
    assert "<f>" not in xml


def test_csv_output_neutralises_formula_cells():
    from jingzhun.core.excel.writer import csv_writer

    out = io.StringIO()
    csv_writer(out).writerow([FORMULA, "@SUM(A1)", "+1", "-2", "张三", 5])
    assert out.getvalue().startswith("\"'=HYPERLINK")
    assert ",'@SUM(A1),'+1,'-2,张三,5" in out.getvalue()


def test_no_module_writes_spreadsheets_around_the_writer_helper():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "jingzhun"
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "demo" in path.parts or path.name in ("writer.py", "snapshot.py"):
            continue
        text = path.read_text()
        if re.search(r"xlsxwriter\.Workbook\(|csv\.writer\(", text):
            offenders.append(str(path.relative_to(root)))
    assert not offenders, f"write exports through core.excel.writer: {offenders}"


@pytest.mark.parametrize("name", [FORMULA, "+86abc", "-1", "@SUM(A1)"])
def test_a_member_name_that_a_spreadsheet_would_run_is_refused(
    client_for, county_officer, household_factory, hanbin_village, name
):
    household = household_factory(hanbin_village)
    member = household.members.first()
    client = client_for(county_officer)
    body = client.get(f"/api/members/{member.code}/").json()
    response = client.patch(
        f"/api/members/{member.code}/", {"name": name, "version": body["version"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "公式" in str(response.json())


@pytest.mark.parametrize("phone", ["not a phone", "12345", "1391234567890", "=1+1"])
def test_a_phone_must_look_like_a_phone(client_for, county_officer, household_factory, hanbin_village, phone):
    household = household_factory(hanbin_village)
    client = client_for(county_officer)
    body = client.get(f"/api/households/{household.code}/").json()
    response = client.patch(
        f"/api/households/{household.code}/",
        {"phone": phone, "version": body["version"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "电话" in str(response.json())


def test_a_household_cannot_lose_its_head_through_the_api(
    client_for, county_officer, household_factory, hanbin_village
):
    household = household_factory(hanbin_village, members=2)
    head = household.members.get(relation="01")
    client = client_for(county_officer)
    body = client.get(f"/api/members/{head.code}/").json()
    response = client.patch(
        f"/api/members/{head.code}/", {"relation": "99", "version": body["version"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "户主" in str(response.json())
    assert client.delete(f"/api/members/{head.code}/?reason=错录").status_code == 400
    assert household.members.filter(relation="01").count() == 1


def test_a_justification_has_a_length_limit(client_for, county_officer):
    from jingzhun.quality.api.serializers import JustifySerializer

    assert not JustifySerializer(data={"reason": "说" * 2001}).is_valid()
    assert JustifySerializer(data={"reason": "说" * 2000}).is_valid()


def test_the_api_answers_401_to_the_unauthenticated(client):
    response = client.get("/api/households/")
    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")


def test_pages_carry_a_content_security_policy_and_a_permissions_policy(client_for, city_officer):
    response = client_for(city_officer).get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "onsubmit=" not in response.content.decode() and "onchange=" not in response.content.decode()


def test_the_api_throttles_are_active():
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_THROTTLE_CLASSES


def test_an_address_spraying_many_user_names_is_stopped(client, settings):
    from conftest import ANKANG, make_user

    settings.JINGZHUN_LOGIN_ADDRESS_FAILURE_LIMIT = 5
    make_user("real-user", "city", ANKANG)
    for n in range(5):
        response = client.post("/accounts/login/", {"username": f"guess{n}", "password": "Spring2019!"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "real-user", "password": "Jz-test-password-1"})
    assert response.status_code == 200
    assert "失败次数过多" in response.content.decode()
