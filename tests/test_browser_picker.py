"""The region picker in headless chromium: a county officer narrows the household list to one village."""

import pytest

from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hanbin(transactional_db):
    from conftest import make_user
    from jingzhun.regions.models import Region
    from jingzhun.regions.services import regions_load

    if not Region.objects.exists():
        regions_load()
    make_user("hanbin", "county", "610902000000")
    return Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()


def test_choosing_a_township_then_a_village_filters_the_list(page, live_server, hanbin, household_factory):
    from jingzhun.regions.models import Region

    household_factory(hanbin)
    other = Region.objects.filter(level="village", code__startswith="610902").exclude(parent_id=hanbin.parent_id)
    household_factory(other.order_by("code").first())

    page.goto(f"{live_server.url}/registry/households/")
    page.fill("#id_username", "hanbin")
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_selector("#household-table")
    assert page.locator("#id_region_0").is_disabled()  # the officer's own county is fixed
    page.select_option("#id_region_1", hanbin.parent_id)
    # the strict content security policy forbids wait_for_function (eval); poll the DOM instead
    page.wait_for_selector("#id_region_2 option:nth-child(2)", state="attached")
    assert page.input_value("#id_region") == hanbin.parent_id
    page.select_option("#id_region_2", hanbin.code)
    assert page.input_value("#id_region") == hanbin.code
    shot(page, "region_picker")
    page.click("form.jz-filter button[type=submit]")
    page.wait_for_url(f"**region={hanbin.code}**")
    rows = page.locator("#household-table tbody tr")
    assert rows.count() == 1 and hanbin.code[:9] in rows.first.inner_text()
    assert page.input_value("#id_region_2") == hanbin.code  # the picker shows the choice again
    page.select_option("#id_region_1", "")
    assert page.input_value("#id_region") == "610902000000" and page.locator("#id_region_2").is_disabled()
