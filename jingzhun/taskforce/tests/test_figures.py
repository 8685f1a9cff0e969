"""The plan status figures at chosen dates, and the workplan_status command's CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from jingzhun.taskforce.figures import workplan_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(make_task):
    make_task("T1", "2019-03-31", completed_on="2019-03-20")  # done on time
    make_task("T2", "2019-03-31", completed_on="2019-04-10")  # done late
    make_task("T3", "2019-03-31")  # never done
    make_task("T4", "2019-06-30", completed_on="2019-03-25", status="closed")  # done early, closed
    make_task("T5", "2019-06-30")  # not due before June


def figures(on):
    [row] = workplan_status(on=datetime.date.fromisoformat(on))
    return row


def test_before_any_deadline_nothing_is_due_and_the_rate_is_empty(tasks):
    row = figures("2019-03-15")
    assert (row.tasks, row.due, row.done, row.done_on_time, row.overdue) == (5, 0, 0, 0, 0)
    assert row.completion_rate is None


def test_on_the_deadline_day_tasks_are_due_and_work_done_early_counts(tasks):
    row = figures("2019-03-31")
    assert (row.due, row.done, row.done_on_time, row.overdue) == (3, 2, 2, 2)
    assert row.completion_rate == Decimal("0.3333")


def test_late_completion_is_done_but_not_on_time(tasks):
    row = figures("2019-04-30")
    assert (row.due, row.done, row.done_on_time, row.overdue) == (3, 3, 2, 1)
    assert row.completion_rate == Decimal("0.6667")


def test_at_year_end_every_task_is_due(tasks):
    row = figures("2019-12-31")
    assert (row.due, row.done, row.done_on_time, row.overdue) == (5, 3, 2, 2)
    assert row.completion_rate == Decimal("0.6000")


def test_the_command_writes_one_row_per_group_in_the_issue_columns(tasks, group, city_officer, tmp_path):
    from jingzhun.core.services import ledger_save
    from jingzhun.taskforce.models import TaskGroup

    ledger_save(user=city_officer, instance=TaskGroup(region_id=group.region_id, name="社会兜底保障组", order=9))
    out = io.StringIO()
    call_command("workplan_status", "--date", "2019-04-30", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["group", "tasks", "due", "done", "done_on_time", "overdue", "completion_rate"]
    assert rows[1] == ["产业就业专项组", "5", "3", "3", "2", "1", "0.6667"]
    assert rows[2] == ["社会兜底保障组", "0", "0", "0", "0", "0", ""]
    path = tmp_path / "status.csv"
    call_command("workplan_status", "--date", "2019-04-30", "--out", str(path), stderr=io.StringIO())
    assert path.read_text(encoding="utf-8").splitlines()[1] == "产业就业专项组,5,3,3,2,1,0.6667"


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises((CommandError, SystemExit)):
        call_command("workplan_status", "--date", "2019-13-01")
