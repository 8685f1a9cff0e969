"""End to end in headless chromium (Debian's package, driven by Playwright)."""

import pytest

from jingzhun.core.idnumbers import mask_id_number
from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hanbin_world(transactional_db):
    from conftest import make_user
    from jingzhun.regions.models import Region, VillageYear
    from jingzhun.regions.services import regions_load

    if not Region.objects.exists():
        regions_load()
    village = Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()
    VillageYear.objects.create(village=village, year=2019, rural_population=1200, is_poor_village=True)
    make_user("hanbin", "county", "610902000000")
    return village


def test_county_officer_drills_down_to_a_household_and_sees_a_masked_id(
    page, live_server, hanbin_world, household_factory
):
    household = household_factory(hanbin_world, members=3)
    head = household.members.get(relation="01")
    township = hanbin_world.parent

    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "hanbin")
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_selector("#child-table")
    assert "汉滨区" in page.inner_text("h1")
    page.wait_for_selector("#chart-children canvas")
    shot(page, "dashboard")

    page.click(f"#child-table a:text-is('{township.short_name}')")
    page.wait_for_selector(f"h1:has-text('{township.name}')")
    page.click(f"#child-table a:text-is('{hanbin_world.short_name}')")
    page.wait_for_selector(f"h1:has-text('{hanbin_world.name}')")
    assert page.inner_text("[data-stat=households]") == "1"
    shot(page, "village")

    page.click("text=贫困户名单")
    page.wait_for_selector("#household-table")
    shot(page, "household_list")
    page.click(f"#household-table a:text-is('{household.code}')")
    page.wait_for_selector("#member-table")
    member_text = page.inner_text("#member-table")
    assert mask_id_number(head.id_number) in member_text
    assert head.id_number not in member_text
    shot(page, "household_detail")

    reveal = page.locator(f"#member-table form[hx-post*='{head.code}']")
    page.locator("#member-table details.jz-reveal summary").first.click()  # the reveal asks a reason
    reveal.locator("[name=reason]").fill("核对身份信息")
    reveal.locator("button").click()
    page.wait_for_selector(f"#member-table :text('{head.id_number}')")
