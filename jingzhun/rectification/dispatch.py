"""The rectification column of the task groups' weekly dispatch sheet (found by name by ``taskforce.hooks``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.rectification.measures import problem_measures
from jingzhun.rectification.models import Problem
from jingzhun.taskforce.dispatch import DispatchCount


def dispatch_extend(*, user: Any, on: datetime.date) -> list[DispatchCount]:
    """Overdue problems per county on ``on``, in the user's scope."""
    rows = problem_measures(Problem.objects.for_user(user), on=on, by="county")
    return [DispatchCount(_("超期未整改问题"), {str(row.key).ljust(12, "0"): row.overdue for row in rows if row.key})]
