"""End to end in headless chromium: fund dashboard → a late project → its detail → a new report clears the stall."""

import datetime
from decimal import Decimal

import pytest

from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def late_project(transactional_db):
    from conftest import make_user
    from jingzhun.projects import services
    from jingzhun.projects.models import Project
    from jingzhun.regions.models import Region
    from jingzhun.regions.services import regions_load

    if not Region.objects.exists():
        regions_load()
    village = Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()
    officer = make_user("hanbin", "county", "610902000000")
    on_time = services.project_save(
        user=officer,
        project=Project(
            code="XM2019-610902-00001",
            name="按期完工的通村路",
            type="transport",
            sector="transport",
            region=village,
            plan_year=2019,
            scale_km=Decimal("3.2"),
            budget=Decimal("1600000"),
            responsible_unit="汉滨区交通运输局",
            responsible_person="张三",
        ),
        villages=[village],
    )
    late = services.project_save(
        user=officer,
        project=Project(
            code="XM2019-610902-00002",
            name="滞后的安全饮水工程",
            type="water",
            sector="water",
            region=village,
            plan_year=2019,
            budget=Decimal("900000"),
            responsible_unit="汉滨区水利局",
            responsible_person="李四",
        ),
        villages=[village],
    )
    for project in (on_time, late):
        services.allocation_add(
            user=officer,
            project=project,
            source="central",
            amount=project.budget * Decimal("0.8"),
            date=datetime.date(2019, 2, 1),
            document_no="安财农〔2019〕1号",
        )
    services.disbursement_add(
        user=officer,
        project=late,
        source="central",
        amount=Decimal("200000"),
        date=datetime.date(2019, 3, 5),
        voucher="PZ-1",
    )
    services.progress_report_add(user=officer, project=on_time, date=datetime.date(2019, 6, 30), percent=100)
    services.progress_report_add(user=officer, project=late, date=datetime.date(2019, 4, 1), percent=30)
    return late


def test_fund_dashboard_leads_to_a_late_project_whose_new_report_clears_the_stall(page, live_server, late_project):
    page.goto(f"{live_server.url}/projects/funds/")
    page.fill("#id_username", "hanbin")
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_selector("#chart-counties canvas")
    assert "汉滨区" in page.inner_text("#county-table")
    assert page.inner_text("[data-stat=projects]") == "2"
    shot(page, "fund_dashboard")

    page.click(f"#late-projects a:text-is('{late_project.name}')")
    page.wait_for_selector("#project-title")
    assert page.inner_text("#project-title") == late_project.name
    assert page.locator("[data-alert=stalled]").count() == 1
    assert page.locator("[data-alert=overdue]").count() == 1
    assert "200,000.00" in page.inner_text("[data-stat=disbursed]")
    shot(page, "project_detail_stalled")

    page.click("#add-report")
    page.wait_for_selector("#id_percent")
    assert page.input_value("#id_date") == "2019-12-31"
    page.fill("#id_percent", "65")
    page.fill("#id_note", "管网铺设完成六成")
    page.click("button[type=submit]")
    page.wait_for_selector("#project-title")
    assert page.locator("[data-alert=stalled]").count() == 0
    assert page.locator("[data-alert=overdue]").count() == 1  # the main works are still late
    assert "管网铺设完成六成" in page.inner_text("#reports")
    shot(page, "project_detail_after_report")
