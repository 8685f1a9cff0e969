"""The household exit procedure end to end in headless chromium: from 民主评议 to 销号, three offices."""

import datetime

import pytest

from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Jz-test-password-1"
PDF = {"name": "材料.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 evidence"}


@pytest.fixture
def hanbin(transactional_db):
    from conftest import make_user
    from jingzhun.regions.models import Region
    from jingzhun.regions.services import regions_load
    from jingzhun.standards.services import standards_load

    if not Region.objects.exists():
        regions_load()
    standards_load()  # the data migration's rows are flushed between transactional tests
    village = Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()
    make_user("clerk", "village", village.code)
    make_user("township", "township", village.parent_id)
    make_user("hanbin", "county", "610902000000")
    make_user("city", "city", "610900000000")
    return village


def login(page, live_server, username, path):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def take(page, step, *, note="", files=False):
    form = f"#{step}-form"
    page.wait_for_selector(form)
    if note:
        page.fill(f"{form} [name=note]", note)
    if files:
        page.set_input_files(f"{form} input[type=file]", files=[PDF])
    page.click(f"{form} button[type=submit]")


def test_a_household_from_the_village_meeting_to_closing(page, live_server, hanbin, household_factory):
    from jingzhun.exits.models import ExitCase
    from jingzhun.regions.models import Region
    from jingzhun.registry.models import Household
    from jingzhun.standards.choices import Level
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_run

    household = household_factory(hanbin, members=2)
    evaluation_run(
        user=None,
        ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
        level=Level.HOUSEHOLD,
        year=2019,
        region=Region.objects.get(code="610902000000"),
        official=True,
    )

    # 民主评议: the village clerk registers the meeting for the household.
    login(page, live_server, "clerk", f"/exits/cases/propose/?village={hanbin.code}&year=2019")
    page.wait_for_selector("#propose-form")
    page.check(f"#household-choices input[value='{household.pk}']")
    page.fill("#id_meeting_on", "2019-10-08")
    page.fill("#id_attendance", "42")
    page.set_input_files("#id_evidence", files=[PDF])
    page.click("#propose-form button[type=submit]")
    page.wait_for_selector("#board-cases")
    assert household.code in page.inner_text("#board-cases")
    shot(page, "exits_board")
    case = ExitCase.objects.get(household=household)

    # 核实 → 户认可签字 → 村内公示, on the case page.
    page.goto(f"{live_server.url}/exits/cases/{case.pk}/")
    take(page, "verify", note="村两委和驻村工作队入户核实")
    take(page, "acknowledge", files=True)
    take(page, "publicise", files=True)
    page.wait_for_selector("#objection-form")
    assert "村内公示" in page.inner_text(".workflow-state")
    # An objection during the publicity, recorded and settled.
    page.fill("#objection-form [name=content]", "反映收入不实")
    page.click("#objection-form button[type=submit]")
    resolve = page.locator("#case-objections form:has([name=resolution])")
    resolve.wait_for()  # the page again, with the objection recorded and its form to settle it
    resolve.locator("[name=resolution]").fill("经入户核实，收入属实")
    resolve.locator("button[type=submit]").click()
    page.wait_for_selector("text=经入户核实，收入属实")
    shot(page, "exits_case_publicity")

    # The township may not review before the publicity has run its days.
    login(page, live_server, "township", f"/exits/cases/{case.pk}/")
    page.wait_for_selector("#workflow-panel")
    assert "公示须满 7 天" in page.inner_text("#workflow-panel")
    ExitCase.objects.filter(pk=case.pk).update(publicity_start=datetime.date.today() - datetime.timedelta(days=8))
    page.reload()
    take(page, "review", note="公示期满无异议，同意退出")
    page.wait_for_selector("text=乡镇审核")

    # 县级审定与公告 → 销号 by the county office: the registry changes only here.
    login(page, live_server, "hanbin", f"/exits/cases/{case.pk}/")
    take(page, "approve", files=True)
    take(page, "close")
    page.wait_for_selector(".workflow-state:has-text('已销号')")
    shot(page, "exits_case_closed")
    household.refresh_from_db()
    assert (household.status, household.exit_year) == ("1", 2019)
    assert Household.objects.get(pk=household.pk).is_exited
