"""The workflow of a round (考核轮次): entered as a draft, then published by the city office and locked.

Publishing records the date; after it, scores, adjustments and published results of the
round are refused by the services (``services.round_require_open``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jingzhun.assessments.choices import RoundStatus
from jingzhun.assessments.models import Round, Score
from jingzhun.core.workflow import Step, Transition, Workflow, register


def _published(step: Step) -> None:
    step.obj.published_on = timezone.localdate(step.at)


def _has_scores(round: Round, user: object) -> str | None:
    if not Score.objects.filter(round=round).exists():
        return str(gettext_lazy("本轮尚无得分，不能发布。"))
    return None


ROUND_WORKFLOW = register(
    Workflow(
        Round,
        field="status",
        states=RoundStatus,
        final=(RoundStatus.PUBLISHED,),
        label=gettext_lazy("考核轮次"),
        detail_url=lambda round: reverse("assessments:round-detail", args=[round.pk]),
        transitions=[
            Transition(
                "publish",
                source=RoundStatus.DRAFT,
                target=RoundStatus.PUBLISHED,
                label=gettext_lazy("发布并锁定"),
                action="approve",
                guards=[_has_scores],
                effect=_published,
                todo=False,
            ),
        ],
    )
)
