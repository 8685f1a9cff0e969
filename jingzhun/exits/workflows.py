"""The workflows of 退出程序: a household's exit, a village's 出列 and a county's 摘帽.

Household (贫困户退出): 民主评议 (the case is created by ``case_propose``, with the meeting's
minutes and attendance) → 村两委与驻村工作队核实 → 户认可签字 (the household's signed
acknowledgement) → 村内公示 (the notice posted) → 乡镇审核 (only once the publicity has run its
days, every objection is settled and the household passes the official evaluation of the exit
year) → 县级审定与公告 → 销号 (the registry's status changes here, through its service).
退出回退 reverses a case at any step, with its reason, and restores the registry if it was closed.
"""

from __future__ import annotations

from typing import cast

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.accounts.choices import Role
from jingzhun.core.workflow import Deadline, Evidence, Step, Transition, Workflow, not_by, register, stayed
from jingzhun.exits.choices import OPEN_CASE_STATUSES, CaseStatus, CountyExitStatus, VillageExitStatus
from jingzhun.exits.models import CountyExit, ExitCase, VillageExit
from jingzhun.exits.services import rates_failures, registry_exit, registry_return, sample_in_force
from jingzhun.exits.standing import COUNTY, HOUSEHOLD, VILLAGE, standard_reason

VILLAGE_OFFICES = frozenset({Role.VILLAGE, Role.TOWNSHIP})
TOWNSHIP = frozenset({Role.TOWNSHIP})
COUNTY_OFFICE = frozenset({Role.COUNTY})
COUNTY_CITY = frozenset({Role.COUNTY, Role.CITY})
CITY = frozenset({Role.CITY})


def _actor(step: Step) -> object | None:
    return step.user if step.user.pk else None


# -- household -------------------------------------------------------------------------------------


def household_passes(case: ExitCase, user: object) -> str | None:
    """The household passes the official household evaluation of the exit year."""
    return standard_reason(level=HOUSEHOLD, year=case.year, code=case.household.code)


def objections_settled(case: ExitCase, user: object) -> str | None:
    """Every objection raised during the publicity is resolved."""
    open_count = case.objections.filter(resolved=False).count()
    if open_count:
        return _("公示期间有 %(n)s 条异议尚未处理。") % {"n": open_count}
    return None


def _publicised(step: Step) -> None:
    step.obj.publicity_start = timezone.localdate(step.at)


def _reviewed(step: Step) -> None:
    step.obj.reviewed_by = _actor(step)


def _approved(step: Step) -> None:
    step.obj.approved_by = _actor(step)


def _closed(step: Step) -> None:
    step.obj.closed_on = timezone.localdate(step.at)
    registry_exit(user=step.user, case=step.obj, at=step.at)


def _rolled_back(step: Step) -> None:
    case = step.obj
    case.rollback_reason = step.note
    if step.from_state == CaseStatus.CLOSED:
        registry_return(user=step.user, case=case, reason=step.note, at=step.at)


PUBLICITY = stayed(
    parameter="exits.publicity_days",
    since="publicity_start",
    message=cast(str, gettext_lazy("公示须满 %(days)s 天，已公示 %(elapsed)s 天。")),
)

CASE_WORKFLOW = register(
    Workflow(
        ExitCase,
        field="status",
        states=CaseStatus,
        final=(CaseStatus.ROLLED_BACK,),
        label=gettext_lazy("贫困户退出"),
        deadline=Deadline(parameter="exits.step_days", states=tuple(OPEN_CASE_STATUSES)),
        detail_url=lambda case: reverse("exits:exitcase-detail", args=[case.pk]),
        select_related=("household",),
        transitions=[
            Transition(
                "verify",
                source=CaseStatus.ASSESSED,
                target=CaseStatus.VERIFIED,
                label=gettext_lazy("村两委与驻村工作队核实"),
                roles=VILLAGE_OFFICES,
                note=True,
                note_label=gettext_lazy("核实情况"),
                evidence=Evidence(gettext_lazy("核实记录"), required=False),
            ),
            Transition(
                "acknowledge",
                source=CaseStatus.VERIFIED,
                target=CaseStatus.ACKNOWLEDGED,
                label=gettext_lazy("户认可签字"),
                roles=VILLAGE_OFFICES,
                evidence=Evidence(gettext_lazy("户认可签字表")),
            ),
            Transition(
                "publicise",
                source=CaseStatus.ACKNOWLEDGED,
                target=CaseStatus.PUBLICISING,
                label=gettext_lazy("村内公示"),
                roles=VILLAGE_OFFICES,
                guards=[household_passes],
                evidence=Evidence(gettext_lazy("公示照片")),
                effect=_publicised,
            ),
            Transition(
                "review",
                source=CaseStatus.PUBLICISING,
                target=CaseStatus.REVIEWED,
                label=gettext_lazy("乡镇审核"),
                action="approve",
                roles=TOWNSHIP,
                note=True,
                note_label=gettext_lazy("审核意见"),
                guards=[PUBLICITY, objections_settled, household_passes],
                effect=_reviewed,
                refused=gettext_lazy("乡镇审核须由乡镇脱贫办办理。"),
                style="success",
            ),
            Transition(
                "approve",
                source=CaseStatus.REVIEWED,
                target=CaseStatus.APPROVED,
                label=gettext_lazy("县级审定与公告"),
                action="approve",
                roles=COUNTY_OFFICE,
                guards=[household_passes, not_by("reviewed_by", cast(str, gettext_lazy("审核人不能再审定同一户。")))],
                evidence=Evidence(gettext_lazy("县级公告")),
                effect=_approved,
                refused=gettext_lazy("县级审定须由县脱贫办办理。"),
                style="success",
            ),
            Transition(
                "close",
                source=CaseStatus.APPROVED,
                target=CaseStatus.CLOSED,
                label=gettext_lazy("销号"),
                action="approve",
                roles=COUNTY_OFFICE,
                guards=[household_passes],
                effect=_closed,
                refused=gettext_lazy("销号须由县脱贫办办理。"),
                style="success",
            ),
            Transition(
                "roll_back",
                source=(*OPEN_CASE_STATUSES, CaseStatus.CLOSED),
                target=CaseStatus.ROLLED_BACK,
                label=gettext_lazy("退出回退"),
                action="approve",
                roles=COUNTY_CITY,
                note=True,
                note_label=gettext_lazy("回退原因"),
                effect=_rolled_back,
                refused=gettext_lazy("退出回退须由县级或市级脱贫办决定。"),
                todo=False,
                style="danger",
            ),
        ],
    )
)


# -- village ---------------------------------------------------------------------------------------


def village_passes(exit_: VillageExit, user: object) -> str | None:
    return standard_reason(level=VILLAGE, year=exit_.year, code=exit_.village_id)


REGION_PUBLICITY = stayed(
    parameter="exits.region_publicity_days",
    since="publicity_start",
    message=cast(str, gettext_lazy("公示须满 %(days)s 天，已公示 %(elapsed)s 天。")),
)

VILLAGE_EXIT_WORKFLOW = register(
    Workflow(
        VillageExit,
        field="status",
        states=VillageExitStatus,
        final=(VillageExitStatus.ANNOUNCED,),
        label=gettext_lazy("贫困村出列"),
        deadline=Deadline(parameter="exits.step_days"),
        detail_url=lambda e: reverse("exits:villageexit-detail", args=[e.pk]),
        transitions=[
            Transition(
                "review",
                source=VillageExitStatus.APPLIED,
                target=VillageExitStatus.REVIEWED,
                label=gettext_lazy("乡镇审核"),
                action="approve",
                roles=TOWNSHIP,
                note=True,
                note_label=gettext_lazy("审核意见"),
                guards=[village_passes],
                refused=gettext_lazy("乡镇审核须由乡镇脱贫办办理。"),
            ),
            Transition(
                "publicise",
                source=VillageExitStatus.REVIEWED,
                target=VillageExitStatus.PUBLICISING,
                label=gettext_lazy("乡镇内公示"),
                action="approve",
                roles=TOWNSHIP,
                evidence=Evidence(gettext_lazy("公示照片")),
                effect=_publicised,
                refused=gettext_lazy("乡镇内公示由乡镇脱贫办办理。"),
            ),
            Transition(
                "approve",
                source=VillageExitStatus.PUBLICISING,
                target=VillageExitStatus.APPROVED,
                label=gettext_lazy("县审定"),
                action="approve",
                roles=COUNTY_OFFICE,
                note=True,
                note_label=gettext_lazy("审定意见"),
                guards=[REGION_PUBLICITY, village_passes],
                refused=gettext_lazy("县审定须由县脱贫办办理。"),
                style="success",
            ),
            Transition(
                "announce",
                source=VillageExitStatus.APPROVED,
                target=VillageExitStatus.ANNOUNCED,
                label=gettext_lazy("公告出列"),
                action="approve",
                roles=COUNTY_OFFICE,
                evidence=Evidence(gettext_lazy("出列公告")),
                refused=gettext_lazy("公告须由县脱贫办发布。"),
                style="success",
            ),
        ],
    )
)


# -- county ----------------------------------------------------------------------------------------


def county_passes(exit_: CountyExit, user: object) -> str | None:
    return standard_reason(level=COUNTY, year=exit_.year, code=exit_.county_id)


def sample_applied(exit_: CountyExit, user: object) -> str | None:
    """省核查: a sample of the county and year whose measured rates are written into its year facts."""
    sample = sample_in_force(county_code=exit_.county_id, year=exit_.year)
    if sample is None:
        return _("尚无写入县级指标的抽样核查结果。")
    failures = rates_failures(sample=sample)
    return _("抽样核查未通过：%(why)s") % {"why": "".join(failures)} if failures else None


def _verified(step: Step) -> None:
    step.obj.sample = sample_in_force(county_code=step.obj.county_id, year=step.obj.year)


COUNTY_EXIT_WORKFLOW = register(
    Workflow(
        CountyExit,
        field="status",
        states=CountyExitStatus,
        final=(CountyExitStatus.APPROVED,),
        label=gettext_lazy("贫困县摘帽"),
        deadline=Deadline(parameter="exits.step_days"),
        detail_url=lambda e: reverse("exits:countyexit-detail", args=[e.pk]),
        transitions=[
            Transition(
                "check",
                source=CountyExitStatus.APPLIED,
                target=CountyExitStatus.CHECKED,
                label=gettext_lazy("市初审"),
                action="approve",
                roles=CITY,
                note=True,
                note_label=gettext_lazy("初审意见"),
                refused=gettext_lazy("市初审须由市指挥部办公室办理。"),
            ),
            Transition(
                "verify",
                source=CountyExitStatus.CHECKED,
                target=CountyExitStatus.VERIFIED,
                label=gettext_lazy("省核查（抽样核查）"),
                action="approve",
                roles=CITY,
                guards=[sample_applied, county_passes],
                evidence=Evidence(gettext_lazy("核查报告"), required=False),
                effect=_verified,
                refused=gettext_lazy("省核查结果由市指挥部办公室登记。"),
            ),
            Transition(
                "publicise",
                source=CountyExitStatus.VERIFIED,
                target=CountyExitStatus.PUBLICISING,
                label=gettext_lazy("省公示"),
                action="approve",
                roles=CITY,
                evidence=Evidence(gettext_lazy("公示文件")),
                effect=_publicised,
                refused=gettext_lazy("省公示由市指挥部办公室登记。"),
            ),
            Transition(
                "approve",
                source=CountyExitStatus.PUBLICISING,
                target=CountyExitStatus.APPROVED,
                label=gettext_lazy("批准退出"),
                action="approve",
                roles=CITY,
                guards=[REGION_PUBLICITY, county_passes],
                evidence=Evidence(gettext_lazy("批准文件")),
                refused=gettext_lazy("批准退出由市指挥部办公室登记。"),
                style="success",
            ),
        ],
    )
)
