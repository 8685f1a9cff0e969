"""The one rule of personal data: masks that nothing shown beside them rebuilds, free text scrubbed,
history and search that log or mask (issue: a helping unit rebuilt 50 of 50 ID numbers)."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from stdnum.cn import ric

from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.models import AuditEvent
from jingzhun.core.personal import (
    Kind,
    luhn_valid,
    mask_bank_card,
    mask_birth_date,
    mask_id_number,
    mask_phone,
    mask_snapshot,
    mask_text,
)

NUMBER = make_id_number("610902", datetime.date(1980, 4, 12), 331)


def candidates(masked: str, *, birth: str, sex: str) -> list[str]:
    """Every valid ID number that fits ``masked`` and what a page shows beside it (birth as shown, sex)."""
    year, month, day = [*birth.split("-"), "**", "**"][:3]
    days = (
        [datetime.date(int(year), int(month), int(day))]
        if "*" not in month + day
        else [
            datetime.date(int(year), 1, 1) + datetime.timedelta(d)
            for d in range(366)
            if (datetime.date(int(year), 1, 1) + datetime.timedelta(d)).year == int(year)
        ]
    )
    found = []
    for birth_day, sequence in itertools.product(days, range(1000)):
        body = f"{masked[:6]}{birth_day:%Y%m%d}{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if int(number[16]) % 2 != (1 if sex == "1" else 0):
            continue
        if all(m == "*" or m == n for m, n in zip(masked, number, strict=True)):
            found.append(number)
    return found


def test_the_old_mask_beside_the_birth_date_rebuilt_the_number():
    old_mask = NUMBER[:6] + "********" + NUMBER[-4:]
    assert candidates(old_mask, birth="1980-04-12", sex="1") == [NUMBER]


def test_a_masked_id_with_the_year_and_sex_shown_leaves_thousands_of_candidates():
    masked = mask_id_number(NUMBER)
    assert masked == "610902**********" + NUMBER[-2:]
    assert len(candidates(masked, birth=mask_birth_date(datetime.date(1980, 4, 12)), sex="1")) > 1000


def test_masks_keep_the_usual_ends_and_hide_at_least_a_third():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("0915-3212345") == "091*****2345"
    assert mask_phone("3212345") == "3****45"
    assert mask_bank_card("6222021234567890123") == "6222***********0123"
    assert mask_birth_date(datetime.date(1980, 4, 12)) == "1980-**-**"
    assert mask_birth_date("1980-04-12") == "1980-**-**"
    assert mask_id_number("610902800412331") == "610902*******31"


def test_free_text_is_scrubbed_of_ids_phones_and_cards_but_not_of_codes():
    card = "6222021234567890128"
    assert luhn_valid(card)
    text = f"成员张三（{NUMBER}），电话13912345678，卡号{card}，户 6109020022060001，人 610902002206000101"
    scrubbed = mask_text(text)
    assert NUMBER not in scrubbed and "13912345678" not in scrubbed and card not in scrubbed
    assert mask_id_number(NUMBER) in scrubbed and "139****5678" in scrubbed
    assert "6109020022060001" in scrubbed and "610902002206000101" in scrubbed


def test_an_audit_snapshot_is_masked_by_the_models_declaration():
    snapshot = {"id_number": NUMBER, "phone": "13912345678", "birth_date": "1980-04-12", "health": "2", "name": "张三"}
    assert mask_snapshot("registry.Member", snapshot) == {
        "id_number": mask_id_number(NUMBER),
        "phone": "139****5678",
        "birth_date": "1980-**-**",
        "health": "***",
        "name": "张三",
    }


@pytest.mark.django_db
def test_the_change_history_shows_old_and_new_values_masked(
    client_for, county_officer, household_factory, hanbin_village
):
    from jingzhun.registry import services

    household = household_factory(hanbin_village)
    household.phone = "13912345678"
    services.household_save(user=county_officer, household=household, reason="补录电话")
    household.phone = "13787654321"
    services.household_save(user=county_officer, household=household, reason="更正电话")
    event = AuditEvent.objects.filter(object_pk=str(household.pk), action="update").first()
    assert ("phone", "139****5678", "137****4321") in event.changes
    html = client_for(county_officer).get(f"/registry/households/{household.code}/").content.decode()
    assert "13912345678" not in html and "13787654321" not in html
    assert "139****5678" in html and "137****4321" in html


@pytest.mark.django_db
def test_an_object_name_with_an_id_number_is_masked_in_the_audit_log(city_officer, hanbin_village):
    from jingzhun.core.audit import audit_context
    from jingzhun.quality.models import ComparisonException

    with audit_context(actor=city_officer):
        ComparisonException.objects.create(
            kind="vehicle", id_number=NUMBER, village_code=hanbin_village.code, reason="代购"
        )
    event = AuditEvent.objects.get(model_label="quality.ComparisonException")
    assert NUMBER not in event.object_repr and mask_id_number(NUMBER) in event.object_repr


@pytest.mark.django_db
class TestWhatAHelpingUnitSees:
    @pytest.fixture
    def helper(self, db):
        from conftest import HANBIN, make_user

        return make_user("helper", "helping_unit", HANBIN)

    def test_no_member_in_the_api_can_be_rebuilt_from_what_is_shown(
        self, client_for, helper, household_factory, hanbin_village
    ):
        for _ in range(3):
            household_factory(hanbin_village, members=2)
        rows = client_for(helper).get("/api/members/").json()["results"]
        assert len(rows) == 6
        for row in rows:
            assert re.fullmatch(r"\d{4}-\*\*-\*\*", row["birth_date"])
            assert row["health"] == "***"
            assert len(candidates(row["id_number"], birth=row["birth_date"], sex=row["sex"])) > 100

    def test_a_search_by_a_full_id_number_does_not_tell_whether_it_exists(
        self, client_for, helper, household_factory, hanbin_village
    ):
        member = household_factory(hanbin_village).members.first()
        client = client_for(helper)
        for url in ("/api/members/", "/api/households/", "/registry/households/"):
            assert client.get(url, {"q": member.id_number}).status_code == 403
            assert client.get(url, {"q": "610902199901011234"}).status_code == 403
        # A prefix as long as the address and the birth year tells nothing the mask does not.
        assert client.get("/api/members/", {"q": member.id_number[:10]}).json()["count"] == 1

    def test_an_exact_id_search_by_an_office_is_a_logged_personal_data_read(
        self, client_for, county_officer, household_factory, hanbin_village
    ):
        member = household_factory(hanbin_village).members.first()
        rows = client_for(county_officer).get("/api/members/", {"q": member.id_number}).json()["results"]
        assert [r["code"] for r in rows] == [member.code]
        event = AuditEvent.objects.get(action="view_personal", actor=county_officer)
        assert event.after == {"query": member.id_number}
        assert member.id_number not in event.object_repr


@pytest.mark.django_db
def test_finding_actions_answer_masked_and_an_unmasked_read_is_logged(client_for, county_officer, city_officer):
    """Justify, review and escalate answer through the serializer: masked, or unmasked and logged."""
    from jingzhun.quality.models import Finding

    def finding_of(check_code: str) -> Finding:
        return Finding.objects.create(
            check_code=check_code,
            category="identity",
            severity="error",
            entity="member",
            entity_key=f"{NUMBER}-610902",
            village_code="610902001001",
            household_code="6109020010010001",
            id_number=NUMBER,
            message=f"号码 {NUMBER} 末位疑似被 Excel 截断",
            year=2019,
            first_seen_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
            last_seen_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
        )

    finding, other = finding_of("ID-05"), finding_of("ID-06")
    client = client_for(county_officer)
    body = client.post(f"/api/quality/findings/{finding.pk}/justify/", {"reason": "已核实"}).json()
    assert NUMBER not in str(body)
    assert body["id_number"] == mask_id_number(NUMBER)
    assert not AuditEvent.objects.filter(action__in=["view_personal", "export_personal"]).exists()
    body = client.get(f"/api/quality/findings/{finding.pk}/?unmask=1").json()
    assert body["id_number"] == NUMBER
    assert AuditEvent.objects.filter(action="view_personal", actor=county_officer).count() == 1
    response = client.post(f"/api/quality/findings/{other.pk}/justify/?unmask=1", {"reason": "已核实"})
    body = response.json()
    assert response.status_code == 200, body
    assert body["id_number"] == NUMBER
    assert AuditEvent.objects.filter(action="view_personal", actor=county_officer).count() == 2


def test_every_kind_has_a_mask():
    assert set(Kind) >= {Kind.ID_NUMBER, Kind.PHONE, Kind.BANK_CARD, Kind.BIRTH_DATE, Kind.HEALTH}
