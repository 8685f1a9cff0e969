"""The life cycle of a problem (三单制): assigned → rectifying → submitted → verified → closed (销号).

The owner (the county, township or village office, or the sector department of the
problem's sector) starts the rectification and submits it as done with its evidence; the
supervising level (the county or the city office: the policy's ``approve``) verifies it —
never the one who submitted it (four-eyes, 403) — or sends it back, then closes it (销号),
which needs evidence on file. A closed problem that comes back is reopened (反弹). A shared
problem routed to its counties leaves the flow as ``routed`` (a step for the service only).
Overdue: still assigned or rectifying after its deadline (整改时限), shown in "my to-do".
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.workflow import Deadline, Evidence, Step, Transition, Workflow, not_by, register
from jingzhun.rectification.choices import OPEN_STATUSES, ProblemStatus
from jingzhun.rectification.models import Problem

S = ProblemStatus


def _submitted(step: Step) -> None:
    step.obj.submitted_by = step.user if step.user.pk else None
    step.obj.done_on = timezone.localdate(step.at)


def _verified(step: Step) -> None:
    step.obj.verified_by = step.user if step.user.pk else None
    step.obj.verified_on = timezone.localdate(step.at)


def _returned(step: Step) -> None:
    problem = step.obj
    problem.submitted_by = None
    problem.done_on = problem.verified_by = problem.verified_on = None


def _closed(step: Step) -> None:
    step.obj.closed_on = timezone.localdate(step.at)


def _reopened(step: Step) -> None:
    problem = step.obj
    problem.reopened += 1
    problem.closed_on = problem.done_on = problem.verified_on = None
    problem.submitted_by = problem.verified_by = None


def _recorded_done(step: Step) -> None:
    step.obj.submitted_by = None  # transcribed from the owner's report, not submitted by the recorder
    step.obj.done_on = timezone.localdate(step.at)


def _recorded_closed(step: Step) -> None:
    problem = step.obj
    day = timezone.localdate(step.at)
    if problem.verified_on is None:
        problem.verified_by = step.user if step.user.pk else None
        problem.verified_on = day
    problem.closed_on = day


def _has_evidence(problem: Problem, user: object) -> str | None:
    if not problem.attachments.exists():
        return _("没有整改佐证材料，不能销号。")
    return None


def _verified_by_someone(problem: Problem, user: object) -> str | None:
    if problem.verified_by_id is None and problem.verified_on is None:
        return _("未经验收，不能销号。")
    return None


FOUR_EYES = not_by("submitted_by", str(gettext_lazy("报完成的人不能验收自己的整改。")))
SUPERVISORS = gettext_lazy("验收、退回和销号须由县级及以上脱贫办办理。")

PROBLEM_WORKFLOW = register(
    Workflow(
        Problem,
        field="status",
        states=ProblemStatus,
        final=(S.ROUTED,),
        label=gettext_lazy("整改问题"),
        deadline=Deadline("deadline", days=0, states=tuple(OPEN_STATUSES), label=gettext_lazy("整改逾期")),
        detail_url=lambda problem: reverse("rectification:problem-detail", args=[problem.pk]),
        select_related=("inspection", "region"),
        transitions=[
            Transition(
                "begin",
                source=S.ASSIGNED,
                target=S.RECTIFYING,
                label=gettext_lazy("开始整改"),
                note_label=gettext_lazy("整改方案"),
                style="danger",
            ),
            Transition(
                "submit",
                source=S.RECTIFYING,
                target=S.SUBMITTED,
                label=gettext_lazy("报整改完成"),
                note=True,
                note_label=gettext_lazy("整改情况"),
                evidence=Evidence(gettext_lazy("整改佐证材料")),
                effect=_submitted,
                style="danger",
            ),
            Transition(
                "verify",
                source=S.SUBMITTED,
                target=S.VERIFIED,
                label=gettext_lazy("验收通过"),
                action="approve",
                note=True,
                note_label=gettext_lazy("验收意见"),
                guards=[FOUR_EYES],
                effect=_verified,
                refused=SUPERVISORS,
                style="success",
            ),
            Transition(
                "return",
                source=S.SUBMITTED,
                target=S.RECTIFYING,
                label=gettext_lazy("退回重改"),
                action="approve",
                note=True,
                note_label=gettext_lazy("退回理由"),
                effect=_returned,
                refused=SUPERVISORS,
                todo=False,
                style="secondary",
            ),
            Transition(
                "close",
                source=S.VERIFIED,
                target=S.CLOSED,
                label=gettext_lazy("销号"),
                action="approve",
                evidence=Evidence(gettext_lazy("销号材料"), required=False),
                guards=[_has_evidence, _verified_by_someone],
                effect=_closed,
                refused=SUPERVISORS,
                style="success",
            ),
            Transition(
                "reopen",
                source=S.CLOSED,
                target=S.RECTIFYING,
                label=gettext_lazy("反弹重启整改"),
                action="approve",
                note=True,
                note_label=gettext_lazy("反弹情况"),
                effect=_reopened,
                refused=SUPERVISORS,
                todo=False,
                style="secondary",
            ),
            # The progress import (整改进展) records what the owner and the level above reported.
            Transition(
                "record_done",
                source=S.RECTIFYING,
                target=S.SUBMITTED,
                label=gettext_lazy("录入整改完成"),
                note=True,
                effect=_recorded_done,
                offered=False,
            ),
            Transition(
                "record_closed",
                source=(S.SUBMITTED, S.VERIFIED),
                target=S.CLOSED,
                label=gettext_lazy("录入销号"),
                action="approve",
                note=True,
                evidence=Evidence(gettext_lazy("销号材料"), required=False),
                guards=[FOUR_EYES],
                effect=_recorded_closed,
                refused=SUPERVISORS,
                offered=False,
            ),
            Transition(
                "route",
                source=S.ASSIGNED,
                target=S.ROUTED,
                label=gettext_lazy("分解到县区"),
                action="add",
                note=True,
                offered=False,
            ),
        ],
    )
)
