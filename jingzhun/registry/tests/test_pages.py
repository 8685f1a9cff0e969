"""Registry pages: scope (404 outside), read-only writes (403), masking, audit, locking."""

import pytest
from django.urls import reverse

from jingzhun.core.idnumbers import mask_id_number
from jingzhun.core.models import AuditEvent
from jingzhun.registry.models import Household, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(household_factory, hanbin_village, hanyin_village):
    return {
        "hanbin": household_factory(hanbin_village, members=3),
        "hanyin": household_factory(hanyin_village, members=2),
    }


def detail(h):
    return reverse("registry:household-detail", args=[h.code])


READ_URLS = [
    lambda h: reverse("registry:household-detail", args=[h.code]),
    lambda h: reverse("registry:household-edit", args=[h.code]),
    lambda h: reverse("registry:member-create", args=[h.code]),
    lambda h: reverse("registry:member-edit", args=[h.code, h.members.first().code]),
    lambda h: reverse("registry:year-create", args=[h.code]),
    lambda h: reverse("registry:year-edit", args=[h.code, 2019]),
    lambda h: reverse("registry:household-delete", args=[h.code]),
]
WRITE_URLS = READ_URLS[1:]


@pytest.mark.parametrize("url", READ_URLS)
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url(world["hanbin"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("url", READ_URLS)
def test_officer_of_another_county_gets_404(client_for, outsider, world, url):
    assert client_for(outsider).get(url(world["hanbin"])).status_code == 404


@pytest.mark.parametrize("url", WRITE_URLS)
def test_read_only_inspector_gets_403_on_every_write_page(client_for, inspector, world, url):
    assert client_for(inspector).get(url(world["hanbin"])).status_code == 403


@pytest.mark.parametrize("url", READ_URLS)
def test_county_officer_opens_every_page_of_his_household(client_for, county_officer, world, url):
    assert client_for(county_officer).get(url(world["hanbin"])).status_code == 200


def test_household_list_shows_only_the_users_county(client_for, county_officer, world):
    response = client_for(county_officer).get(reverse("registry:household-list"))
    codes = [h.code for h in response.context["object_list"]]
    assert codes == [world["hanbin"].code]


def test_city_officer_sees_both_counties(client_for, city_officer, world):
    response = client_for(city_officer).get(reverse("registry:household-list"))
    assert response.context["paginator"].count == 2


def test_village_clerk_sees_only_his_village(client_for, village_clerk, household_factory, hanbin_village_2, world):
    other = household_factory(hanbin_village_2)
    client = client_for(village_clerk)
    assert client.get(detail(other)).status_code == 404
    assert client.get(detail(world["hanbin"])).status_code == 200


def test_search_by_name_id_and_code_stays_in_scope(client_for, outsider, county_officer, world):
    member = world["hanbin"].members.first()
    for text in (member.name, member.id_number[:10], world["hanbin"].code):
        found = client_for(county_officer).get(reverse("registry:household-list"), {"q": text}).context["object_list"]
        assert [h.code for h in found] == [world["hanbin"].code]
        hidden = client_for(outsider).get(reverse("registry:household-list"), {"q": text}).context["object_list"]
        assert list(hidden) == []


def test_filters_narrow_the_list(client_for, city_officer, world, household_factory, hanbin_village):
    household_factory(hanbin_village, status="1", exit_year=2018)
    client = client_for(city_officer)
    assert client.get(reverse("registry:household-list"), {"status": "1"}).context["paginator"].count == 1
    assert client.get(reverse("registry:household-list"), {"region": "610921"}).context["paginator"].count == 1
    assert client.get(reverse("registry:household-list"), {"exit_year": "2018"}).context["paginator"].count == 1


def test_household_list_query_count_does_not_grow_with_rows(
    client_for, city_officer, household_factory, hanbin_village, django_assert_max_num_queries
):
    client = client_for(city_officer)
    household_factory(hanbin_village)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("registry:household-list"))
    for _ in range(20):
        household_factory(hanbin_village)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("registry:household-list"))


def test_ids_are_masked_on_list_and_detail(client_for, county_officer, world):
    member = world["hanbin"].members.get(relation="01")
    client = client_for(county_officer)
    for url in (reverse("registry:household-list"), detail(world["hanbin"])):
        html = client.get(url).content.decode()
        assert member.id_number not in html
        assert mask_id_number(member.id_number) in html


def test_revealing_an_id_is_logged(client_for, county_officer, world):
    member = world["hanbin"].members.first()
    url = reverse("registry:member-reveal", args=[world["hanbin"].code, member.code])
    client = client_for(county_officer)
    refused = client.post(url)  # a reveal asks why
    assert refused.status_code == 400 and "查看原因" in refused.content.decode()
    assert member.id_number not in refused.content.decode()
    response = client.post(url, {"reason": "核对医保参保信息"})
    assert member.id_number in response.content.decode()
    event = AuditEvent.objects.get(action="view_personal")
    assert event.actor_name == "hanbin" and event.object_pk == str(member.pk) and event.reason == "核对医保参保信息"


def test_opening_a_member_edit_form_logs_the_full_id_it_shows(client_for, county_officer, world):
    member = world["hanbin"].members.first()
    url = reverse("registry:member-edit", args=[world["hanbin"].code, member.code])
    assert member.id_number in client_for(county_officer).get(url).content.decode()
    (event,) = AuditEvent.objects.filter(action="view_personal", object_pk=str(member.pk))  # once per display
    assert "id_number" in event.after["fields"]


def test_a_role_without_personal_data_rights_cannot_reveal(client_for, world, db):
    from conftest import make_user

    helper = make_user("helper", "helping_unit", "610902000000")
    member = world["hanbin"].members.first()
    url = reverse("registry:member-reveal", args=[world["hanbin"].code, member.code])
    assert client_for(helper).post(url).status_code == 403
    assert not AuditEvent.objects.filter(action="view_personal").exists()


def test_editing_a_household_is_audited_with_reason(client_for, county_officer, world):
    household = world["hanbin"]
    data = _household_data(household, helper_name="王帮扶", reason="入户核实后更正")
    response = client_for(county_officer).post(reverse("registry:household-edit", args=[household.code]), data)
    assert response.status_code == 302, response.context["form"].errors
    household.refresh_from_db()
    assert household.helper_name == "王帮扶" and household.version == 2
    event = AuditEvent.objects.filter(action="update", object_pk=str(household.pk)).get()
    assert event.reason == "入户核实后更正" and event.actor_name == "hanbin"
    assert ("helper_name", "", "王帮扶") in event.changes
    assert ("帮扶责任人", "", "王帮扶") in event.labelled_changes
    page = client_for(county_officer).get(detail(household)).content.decode()
    assert "王帮扶" in page and "帮扶责任人" in page and "helper_name" not in page


def test_a_stale_edit_is_refused_and_changes_nothing(client_for, county_officer, world):
    household = world["hanbin"]
    url = reverse("registry:household-edit", args=[household.code])
    client = client_for(county_officer)
    assert client.post(url, _household_data(household, helper_name="甲", reason="一")).status_code == 302
    stale = _household_data(household, helper_name="乙", reason="二")  # still version 1
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    household.refresh_from_db()
    assert household.helper_name == "甲"


def test_an_edit_without_reason_is_refused(client_for, county_officer, world):
    household = world["hanbin"]
    response = client_for(county_officer).post(
        reverse("registry:household-edit", args=[household.code]), _household_data(household, reason="")
    )
    assert response.status_code == 200 and "reason" in response.context["form"].errors


def test_a_county_officer_cannot_move_a_household_into_another_county(
    client_for, county_officer, world, hanyin_village
):
    household = world["hanbin"]
    data = _household_data(household, village=hanyin_village.code, reason="迁移")
    response = client_for(county_officer).post(reverse("registry:household-edit", args=[household.code]), data)
    assert response.status_code == 200 and "village" in response.context["form"].errors
    household.refresh_from_db()
    assert household.village_id != hanyin_village.code


def test_member_with_id_contradicting_sex_is_refused(client_for, county_officer, world):
    household = world["hanbin"]
    member = household.members.get(relation="01")
    data = _member_data(member, sex="2", reason="更正")
    response = client_for(county_officer).post(
        reverse("registry:member-edit", args=[household.code, member.code]), data
    )
    assert response.status_code == 200
    assert "性别与证件号码不符" in response.content.decode()


def test_member_with_an_id_registered_in_another_household_is_refused(client_for, city_officer, world):
    household = world["hanbin"]
    other = world["hanyin"].members.get(relation="01")
    data = _member_data(other, code=f"{household.code}09", relation="11", reason="")
    response = client_for(city_officer).post(reverse("registry:member-create", args=[household.code]), data)
    assert response.status_code == 200
    assert "同一人不能重复建档" in response.content.decode()
    assert not Member.objects.filter(code=f"{household.code}09").exists()


def test_deleting_a_household_needs_a_reason_and_is_audited(client_for, county_officer, world):
    household = world["hanbin"]
    url = reverse("registry:household-delete", args=[household.code])
    client = client_for(county_officer)
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Household.objects.filter(pk=household.pk).exists()
    assert client.post(url, {"reason": "重复建档"}).status_code == 302
    assert not Household.objects.filter(pk=household.pk).exists()
    assert (
        AuditEvent.objects.filter(action="delete", reason="重复建档").count() == 1 + 3 + 1
    )  # household, members, year


def test_creating_a_household_through_the_page(client_for, village_clerk, hanbin_village):
    data = {
        "code": "6109020010019999",
        "village": hanbin_village.code,
        "attribute": "01",
        "status": "0",
        "size": "2",
        "main_cause": "01",
        "other_causes": ["07"],
        "identification_standard": "1",
        "identification_year": "2016",
        "planned_exit_year": "2019",
    }
    response = client_for(village_clerk).post(reverse("registry:household-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    household = Household.objects.get(code="6109020010019999")
    assert household.other_causes == "07"
    assert AuditEvent.objects.filter(action="create", object_pk=str(household.pk), actor_name="clerk").exists()


def _household_data(household, **overrides):
    data = {
        "code": household.code,
        "village": household.village_id,
        "attribute": household.attribute,
        "status": household.status,
        "size": household.size,
        "main_cause": household.main_cause,
        "other_causes": [c for c in household.other_causes.split(",") if c],
        "identification_standard": household.identification_standard,
        "identification_year": household.identification_year,
        "planned_exit_year": household.planned_exit_year or "",
        "exit_year": household.exit_year or "",
        "phone": household.phone,
        "helper_name": household.helper_name,
        "helper_unit": household.helper_unit,
        "helper_phone": household.helper_phone,
        "version": household.version,
    }
    data.update(overrides)
    return data


def _member_data(member, **overrides):
    data = {
        "code": member.code,
        "name": member.name,
        "id_number": member.id_number,
        "relation": member.relation,
        "sex": member.sex,
        "birth_date": member.birth_date.isoformat(),
        "ethnicity": member.ethnicity,
        "health": member.health,
        "migrant_months": member.migrant_months,
        "medical_insurance": "on",
        "serious_illness_insurance": "on",
        "version": member.version,
    }
    data.update(overrides)
    return data


def test_the_household_page_names_the_head_and_shows_the_measures(
    client_for, village_clerk, household_factory, hanbin_village
):
    household = household_factory(hanbin_village, members=2)
    household.years.filter(year=2019).update(assistance_measures="产业扶贫：核桃种植")
    response = client_for(village_clerk).get(reverse("registry:household-detail", args=[household.code]))
    html = response.content.decode()
    head = household.members.get(relation="01")
    assert f'<span id="head-name">{head.name}</span>' in html
    assert "产业扶贫：核桃种植" in html and "（2019 年度）" in html


def test_the_village_choice_names_the_county_where_township_and_village_repeat(db, city_officer):
    from jingzhun.regions.models import Region
    from jingzhun.registry.forms import HouseholdForm

    villages = Region.objects.filter(level="village", code__startswith="6109").order_by("code")
    first = villages.first()
    other = villages.exclude(code__startswith=first.code[:6]).first()
    Region.objects.filter(code=other.parent_id).update(name=first.parent.name)
    Region.objects.filter(code=other.code).update(name=first.name)
    labels = {str(v): str(label) for v, label in HouseholdForm(user=city_officer).fields["village"].choices if v}
    assert labels[first.code] == f"{first.parent.parent.name} {first.parent.name} {first.short_name}"
    assert labels[other.code] == f"{other.parent.parent.name} {first.parent.name} {first.short_name}"
    plain = villages.exclude(code__startswith=first.code[:6]).exclude(code__startswith=other.code[:6]).first()
    assert labels[plain.code] == f"{plain.parent.name} {plain.short_name}"
