"""Guards of workflow steps (re-exported by ``core.workflow``; see its docstring for the API).

A guard says, in Chinese, why a step may not be taken now; most also give their condition as
a ``Q`` so that "my to-do" can count the objects that wait for a user in one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Exact, LessThan
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.core.audit import AuditedModel
from jingzhun.core.models import TransitionLog
from jingzhun.core.parameters import parameter_value

# A ``core.workflow.Workflow`` (not imported: the engine imports this module).
Workflow = Any


# -- guards ------------------------------------------------------------------------------------


class Guard:
    """A condition of a transition: ``check`` returns a Chinese reason when it blocks, else None.

    ``q`` may return the same condition as a ``Q`` over the workflow's model for one user (the
    to-do list counts with it, one query per workflow); None means "not expressible", and the
    to-do list then counts the object (the page shows the reason when it is opened).
    ``refuses``: a rule about who may act (four-eyes), answered with 403 instead of 400.
    """

    refuses = False

    def check(self, workflow: Workflow, obj: Any, user: Any, at: datetime.datetime) -> str | None:
        raise NotImplementedError

    def q(self, workflow: Workflow, user: Any, at: datetime.datetime) -> Q | None:
        return None


class condition(Guard):
    """Wrap ``func(obj, user) -> str | None`` as a guard; ``q(user, at)`` gives its set-based form."""

    def __init__(
        self,
        func: Callable[[Any, Any], str | None],
        *,
        q: Callable[[Any, datetime.datetime], Q] | None = None,
        refuses: bool = False,
    ) -> None:
        self.func = func
        self._q = q
        self.refuses = refuses

    def check(self, workflow: Workflow, obj: Any, user: Any, at: datetime.datetime) -> str | None:
        return self.func(obj, user)

    def q(self, workflow: Workflow, user: Any, at: datetime.datetime) -> Q | None:
        return self._q(user, at) if self._q else None


class not_by(Guard):
    """Four-eyes on a field: the user named in ``field`` (e.g. ``requested_by``) may not take the step (403)."""

    refuses = True

    def __init__(self, field: str, message: str | None = None) -> None:
        self.field = field
        self.message = message

    def check(self, workflow: Workflow, obj: Any, user: Any, at: datetime.datetime) -> str | None:
        if user.pk is not None and getattr(obj, f"{self.field}_id", None) == user.pk:
            return self.message or _("提交人不能审核自己提交的事项。")
        return None

    def q(self, workflow: Workflow, user: Any, at: datetime.datetime) -> Q | None:
        return Q(**{f"{self.field}__isnull": True}) | ~Q(**{self.field: user.pk})


def object_logs(workflow: Workflow) -> models.QuerySet[TransitionLog]:
    """The log entries of the outer query's object (for correlated subqueries)."""
    return TransitionLog.objects.filter(
        content_type=workflow.content_type, object_id=Cast(OuterRef("pk"), output_field=CharField())
    )


class four_eyes(Guard):
    """Four-eyes on the log: whoever took the latest of ``transitions`` may not take this one (403).

    ``"start"`` names the first entry (``workflow_start``): ``four_eyes("start")`` keeps the
    one who created the object from approving it.
    """

    refuses = True

    def __init__(self, *transitions: str, message: str | None = None) -> None:
        self.transitions = transitions
        self.message = message

    def check(self, workflow: Workflow, obj: Any, user: Any, at: datetime.datetime) -> str | None:
        last = (
            TransitionLog.objects.of(obj)
            .filter(transition__in=self.transitions)
            .order_by("-at", "-id")
            .values_list("user_id", flat=True)
            .first()
        )
        if user.pk is not None and last == user.pk:
            return self.message or _("同一人不能既提交又审核。")
        return None

    def q(self, workflow: Workflow, user: Any, at: datetime.datetime) -> Q | None:
        last = object_logs(workflow).filter(transition__in=self.transitions).order_by("-at", "-id")
        latest_user = Coalesce(Subquery(last.values("user_id")[:1]), Value(-1), output_field=models.BigIntegerField())
        return ~Q(Exact(latest_user, user.pk if user.pk is not None else -1))


def local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def region_of(obj: Any) -> str:
    """The 12-digit code of the object's place (its audit region, else its scope field)."""
    if isinstance(obj, AuditedModel):
        code = obj.audit_region_code()
        if code:
            return code
    value: Any = obj
    for part in (getattr(type(obj), "scope_field", "") or "").split("__"):
        if not part:
            return ""
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value)


class Clock:
    """When the clock of a ``stayed`` guard or a ``Deadline`` starts: a date field, or entering the current state."""

    def __init__(self, since: str | None, days: int | None, parameter: str | None) -> None:
        if days is not None and parameter is not None:
            raise ImproperlyConfigured("give days or parameter, not both")
        self.since = since
        self.days = days
        self.parameter = parameter

    def days_for(self, region: str, year: int) -> int:
        if self.days is not None:
            return self.days
        if self.parameter is None:
            return 0
        return int(parameter_value(self.parameter, year=year, region=region))

    def started(self, workflow: Workflow, obj: Any) -> datetime.date | None:
        if self.since:
            value = getattr(obj, self.since)
            return local_date(value) if value else None
        entered = (
            TransitionLog.objects.of(obj)
            .filter(to_state=getattr(obj, workflow.field))
            .order_by("-at", "-id")
            .values_list("at", flat=True)
            .first()
        )
        return local_date(entered) if entered else None

    def started_on_or_before_q(self, workflow: Workflow, last_day: datetime.date) -> Q:
        """Objects whose clock started on ``last_day`` or earlier (local dates)."""
        if self.since:
            model_field = workflow.model._meta.get_field(self.since)
            if isinstance(model_field, models.DateTimeField):
                return Q(**{f"{self.since}__lt": midnight(last_day + datetime.timedelta(days=1))})
            return Q(**{f"{self.since}__lte": last_day})
        entered = object_logs(workflow).filter(to_state=OuterRef(workflow.field)).order_by("-at", "-id")
        return Q(LessThan(Subquery(entered.values("at")[:1]), midnight(last_day + datetime.timedelta(days=1))))


class stayed(Guard):
    """The object has been in its current state (or since the date in ``since``) for at least N days.

    N is ``days``, or the business parameter ``parameter`` read for the step's year and the
    object's region (e.g. ``exits.publicity_days``: 公示期). Days are calendar days between
    local dates. ``message`` may use ``%(days)s``, ``%(elapsed)s``, ``%(state)s``, ``%(since)s``.
    """

    def __init__(
        self,
        days: int | None = None,
        *,
        parameter: str | None = None,
        since: str | None = None,
        message: str | None = None,
    ) -> None:
        if days is None and parameter is None:
            raise ImproperlyConfigured("stayed() needs days or parameter")
        self.clock = Clock(since, days, parameter)
        self.message = message

    def check(self, workflow: Workflow, obj: Any, user: Any, at: datetime.datetime) -> str | None:
        days = self.clock.days_for(region_of(obj), at.year)
        state = workflow.state_label(getattr(obj, workflow.field))
        started = self.clock.started(workflow, obj)
        if started is None:
            return _("没有进入“%(state)s”的记录，无法计算已满天数。") % {"state": state}
        elapsed = (local_date(at) - started).days
        if elapsed >= days:
            return None
        message = self.message or _("须在“%(state)s”满 %(days)s 天（%(since)s 起已 %(elapsed)s 天）。")
        return message % {"days": days, "elapsed": max(elapsed, 0), "state": state, "since": started.isoformat()}

    def q(self, workflow: Workflow, user: Any, at: datetime.datetime) -> Q | None:
        prefix = user.scope_prefix if user.scope_prefix != "-" else ""
        days = self.clock.days_for(prefix, at.year)
        return self.clock.started_on_or_before_q(workflow, local_date(at) - datetime.timedelta(days=days))
