"""The demo project year: counts and money scaled with the registry, late and stalled projects, deterministic."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from jingzhun.projects.alerts import project_alerts
from jingzhun.projects.demo import CITY_NEED, CITY_PROJECTS, CITY_ROAD_KM, _counts, projects_demo_generate
from jingzhun.projects.models import Disbursement, ProgressReport, Project
from jingzhun.registry.demo import calibration as cal

pytestmark = pytest.mark.django_db


def test_the_full_city_has_the_campaigns_counts():
    assert sum(_counts(1.0).values()) == 3205
    assert _counts(1.0) == dict(CITY_PROJECTS)


def test_a_small_demo_is_scaled_down_with_a_gap_late_and_stalled_projects(household_factory, hanbin_village):
    household_factory(hanbin_village, members=2)
    result = projects_demo_generate(households=20_000, seed=7)
    factor = Decimal(20_000) / Decimal(cal.CITY_HOUSEHOLDS)
    assert 250 <= result.projects <= 350
    assert Project.objects.count() == result.projects
    assert abs(result.need - CITY_NEED * factor) < 1000
    assert abs(result.road_km - CITY_ROAD_KM * factor) < 1
    assert 0 < result.gap < result.need / 4
    assert ProgressReport.objects.count() == result.reports > result.projects * 5
    kinds = {a.kind for a in project_alerts(Project.objects.all(), on=datetime.date(2019, 12, 31))}
    assert {"overdue", "stalled"} <= kinds
    # Money never breaks the rules, even in the generator.
    for project in Project.objects.with_money():
        assert project.allocated <= project.budget
    for source, paid, allocated in _paid_vs_allocated():
        assert paid <= allocated, source


def _paid_vs_allocated():
    from django.db.models import Sum

    from jingzhun.projects.models import Allocation

    allocated = {
        (r["project"], r["source"]): r["s"]
        for r in Allocation.objects.values("project", "source").annotate(s=Sum("amount"))
    }
    for r in Disbursement.objects.values("project", "source").annotate(s=Sum("amount")):
        yield r["source"], r["s"], allocated.get((r["project"], r["source"]), 0)


def test_the_same_seed_gives_the_same_projects():
    first = projects_demo_generate(households=5_000, seed=3)
    codes = list(Project.objects.order_by("code").values_list("code", "name", "budget", "status"))
    again = projects_demo_generate(households=5_000, seed=3, replace=True)
    assert again.deleted == first.projects
    assert list(Project.objects.order_by("code").values_list("code", "name", "budget", "status")) == codes


def test_generating_twice_without_replace_is_refused():
    projects_demo_generate(households=3_000, seed=1)
    with pytest.raises(ValueError):
        projects_demo_generate(households=3_000, seed=1)


@pytest.mark.slow
def test_generate_demo_adds_the_project_year_and_replaces_it(capsys):
    call_command("generate_demo", "--households", "3000", "--no-users")
    first = Project.objects.count()
    assert first > 0
    assert "年项目" in capsys.readouterr().out
    call_command("generate_demo", "--households", "3000", "--no-users", "--replace")
    assert Project.objects.count() == first
