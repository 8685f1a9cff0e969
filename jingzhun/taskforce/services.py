"""Use cases of the leading group's work: groups, plans, tasks (from plans, meetings, instructions), steps.

Who may edit: the office whose division holds the group's (the city office for every group,
a county office for its county's) and the group's member units (a member's account, or a user
of the member unit); the policy's roles are asked first (``ledger_save``), the membership
here. The county office reports on the tasks assigned to its county (the workflow's steps).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jingzhun.core.access import is_admin
from jingzhun.core.services import ledger_save
from jingzhun.core.workflow import transition_run, workflow_start
from jingzhun.taskforce.choices import TaskSource
from jingzhun.taskforce.models import GroupMember, Instruction, Meeting, Task, TaskGroup, WorkPlan
from jingzhun.taskforce.querysets import assigned_q


def group_is_member(*, user: Any, group: TaskGroup) -> bool:
    """Return True if ``user`` speaks for a member unit of ``group`` (his account or his unit)."""
    q = Q(user_id=getattr(user, "pk", None))
    unit = (getattr(user, "unit", "") or "").strip()
    if unit:
        q |= Q(unit=unit)
    return GroupMember.objects.filter(group_id=group.pk).filter(q).exists()


def group_may_edit(*, user: Any, group: TaskGroup) -> bool:
    """Return True if ``user`` may edit ``group``'s plan and tasks: its division's office or a member unit."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    prefix = getattr(user, "scope_prefix", "-")
    if getattr(user, "role", "") in ("city", "county") and prefix != "-" and group.region_id.startswith(prefix):
        return True
    return group_is_member(user=user, group=group)


def group_edit_require(*, user: Any, group: TaskGroup) -> None:
    if not group_may_edit(user=user, group=group):
        raise PermissionDenied(_("只有“%(group)s”的成员单位或其办公室可以修改本组的计划和任务。") % {"group": group})


def task_is_assignee(*, user: Any, task: Task) -> bool:
    return Task.objects.filter(pk=task.pk).filter(assigned_q(user)).exists()


@transaction.atomic
def plan_save(*, user: Any, plan: WorkPlan, expected_version: int | None = None, reason: str = "") -> WorkPlan:
    """Create or change a work plan as a member of its group."""
    if plan.group_id:
        group_edit_require(user=user, group=plan.group)
    return ledger_save(user=user, instance=plan, expected_version=expected_version, reason=reason)


@transaction.atomic
def task_save(*, user: Any, task: Task, expected_version: int | None = None, reason: str = "") -> Task:
    """Create or change a task as a member of its group; a new task is assigned to the group's division
    unless a region is given, and starts its workflow (未开始)."""
    creating = task._state.adding
    if task.group_id:
        group_edit_require(user=user, group=task.group)
        if not task.region_id:
            task.region_id = task.group.region_id
    saved = ledger_save(user=user, instance=task, expected_version=expected_version, reason=reason)
    if creating:
        workflow_start(user=user, obj=saved)
    return saved


def _next_code(group: TaskGroup, prefix: str) -> str:
    taken = set(Task.objects.filter(group=group, code__startswith=prefix).values_list("code", flat=True))
    number = len(taken) + 1
    while f"{prefix}{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"


@transaction.atomic
def meeting_decision_task(
    *,
    user: Any,
    meeting: Meeting,
    group: TaskGroup,
    content: str,
    owner_unit: str,
    deadline: datetime.date,
    owner_person: str = "",
    region: Any = None,
    code: str = "",
) -> Task:
    """Turn one decision of ``meeting`` (议定事项) into a task of ``group`` (source: 会议决定)."""
    task = Task(
        group=group,
        code=code or _next_code(group, f"HY{meeting.date:%Y%m%d}-"),
        content=content,
        owner_unit=owner_unit,
        owner_person=owner_person,
        deadline=deadline,
        source=TaskSource.MEETING,
        meeting=meeting,
        region=region,
    )
    return task_save(user=user, task=task, reason=_("会议议定事项：%(meeting)s") % {"meeting": meeting})


@transaction.atomic
def instruction_task(
    *,
    user: Any,
    instruction: Instruction,
    group: TaskGroup,
    content: str,
    owner_unit: str,
    deadline: datetime.date,
    owner_person: str = "",
    region: Any = None,
) -> Task:
    """Turn a leader's instruction (批示) into a follow-up task of ``group``."""
    task = Task(
        group=group,
        code=_next_code(group, f"PS{instruction.date:%Y%m%d}-"),
        content=content,
        owner_unit=owner_unit,
        owner_person=owner_person,
        deadline=deadline,
        source=TaskSource.INSTRUCTION,
        instruction=instruction,
        region=region,
    )
    return task_save(user=user, task=task, reason=_("落实批示：%(topic)s") % {"topic": instruction.topic})


def task_complete(
    *, user: Any, task: Task, files: Iterable[Any], note: str = "", at: datetime.date | None = None
) -> Task:
    """Report a task done (已完成) with its evidence; the group then closes it (销号)."""
    return cast(Task, transition_run(user=user, obj=task, transition="complete", files=files, note=note, at=at).subject)


def task_close(*, user: Any, task: Task, note: str = "", at: datetime.date | None = None) -> Task:
    """Close a finished task (销号) as a member of its group."""
    return cast(Task, transition_run(user=user, obj=task, transition="close", note=note, at=at).subject)
