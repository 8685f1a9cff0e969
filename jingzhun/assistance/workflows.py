"""The workflow of an award nomination (评选推荐): nominated → reviewed by the county → awarded by the city.

A village, township, county office or helping unit nominates (自强标兵, 交友模范, 帮扶先进;
``services.nomination_create`` starts the log); the county office reviews it with the
evidence (事迹材料), then the city office awards it; either may turn it down with a reason.
The awarded nominations of a year are the 三百 award list (``services.award_list``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingzhun.accounts.choices import Role
from jingzhun.assistance.choices import NominationStatus
from jingzhun.assistance.models import Nomination
from jingzhun.core.workflow import Evidence, Transition, Workflow, register

NOMINATION_WORKFLOW = register(
    Workflow(
        Nomination,
        field="status",
        states=NominationStatus,
        final=(NominationStatus.AWARDED, NominationStatus.REJECTED),
        label=_("评选推荐"),
        detail_url=lambda nomination: reverse("assistance:nomination-detail", args=[nomination.pk]),
        transitions=[
            Transition(
                "review",
                source=NominationStatus.NOMINATED,
                target=NominationStatus.REVIEWED,
                label=_("县级审核通过"),
                action="approve",
                roles=frozenset({Role.COUNTY}),
                evidence=Evidence(_("事迹材料")),
                refused=_("推荐由县级脱贫办审核。"),
                style="success",
            ),
            Transition(
                "award",
                source=NominationStatus.REVIEWED,
                target=NominationStatus.AWARDED,
                label=_("市级表彰"),
                action="approve",
                roles=frozenset({Role.CITY}),
                refused=_("表彰由市级指挥部办公室决定。"),
                style="success",
            ),
            Transition(
                "reject",
                source=(NominationStatus.NOMINATED, NominationStatus.REVIEWED),
                target=NominationStatus.REJECTED,
                label=_("不予通过"),
                action="approve",
                roles=frozenset({Role.COUNTY, Role.CITY}),
                note=True,
                note_label=_("理由"),
                refused=_("推荐由县级审核、市级表彰。"),
                style="secondary",
            ),
        ],
    )
)
