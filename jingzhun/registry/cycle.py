"""Use cases of the registry's yearly cycle (动态调整): identify, exit, return, leave, remove.

Each change is a dated, reasoned and evidenced step of the household's workflow
(``registry.workflows``): the engine checks the writer's role (403) and scope (404), the
state, the note and the files, saves the household audited and writes the log, in one
transaction. Nothing is ever deleted: a household that dies out, moves away or was wrongly
identified keeps its row with status 自然减少 or 已清退 and its date and reason, and is no longer
counted as poor or exited anywhere (``choices.LEFT_STATUSES``).

The year's changes of a place are read from the log (``cycle_counts``, ``cycle_changes``):
one query each, grouped in the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.core.models import TransitionLog
from jingzhun.core.regioncodes import prefix_q
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.core.workflow import START, transition_run, workflow_start
from jingzhun.registry.choices import CycleChange, LeaveReason, Status
from jingzhun.registry.models import Household
from jingzhun.registry.services import household_save
from jingzhun.registry.summaries import latest_fact_year
from jingzhun.registry.workflows import STEP_FACTS

# The workflow step of each change (新识别纳入 is the workflow's start).
STEPS: dict[str, str] = {
    CycleChange.IDENTIFIED: START,
    CycleChange.EXITED: "exit",
    CycleChange.RETURNED: "return",
    CycleChange.LEFT: "leave",
    CycleChange.REMOVED: "remove",
}
CHANGE_OF_STEP = {step: change for change, step in STEPS.items()}


def _when(on: datetime.date | None) -> datetime.datetime:
    """Noon (Beijing time) of the day a change happened, or now if that is later today; refuse a day in the future."""
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("变更日期不能晚于今天。")})
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())
    return min(noon, timezone.now())  # before noon a step of today would otherwise be dated in the future


@contextmanager
def _facts(**facts: Any) -> Iterator[None]:
    token = STEP_FACTS.set(facts)
    try:
        yield
    finally:
        STEP_FACTS.reset(token)


def _require_files(files: Sequence[Any]) -> None:
    if not files:
        raise ValidationError({"files": _("请上传佐证材料（如核查记录、死亡证明、户籍迁移证明、评议会议记录）。")})


@transaction.atomic
def household_identify(
    *, user: Any, household: Household, on: datetime.date | None = None, note: str = "", files: Sequence[Any] = ()
) -> Household:
    """新识别纳入: register a new household (未脱贫, identified in the year of ``on``) and start its cycle.

    Raise ValidationError (the household's own rules, a missing reason), PermissionDenied.
    """
    if household.pk is not None:
        raise ValidationError(_("该户已建档，不能再次识别纳入。"))
    if not note.strip():
        raise ValidationError({"note": _("请填写识别纳入的依据（如：村民代表大会评议、乡镇审核）。")})
    at = _when(on)
    household.status = Status.NOT_EXITED
    household.exit_year = None
    household.identification_year = household.identification_year or timezone.localdate(at).year
    household_save(user=user, household=household, reason=_("新识别纳入：%(note)s") % {"note": note.strip()})
    workflow_start(user=user, obj=household, note=note, files=files, at=at)
    return household


def household_registered(*, user: Any, household: Household, note: str = "") -> None:
    """Start the cycle of a household just created on the household page (its 新识别纳入, today)."""
    workflow_start(user=user, obj=household, note=note or _("新建档"))


def _step(
    *,
    user: Any,
    household: Household,
    step: str,
    on: datetime.date | None,
    note: str,
    files: Sequence[Any],
    **facts: Any,
) -> Household:
    at = _when(on)
    with _facts(on_year=timezone.localdate(at).year, **facts):
        transition_run(user=user, obj=household, transition=step, note=note, files=files, at=at)
    household.refresh_from_db()
    return household


def household_exit(
    *,
    user: Any,
    household: Household,
    on: datetime.date | None = None,
    note: str = "",
    files: Sequence[Any] = (),
    year: int | None = None,
    procedure: bool = False,
) -> Household:
    """标注脱贫: mark a poor (or returned) household exited in ``year`` (default: the year of ``on``).

    ``procedure`` — called by the exit procedure's 销号, whose steps hold the evidence; from a
    page or the API the step needs its files. Raise ValidationError (state, same-year rule,
    note, files), PermissionDenied, Http404 (out of scope).
    """
    if not procedure:
        _require_files(files)
    return _step(user=user, household=household, step="exit", on=on, note=note, files=files, exit_year=year)


def household_return(
    *, user: Any, household: Household, on: datetime.date | None = None, note: str = "", files: Sequence[Any] = ()
) -> Household:
    """返贫: an exited household falls back into poverty."""
    _require_files(files)
    return _step(user=user, household=household, step="return", on=on, note=note, files=files)


def household_leave(
    *,
    user: Any,
    household: Household,
    reason: str,
    on: datetime.date | None = None,
    note: str = "",
    files: Sequence[Any] = (),
) -> Household:
    """自然减少 (死亡, 迁出, 婚出, 服刑, 其他): the household leaves the register on ``on``, kept on record."""
    _require_files(files)
    return _step(user=user, household=household, step="leave", on=on, note=note, files=files, left_reason=reason)


def household_remove(
    *, user: Any, household: Household, on: datetime.date | None = None, note: str = "", files: Sequence[Any] = ()
) -> Household:
    """清退（错评剔除）: a household found wrongly identified leaves the register, kept on record."""
    _require_files(files)
    return _step(user=user, household=household, step="remove", on=on, note=note, files=files)


def household_exit_undo(
    *, user: Any, household: Household, note: str, at: datetime.datetime | None = None
) -> Household:
    """撤销脱贫: an exit procedure rolled back after 销号 puts the household back to 未脱贫."""
    transition_run(user=user, obj=household, transition="exit_undo", note=note, at=at)
    household.refresh_from_db()
    return household


def cycle_change(
    *,
    user: Any,
    household: Household,
    change: str,
    on: datetime.date | None = None,
    note: str = "",
    files: Sequence[Any] = (),
    reason: str = "",
) -> Household:
    """Take one change of the cycle on an existing household (the pages' and the API's one door)."""
    if change == CycleChange.EXITED:
        return household_exit(user=user, household=household, on=on, note=note, files=files)
    if change == CycleChange.RETURNED:
        return household_return(user=user, household=household, on=on, note=note, files=files)
    if change == CycleChange.LEFT:
        return household_leave(user=user, household=household, reason=reason, on=on, note=note, files=files)
    if change == CycleChange.REMOVED:
        return household_remove(user=user, household=household, on=on, note=note, files=files)
    raise ValidationError({"change": _("未知的动态调整类型：%(change)s") % {"change": change}})


# -- the year's changes ----------------------------------------------------------------------------


def cycle_year(asked: str, prefix: str) -> int:
    """Return the year a page or the API shows: the one asked (2010–2035), else the registry's latest.

    The latest is the last year with village facts under ``prefix`` (the year the office
    works on), else this year.
    """
    if asked.isdecimal() and 2010 <= int(asked) <= 2035:
        return int(asked)
    return latest_fact_year(prefix) or timezone.localdate().year


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def cycle_changes(*, user: Any, prefix: str, year: int) -> QuerySet[TransitionLog]:
    """Return the log entries of the year's cycle changes of households under ``prefix`` that ``user`` may see.

    Narrowed by the log's copy of the household's place (the households' own scope is by place
    too), not by the log's per-model check, which would read every household of the scope.
    """
    start, end = _year_bounds(year)
    logs = ScopedQuerySet.for_user(TransitionLog.objects.all(), user)
    return logs.filter(
        prefix_q("region_code", prefix),
        content_type=ContentType.objects.get_for_model(Household),
        transition__in=list(CHANGE_OF_STEP),
        at__gte=start,
        at__lt=end,
    ).order_by("-at", "-id")


def cycle_counts(*, prefix: str, year: int) -> dict[str, int]:
    """Return the households of each change (新识别, 脱贫, 返贫, 自然减少, 清退) of ``year`` under ``prefix``.

    Read from the cycle's log in one grouped query; a 销号 rolled back (撤销脱贫) in the same
    year takes its exit back out. Each change counts once per household.
    """
    start, end = _year_bounds(year)
    logs = TransitionLog.objects.filter(
        prefix_q("region_code", prefix),
        content_type=ContentType.objects.get_for_model(Household),
        at__gte=start,
        at__lt=end,
    )
    figures = logs.aggregate(
        **{change: Count("object_id", filter=Q(transition=step), distinct=True) for change, step in STEPS.items()},
        undone=Count("object_id", filter=Q(transition="exit_undo"), distinct=True),
    )
    undone = figures.pop("undone")
    figures[CycleChange.EXITED] = max(figures[CycleChange.EXITED] - undone, 0)
    return {str(change): figures[change] for change in CycleChange.values}


LEAVE_CHOICES = [(code, label) for code, label in LeaveReason.choices if code != LeaveReason.WRONGLY_IDENTIFIED]
