"""Reusable reads of tasks: what is assigned to a user, what is due, done or overdue at a date."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.db.models import Q

from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.taskforce.choices import DONE_STATUSES


def assigned_q(user: Any) -> Q:
    """The tasks assigned to ``user``: by name (his account), to his unit, or to his region itself."""
    q = Q(owner_user_id=getattr(user, "pk", None))
    unit = (getattr(user, "unit", "") or "").strip()
    if unit:
        q |= Q(owner_unit=unit)
    if getattr(user, "region_id", None) and getattr(user, "role", "") in ("county", "township"):
        q |= Q(region_id=user.region_id)
    return q


class TaskQuerySet(ScopedQuerySet):
    def assigned_to(self, user: Any) -> Self:
        """Return the tasks assigned to ``user`` (我的任务)."""
        return self.filter(assigned_q(user))

    def done_by(self, on: datetime.date) -> Self:
        """Return the tasks completed on or before ``on`` (whatever their deadline)."""
        return self.filter(completed_on__isnull=False, completed_on__lte=on)

    def overdue_at(self, on: datetime.date) -> Self:
        """Return the tasks due on or before ``on`` and not completed by then (逾期)."""
        return self.filter(deadline__lte=on).exclude(completed_on__isnull=False, completed_on__lte=on)

    def open(self) -> Self:
        return self.exclude(status__in=DONE_STATUSES)
