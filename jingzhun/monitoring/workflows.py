"""The monitoring workflow: a household is monitored and helped until the risk is declared gone (风险消除)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingzhun.core.workflow import Evidence, Step, Transition, Workflow, register
from jingzhun.monitoring.choices import MonitoringStatus
from jingzhun.monitoring.models import MonitoringObject


def _eliminated(step: Step) -> None:
    step.obj.eliminated_on = timezone.localdate(step.at)


def _reopened(step: Step) -> None:
    step.obj.eliminated_on = None


register(
    Workflow(
        MonitoringObject,
        field="status",
        states=MonitoringStatus,
        final=(),
        label=_("防返贫监测"),
        detail_url=lambda obj: reverse("monitoring:monitoringobject-detail", args=[obj.pk]),
        transitions=[
            Transition(
                "eliminate",
                source=MonitoringStatus.MONITORING,
                target=MonitoringStatus.ELIMINATED,
                label=_("风险消除"),
                action="approve",
                note=True,
                note_label=_("风险消除依据（收入、帮扶措施落实情况）"),
                evidence=Evidence(_("入户核实材料"), required=False),
                effect=_eliminated,
            ),
            Transition(
                "reopen",
                source=MonitoringStatus.ELIMINATED,
                target=MonitoringStatus.MONITORING,
                label=_("重新纳入监测"),
                action="change",
                note=True,
                note_label=_("重新纳入的原因"),
                effect=_reopened,
                todo=False,  # a cleared risk waits for nobody
            ),
        ],
    )
)
