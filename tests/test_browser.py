"""End to end in headless chromium (Debian's package, driven by Playwright)."""

import os
import shutil

import pytest

from jingzhun.registry.idnumbers import mask_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = os.environ.get("JINGZHUN_SCREENSHOTS")  # a folder to keep screenshots in, if set


@pytest.fixture
def page(live_server):
    if not CHROMIUM:
        if os.environ.get("JINGZHUN_REQUIRE_BROWSER"):
            pytest.fail("chromium is required for the browser tests (apt-get install chromium)")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are test set-up.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
        yield context.new_page()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


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

    page.click(f"#member-table button[hx-post*='{head.code}']")
    page.wait_for_selector(f"#member-table :text('{head.id_number}')")
