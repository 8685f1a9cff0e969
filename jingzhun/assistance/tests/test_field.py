"""The cadre's field page (phone): check in, write the diary, record a visit."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jingzhun.assistance.models import Diary, Presence, Visit
from jingzhun.assistance.tests.world import cadre_create, pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def field_cadre(unit, hanbin_village, village_clerk, household_factory):
    cadre = cadre_create(unit, hanbin_village, user=village_clerk, start=timezone.localdate().replace(month=1, day=1))
    household = household_factory(hanbin_village)
    pair(cadre, household)
    return cadre, household


def test_a_cadre_checks_in_writes_the_diary_and_records_a_visit(client, village_clerk, field_cadre):
    cadre, household = field_cadre
    client.force_login(village_clerk)
    url = reverse("assistance:field")
    page = client.get(url)
    assert page.status_code == 200 and b"checkin-form" in page.content
    assert client.post(url, {"what": "checkin", "kind": "present", "note": ""}).status_code == 302
    presence = Presence.objects.get(cadre=cadre)
    assert (presence.date, presence.village_id) == (timezone.localdate(), cadre.village_id)
    assert client.post(url, {"what": "diary", "content": "走访三户，宣讲政策"}).status_code == 302
    assert client.post(url, {"what": "diary", "content": "走访四户"}).status_code == 302
    assert Diary.objects.get(cadre=cadre).content == "走访四户"
    response = client.post(url, {"what": "visit", "household_code": household.code, "purpose": "了解收入"})
    assert response.status_code == 302
    assert Visit.objects.get(cadre=cadre).household == household
    page = client.get(url).content.decode()
    assert 'id="checked-in"' in page and household.code in page


def test_a_second_check_in_the_same_day_is_refused_in_chinese(client, village_clerk, field_cadre):
    client.force_login(village_clerk)
    url = reverse("assistance:field")
    client.post(url, {"what": "checkin", "kind": "present"})
    # The form is gone after a check-in; a replayed post is refused with the model's message.
    response = client.post(url, {"what": "checkin", "kind": "present"})
    assert response.status_code == 400
    assert "当天已有考勤记录" in response.content.decode()


def test_a_visit_to_a_household_outside_the_scope_is_refused(
    client, village_clerk, field_cadre, hanyin_village, household_factory
):
    far = household_factory(hanyin_village)
    client.force_login(village_clerk)
    response = client.post(
        reverse("assistance:field"), {"what": "visit", "household_code": far.code, "purpose": "走访"}
    )
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_an_account_without_a_cadre_gets_a_message_and_cannot_check_in(client, county_officer):
    client.force_login(county_officer)
    page = client.get(reverse("assistance:field"))
    assert page.status_code == 200 and b"no-cadre" in page.content
    assert client.post(reverse("assistance:field"), {"what": "checkin", "kind": "present"}).status_code == 403


def test_the_field_page_is_small(client, village_clerk, field_cadre):
    client.force_login(village_clerk)
    page = client.get(reverse("assistance:field"))
    assert len(page.content) < 40_000
    assert b'name="viewport"' in page.content
