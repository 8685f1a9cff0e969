"""The workflow of a budget change (预算调整): requested → approved or rejected by the city or county office.

Whoever may change the project requests (``budget_change_request`` starts the log); the
county or the city office decides (the policy's ``approve`` on projects), never the one who
asked. Only an approved change lifts the project's ceiling (``services.budget_ceiling``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingzhun.core.workflow import Deadline, Step, Transition, Workflow, not_by, register
from jingzhun.projects.choices import BudgetChangeStatus
from jingzhun.projects.models import BudgetChange


def _decided(step: Step) -> None:
    step.obj.decided_by = step.user if step.user.pk else None
    step.obj.decided_on = timezone.localdate(step.at)


FOUR_EYES = not_by("requested_by", _("不能审批自己提出的预算调整。"))
REFUSED = _("只有市、县脱贫办可以审批预算调整。")

BUDGET_CHANGE_WORKFLOW = register(
    Workflow(
        BudgetChange,
        field="status",
        states=BudgetChangeStatus,
        final=(BudgetChangeStatus.APPROVED, BudgetChangeStatus.REJECTED),
        label=_("预算调整"),
        deadline=Deadline(parameter="projects.budget_change_days"),  # counted from the request
        detail_url=lambda change: reverse("projects:detail", args=[change.project.code]),
        select_related=("project",),
        transitions=[
            Transition(
                "approve",
                source=BudgetChangeStatus.PENDING,
                target=BudgetChangeStatus.APPROVED,
                label=_("批准"),
                action="approve",
                guards=[FOUR_EYES],
                effect=_decided,
                refused=REFUSED,
                style="success",
            ),
            Transition(
                "reject",
                source=BudgetChangeStatus.PENDING,
                target=BudgetChangeStatus.REJECTED,
                label=_("不批准"),
                action="approve",
                note_label=_("不批准理由"),
                guards=[FOUR_EYES],
                effect=_decided,
                refused=REFUSED,
                style="secondary",
            ),
        ],
    )
)
