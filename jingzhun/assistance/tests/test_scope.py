"""Who sees and edits what: the helping unit its own units' records, counties their county, the city all."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jingzhun.assistance.models import Cadre, HelpingUnit, Presence
from jingzhun.assistance.services import presence_approve
from jingzhun.assistance.tests.world import cadre_create, days_add
from jingzhun.core.services import ledger_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units(unit, other_unit, hanbin_village, hanbin_village_2, hanyin_village):
    mine = cadre_create(unit, hanbin_village, name="本单位干部", n=1)
    theirs = cadre_create(other_unit, hanbin_village_2, name="他单位干部", n=2)
    far = cadre_create(unit, hanyin_village, name="汉阴干部", n=3)
    return mine, theirs, far


def test_the_helping_unit_sees_only_its_own_units_cadres_in_its_region(helper, two_units):
    mine, _theirs, _far = two_units
    assert list(Cadre.objects.for_user(helper)) == [mine]
    assert list(HelpingUnit.objects.for_user(helper).values_list("name", flat=True)) == ["安康市财政局"]


def test_the_county_sees_its_county_and_the_city_all(county_officer, city_officer, two_units):
    mine, theirs, far = two_units
    assert set(Cadre.objects.for_user(county_officer)) == {mine, theirs}
    assert set(Cadre.objects.for_user(city_officer)) == {mine, theirs, far}


def test_pages_answer_404_for_another_units_cadre_and_200_for_its_own(client, helper, two_units):
    mine, theirs, _far = two_units
    client.force_login(helper)
    assert client.get(reverse("assistance:cadre-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("assistance:cadre-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("assistance:helpingunit-detail", args=[theirs.unit_id])).status_code == 404


def test_the_helping_unit_records_its_own_cadres_work_but_not_another_units(helper, two_units, hanbin_village_2):
    mine, theirs, _far = two_units
    saved = ledger_save(
        user=helper, instance=Presence(cadre=mine, village=mine.village, date=datetime.date(2019, 5, 6))
    )
    assert saved.pk
    with pytest.raises(PermissionDenied):
        ledger_save(
            user=helper, instance=Presence(cadre=theirs, village=hanbin_village_2, date=datetime.date(2019, 5, 6))
        )


def test_the_helping_unit_may_not_register_units_or_pair_villages(client, helper):
    client.force_login(helper)
    assert client.get(reverse("assistance:helpingunit-create")).status_code == 403
    assert client.get(reverse("assistance:assignment-create")).status_code == 403


def test_personal_data_of_cadres_is_masked_unless_revealed(client, inspector, two_units):
    mine, _theirs, _far = two_units
    client.force_login(inspector)
    page = client.get(reverse("assistance:cadre-list")).content.decode()
    assert mine.id_number not in page and mine.phone not in page
    api = client.get("/api/assistance/cadres/").json()
    row = next(r for r in api["results"] if r["id"] == mine.pk) if "results" in api else None
    assert row is None or (row["id_number"] != mine.id_number and row["phone"] != mine.phone)
    revealed = client.get(reverse("assistance:cadre-list") + "?unmask=1").content.decode()
    assert mine.id_number in revealed


def test_official_absence_is_approved_by_the_township_up_not_by_the_village(
    cadre, hanbin_village, village_clerk, county_officer
):
    days_add(cadre, hanbin_village, datetime.date(2019, 3, 1), 1, kind="official")
    presence = Presence.objects.get()
    with pytest.raises(PermissionDenied):
        presence_approve(user=village_clerk, presence=presence)
    assert presence_approve(user=county_officer, presence=presence).approved is True


def test_list_pages_run_a_flat_number_of_queries(
    client, city_officer, unit, hanbin_village, django_assert_max_num_queries
):
    for n in range(1, 4):
        cadre_create(unit, hanbin_village, name=f"干部{n}", n=n)
    client.force_login(city_officer)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("assistance:cadre-list"))
    for n in range(4, 30):
        cadre_create(unit, hanbin_village, name=f"干部{n}", n=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("assistance:cadre-list")).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        assert client.get(reverse("assistance:posting-list")).status_code == 200


def test_the_presence_page_approves_an_official_absence(client, cadre, hanbin_village, county_officer, village_clerk):
    days_add(cadre, hanbin_village, datetime.date(2019, 3, 1), 1, kind="official")
    presence = Presence.objects.get()
    url = reverse("assistance:presence-approve", args=[presence.pk])
    client.force_login(village_clerk)
    assert client.post(url).status_code == 403
    client.force_login(county_officer)
    assert b"presence-approve" in client.get(reverse("assistance:presence-detail", args=[presence.pk])).content
    assert client.post(url).status_code == 302
    presence.refresh_from_db()
    assert presence.approved


def test_the_cadre_edit_page_never_shows_the_id_number_and_keeps_it_when_left_empty(client, county_officer, cadre):
    client.force_login(county_officer)
    url = reverse("assistance:cadre-edit", args=[cadre.pk])
    page = client.get(url).content.decode()
    assert cadre.id_number not in page and cadre.phone not in page
    form = {
        "name": "李驻村",
        "id_number": "",
        "unit": cadre.unit_id,
        "village_code": cadre.village_id,
        "post": "第一书记",
        "phone": "",
        "version": cadre.version,
    }
    assert client.post(url, form).status_code == 302
    stored = Cadre.objects.get(pk=cadre.pk)
    assert (stored.id_number, stored.phone, stored.version) == (cadre.id_number, cadre.phone, cadre.version + 1)
