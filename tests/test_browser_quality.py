"""Data quality end to end in headless chromium: run the checks, open a finding, explain it."""

import pytest

from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    make_user("hanbin", "county", "610902000000")
    return village


def test_county_officer_runs_the_checks_and_justifies_a_finding(page, live_server, hanbin, household_factory):
    from jingzhun.registry.models import Household, Member

    household = household_factory(hanbin, members=3)
    Household.objects.filter(pk=household.pk).update(main_cause="09", helper_name="")
    Member.objects.filter(household=household, relation="03").update(dibao=True)

    page.goto(f"{live_server.url}/quality/runs/")
    page.fill("#id_username", "hanbin")
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_selector("#run-form")
    page.fill("#id_year", "2019")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#quality-run-result", timeout=20000)
    assert "检查完成" in page.inner_text("#quality-run-result")
    shot(page, "quality_job")

    page.click("text=查看问题线索")
    page.wait_for_selector("#finding-table")
    table = page.inner_text("#finding-table")
    assert "HP-01" in table and household.code in table
    shot(page, "quality_findings")

    page.click("#finding-table a:has-text('HP-01')")
    page.wait_for_selector("#justify-form")
    shot(page, "quality_finding_detail")
    page.fill("#justify-form textarea[name=note]", "该户为五保集中供养，由敬老院负责")
    page.click("#justify-form button[type=submit]")
    page.wait_for_selector("text=已说明（合理）")
    assert "该户为五保集中供养" in page.inner_text(".workflow-history")

    page.click("text=检查项目录")
    page.wait_for_selector(".catalogue-table")
    assert page.locator(".catalogue-table tbody tr").count() >= 30
    shot(page, "quality_catalogue")
    page.click("text=数据比对")
    page.wait_for_selector("#list-form")
    shot(page, "quality_lists")

    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#todo-panel")  # loaded by htmx
    shot(page, "home_todo")
    panel = page.inner_text("#todo-panel")
    assert "我的待办" in panel
    if "问题线索 · 待整改" in panel:  # other checks the household trips still wait
        page.click("#todo-panel a:has-text('问题线索 · 待整改')")
        page.wait_for_selector("#todo-objects")
        assert "HP-01" not in page.inner_text("#todo-objects")  # the explained one no longer waits
    else:
        assert "暂无待办事项" in panel
