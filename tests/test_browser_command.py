"""The command centre in headless chromium: the big screen at 1920×1080 and the home page per role."""

import pytest

from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ankang(transactional_db, household_factory):
    from conftest import make_user
    from jingzhun.regions.models import Region
    from jingzhun.regions.services import regions_load

    if not Region.objects.exists():
        regions_load()
    villages = list(Region.objects.filter(level="village", code__startswith="610902").order_by("code")[:2])
    villages.append(Region.objects.filter(level="village", code__startswith="610921").order_by("code").first())
    for n, village in enumerate(villages):
        household_factory(village, members=2 + n, planned_exit_year=2019)
    make_user("shi", "city", "610900000000")
    make_user("hanbin", "county", "610902000000")
    make_user("cun", "village", villages[0].code)
    return villages


def login(page, live_server, username, path):
    page.goto(f"{live_server.url}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")


def test_the_big_screen_fills_1920_by_1080_without_scrolling_and_drills_down(page, live_server, ankang):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1920, "height": 1080})
    login(page, live_server, "shi", "/command/?year=2019")
    page.wait_for_selector("#command-map canvas")
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    assert page.locator("#panel-targets").is_visible() and page.locator(".jz-countdown li").count() >= 1
    page.click("[data-measure=execution]")
    assert page.locator("[data-measure=execution]").get_attribute("aria-selected") == "true"
    shot(page, "command_screen_city")
    page.goto(f"{live_server.url}/command/?region=610902000000&year=2019")
    page.wait_for_selector(".jz-tiles")
    assert page.locator(".jz-tile").count() > 10
    assert not errors, errors


@pytest.mark.parametrize("username", ["shi", "hanbin", "cun"])
def test_the_home_page_shows_the_panels_of_the_users_place(page, live_server, ankang, username):
    login(page, live_server, username, "/?year=2019")
    page.wait_for_selector("#command-panels #panel-targets")
    shot(page, f"command_home_{username}")
    text = page.locator("#panel-targets").inner_text()
    expected = {"shi": "9人", "hanbin": "5人", "cun": "2人"}[username]  # 2+3 in 汉滨区, 4 more in 汉阴县
    assert expected in text
