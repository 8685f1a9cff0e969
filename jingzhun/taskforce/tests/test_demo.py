"""The demo year and the example group structures."""

import datetime
import io

import pytest
from django.core.management import call_command

from conftest import ANKANG
from jingzhun.taskforce.models import GroupMember, Meeting, Task, TaskGroup

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_2019_groups_a_plan_each_a_year_of_dispatches_and_overdue_tasks():
    from jingzhun.taskforce.demo import taskforce_demo_generate
    from jingzhun.taskforce.figures import workplan_status

    counts = taskforce_demo_generate(seed=2017, year=2019, replace=False)
    assert counts["groups"] == 16 and counts["overdue"] > 0
    assert TaskGroup.objects.filter(name="产业扶贫办公室", plans__year=2019).exists()
    assert Meeting.objects.filter(kind="dispatch", date__year=2019).count() >= 50
    first = list(Task.objects.order_by("pk").values_list("code", "deadline", "completed_on")[:20])
    assert taskforce_demo_generate(seed=2017, year=2019, replace=False) == {}  # kept unless replaced
    taskforce_demo_generate(seed=2017, year=2019, replace=True)
    assert list(Task.objects.order_by("pk").values_list("code", "deadline", "completed_on")[:20]) == first
    rows = workplan_status(on=datetime.date(2019, 12, 31))
    assert sum(r.overdue for r in rows) > 0 and sum(r.done for r in rows) > sum(r.overdue for r in rows)


def test_the_example_structures_load_once_and_stay_editable():
    out = io.StringIO()
    call_command("taskforce_groups", "--example", "ankang", "--region", ANKANG, stdout=out)
    assert "新增工作组 16 个" in out.getvalue()
    assert TaskGroup.objects.get(name="就业扶贫办公室").parent.kind == "leading"
    assert GroupMember.objects.filter(group__name="兜底保障组", unit="市民政局", is_lead=True).exists()
    call_command("taskforce_groups", "--example", "ankang", "--region", ANKANG, stdout=io.StringIO())
    assert TaskGroup.objects.count() == 16
    call_command("taskforce_groups", "--example", "district", "--region", "610902000000", stdout=io.StringIO())
    assert TaskGroup.objects.filter(region_id="610902000000", lead_leader="陈宇").count() == 3
