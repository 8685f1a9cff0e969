"""The figures of the leading group's work at a date: plan status per group, meeting cadence,
the countdown to the hard dates and the pace the targets still need.

Definitions (issue of the command office, also the CSV of ``workplan_status``), at date D:

- ``tasks``: the group's tasks; ``due``: those whose deadline is on or before D;
- ``done``: those completed on or before D, whatever their deadline;
- ``done_on_time``: done tasks completed on or before their deadline;
- ``overdue``: due and not done; ``completion_rate``: due tasks that are done ÷ due tasks
  (None when nothing is due).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from jingzhun.core.parameters import parameter_value
from jingzhun.taskforce.choices import MeetingKind
from jingzhun.taskforce.hooks import app_hooks
from jingzhun.taskforce.models import CampaignDate, Meeting, Target, Task, TaskGroup
from jingzhun.taskforce.workdays import workdays_between

STATUS_COLUMNS = ("group", "tasks", "due", "done", "done_on_time", "overdue", "completion_rate")


@dataclass(frozen=True)
class GroupStatus:
    group: TaskGroup
    tasks: int
    due: int
    done: int
    done_on_time: int
    overdue: int
    due_done: int

    @property
    def completion_rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(self.due_done) / Decimal(self.due)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    def csv_row(self) -> list[Any]:
        rate = self.completion_rate
        return [
            self.group.name,
            self.tasks,
            self.due,
            self.done,
            self.done_on_time,
            self.overdue,
            "" if rate is None else str(rate),
        ]


def task_counts(on: datetime.date) -> dict[str, Any]:
    """The aggregates of the definitions above, for ``Task`` querysets (one query per grouping)."""
    done = Q(completed_on__isnull=False, completed_on__lte=on)
    due = Q(deadline__lte=on)
    return {
        "tasks": Count("pk"),
        "due": Count("pk", filter=due),
        "done": Count("pk", filter=done),
        "done_on_time": Count("pk", filter=done & Q(completed_on__lte=F("deadline"))),
        "overdue": Count("pk", filter=due & ~done),
        "due_done": Count("pk", filter=due & done),
    }


def workplan_status(*, on: datetime.date, groups: QuerySet[TaskGroup] | None = None) -> list[GroupStatus]:
    """Return one ``GroupStatus`` per group (with or without tasks), in the groups' order."""
    groups = groups if groups is not None else TaskGroup.objects.all()
    groups = groups.select_related("region").order_by("region_id", "order", "name")
    counts = {
        row["group_id"]: row
        for row in Task.objects.filter(group__in=groups.values("pk")).values("group_id").annotate(**task_counts(on))
    }
    zero = dict.fromkeys(("tasks", "due", "done", "done_on_time", "overdue", "due_done"), 0)
    result = []
    for group in groups:
        row = counts.get(group.pk, zero)
        result.append(
            GroupStatus(group, *(row[k] for k in ("tasks", "due", "done", "done_on_time", "overdue", "due_done")))
        )
    return result


# -- meeting cadence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cadence:
    """How many periods (months, weeks, quarters) up to a date had the meetings the cadence asks."""

    kind: str
    label: str
    period: str
    required: int
    periods: int
    kept: int
    missing: list[str]

    @property
    def rate(self) -> Decimal | None:
        if not self.periods:
            return None
        return (Decimal(self.kept) / Decimal(self.periods)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _month_key(day: datetime.date) -> str:
    return f"{day.year}-{day.month:02d}"


def _week_key(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter_key(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _periods(year: int, on: datetime.date, key: Any) -> list[str]:
    """Return the periods of ``year`` that have ended on or before ``on`` (the current one counts once it is over)."""
    keys: list[str] = []
    day = datetime.date(year, 1, 1)
    last = min(on, datetime.date(year, 12, 31))
    while day <= last:
        k = key(day)
        if not keys or keys[-1] != k:
            keys.append(k)
        day += datetime.timedelta(days=1)
    if keys and key(last + datetime.timedelta(days=1)) == keys[-1]:
        keys.pop()  # the period is still running
    return keys


CADENCES = (
    (MeetingKind.LEADING, "taskforce.leading_per_month", "月", _month_key),
    (MeetingKind.DISPATCH, "taskforce.dispatch_per_week", "周", _week_key),
    (MeetingKind.JOINT, "taskforce.joint_per_quarter", "季度", _quarter_key),
)


def meeting_cadence(*, meetings: QuerySet[Meeting], year: int, on: datetime.date, region: str = "") -> list[Cadence]:
    """Return the cadence compliance of ``meetings`` in ``year`` up to ``on`` (periods fully elapsed)."""
    dates: dict[str, list[datetime.date]] = {}
    for kind, day in meetings.filter(date__year=year, date__lte=on).values_list("kind", "date"):
        dates.setdefault(kind, []).append(day)
    result = []
    for kind, parameter, period, key in CADENCES:
        required = parameter_value(parameter, year=year, region=region)
        periods = _periods(year, on, key)
        held: dict[str, int] = {}
        for day in dates.get(kind, []):
            held[key(day)] = held.get(key(day), 0) + 1
        missing = [p for p in periods if held.get(p, 0) < required]
        label = str(MeetingKind(kind).label)
        result.append(Cadence(kind, label, period, required, len(periods), len(periods) - len(missing), missing))
    return result


# -- calendar and targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Countdown:
    date: CampaignDate
    workdays: int
    days: int


def countdowns(*, dates: QuerySet[CampaignDate], on: datetime.date) -> list[Countdown]:
    """Return the hard dates with the working days (and calendar days) left from ``on``."""
    return [Countdown(d, workdays_between(on, d.date), (d.date - on).days) for d in dates.order_by("date")]


@dataclass(frozen=True)
class Pace:
    """剩余任务 ÷ 剩余时间: what a target still needs per working day and per week."""

    target: Target
    label: str
    goal: int
    achieved: int
    workdays_left: int

    @property
    def remaining(self) -> int:
        return max(self.goal - self.achieved, 0)

    @property
    def per_workday(self) -> Decimal | None:
        if not self.remaining:
            return Decimal(0)
        if not self.workdays_left:
            return None  # no time left: the pace cannot be met
        return (Decimal(self.remaining) / self.workdays_left).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def per_week(self) -> Decimal | None:
        daily = self.per_workday
        return None if daily is None else daily * 5


MEASURES = (("people", "脱贫人口（人）"), ("villages", "贫困村退出（个）"), ("counties", "贫困县摘帽（个）"))


def target_paces(*, targets: QuerySet[Target], on: datetime.date) -> list[Pace]:
    """Return, for each target and each of its measures (people, villages, counties), the pace still needed.

    What was achieved comes from the apps that know it (hook ``target_achievements``,
    ``taskforce.hooks``: the official evaluations and exits), else from the numbers on the target.
    """
    result = []
    rows = list(targets.select_related("region").order_by("-year", "region_id"))
    achieved: dict[tuple[int, str], dict[str, int]] = {}
    for year in sorted({t.year for t in rows}):
        regions = [t.region_id for t in rows if t.year == year]
        for hook in app_hooks("target_achievements"):
            for code, values in (hook(year=year, regions=regions) or {}).items():
                achieved.setdefault((year, code), {}).update(values)
    for target in rows:
        left = workdays_between(on, target.deadline)
        official = achieved.get((target.year, target.region_id), {})
        for field, label in MEASURES:
            goal = getattr(target, field)
            if goal:
                done = official.get(field, getattr(target, f"{field}_done"))
                result.append(Pace(target, label, goal, done, left))
    return result
