"""The workflow of a finding (问题线索): justify → review → justified, or escalate; runs close fixed ones.

A village or township proposes a justification (情况说明), which waits for the county or the
city (the policy's ``approve`` on quality); an approver justifies directly. A pending
justification is approved or sent back (退回, back to open with the note appended). A finding
that the village cannot settle (a duplicate across counties) is escalated (上报). Recording a
comparison-list exception justifies that person's findings (a step for the service only).
Runs move findings to 已整改 and reopen them in bulk (the run's audit event records that).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.access import allows
from jingzhun.core.workflow import Deadline, Evidence, Step, Transition, Workflow, condition, not_by, register
from jingzhun.quality.choices import ACTIVE_STATUSES, FindingStatus
from jingzhun.quality.models import Finding


def _propose(step: Step) -> None:
    finding = step.obj
    finding.reason = step.note
    finding.proposed_by = step.user if step.user.pk else None
    finding.approved_by = None


def _justify(step: Step) -> None:
    finding = step.obj
    actor = step.user if step.user.pk else None
    finding.reason = step.note
    finding.proposed_by = finding.approved_by = actor
    finding.closed_at = step.at


def _approve(step: Step) -> None:
    step.obj.approved_by = step.user if step.user.pk else None
    step.obj.closed_at = step.at


def _reject(step: Step) -> None:
    finding = step.obj
    finding.approved_by = None
    if step.note:
        finding.reason = f"{finding.reason}\n【退回】{step.note}"


def _escalate(step: Step) -> None:
    step.obj.escalation_note = step.note


def _approvers_justify_directly(finding: Finding, user: object) -> str | None:
    if allows(user, "approve", Finding):
        return _("县级及以上提交即生效，请使用“说明并确认”。")
    return None


def _proposers_only(user: object, at: datetime.datetime) -> Q:
    return Q(pk__in=[]) if allows(user, "approve", Finding) else Q()


EVIDENCE = Evidence(gettext_lazy("佐证材料"), required=False)

FINDING_WORKFLOW = register(
    Workflow(
        Finding,
        field="status",
        states=FindingStatus,
        final=(FindingStatus.JUSTIFIED, FindingStatus.FIXED),
        label=gettext_lazy("问题线索"),
        # 整改期限: a finding still being worked on this many days after it was first seen is overdue.
        deadline=Deadline("first_seen_at", parameter="quality.rectify_days", states=tuple(ACTIVE_STATUSES)),
        detail_url=lambda finding: reverse("quality:finding-detail", args=[finding.pk]),
        transitions=[
            Transition(
                "propose",
                source=ACTIVE_STATUSES,
                target=FindingStatus.PENDING,
                label=gettext_lazy("提交情况说明（报县级审核）"),
                note=True,
                note_label=gettext_lazy("情况说明"),
                evidence=EVIDENCE,
                guards=[condition(_approvers_justify_directly, q=_proposers_only, refuses=True)],
                effect=_propose,
                todo=(FindingStatus.OPEN,),  # once proposed or escalated, it waits for the level above
                style="danger",
            ),
            Transition(
                "justify",
                source=ACTIVE_STATUSES,
                target=FindingStatus.JUSTIFIED,
                label=gettext_lazy("说明并确认（合理情形）"),
                action="approve",
                note=True,
                note_label=gettext_lazy("情况说明"),
                evidence=EVIDENCE,
                effect=_justify,
                refused=gettext_lazy("情况说明须由县级及以上确认，请提交审核。"),
                todo=(FindingStatus.OPEN, FindingStatus.ESCALATED),  # pending ones wait as "approve"
                style="danger",
            ),
            Transition(
                "approve",
                source=FindingStatus.PENDING,
                target=FindingStatus.JUSTIFIED,
                label=gettext_lazy("审核通过"),
                action="approve",
                guards=[not_by("proposed_by", gettext_lazy("提交情况说明的人不能审核自己的说明。"))],
                effect=_approve,
                refused=gettext_lazy("情况说明须由县级及以上审核。"),
                style="success",
            ),
            Transition(
                "reject",
                source=FindingStatus.PENDING,
                target=FindingStatus.OPEN,
                label=gettext_lazy("退回"),
                action="approve",
                note_label=gettext_lazy("退回理由"),
                effect=_reject,
                refused=gettext_lazy("情况说明须由县级及以上审核。"),
                style="secondary",
            ),
            Transition(
                "escalate",
                source=(FindingStatus.OPEN, FindingStatus.PENDING),
                target=FindingStatus.ESCALATED,
                label=gettext_lazy("上报上级"),
                note=True,
                note_label=gettext_lazy("上报说明"),
                effect=_escalate,
                todo=False,
                style="secondary",
            ),
            Transition(
                "except",
                source=ACTIVE_STATUSES,
                target=FindingStatus.JUSTIFIED,
                label=gettext_lazy("登记比对例外"),
                note=True,
                note_label=gettext_lazy("例外理由"),
                effect=_justify,
                offered=False,
            ),
        ],
    )
)
