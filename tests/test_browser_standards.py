"""The exit standards end to end in headless chromium: a what-if evaluation, comparison, gap list."""

import pytest

from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evaluated_city(transactional_db, household_factory):
    """Two villages of 汉滨区 and 汉阴县 with households, the shipped standards and an official run."""
    from conftest import make_user
    from jingzhun.regions.models import Region
    from jingzhun.regions.services import regions_load
    from jingzhun.standards.services import standards_load
    from jingzhun.standards.tests.world import build_world, official_run

    if not Region.objects.exists():
        regions_load()
    standards_load()  # the data migration's rows are flushed between transactional tests
    hanbin = Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()
    hanyin = Region.objects.filter(level="village", code__startswith="610921").order_by("code").first()
    world = build_world(household_factory, hanbin, hanyin)
    city = make_user("city", "city", "610900000000")
    world.update(village=hanbin, official=official_run(city, "village"), household_run=official_run(city, "household"))
    return world


def test_city_officer_runs_a_what_if_evaluation_compares_it_and_opens_a_gap_list(page, live_server, evaluated_city):
    village = evaluated_city["village"]
    official = evaluated_city["official"]

    page.goto(f"{live_server.url}/standards/runs/new/")
    page.fill("#id_username", "city")
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_selector("#run-form")
    page.fill("#id_year", "2019")
    page.select_option("#id_level", "village")
    page.fill("#id_region", "610900000000")
    page.fill("#id_p__village__incidence__max", "5")  # 贫困发生率上限, in %
    page.fill("#id_note", "发生率放宽到 5% 的测算")
    shot(page, "standards-run-form")
    page.click("#start-run")

    page.wait_for_selector("#job-status[data-status=succeeded]")
    assert "评估完成" in page.inner_text("#evaluation-done")
    shot(page, "standards-job")
    page.click("#open-run")
    page.wait_for_selector("#entity-table")
    assert "5%" in page.inner_text("#overrides")
    page.wait_for_selector("#chart-rules canvas")
    shot(page, "standards-run-detail")

    page.click("#compare-link")
    page.select_option("#id_base", str(official.pk))
    page.click("#compare-button")
    page.wait_for_selector("#compare-changes")
    changes = page.inner_text("#compare-changes")
    assert village.code in changes and "不达标" in changes and "达标" in changes
    shot(page, "standards-compare")

    page.goto(f"{live_server.url}/standards/runs/{official.pk}/")
    page.click(f"#entity-table tr:has-text('{village.code}') a:text-is('缺什么补什么')")
    page.wait_for_selector("#gap-table")
    table = page.inner_text("#gap-table")
    assert evaluated_city["failing"].code in table
    assert "人均纯收入稳定超过扶贫标准" in table and "C/D 级危房实施改造或搬迁" in table
    shot(page, "standards-gap-list")
    with page.expect_download() as download:
        page.click("#gap-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(f"{live_server.url}/standards/runs/{evaluated_city['household_run'].pk}/?region={village.parent.code}")
    page.wait_for_selector("#area-table")
    shot(page, "standards-household-run")
    page.goto(f"{live_server.url}/standards/")
    page.wait_for_selector("#rulesets [data-in-force]")
    shot(page, "standards-home")

    page.goto(f"{live_server.url}/?year=2019")
    page.wait_for_selector("#exit-readiness [data-readiness=village]")
    readiness = page.inner_text("#exit-readiness")
    assert "计划 2 个：达标 1，不达标 1，未评估 0" in readiness
    shot(page, "standards-dashboard")
    page.click(f"#exit-readiness tr:has-text('{village.short_name}') a:text-is('缺什么补什么')")
    page.wait_for_selector("#gap-table")


def test_city_officer_previews_a_rule_in_the_editor(page, live_server, evaluated_city):
    page.goto(f"{live_server.url}/standards/rulesets/national-2016/rules/new/?level=household")
    page.fill("#id_username", "city")
    page.fill("#id_password", "Jz-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_selector("#rule-form")
    page.fill("#id_code", "richer")
    page.fill("#id_name", "人均纯收入超过 5000 元")
    page.select_option("#id_cond_0_field", "income_per_capita")  # the condition as a row, not JSON
    page.select_option("#id_cond_0_op", "gt")
    page.fill("#id_cond_0_value", "5000")
    page.fill("#preview_year", "2019")
    page.fill("#preview_region", "610902000000")
    page.click("#preview-button")
    page.wait_for_selector("#preview-count")
    assert "3 户中 1 户不达标" in page.inner_text("#preview-count")
    shot(page, "standards-rule-editor")
