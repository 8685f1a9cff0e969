"""The taskforce part of the every-URL × every-persona matrix: one object of each ledger in 汉滨区."""

from __future__ import annotations

import datetime

from tests.matrix import ledger_samples


def world_extend(world, personas):
    from jingzhun.core.services import ledger_save
    from jingzhun.taskforce import services
    from jingzhun.taskforce.models import (
        CampaignDate,
        GroupMember,
        Instruction,
        Meeting,
        Target,
        Task,
        TaskGroup,
        WorkPlan,
    )

    city = personas["city"]
    county = world["village"].code[:6] + "000000"
    group = ledger_save(
        user=city, instance=TaskGroup(region_id=county, name="产业扶贫专项组", lead_department="县农业农村局")
    )
    member = ledger_save(
        user=city, instance=GroupMember(group=group, unit="县农业农村局", contact="王五", phone="13800000000")
    )
    plan = services.plan_save(user=city, plan=WorkPlan(group=group, year=2019, title="2019年产业扶贫工作计划"))
    meeting = ledger_save(
        user=city,
        instance=Meeting(region_id=county, kind="dispatch", date=datetime.date(2019, 6, 3), title="第22周调度会"),
    )
    instruction = ledger_save(
        user=city,
        instance=Instruction(region_id=county, leader="市委书记", date=datetime.date(2019, 5, 6), topic="产业覆盖"),
    )
    task = services.task_save(
        user=city,
        task=Task(
            group=group,
            plan=plan,
            code="CY-01",
            content="完成产业到户覆盖",
            owner_unit="县农业农村局",
            deadline=datetime.date(2019, 6, 30),
        ),
    )
    date = ledger_save(
        user=city, instance=CampaignDate(region_id=county, year=2019, date=datetime.date(2019, 8, 31), title="问题清零")
    )
    target = ledger_save(
        user=city, instance=Target(region_id=county, year=2019, people=1000, deadline=datetime.date(2019, 11, 30))
    )
    return {
        "tf_group": group,
        "tf_member": member,
        "tf_plan": plan,
        "tf_meeting": meeting,
        "tf_instruction": instruction,
        "tf_task": task,
        "tf_date": date,
        "tf_target": target,
    }


SAMPLES = [
    (r"^taskforce/meetings/<int:pk>/decisions/", lambda w: {"pk": w["tf_meeting"].pk}, "county"),
    *ledger_samples("taskforce/groups/", "tf_group", "county", api="taskforce/groups"),
    *ledger_samples("taskforce/members/", "tf_member", "county"),
    *ledger_samples("taskforce/plans/", "tf_plan", "county"),
    *ledger_samples("taskforce/tasks/", "tf_task", "county", api="taskforce/tasks"),
    *ledger_samples("taskforce/meetings/", "tf_meeting", "county", api="taskforce/meetings"),
    *ledger_samples("taskforce/instructions/", "tf_instruction", "county"),
    *ledger_samples("taskforce/calendar/", "tf_date", "county"),
    *ledger_samples("taskforce/targets/", "tf_target", "county"),
]
