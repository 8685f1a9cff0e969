"""Tasks from meeting decisions and instructions, who may edit a group's tasks, the 销号 workflow."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import ANKANG, HANBIN
from jingzhun.taskforce import services
from jingzhun.taskforce.models import Instruction, Meeting, Task, WorkPlan
from jingzhun.taskforce.tests.conftest import pdf

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def meeting(city_officer):
    from jingzhun.core.services import ledger_save

    return ledger_save(
        user=city_officer,
        instance=Meeting(region_id=ANKANG, kind="leading", date=D(2019, 4, 8), title="市扶贫开发领导小组第三次会议"),
    )


def test_a_meeting_decision_becomes_a_task_of_the_group_with_its_source(city_officer, group, meeting):
    task = services.meeting_decision_task(
        user=city_officer,
        meeting=meeting,
        group=group,
        content="4月底前完成产业到户全覆盖核查",
        owner_unit="市农业农村局",
        deadline=D(2019, 4, 30),
    )
    assert task.code == "HY20190408-01"
    assert task.source == "meeting" and task.meeting == meeting
    assert task.region_id == ANKANG and task.status == "not_started"
    second = services.meeting_decision_task(
        user=city_officer,
        meeting=meeting,
        group=group,
        content="另一项",
        owner_unit="市人社局",
        deadline=D(2019, 5, 31),
    )
    assert second.code == "HY20190408-02"
    assert list(meeting.tasks.order_by("code")) == [task, second]


def test_a_task_from_an_instruction_names_it(city_officer, group):
    instruction = Instruction.objects.create(
        region_id=ANKANG, leader="市长", level="city", date=D(2019, 5, 6), topic="易地搬迁后续扶持"
    )
    task = services.instruction_task(
        user=city_officer,
        instruction=instruction,
        group=group,
        content="制定后续扶持方案",
        owner_unit="市发改委",
        deadline=D(2019, 6, 30),
    )
    assert task.instruction == instruction and task.code.startswith("PS20190506-")


def test_a_meeting_task_needs_its_meeting(city_officer, group):
    with pytest.raises(ValidationError) as exc:
        services.task_save(
            user=city_officer,
            task=Task(group=group, code="X1", content="x", owner_unit="u", deadline=D(2019, 1, 1), source="meeting"),
        )
    assert "来源会议" in str(exc.value)


def test_members_edit_the_group_plan_other_sectors_may_not(group, member, other_sector):
    plan = services.plan_save(user=member, plan=WorkPlan(group=group, year=2019, title="2019年产业就业计划"))
    assert plan.pk
    with pytest.raises(PermissionDenied):
        services.plan_save(user=other_sector, plan=WorkPlan(group=group, year=2019, title="越权计划"))
    with pytest.raises(PermissionDenied):
        services.task_save(
            user=other_sector,
            task=Task(group=group, code="Y1", content="x", owner_unit="u", deadline=D(2019, 1, 1)),
        )


def test_the_county_completes_its_task_with_evidence_and_the_group_closes_it(
    make_task, county_officer, member, other_sector
):
    task = make_task("C1", "2019-06-30", region=HANBIN)
    with pytest.raises(ValidationError):
        services.task_complete(user=county_officer, task=task, files=[], at=D(2019, 6, 20))  # no evidence
    task = services.task_complete(user=county_officer, task=task, files=[pdf()], at=D(2019, 6, 20))
    assert task.status == "done" and task.completed_on == D(2019, 6, 20)
    assert task.attachments.count() == 1
    with pytest.raises((PermissionDenied, ValidationError)):
        services.task_close(user=other_sector, task=task)  # not a member of the group
    with pytest.raises(ValidationError, match="成员单位"):
        services.task_close(user=county_officer, task=task)  # the county does not close its own work
    task = services.task_close(user=member, task=task, at=D(2019, 6, 25))
    assert task.status == "closed" and task.closed_on == D(2019, 6, 25)


def test_a_sent_back_task_is_open_again_without_its_date(make_task, county_officer, member):
    from jingzhun.core.workflow import transition_run

    task = make_task("C2", "2019-06-30", region=HANBIN)
    task = services.task_complete(user=county_officer, task=task, files=[pdf()], at=D(2019, 6, 20))
    task = transition_run(user=member, obj=task, transition="send_back", note="佐证不全").subject
    assert task.status == "in_progress" and task.completed_on is None and "佐证不全" in task.progress


def test_my_tasks_are_those_of_my_account_unit_or_county(make_task, county_officer, outsider):
    from jingzhun.taskforce.querysets import assigned_q

    mine = make_task("M1", "2019-06-30", region=HANBIN)
    make_task("M2", "2019-06-30", region=ANKANG)
    assert list(Task.objects.for_user(county_officer).filter(assigned_q(county_officer))) == [mine]
    assert not Task.objects.for_user(outsider).filter(pk=mine.pk).exists()


def test_an_overdue_task_shows_as_overdue(make_task):
    task = make_task("O1", "2019-01-31")
    assert task.status_shown == "逾期"
    from jingzhun.taskforce.querysets import overdue_at

    assert overdue_at(Task.objects.all(), D(2019, 2, 1)).filter(pk=task.pk).exists()
    assert overdue_at(Task.objects.all(), D(2019, 1, 31)).filter(pk=task.pk).exists()  # due that day, not done
    assert not overdue_at(Task.objects.all(), D(2019, 1, 30)).filter(pk=task.pk).exists()


def test_my_todo_lists_tasks_to_report_and_tasks_to_close(make_task, county_officer, member, other_sector):
    from jingzhun.core.todo import todo_for

    task = make_task("T1", "2019-06-30", region=HANBIN)
    assert {i.key: i.count for i in todo_for(county_officer)}.get("taskforce.task:not_started") == 1
    assert "taskforce.task:not_started" not in {i.key for i in todo_for(other_sector)}
    services.task_complete(user=county_officer, task=task, files=[pdf()], at=D(2019, 6, 20))
    assert {i.key: i.count for i in todo_for(member)}.get("taskforce.task:done") == 1
    assert "taskforce.task:done" not in {i.key for i in todo_for(other_sector)}
