"""My to-do (我的待办): what waits for a user, read from the workflow declarations of every app.

For each registered workflow (``core.workflow.register``) and each state that is not final,
an object in the user's scope waits for him when some step out of that state counts as
waiting work there (``Transition.todo``), his role may take it (the access policy) and its
guards that have a set-based form (``Guard.q``: four-eyes, days in a state …) let him. A
workflow with a ``Deadline`` also counts the objects among those that are overdue.

Everything is counted in one query per workflow (conditional counts over the scoped rows),
never object by object; a workflow the user can take no step of costs no query at all.
Guards without a set-based form are not applied here, so a count may include an object
whose page then says why the step is blocked. Parameters in the conditions (days of a
deadline, of a publicity period) are read for the user's region and the current year.

Domain apps write no code for this: declaring the workflow is enough. The home page loads
``{% url 'workflow:todo-panel' %}`` (counts and links); ``/workflow/todo/`` lists the objects.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.core.access import allows, role_in
from jingzhun.core.workflow import Workflow, workflow_for, workflows

OVERDUE = "overdue"


@dataclass(frozen=True)
class TodoItem:
    """One line of the to-do list: objects of one workflow in one state (or overdue) waiting for the user."""

    workflow: Workflow
    state: str  # OVERDUE for the overdue line
    count: int

    @property
    def key(self) -> str:
        return f"{self.workflow.key}:{self.state}"

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE

    @property
    def label(self) -> str:
        if self.overdue:
            deadline = self.workflow.deadline
            return str(deadline.label if deadline else _("已逾期"))
        return self.workflow.state_label(self.state)

    @property
    def title(self) -> str:
        return f"{self.workflow.label} · {self.label}"

    @property
    def url(self) -> str:
        return f"{reverse('workflow:todo')}?item={self.key}"


def _may(user: Any, workflow: Workflow, transition: Any) -> bool:
    return allows(user, transition.action, workflow.model) and role_in(user, transition.roles)


def waiting_conditions(workflow: Workflow, user: Any, at: datetime.datetime) -> dict[str, Q]:
    """Return, per state, the condition for an object in that state to wait for ``user`` (no query)."""
    conditions: dict[str, Q] = {}
    for state in workflow.states:
        if state in workflow.final:
            continue
        steps = [t for t in workflow.leaving(state) if t.waits_in(state, workflow) and _may(user, workflow, t)]
        if not steps:
            continue
        in_state = Q(**{workflow.field: state})
        passes = [_guards_q(workflow, step, user, at) for step in steps]
        # A step without set-based guards passes for every object in the state. (An empty Q
        # cannot stand for "true" here: Django drops it from an OR.)
        guarded = [q for q in passes if q is not None]
        conditions[state] = in_state if len(guarded) < len(passes) else in_state & reduce(or_, guarded)
    return conditions


def _guards_q(workflow: Workflow, step: Any, user: Any, at: datetime.datetime) -> Q | None:
    """Return the AND of the step's set-based guards, or None if it has none."""
    combined: Q | None = None
    for guard in step.checks:
        q = guard.q(workflow, user, at)
        if q is not None and q:
            combined = q if combined is None else combined & q
    return combined


def todo_for(user: Any, *, at: datetime.datetime | None = None) -> list[TodoItem]:
    """Return the non-empty lines of ``user``'s to-do list, workflow by workflow (one query each)."""
    when = at or timezone.now()
    items: list[TodoItem] = []
    for workflow in workflows():
        conditions = waiting_conditions(workflow, user, when)
        if not conditions:
            continue
        counts = {f"s{i}": Count("pk", filter=q) for i, q in enumerate(conditions.values())}
        if workflow.deadline is not None:
            waiting = reduce(or_, conditions.values())
            counts[OVERDUE] = Count("pk", filter=waiting & workflow.deadline.overdue_q(workflow, user, when))
        rows = workflow.model._default_manager.for_user(user).order_by().aggregate(**counts)  # type: ignore[attr-defined]
        for i, state in enumerate(conditions):
            if rows[f"s{i}"]:
                items.append(TodoItem(workflow, state, rows[f"s{i}"]))
        if rows.get(OVERDUE):
            items.append(TodoItem(workflow, OVERDUE, rows[OVERDUE]))
    return items


def todo_objects(user: Any, key: str, *, at: datetime.datetime | None = None) -> tuple[TodoItem, QuerySet]:
    """Return the line named ``key`` (``app.model:state`` or ``app.model:overdue``) and its objects.

    Raise ``LookupError`` for a key that names no workflow or no state of it.
    """
    when = at or timezone.now()
    label, _sep, state = key.partition(":")
    workflow = workflow_for(label)
    conditions = waiting_conditions(workflow, user, when)
    if state == OVERDUE and workflow.deadline is not None:
        condition = (reduce(or_, conditions.values()) if conditions else Q(pk__in=[])) & workflow.deadline.overdue_q(
            workflow, user, when
        )
    elif state in workflow.states:
        condition = conditions.get(state, Q(pk__in=[]))
    else:
        raise LookupError(key)
    objects = workflow.model._default_manager.for_user(user).filter(condition)  # type: ignore[attr-defined]
    if workflow.select_related:
        objects = objects.select_related(*workflow.select_related)
    return TodoItem(workflow, state, 0), objects.order_by("pk")
