"""The yearly cycle of a household (动态调整) as the kit's workflow on its 脱贫状态.

新识别纳入 is the workflow's start (``workflow_start`` when the household is registered); then
标注脱贫 (未脱贫 or 返贫 → 已脱贫), 返贫 (已脱贫 → 返贫), 自然减少 (死亡, 迁出, 婚出, 服刑, 其他)
and 清退 (错评剔除) — both final: the household stays on record, off the register. 撤销脱贫
puts back a household whose exit procedure was rolled back after 销号. The exit procedure's
销号 (``exits``) takes 标注脱贫 through ``registry.cycle`` like the pages do.

Every step is dated (the day it happened, possibly in the past), reasoned (a note) and, on
the pages, evidenced (files); the log (``core.TransitionLog``) is the household's cycle history
and the source of the year's counts (``registry.cycle.cycle_counts``). Steps are taken only
through ``registry.cycle`` (``offered=False``): the household page's form asks the date and the
reason of a 自然减少, which the generic step form does not, and no step is waiting work for
anyone's to-do list.
"""

from __future__ import annotations

import contextvars
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.workflow import ANY, Evidence, Step, Transition, Workflow, register
from jingzhun.registry.choices import EXITED_STATUSES, STILL_POOR_STATUSES, LeaveReason, Status
from jingzhun.registry.models import Household

# What a cycle service adds to a step beyond its date and note (the exit year of a 销号 in
# another year, the reason of a 自然减少); set by ``registry.cycle`` around the engine's call.
STEP_FACTS: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("registry_step_facts", default=None)


def _fact(name: str) -> Any:
    return (STEP_FACTS.get() or {}).get(name)


def _day(step: Step) -> datetime.date:
    return timezone.localdate(step.at)


def _exited(step: Step) -> None:
    household = step.obj
    household.exit_year = _fact("exit_year") or _day(step).year
    if household.exit_year < household.identification_year:
        raise ValidationError(_("脱贫年度不能早于识别年度（%(year)s 年）。") % {"year": household.identification_year})


def _exit_undone(step: Step) -> None:
    step.obj.exit_year = None


def _left(step: Step) -> None:
    reason = _fact("left_reason") or ""
    if reason not in LeaveReason.values or reason == LeaveReason.WRONGLY_IDENTIFIED:
        raise ValidationError({"reason": _("请选择自然减少的原因（死亡、迁出、婚出、服刑或其他）。")})
    step.obj.left_on = _day(step)
    step.obj.left_reason = reason


def _removed(step: Step) -> None:
    step.obj.left_on = _day(step)
    step.obj.left_reason = LeaveReason.WRONGLY_IDENTIFIED


def _not_identified_this_year(household: Household, user: Any) -> str | None:
    # POLICY §0: a household identified in a year cannot exit in that same year (Shaanxi rule).
    year = _fact("exit_year") or _fact("on_year")
    if year is not None and household.identification_year >= year:
        return _("%(year)s 年识别的贫困户不能在当年标注脱贫。") % {"year": household.identification_year}
    return None


EVIDENCE = Evidence(gettext_lazy("佐证材料"), required=False)

HOUSEHOLD_CYCLE = register(
    Workflow(
        Household,
        field="status",
        states=Status,
        final=(Status.LEFT, Status.REMOVED),
        label=gettext_lazy("动态调整"),
        detail_url=lambda h: reverse("registry:household-detail", args=[h.code]),
        transitions=[
            Transition(
                "exit",
                source=STILL_POOR_STATUSES,
                target=Status.EXITED,
                label=gettext_lazy("标注脱贫"),
                note=True,
                note_label=gettext_lazy("脱贫依据"),
                evidence=EVIDENCE,
                guards=[_not_identified_this_year],
                effect=_exited,
                offered=False,
                todo=False,
                style="success",
            ),
            Transition(
                "return",
                source=EXITED_STATUSES,
                target=Status.RETURNED,
                label=gettext_lazy("返贫"),
                note=True,
                note_label=gettext_lazy("返贫原因"),
                evidence=EVIDENCE,
                offered=False,
                todo=False,
                style="warning",
            ),
            Transition(
                "leave",
                source=ANY,
                target=Status.LEFT,
                label=gettext_lazy("自然减少"),
                note=True,
                note_label=gettext_lazy("情况说明"),
                evidence=EVIDENCE,
                effect=_left,
                offered=False,
                todo=False,
                style="secondary",
            ),
            Transition(
                "remove",
                source=ANY,
                target=Status.REMOVED,
                label=gettext_lazy("清退（错评剔除）"),
                note=True,
                note_label=gettext_lazy("清退原因"),
                evidence=EVIDENCE,
                effect=_removed,
                offered=False,
                todo=False,
                style="danger",
            ),
            Transition(
                "exit_undo",
                source=EXITED_STATUSES,
                target=Status.NOT_EXITED,
                label=gettext_lazy("撤销脱贫"),
                note=True,
                note_label=gettext_lazy("撤销原因"),
                effect=_exit_undone,
                offered=False,
                todo=False,
                style="secondary",
            ),
        ],
    )
)
