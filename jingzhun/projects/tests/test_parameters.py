"""Alert thresholds and default milestone dates are business parameters; a run may still override them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jingzhun.core.parameters import parameter_set
from jingzhun.projects import services
from jingzhun.projects.alerts import AlertParams, AlertThresholds, project_alerts
from jingzhun.projects.models import MilestoneTemplate, Project

pytestmark = pytest.mark.django_db
D = datetime.date


def set_parameter(user, name, value, **fields):
    fields = {"year_from": 2019, "source": "市指挥部〔2019〕3号", "reason": "调度会决定", **fields}
    return parameter_set(user=user, name=name, value=value, **fields)


@pytest.fixture
def stalled(project_factory, hanbin_village, city_officer):
    """A project whose last report is of 1 April 2019 (12 days old on 13 April)."""
    project = project_factory(hanbin_village, budget="1000")
    services.progress_report_add(user=city_officer, project=project, date=D(2019, 4, 1), percent=30, note="")
    return project


def stalled_codes(on, **kwargs):
    return {a.project_code for a in project_alerts(Project.objects.all(), on=on, **kwargs) if a.kind == "stalled"}


def test_the_stalled_days_in_force_decide_the_alert(stalled, city_officer):
    assert stalled_codes(D(2019, 4, 13)) == set()
    set_parameter(city_officer, "projects.alerts.stalled_days", 10)
    assert stalled_codes(D(2019, 4, 13)) == {stalled.code}
    assert stalled_codes(D(2018, 12, 31)) == set()  # not in force in 2018 (and nothing reported yet)


def test_a_county_value_applies_to_its_own_region(stalled, city_officer):
    set_parameter(city_officer, "projects.alerts.stalled_days", 10, region="610921")  # 汉阴县
    assert stalled_codes(D(2019, 4, 13), region="610902") == set()
    assert stalled_codes(D(2019, 4, 13), region="610921") == {stalled.code}


def test_a_run_overrides_the_value_in_force(stalled, city_officer):
    set_parameter(city_officer, "projects.alerts.stalled_days", 10)
    assert stalled_codes(D(2019, 4, 13), params=AlertParams(stalled_days=20)) == set()
    in_force = AlertParams(money_gap=5).resolve(year=2019)
    assert in_force == AlertThresholds(stalled_days=10, money_gap=5, risk_tolerance=10)


def test_the_command_uses_the_value_in_force_unless_told_otherwise(stalled, city_officer):
    set_parameter(city_officer, "projects.alerts.stalled_days", 10)
    out = io.StringIO()
    call_command("project_alerts", "--date", "2019-04-13", stdout=out)
    assert f"{stalled.code},stalled,12" in out.getvalue()
    out = io.StringIO()
    call_command("project_alerts", "--date", "2019-04-13", "--stalled-days", "20", stdout=out)
    assert "stalled" not in out.getvalue().split("\n", 1)[1]


def test_the_alert_page_shows_the_value_in_force_and_takes_one_for_the_page(client_for, stalled, city_officer):
    set_parameter(city_officer, "projects.alerts.stalled_days", 10, region="6109")
    client = client_for(city_officer)
    page = client.get(reverse("projects:alerts"), {"date": "2019-04-13"})
    assert page.context["params"].stalled_days == 10 and stalled.code.encode() in page.content
    page = client.get(reverse("projects:alerts"), {"date": "2019-04-13", "stalled_days": "20"})
    assert page.context["params"].stalled_days == 20 and not any(a.kind == "stalled" for a in page.context["alerts"])


def test_the_default_milestone_dates_are_parameters_and_a_stored_template_still_wins(
    project_factory, hanbin_village, city_officer
):
    set_parameter(city_officer, "projects.milestones.start", "3-20", year_from=2020)
    project = project_factory(hanbin_village, year=2020)
    assert project.milestones.get(key="start").planned_date == D(2020, 3, 20)
    assert project_factory(hanbin_village, year=2019).milestones.get(key="start").planned_date == D(2019, 3, 1)
    services.milestone_template_ensure(year=2021)
    MilestoneTemplate.objects.filter(year=2021, key="start").update(due_date=D(2021, 4, 1))
    set_parameter(city_officer, "projects.milestones.start", "3-25", year_from=2021)
    assert project_factory(hanbin_village, year=2021).milestones.get(key="start").planned_date == D(2021, 4, 1)
