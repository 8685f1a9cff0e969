"""Reusable reads of tasks: what is assigned to a user, what is done or overdue at a date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from jingzhun.taskforce.choices import DONE_STATUSES


def assigned_q(user: Any) -> Q:
    """The tasks assigned to ``user`` (我的任务): by name (his account), to his unit, or to his region itself."""
    q = Q(owner_user_id=getattr(user, "pk", None))
    unit = (getattr(user, "unit", "") or "").strip()
    if unit:
        q |= Q(owner_unit=unit)
    if getattr(user, "region_id", None) and getattr(user, "role", "") in ("county", "township"):
        q |= Q(region_id=user.region_id)
    return q


def done_by(tasks: QuerySet, on: datetime.date) -> QuerySet:
    """Return the tasks completed on or before ``on`` (whatever their deadline)."""
    return tasks.filter(completed_on__isnull=False, completed_on__lte=on)


def overdue_at(tasks: QuerySet, on: datetime.date) -> QuerySet:
    """Return the tasks due on or before ``on`` and not completed by then (逾期, as the figures count it)."""
    return tasks.filter(deadline__lte=on).exclude(completed_on__isnull=False, completed_on__lte=on)


def still_open(tasks: QuerySet) -> QuerySet:
    return tasks.exclude(status__in=DONE_STATUSES)
