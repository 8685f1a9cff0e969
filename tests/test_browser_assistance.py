"""At phone size (390 px) in headless chromium: a cadre checks in, writes the diary and records a visit."""

import pytest

from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cadre_account(transactional_db):
    import datetime

    from django.utils import timezone

    from conftest import make_user
    from jingzhun.assistance.models import Cadre, HelpingUnit, Pairing, Posting
    from jingzhun.regions.models import Region
    from jingzhun.regions.services import regions_load
    from jingzhun.registry.models import Household

    if not Region.objects.exists():
        regions_load()
    village = Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()
    user = make_user("secretary", "village", village.code)
    unit = HelpingUnit.objects.create(name="安康市财政局", level="city", region_id="610900000000")
    cadre = Cadre.objects.create(name="李驻村", unit=unit, village=village, post="第一书记", user=user)
    Posting.objects.create(
        cadre=cadre, village=village, kind="first_secretary", start=datetime.date(timezone.localdate().year, 1, 1)
    )
    household = Household.objects.create(
        code=f"{village.code[:9]}000001", village=village, size=3, main_cause="01", identification_year=2015
    )
    Pairing.objects.create(household=household, cadre=cadre)
    return household


def test_a_cadre_checks_in_writes_the_diary_and_records_a_visit_on_a_phone(page, live_server, cadre_account):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/assistance/field/")
    page.fill("#id_username", "secretary")
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_selector("#checkin-form")
    shot(page, "field_phone")

    page.click("#checkin")
    page.wait_for_selector("#checked-in")
    page.fill("#diary-form textarea[name=content]", "走访三户，宣讲产业奖补政策")
    page.click("#diary-save")
    page.wait_for_selector("#checked-in")
    assert page.input_value("#diary-form textarea[name=content]") == "走访三户，宣讲产业奖补政策"

    page.select_option("#visit-form select[name=household_code]", cadre_account.code)
    page.fill("#visit-form input[name=purpose]", "了解收入情况")
    page.fill("#visit-form textarea[name=needs]", "需要技能培训")
    page.click("#visit-save")
    page.wait_for_selector("#visits-today")
    assert cadre_account.code in page.inner_text("#visits-today")
    shot(page, "field_phone_done")
