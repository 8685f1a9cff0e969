"""The registry REST API: scope, permissions, services, masking and query counts."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import PermissionDenied, ValidationError

from jingzhun.accounts.models import User
from jingzhun.core.api.errors import Conflict, service_errors
from jingzhun.core.exceptions import ConflictError
from jingzhun.core.idnumbers import make_id_number, mask_id_number
from jingzhun.core.models import AuditEvent
from jingzhun.registry.models import Household, HouseholdYear, Member

HOUSEHOLDS = "/api/households/"
MEMBERS = "/api/members/"
YEARS = "/api/household-years/"
JSON = "application/json"


@pytest.fixture
def world(household_factory, hanbin_village, hanbin_village_2, hanyin_village):
    """Two households in 汉滨区 (one in each of two villages) and one in 汉阴县."""
    return {
        "hanbin": household_factory(hanbin_village, members=2, phone="13912345678", helper_phone="13800001111"),
        "hanbin_2": household_factory(hanbin_village_2, status="1", exit_year=2018),
        "hanyin": household_factory(hanyin_village),
    }


@pytest.fixture
def sector_officer(db):
    user = User(username="health", role="sector", sector="health", region_id="610900000000")
    user.set_password("Jz-test-password-1")
    user.save()
    return user


def _events(instance, action):
    return AuditEvent.objects.filter(model_label=instance._meta.label, object_pk=str(instance.pk), action=action)


def _member_data(household, *, birth=datetime.date(1990, 5, 17), sequence=123, **changes):
    data = {
        "code": f"{household.code}09",
        "household": household.code,
        "name": "王小军",
        "id_number": make_id_number(household.village_id[:6], birth, sequence),
        "relation": "03",
        "sex": "1" if sequence % 2 else "2",
        "birth_date": birth.isoformat(),
        "reason": "新增人口",
    }
    data.update(changes)
    return data


# Anonymous and read-only users ---------------------------------------------------------------


@pytest.mark.parametrize("url", [HOUSEHOLDS, MEMBERS, YEARS])
def test_anonymous_users_are_denied_every_registry_list(client, db, url):
    assert client.get(url).status_code in (401, 403)


def test_anonymous_users_cannot_create_a_household(client, hanbin_village):
    data = {"code": "ANON0001", "village": hanbin_village.code, "size": 1, "main_cause": "01"}
    response = client.post(HOUSEHOLDS, data, content_type=JSON)
    assert response.status_code in (401, 403)
    assert not Household.objects.filter(code="ANON0001").exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_read_only_inspector_gets_403_on_every_household_write(client_for, inspector, world, method):
    household = world["hanbin"]
    url = HOUSEHOLDS if method == "post" else f"{HOUSEHOLDS}{household.code}/?reason=x"
    response = getattr(client_for(inspector), method)(url, {"version": 1, "size": 3}, content_type=JSON)
    assert response.status_code == 403
    household.refresh_from_db()
    assert (household.size, household.version) == (2, 1)


def test_the_read_only_inspector_gets_403_on_member_writes(client_for, inspector, world):
    client = client_for(inspector)
    member = world["hanbin"].members.get(relation="01")
    assert client.post(MEMBERS, _member_data(world["hanbin"]), content_type=JSON).status_code == 403
    assert (
        client.patch(f"{MEMBERS}{member.code}/", {"version": 1, "name": "改名"}, content_type=JSON).status_code == 403
    )
    assert client.delete(f"{MEMBERS}{member.code}/?reason=x").status_code == 403
    assert Member.objects.get(pk=member.pk).name == member.name


def test_the_read_only_inspector_reads_households_of_the_whole_city(client_for, inspector, world):
    response = client_for(inspector).get(HOUSEHOLDS)
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {h.code for h in world.values()}


# Scope ---------------------------------------------------------------------------------------


def test_a_county_officer_lists_only_the_households_of_his_county(client_for, county_officer, world):
    response = client_for(county_officer).get(HOUSEHOLDS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {row["code"] for row in body["results"]} == {world["hanbin"].code, world["hanbin_2"].code}


def test_a_county_officer_gets_404_for_a_household_of_another_county(client_for, county_officer, world):
    client = client_for(county_officer)
    assert client.get(f"{HOUSEHOLDS}{world['hanyin'].code}/").status_code == 404
    assert client.get(f"{HOUSEHOLDS}{world['hanbin'].code}/").status_code == 200


def test_a_village_clerk_sees_only_his_own_village(client_for, village_clerk, world):
    client = client_for(village_clerk)
    codes = {row["code"] for row in client.get(HOUSEHOLDS).json()["results"]}
    assert codes == {world["hanbin"].code}
    assert client.get(f"{HOUSEHOLDS}{world['hanbin_2'].code}/").status_code == 404


def test_an_outsider_gets_404_when_changing_or_deleting_a_household_of_another_county(client_for, outsider, world):
    client = client_for(outsider)
    url = f"{HOUSEHOLDS}{world['hanbin'].code}/"
    assert client.patch(url, {"version": 1, "size": 5}, content_type=JSON).status_code == 404
    assert client.delete(f"{url}?reason=误建").status_code == 404
    assert Household.objects.filter(pk=world["hanbin"].pk, size=2).exists()


def test_members_and_years_of_another_county_answer_404_and_stay_out_of_lists(client_for, county_officer, world):
    client = client_for(county_officer)
    foreign_member = world["hanyin"].members.get()
    foreign_year = world["hanyin"].years.get()
    assert client.get(f"{MEMBERS}{foreign_member.code}/").status_code == 404
    assert client.get(f"{YEARS}{foreign_year.pk}/").status_code == 404
    assert foreign_member.code not in {row["code"] for row in client.get(MEMBERS).json()["results"]}
    assert foreign_year.pk not in {row["id"] for row in client.get(YEARS).json()["results"]}


def test_the_administrator_sees_every_county(client_for, admin_user, world):
    assert client_for(admin_user).get(HOUSEHOLDS).json()["count"] == 3


# Household representation ---------------------------------------------------------------------


def test_a_household_shows_codes_labels_head_and_living_members(client_for, county_officer, world):
    household = world["hanbin"]
    household.members.filter(relation="03").update(deceased=True)
    body = client_for(county_officer).get(f"{HOUSEHOLDS}{household.code}/").json()
    head = household.members.get(relation="01")
    assert body["village"] == household.village_id
    assert body["village_name"] == household.village.name
    assert (body["status"], body["status_display"]) == ("0", "未脱贫")
    assert (body["main_cause"], body["main_cause_display"]) == ("01", "因病")
    assert body["head_name"] == head.name
    assert body["head_id_number"] == mask_id_number(head.id_number)
    assert (body["size"], body["living_members"]) == (2, 1)
    assert body["version"] == 1
    assert "reason" not in body


# Household writes ------------------------------------------------------------------------------


def test_a_county_officer_creates_a_household_and_the_audit_trail_names_him_and_the_reason(
    client_for, county_officer, hanbin_village
):
    data = {
        "code": "610902HB0001",
        "village": hanbin_village.code,
        "size": 3,
        "main_cause": "07",
        "other_causes": ["01", "09"],
        "identification_year": 2016,
        "planned_exit_year": 2019,
        "reason": "动态调整新识别",
    }
    response = client_for(county_officer).post(HOUSEHOLDS, data, content_type=JSON)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["other_causes"] == ["01", "09"]
    assert body["other_causes_display"] == ["因病", "缺资金"]
    assert (body["living_members"], body["head_name"], body["version"]) == (0, None, 1)
    household = Household.objects.get(code="610902HB0001")
    assert household.other_causes == "01,09"
    event = _events(household, "create").get()
    assert (event.actor, event.reason) == (county_officer, "动态调整新识别")


def test_creating_a_household_in_a_village_outside_the_scope_is_a_validation_error(
    client_for, county_officer, hanyin_village
):
    data = {"code": "610921HY0001", "village": hanyin_village.code, "size": 1, "main_cause": "01"}
    data["identification_year"] = 2016
    response = client_for(county_officer).post(HOUSEHOLDS, data, content_type=JSON)
    assert response.status_code == 400
    assert "不存在或不在您的管辖范围内" in response.json()["village"][0]
    assert not Household.objects.filter(code="610921HY0001").exists()


def test_model_rules_come_back_as_field_errors(client_for, county_officer, world):
    url = f"{HOUSEHOLDS}{world['hanbin'].code}/"
    response = client_for(county_officer).patch(url, {"version": 1, "other_causes": ["01"]}, content_type=JSON)
    assert response.status_code == 400
    assert "不应重复主要致贫原因" in response.json()["other_causes"][0]


def test_database_constraints_come_back_as_non_field_errors(client_for, county_officer, hanbin_village):
    data = {"code": "610902HB0002", "village": hanbin_village.code, "size": 1, "main_cause": "01", "status": "1"}
    data["identification_year"] = 2016
    response = client_for(county_officer).post(HOUSEHOLDS, data, content_type=JSON)
    assert response.status_code == 400
    assert "已脱贫户必须填写脱贫年度" in response.json()["non_field_errors"][0]
    assert not Household.objects.filter(code="610902HB0002").exists()


def test_a_patch_may_not_change_the_status_which_only_the_yearly_cycle_changes(client_for, county_officer, world):
    household = world["hanbin"]
    url = f"{HOUSEHOLDS}{household.code}/"
    response = client_for(county_officer).patch(
        url, {"version": 1, "status": "1", "exit_year": 2019}, content_type=JSON
    )
    assert response.status_code == 400
    assert "只能通过动态调整变更" in response.json()["status"][0]
    household.refresh_from_db()
    assert (household.status, household.exit_year, household.version) == ("0", None, 1)


def test_an_update_with_the_current_version_saves_bumps_the_version_and_logs_the_reason(
    client_for, county_officer, world
):
    household = world["hanbin"]
    data = {"version": 1, "planned_exit_year": 2020, "reason": "入户核实后调整计划"}
    response = client_for(county_officer).patch(f"{HOUSEHOLDS}{household.code}/", data, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert (response.json()["planned_exit_year"], response.json()["version"]) == (2020, 2)
    household.refresh_from_db()
    assert (household.planned_exit_year, household.version) == (2020, 2)
    event = _events(household, "update").get()
    assert (event.actor, event.reason) == (county_officer, "入户核实后调整计划")
    assert event.after["planned_exit_year"] == 2020


def test_a_full_update_may_send_back_the_masked_phones_it_read(client_for, county_officer, world):
    household = world["hanbin"]
    client = client_for(county_officer)
    body = client.get(f"{HOUSEHOLDS}{household.code}/").json()
    assert body["phone"] == "139****5678"
    body.update(size=3, reason="新增人口")
    response = client.put(f"{HOUSEHOLDS}{household.code}/", body, content_type=JSON)
    assert response.status_code == 200, response.json()
    household.refresh_from_db()
    assert (household.size, household.phone, household.helper_phone) == (3, "13912345678", "13800001111")


def test_a_stale_version_answers_409_and_changes_nothing(client_for, county_officer, world):
    household = world["hanbin"]
    Household.objects.filter(pk=household.pk).update(version=2)
    response = client_for(county_officer).patch(
        f"{HOUSEHOLDS}{household.code}/", {"version": 1, "size": 7}, content_type=JSON
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    household.refresh_from_db()
    assert (household.size, household.version) == (2, 2)
    assert not _events(household, "update").exists()


def test_an_update_without_a_version_is_refused(client_for, county_officer, world):
    response = client_for(county_officer).patch(f"{HOUSEHOLDS}{world['hanbin'].code}/", {"size": 7}, content_type=JSON)
    assert response.status_code == 400
    assert "version" in response.json()


def test_the_household_code_cannot_be_changed(client_for, county_officer, world):
    url = f"{HOUSEHOLDS}{world['hanbin'].code}/"
    response = client_for(county_officer).patch(url, {"version": 1, "code": "NEWCODE1"}, content_type=JSON)
    assert response.status_code == 400
    assert "code" in response.json()


def test_deleting_a_household_requires_a_reason(client_for, county_officer, world):
    response = client_for(county_officer).delete(f"{HOUSEHOLDS}{world['hanbin'].code}/")
    assert response.status_code == 400
    assert "原因" in response.json()["reason"][0]
    assert Household.objects.filter(pk=world["hanbin"].pk).exists()


def test_deleting_a_household_with_a_reason_removes_it_and_its_members_and_logs_the_reason(
    client_for, county_officer, world
):
    household = world["hanbin"]
    response = client_for(county_officer).delete(f"{HOUSEHOLDS}{household.code}/?reason=重复建档")
    assert response.status_code == 204
    assert not Household.objects.filter(pk=household.pk).exists()
    assert not Member.objects.filter(household_id=household.pk).exists()
    event = _events(household, "delete").get()
    assert (event.actor, event.reason) == (county_officer, "重复建档")


# Personal data -------------------------------------------------------------------------------


def test_personal_data_is_masked_by_default_and_reading_it_is_not_logged(client_for, county_officer, world):
    client = client_for(county_officer)
    member = world["hanbin"].members.get(relation="01")
    rows = client.get(HOUSEHOLDS).json()["results"]
    row = next(r for r in rows if r["code"] == world["hanbin"].code)
    assert row["head_id_number"] == mask_id_number(member.id_number)
    assert (row["phone"], row["helper_phone"]) == ("139****5678", "138****1111")
    assert client.get(f"{MEMBERS}{member.code}/").json()["id_number"] == mask_id_number(member.id_number)
    assert not AuditEvent.objects.filter(action__in=["view_personal", "export_personal"]).exists()


def test_unmasking_a_member_returns_the_full_id_and_logs_a_view_personal_event(client_for, inspector, world):
    member = world["hanbin"].members.get(relation="01")
    response = client_for(inspector).get(f"{MEMBERS}{member.code}/?unmask=1")
    assert response.status_code == 200
    assert response.json()["id_number"] == member.id_number
    event = AuditEvent.objects.get(action="view_personal")
    assert (event.actor, event.object_pk, event.root_pk) == (inspector, str(member.pk), str(member.household_id))
    assert event.region_code == member.household.village_id


def test_unmasking_a_household_shows_the_head_id_and_phones_and_logs_it(client_for, county_officer, world):
    household = world["hanbin"]
    body = client_for(county_officer).get(f"{HOUSEHOLDS}{household.code}/?unmask=1").json()
    head = household.members.get(relation="01")
    assert (body["head_id_number"], body["phone"], body["helper_phone"]) == (
        head.id_number,
        "13912345678",
        "13800001111",
    )
    [event] = AuditEvent.objects.filter(action="view_personal")
    assert (event.model_label, event.object_pk) == ("registry.Household", str(household.pk))
    assert set(event.after["fields"]) == {"phone", "helper_phone", "head_id_number"}
    assert {e.actor for e in AuditEvent.objects.filter(action="view_personal")} == {county_officer}


def test_unmasking_a_list_logs_one_export_personal_event_with_the_count(client_for, county_officer, world):
    response = client_for(county_officer).get(f"{MEMBERS}?unmask=1")
    assert response.status_code == 200
    full_ids = {m.id_number for m in Member.objects.filter(household__village__code__startswith="610902")}
    assert {row["id_number"] for row in response.json()["results"]} == full_ids
    event = AuditEvent.objects.get(action="export_personal")
    assert (event.actor, event.model_label, event.after) == (county_officer, "registry.Member", {"count": 3})


@pytest.mark.parametrize("url", [HOUSEHOLDS, MEMBERS])
def test_a_role_without_the_right_to_personal_data_gets_403_when_asking_to_unmask(
    client_for, sector_officer, world, url
):
    client = client_for(sector_officer)
    assert client.get(url).status_code == 200
    assert client.get(f"{url}?unmask=1").status_code == 403
    assert client.get(f"{HOUSEHOLDS}{world['hanbin'].code}/?unmask=1").status_code == 403
    assert not AuditEvent.objects.filter(action__in=["view_personal", "export_personal"]).exists()


# Filters ----------------------------------------------------------------------------------------


def _codes(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return {row["code"] for row in response.json()["results"]}


def test_households_filter_by_region_prefix_status_and_search(client_for, city_officer, world):
    client = client_for(city_officer)
    hanbin, hanbin_2, hanyin = world["hanbin"], world["hanbin_2"], world["hanyin"]
    head = hanbin.members.get(relation="01")
    assert _codes(client, f"{HOUSEHOLDS}?region=610902") == {hanbin.code, hanbin_2.code}
    assert _codes(client, f"{HOUSEHOLDS}?region=610921000000") == {hanyin.code}
    assert _codes(client, f"{HOUSEHOLDS}?region={hanbin.village_id}") == {hanbin.code}
    assert _codes(client, f"{HOUSEHOLDS}?status=1") == {hanbin_2.code}
    assert _codes(client, f"{HOUSEHOLDS}?exit_year=2018") == {hanbin_2.code}
    assert _codes(client, f"{HOUSEHOLDS}?q={head.name}") == {hanbin.code}
    assert _codes(client, f"{HOUSEHOLDS}?q={head.id_number[:14]}") == {hanbin.code}
    assert _codes(client, f"{HOUSEHOLDS}?q={hanyin.code}") == {hanyin.code}


def test_a_region_filter_cannot_widen_the_scope(client_for, county_officer, world):
    assert _codes(client_for(county_officer), f"{HOUSEHOLDS}?region=610921") == set()


def test_members_filter_by_household_region_deceased_and_search(client_for, city_officer, world):
    client = client_for(city_officer)
    hanbin = world["hanbin"]
    head, child = hanbin.members.get(relation="01"), hanbin.members.get(relation="03")
    Member.objects.filter(pk=child.pk).update(deceased=True)
    assert _codes(client, f"{MEMBERS}?household={hanbin.code}") == {head.code, child.code}
    assert _codes(client, f"{MEMBERS}?region=610921") == {world["hanyin"].members.get().code}
    assert _codes(client, f"{MEMBERS}?deceased=true") == {child.code}
    assert _codes(client, f"{MEMBERS}?q={head.name}") == {head.code}
    assert _codes(client, f"{MEMBERS}?q={child.id_number[:16]}") == {child.code}


def test_household_years_filter_by_household_and_year(client_for, city_officer, world):
    client = client_for(city_officer)
    HouseholdYear.objects.create(household=world["hanbin"], year=2018, wage_income=800)
    rows = client.get(f"{YEARS}?household={world['hanbin'].code}").json()["results"]
    assert sorted(row["year"] for row in rows) == [2018, 2019]
    rows = client.get(f"{YEARS}?household={world['hanbin'].code}&year=2018").json()["results"]
    assert [row["year"] for row in rows] == [2018]


# Members ----------------------------------------------------------------------------------------


def test_a_village_clerk_adds_a_member_and_the_audit_trail_files_it_under_the_household(
    client_for, village_clerk, world
):
    household = world["hanbin"]
    data = _member_data(household)
    data["id_number"] = " " + data["id_number"].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " "
    response = client_for(village_clerk).post(MEMBERS, data, content_type=JSON)
    assert response.status_code == 201, response.json()
    member = Member.objects.get(code=data["code"])
    assert member.id_number == make_id_number("610902", datetime.date(1990, 5, 17), 123)
    assert response.json()["id_number"] == mask_id_number(member.id_number)
    event = _events(member, "create").get()
    assert (event.actor, event.reason, event.root_pk) == (village_clerk, "新增人口", str(household.pk))


def test_a_member_whose_sex_contradicts_the_id_number_is_refused_on_the_sex_field(client_for, county_officer, world):
    data = _member_data(world["hanbin"], sequence=123, sex="2")
    response = client_for(county_officer).post(MEMBERS, data, content_type=JSON)
    assert response.status_code == 400
    assert "性别与证件号码不符" in response.json()["sex"][0]


def test_a_member_whose_birth_date_contradicts_the_id_number_is_refused_on_the_birth_date_field(
    client_for, county_officer, world
):
    data = _member_data(world["hanbin"], birth_date="1990-05-18")
    response = client_for(county_officer).post(MEMBERS, data, content_type=JSON)
    assert response.status_code == 400
    assert "出生日期与证件号码不符" in response.json()["birth_date"][0]


def test_an_id_number_with_a_wrong_checksum_is_refused(client_for, county_officer, world):
    data = _member_data(world["hanbin"])
    last = data["id_number"][-1]
    data["id_number"] = data["id_number"][:-1] + ("1" if last != "1" else "2")
    response = client_for(county_officer).post(MEMBERS, data, content_type=JSON)
    assert response.status_code == 400
    assert "校验位错误" in response.json()["id_number"][0]
    assert not Member.objects.filter(code=data["code"]).exists()


def test_an_id_number_already_registered_in_another_household_is_refused(client_for, county_officer, world):
    existing = world["hanbin_2"].members.get()
    data = _member_data(world["hanbin"], id_number=existing.id_number, birth_date=existing.birth_date.isoformat())
    response = client_for(county_officer).post(MEMBERS, data, content_type=JSON)
    assert response.status_code == 400
    assert world["hanbin_2"].code in response.json()["id_number"][0]


def test_a_member_cannot_be_added_to_a_household_outside_the_scope(client_for, county_officer, world):
    data = _member_data(world["hanyin"])
    response = client_for(county_officer).post(MEMBERS, data, content_type=JSON)
    assert response.status_code == 400
    assert "不存在或不在您的管辖范围内" in response.json()["household"][0]


def test_a_member_update_keeps_the_stored_id_when_the_masked_one_is_sent_back(client_for, county_officer, world):
    member = world["hanbin"].members.get(relation="03")
    client = client_for(county_officer)
    body = client.get(f"{MEMBERS}{member.code}/").json()
    body.update(name="李四", reason="更正姓名")
    response = client.put(f"{MEMBERS}{member.code}/", body, content_type=JSON)
    assert response.status_code == 200, response.json()
    stored = Member.objects.get(pk=member.pk)
    assert (stored.name, stored.id_number, stored.version) == ("李四", member.id_number, 2)
    assert _events(member, "update").get().reason == "更正姓名"


def test_a_stale_member_version_answers_409_and_changes_nothing(client_for, county_officer, world):
    member = world["hanbin"].members.get(relation="03")
    Member.objects.filter(pk=member.pk).update(version=3)
    response = client_for(county_officer).patch(
        f"{MEMBERS}{member.code}/", {"version": 2, "name": "李四"}, content_type=JSON
    )
    assert response.status_code == 409
    assert Member.objects.get(pk=member.pk).name == member.name


def test_deleting_a_member_needs_a_reason_and_records_it(client_for, county_officer, world):
    member = world["hanbin"].members.get(relation="03")
    client = client_for(county_officer)
    assert client.delete(f"{MEMBERS}{member.code}/").status_code == 400
    assert client.delete(f"{MEMBERS}{member.code}/?reason=户籍迁出").status_code == 204
    assert not Member.objects.filter(pk=member.pk).exists()
    assert (_events(member, "delete").get().actor, _events(member, "delete").get().reason) == (
        county_officer,
        "户籍迁出",
    )


# Household years --------------------------------------------------------------------------------


def test_household_years_show_the_generated_net_income_and_the_per_capita_income(client_for, county_officer, world):
    facts = world["hanbin"].years.get()
    body = client_for(county_officer).get(f"{YEARS}{facts.pk}/").json()
    assert body["household"] == world["hanbin"].code
    assert body["net_income"] == "14000.00"
    assert body["living_members"] == 2
    assert body["per_capita_net_income"] == "7000.00"


def test_a_writer_creates_changes_and_deletes_a_year_of_facts_with_reasons(client_for, county_officer, world):
    client = client_for(county_officer)
    household = world["hanbin"]
    data = {"household": household.code, "year": 2018, "wage_income": "5000", "transfer_income": "1000"}
    data.update(net_income="99999", reason="2018 年收入核查")
    response = client.post(YEARS, data, content_type=JSON)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["net_income"], body["per_capita_net_income"]) == ("6000.00", "3000.00")
    facts = HouseholdYear.objects.get(pk=body["id"])
    assert _events(facts, "create").get().reason == "2018 年收入核查"

    response = client.patch(
        f"{YEARS}{facts.pk}/", {"version": 1, "production_cost": "2000", "reason": "补录支出"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["net_income"], response.json()["version"]) == ("4000.00", 2)

    stale = client.patch(f"{YEARS}{facts.pk}/", {"version": 1, "wage_income": "0"}, content_type=JSON)
    assert stale.status_code == 409
    assert HouseholdYear.objects.get(pk=facts.pk).wage_income == 5000

    assert client.delete(f"{YEARS}{facts.pk}/?reason=重复录入").status_code == 204
    assert _events(facts, "delete").get().reason == "重复录入"


def test_a_second_row_for_the_same_household_and_year_is_refused(client_for, county_officer, world):
    data = {"household": world["hanbin"].code, "year": 2019, "reason": "重复"}
    response = client_for(county_officer).post(YEARS, data, content_type=JSON)
    assert response.status_code == 400


def test_the_inspector_cannot_write_household_years(client_for, inspector, world):
    facts = world["hanbin"].years.get()
    client = client_for(inspector)
    assert client.post(YEARS, {"household": world["hanbin"].code, "year": 2018}, content_type=JSON).status_code == 403
    assert client.delete(f"{YEARS}{facts.pk}/?reason=x").status_code == 403


# Service errors -------------------------------------------------------------------------------


def test_a_conflict_from_a_service_becomes_409_although_it_is_a_validation_error():
    with pytest.raises(Conflict) as caught, service_errors():
        raise ConflictError("已被他人修改")
    assert (caught.value.status_code, str(caught.value.detail)) == (409, "已被他人修改")


def test_validation_errors_from_a_service_keep_their_field_keys():
    with pytest.raises(ValidationError) as caught, service_errors():
        raise DjangoValidationError({"id_number": ["校验位错误"], NON_FIELD_ERRORS: ["每户只能有一名户主。"]})
    assert caught.value.detail == {"id_number": ["校验位错误"], "non_field_errors": ["每户只能有一名户主。"]}


def test_a_permission_denied_from_a_service_becomes_403_with_its_message():
    with pytest.raises(PermissionDenied) as caught, service_errors():
        raise DjangoPermissionDenied("保存后的记录不在您的管辖范围内。")
    assert (caught.value.status_code, str(caught.value.detail)) == (403, "保存后的记录不在您的管辖范围内。")


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("url", [HOUSEHOLDS, MEMBERS, YEARS])
def test_list_endpoints_use_the_same_number_of_queries_for_3_and_30_households(
    client_for, city_officer, household_factory, hanbin_village, django_assert_max_num_queries, rows, url
):
    for _ in range(rows):
        household_factory(hanbin_village, members=2)
    client = client_for(city_officer)
    # session, user, count, page (households: the page's keys, then its rows with their head)
    queries = 5 if url == HOUSEHOLDS else 4
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.json()["count"] == rows * (2 if url == MEMBERS else 1)
    # unmasking adds one audit event for the whole page, not one per row
    if url != YEARS:
        with django_assert_max_num_queries(queries + 1):
            assert client.get(f"{url}?unmask=1").status_code == 200


def test_household_list_pages_are_cut_in_code_order_and_carry_head_and_living_members(
    client_for, city_officer, household_factory, hanbin_village
):
    households = [household_factory(hanbin_village, members=n) for n in (3, 1, 2)]
    households[1].members.update(deceased=True)  # its one member died: none living
    client = client_for(city_officer)

    pages = [client.get(f"{HOUSEHOLDS}?page_size=2&page={n}").json() for n in (1, 2)]

    rows = pages[0]["results"] + pages[1]["results"]
    assert [r["code"] for r in rows] == sorted(h.code for h in households)
    assert [(r["head_name"], r["living_members"]) for r in rows] == [
        (h.members.get(relation="01").name, 0 if h == households[1] else h.members.count()) for h in households
    ]
    assert pages[0]["count"] == 3 and len(pages[1]["results"]) == 1
