"""The workflow of a task (进度销号管理): start → complete with evidence → closed (销号) by the group.

The member unit or the county the task is assigned to starts it and reports it done with its
evidence; the group (its member units or its office) closes it or sends it back (退回) with a
note. 逾期 is not a state: the to-do list shows an open task past its deadline as overdue
(``Deadline("deadline")``), and the figures count it at any date.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.access import is_admin
from jingzhun.core.regioncodes import prefix_q
from jingzhun.core.workflow import Deadline, Evidence, Step, Transition, Workflow, condition, register
from jingzhun.taskforce.choices import OPEN_STATUSES, TaskStatus
from jingzhun.taskforce.models import GroupMember, Task
from jingzhun.taskforce.querysets import assigned_q
from jingzhun.taskforce.services import group_may_edit, task_is_assignee


def _group_q(user: Any) -> Q:
    if is_admin(user):
        return Q()
    members = Q(user_id=user.pk)
    if (user.unit or "").strip():
        members |= Q(unit=user.unit.strip())
    q = Q(group_id__in=GroupMember.objects.filter(members).values("group_id"))
    if user.role in ("city", "county") and user.scope_prefix != "-":
        q |= prefix_q("group__region_id", user.scope_prefix)
    return q


def _by_group(task: Task, user: Any) -> str | None:
    if group_may_edit(user=user, group=task.group):
        return None
    return _("只有“%(group)s”的成员单位或其办公室可以办理此步骤。") % {"group": task.group}


def _by_group_q(user: Any, at: datetime.datetime) -> Q:
    return _group_q(user)


def _by_owner(task: Task, user: Any) -> str | None:
    if group_may_edit(user=user, group=task.group) or task_is_assignee(user=user, task=task):
        return None
    return _("只有责任单位或“%(group)s”的成员单位可以报告任务进展。") % {"group": task.group}


def _by_owner_q(user: Any, at: datetime.datetime) -> Q:
    return _group_q(user) | assigned_q(user)


def _started(step: Step) -> None:
    if step.note:
        step.obj.progress = step.note


def _completed(step: Step) -> None:
    step.obj.completed_on = step.at.date() if isinstance(step.at, datetime.datetime) else step.at
    if step.note:
        step.obj.progress = step.note


def _closed(step: Step) -> None:
    step.obj.closed_on = step.at.date() if isinstance(step.at, datetime.datetime) else step.at


def _sent_back(step: Step) -> None:
    task = step.obj
    task.completed_on = None
    task.progress = f"{task.progress}\n【退回】{step.note}".strip()


BY_GROUP = condition(_by_group, q=_by_group_q)
BY_OWNER = condition(_by_owner, q=_by_owner_q)

TASK_WORKFLOW = register(
    Workflow(
        Task,
        field="status",
        states=TaskStatus,
        final=(TaskStatus.CLOSED,),
        label=gettext_lazy("任务"),
        deadline=Deadline("deadline", days=0, states=tuple(OPEN_STATUSES), label=gettext_lazy("逾期")),
        detail_url=lambda task: reverse("taskforce:task-detail", args=[task.pk]),
        transitions=[
            Transition(
                "begin",
                source=TaskStatus.NOT_STARTED,
                target=TaskStatus.IN_PROGRESS,
                label=gettext_lazy("开始推进"),
                guards=[BY_OWNER],
                effect=_started,
                todo=False,
            ),
            Transition(
                "complete",
                source=OPEN_STATUSES,
                target=TaskStatus.DONE,
                label=gettext_lazy("报告完成"),
                guards=[BY_OWNER],
                evidence=Evidence(gettext_lazy("完成佐证材料")),
                effect=_completed,
            ),
            Transition(
                "close",
                source=TaskStatus.DONE,
                target=TaskStatus.CLOSED,
                label=gettext_lazy("销号"),
                action="approve",
                guards=[BY_GROUP],
                effect=_closed,
                style="success",
            ),
            Transition(
                "send_back",
                source=TaskStatus.DONE,
                target=TaskStatus.IN_PROGRESS,
                label=gettext_lazy("退回"),
                action="approve",
                guards=[BY_GROUP],
                note=True,
                note_label=gettext_lazy("退回理由"),
                effect=_sent_back,
                todo=False,
                style="danger",
            ),
        ],
    )
)
