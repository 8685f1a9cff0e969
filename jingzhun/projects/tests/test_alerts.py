"""Alerts on chosen dates, on both sides of each threshold."""

import datetime
from decimal import Decimal

import pytest

from jingzhun.projects import services
from jingzhun.projects.alerts import AlertParams, project_alerts
from jingzhun.projects.models import Project

pytestmark = pytest.mark.django_db
D = datetime.date


def kinds(on, params=None):
    return {(a.project_code, a.kind): a for a in project_alerts(Project.objects.all(), on=on, params=params)}


def report(user, project, on, percent):
    return services.progress_report_add(user=user, project=project, date=on, percent=percent, note="")


@pytest.fixture
def project(project_factory, hanbin_village):
    return project_factory(hanbin_village, budget="1000")


def test_new_projects_get_the_default_milestones_of_their_year(project):
    dates = {m.key: m.planned_date for m in project.milestones.all()}
    assert dates == {
        "preparation": D(2019, 2, 15),
        "start": D(2019, 3, 1),
        "main_works": D(2019, 7, 10),
        "acceptance": D(2019, 8, 31),
    }


def test_a_stored_template_overrides_the_defaults(project_factory, hanbin_village):
    from jingzhun.projects.models import MilestoneTemplate

    services.milestone_template_ensure(year=2020)
    MilestoneTemplate.objects.filter(year=2020, key="start").update(due_date=D(2020, 3, 20))
    project = project_factory(hanbin_village, year=2020)
    assert project.milestones.get(key="start").planned_date == D(2020, 3, 20)


def test_a_milestone_is_overdue_from_the_day_after_its_date(project):
    assert (project.code, "overdue") not in kinds(D(2019, 2, 15))
    alert = kinds(D(2019, 2, 16))[(project.code, "overdue")]
    assert alert.days == 1
    assert "前期与招投标" in alert.message


def test_only_the_earliest_open_milestone_is_reported_per_project(project):
    alert = kinds(D(2019, 7, 20))[(project.code, "overdue")]
    assert alert.days == (D(2019, 7, 20) - D(2019, 2, 15)).days


def test_a_report_above_zero_reaches_preparation_and_start(project, city_officer):
    report(city_officer, project, D(2019, 2, 10), 5)
    project.refresh_from_db()
    assert project.status == "building"
    assert (project.code, "overdue") not in kinds(D(2019, 3, 2))


def test_at_risk_compares_progress_with_the_straight_line_to_the_deadline(
    project_factory, hanbin_village, city_officer
):
    # Start 1 March, main works 10 July: 131 days. On 5 May (65 days in) the line is at 49.6 %;
    # with 10 points of tolerance 40 % is still on track and 39 % is at risk.
    on_track = project_factory(hanbin_village)
    behind = project_factory(hanbin_village)
    report(city_officer, on_track, D(2019, 5, 1), 40)
    report(city_officer, behind, D(2019, 5, 1), 39)
    found = kinds(D(2019, 5, 5))
    assert (on_track.code, "at_risk") not in found
    alert = found[(behind.code, "at_risk")]
    assert alert.days == round((Decimal(6500) / 131 - 39) / 100 * 131)
    assert (behind.code, "at_risk") not in kinds(D(2019, 5, 5), AlertParams(risk_tolerance=11))


def test_a_project_is_stalled_after_more_than_n_days_without_a_report(project, city_officer):
    report(city_officer, project, D(2019, 4, 1), 30)
    assert (project.code, "stalled") not in kinds(D(2019, 5, 1))
    assert kinds(D(2019, 5, 2))[(project.code, "stalled")].days == 31
    assert (project.code, "stalled") in kinds(D(2019, 4, 12), AlertParams(stalled_days=10))
    assert (project.code, "stalled") not in kinds(D(2019, 4, 11), AlertParams(stalled_days=10))


def test_a_new_report_clears_the_stalled_alert(project, city_officer):
    report(city_officer, project, D(2019, 4, 1), 30)
    assert (project.code, "stalled") in kinds(D(2019, 6, 1))
    report(city_officer, project, D(2019, 6, 1), 45)
    assert (project.code, "stalled") not in kinds(D(2019, 6, 1))


def test_reports_after_the_date_are_not_seen(project, city_officer):
    report(city_officer, project, D(2019, 4, 1), 30)
    report(city_officer, project, D(2019, 6, 1), 45)
    assert (project.code, "stalled") in kinds(D(2019, 5, 15))


def test_a_finished_project_is_neither_stalled_nor_at_risk(project, city_officer):
    report(city_officer, project, D(2019, 4, 1), 100)
    found = kinds(D(2019, 6, 20))
    assert (project.code, "stalled") not in found
    assert (project.code, "at_risk") not in found


def _funded(user, project, paid):
    services.allocation_add(user=user, project=project, source="central", amount=Decimal(1000), date=D(2019, 3, 1))
    services.disbursement_add(
        user=user, project=project, source="central", amount=Decimal(paid), date=D(2019, 4, 1), voucher="PZ"
    )


def test_money_far_ahead_of_progress_is_flagged_past_the_threshold(project_factory, hanbin_village, city_officer):
    ahead = project_factory(hanbin_village, budget="1000")
    level = project_factory(hanbin_village, budget="1000")
    _funded(city_officer, ahead, 500)
    _funded(city_officer, level, 500)
    report(city_officer, ahead, D(2019, 4, 2), 19)  # 31 points behind the money
    report(city_officer, level, D(2019, 4, 2), 20)  # 30 points: not more than the threshold
    found = kinds(D(2019, 4, 3))
    assert "50%" in found[(ahead.code, "money_ahead")].message
    assert (level.code, "money_ahead") not in found


def test_money_far_behind_progress_is_flagged_past_the_threshold(project_factory, hanbin_village, city_officer):
    behind = project_factory(hanbin_village, budget="1000")
    level = project_factory(hanbin_village, budget="1000")
    _funded(city_officer, behind, 100)
    _funded(city_officer, level, 100)
    report(city_officer, behind, D(2019, 4, 2), 41)
    report(city_officer, level, D(2019, 4, 2), 40)
    found = kinds(D(2019, 4, 3))
    assert (behind.code, "money_behind") in found
    assert (level.code, "money_behind") not in found
    assert (behind.code, "money_behind") not in kinds(D(2019, 4, 3), AlertParams(money_gap=35))


def test_an_asset_without_upkeep_this_year_is_flagged(project, city_officer, household_factory, hanbin_village):
    report(city_officer, project, D(2019, 6, 30), 100)
    services.acceptance_record(
        user=city_officer,
        project=project,
        date=D(2019, 8, 20),
        result="passed",
        inspectors="县交通局验收组",
        owner="村集体经济组织",
        maintainer="村委会",
    )
    assert (project.code, "no_upkeep") not in kinds(D(2019, 8, 19))
    assert kinds(D(2019, 9, 1))[(project.code, "no_upkeep")].days == 12
    poor = household_factory(hanbin_village)
    services.upkeep_record_add(
        user=city_officer,
        asset=project.asset,
        year=2019,
        date=D(2019, 9, 5),
        work="清理边沟",
        posts=[(poor, "护路员", 4, Decimal("2400"))],
    )
    assert (project.code, "no_upkeep") not in kinds(D(2019, 9, 6))
    assert kinds(D(2020, 1, 5))[(project.code, "no_upkeep")].days == 4
    assert project.asset.upkeep.get().posts.get().household == poor


def _accept(user, project):
    services.acceptance_record(
        user=user,
        project=project,
        date=D(2019, 8, 20),
        result="passed",
        inspectors="验收组",
        owner="村集体",
        maintainer="村委会",
    )


def test_accepted_projects_have_no_milestone_alerts(project, city_officer):
    _funded(city_officer, project, 1000)
    report(city_officer, project, D(2019, 6, 30), 100)
    services.acceptance_record(
        user=city_officer,
        project=project,
        date=D(2019, 8, 20),
        result="passed",
        inspectors="验收组",
        owner="村集体",
        maintainer="村委会",
    )
    found = kinds(D(2019, 12, 1))
    assert {kind for code, kind in found if code == project.code} == {"no_upkeep"}


def test_money_behind_still_holds_after_acceptance(project, city_officer):
    _funded(city_officer, project, 300)  # 70 % of the budget still unpaid
    report(city_officer, project, D(2019, 6, 30), 100)
    _accept(city_officer, project)
    found = kinds(D(2019, 9, 1))
    assert "100" in found[(project.code, "money_behind")].message
    assert (project.code, "stalled") not in found


def test_a_finished_project_without_reports_counts_as_complete_for_the_money_rule(project, city_officer):
    _funded(city_officer, project, 1000)
    Project.objects.filter(pk=project.pk).update(status="completed")
    assert (project.code, "money_ahead") not in kinds(D(2019, 9, 1))


def test_the_ledger_export_keeps_the_progress_of_finished_projects(project_factory, hanbin_village, city_officer):
    import io

    from python_calamine import CalamineWorkbook

    from jingzhun.projects.exports import ledger_write

    accepted = project_factory(hanbin_village, budget="1000")
    _funded(city_officer, accepted, 1000)
    report(city_officer, accepted, D(2019, 6, 30), 100)
    _accept(city_officer, accepted)
    building = project_factory(hanbin_village, budget="1000")
    report(city_officer, building, D(2019, 6, 1), 40)
    out = io.BytesIO()
    ledger_write(Project.objects.all(), out, on=D(2019, 12, 1))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_name("项目计划").to_python()
    header = rows[0]
    by_code = {row[0]: row for row in rows[1:]}
    percent, last = header.index("形象进度（%）"), header.index("最近报告日期")
    assert by_code[accepted.code][percent] == 100
    assert by_code[accepted.code][last] == "2019-06-30"
    assert by_code[building.code][percent] == 40
