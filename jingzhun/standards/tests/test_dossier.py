"""The household dossier (一户一档): a Word file of the household, masked by default, audited when not."""

import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jingzhun.core.idnumbers import mask_id_number
from jingzhun.core.models import AuditAction, AuditEvent
from jingzhun.registry.models import HouseholdYear
from jingzhun.standards.dossier import DOCX_CONTENT_TYPE, household_dossier_render

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(household_factory, hanbin_village):
    household = household_factory(hanbin_village, members=3, phone="13912345678", helper_name="王帮扶")
    HouseholdYear.objects.create(
        household=household,
        year=2018,
        wage_income=6000,
        business_income=1500,
        housing_rating="B",
        assistance_measures="产业扶贫：发展养殖",
    )
    return household


@pytest.fixture
def sector_officer(db):
    """行业部门 of the city: reads the registry of its region, may not see personal data."""
    from conftest import ANKANG, make_user

    return make_user("transport", "sector", ANKANG, sector="transport")


def _read(data):
    return docx.Document(io.BytesIO(data))


def _all_text(document):
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _table_with(document, header_text):
    return next(t for t in document.tables if header_text in [c.text for c in t.rows[0].cells])


def test_the_dossier_has_the_household_its_members_with_masked_ids_and_its_years(household, county_officer):
    document = _read(household_dossier_render(household=household, user=county_officer))
    text = _all_text(document)
    members = list(household.members.order_by("code"))

    assert household.code in text
    members_table = _table_with(document, "证件号码")
    rows = [[c.text for c in row.cells] for row in members_table.rows[1:]]
    assert {row[1] for row in rows} == {m.name for m in members}
    assert {row[2] for row in rows} == {mask_id_number(m.id_number) for m in members}
    assert not any(m.id_number in text for m in members)
    assert "13912345678" not in text and "139****5678" in text

    years = _table_with(document, "人均纯收入")
    assert [row.cells[0].text for row in years.rows[1:]] == ["2018", "2019"]
    # 2019: wages 12,000 + business 3,000 − costs 1,000 = 14,000 for 3 people.
    assert [c.text for c in years.rows[2].cells][7:9] == ["14,000.00", "4,666.67"]
    assert "产业扶贫：发展养殖" in text
    assert "王帮扶" in text


def test_the_dossier_draws_the_income_over_the_years(household, county_officer):
    document = _read(household_dossier_render(household=household, user=county_officer))
    assert len(document.inline_shapes) == 1


def test_a_masked_dossier_is_not_logged(household, county_officer):
    household_dossier_render(household=household, user=county_officer)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL).exists()


def test_an_unmasked_dossier_has_full_ids_and_logs_each_reveal(household, county_officer):
    document = _read(household_dossier_render(household=household, user=county_officer, unmask=True))
    text = _all_text(document)

    assert all(m.id_number in text for m in household.members.all())
    assert "13912345678" in text
    events = AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL)
    assert events.count() == 4  # three ID numbers and the household's phone
    assert {e.actor_id for e in events} == {county_officer.pk}


def test_a_role_without_personal_data_rights_cannot_unmask(household, sector_officer):
    sector = sector_officer
    with pytest.raises(PermissionDenied):
        household_dossier_render(household=household, user=sector, unmask=True)


def test_the_official_verdicts_are_in_the_dossier(household, county_officer):
    from jingzhun.regions.models import Region
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_run
    from jingzhun.standards.tests.conftest import set_income

    set_income(household, 1000)
    evaluation_run(
        user=None,
        ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
        level="household",
        year=2019,
        region=Region.objects.get(code="610902000000"),
        official=True,
    )

    document = _read(household_dossier_render(household=household, user=county_officer))
    verdicts = _table_with(document, "未达标指标")
    row = [c.text for c in verdicts.rows[1].cells]
    assert row[0] == "2019" and row[3] == "不达标"
    assert "人均纯收入稳定超过扶贫标准" in row[4]


def test_the_same_household_gives_the_same_file(household, county_officer):
    first = household_dossier_render(household=household, user=county_officer)
    assert household_dossier_render(household=household, user=county_officer) == first
    household.years.filter(year=2019).update(wage_income=Decimal("13000"))
    assert household_dossier_render(household=household, user=county_officer) != first


# -- the download --------------------------------------------------------------------------------


def _url(household, **query):
    url = reverse("standards:household-dossier", args=[household.code])
    return url + ("?unmask=1" if query.get("unmask") else "")


def test_anonymous_users_are_sent_to_the_login(client, household):
    response = client.get(_url(household))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_dossier_downloads_in_scope(client_for, county_officer, household):
    response = client_for(county_officer).get(_url(household))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert household.code in response["Content-Disposition"]
    assert household.code in _all_text(_read(response.content))
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL).exists()


def test_a_household_of_another_county_is_not_found(client_for, outsider, household):
    assert client_for(outsider).get(_url(household)).status_code == 404
    assert client_for(outsider).get(_url(household, unmask=True)).status_code == 404


def test_an_unmasked_download_is_audited(client_for, inspector, household):
    response = client_for(inspector).get(_url(household, unmask=True))
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL, actor=inspector)
    assert events.count() == 4
    assert all(e.object_pk for e in events)


def test_an_unmasked_download_is_forbidden_to_roles_without_personal_data_rights(client_for, household, sector_officer):
    sector = sector_officer
    assert client_for(sector).get(_url(household, unmask=True)).status_code == 403
    assert client_for(sector).get(_url(household)).status_code == 200


def test_the_household_page_offers_the_dossier(client_for, county_officer, household, sector_officer):
    page = client_for(county_officer).get(reverse("registry:household-detail", args=[household.code])).text
    assert "下载一户一档" in page and "unmask=1" in page
    page = client_for(sector_officer).get(reverse("registry:household-detail", args=[household.code])).text
    assert "下载一户一档" in page and "unmask=1" not in page
