"""Use cases of 整改督办: register inspections and problems, route shared ones, rectify, supervise, hold to account.

Every write goes through the ledger services (scope, policy, version, audit) and every
change of a problem's state through the workflow engine (``workflows.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.access import require
from jingzhun.core.audit import audit_context
from jingzhun.core.parameters import parameter_value
from jingzhun.core.regioncodes import significant_prefix
from jingzhun.core.services import ledger_lock, ledger_save
from jingzhun.core.workflow import transition_run, workflow_start
from jingzhun.rectification.choices import (
    SHARED_LEVELS,
    Category,
    Level,
    ProblemStatus,
    Progress,
    SupervisionLevel,
)
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, ProgressReport, Risk
from jingzhun.regions.models import Region

S = ProblemStatus


def inspection_save(*, user: Any, inspection: Inspection, reason: str = "") -> Inspection:
    """Create or change an inspection (检查批次)."""
    return ledger_save(user=user, instance=inspection, reason=reason)


def default_deadline(*, inspection: Inspection, region_code: str) -> datetime.date:
    """The deadline of a problem given none: the inspection's date plus ``rectification.default_days``."""
    days = int(parameter_value("rectification.default_days", year=inspection.date.year, region=region_code))
    return inspection.date + datetime.timedelta(days=days)


@transaction.atomic
def problem_create(*, user: Any, problem: Problem, note: str = "") -> Problem:
    """Register a problem (问题清单) with its task and responsibility lists; it starts as assigned (已交办).

    Its recurrence (屡改屡犯) is counted against the earlier closed problems.
    """
    if not problem.deadline and problem.inspection_id and problem.region_id:
        problem.deadline = default_deadline(inspection=problem.inspection, region_code=problem.region_id)
    saved = ledger_save(user=user, instance=problem, reason=note or _("交办问题"))
    workflow_start(user=user, obj=saved, note=note, at=_step_time(saved.inspection.date, hour=9))
    recurrence_mark(problems=Problem.objects.filter(pk=saved.pk))
    saved.refresh_from_db()
    return saved


@transaction.atomic
def problem_route(*, user: Any, problem: Problem, counties: Sequence[Region] | None = None) -> list[Problem]:
    """Route a shared problem (全省 / 全市共性) to each county it names: one rectification per county.

    ``counties`` defaults to every county under the problem's region. Each county's problem
    is numbered ``<number>-<county code>``, starts assigned with the same lists, and the
    shared problem becomes ``routed`` (已分解到县区). Raise ValidationError for a problem
    that is not shared or not waiting to be routed.
    """
    if problem.level not in SHARED_LEVELS:
        raise ValidationError(_("只有全省或全市共性问题才需要分解到县区。"))
    if problem.status != S.ASSIGNED:
        raise ValidationError(_("该问题已进入整改流程，不能再分解。"))
    if counties is None:
        counties = list(Region.objects.filter(level="county", code__startswith=problem.region.prefix))
    outside = [c.name for c in counties if c.level != "county" or not c.code.startswith(problem.region.prefix)]
    if outside or not counties:
        raise ValidationError(_("分解对象须为问题所在地区内的县区：%(names)s") % {"names": "、".join(outside) or "—"})
    children = []
    for county in counties:
        child = Problem(
            inspection=problem.inspection,
            number=f"{problem.number}-{county.code[:6]}",
            parent=problem,
            level=problem.level,
            category=problem.category,
            region=county,
            description=problem.description,
            origin=problem.origin,
            measures=problem.measures,
            deadline=problem.deadline,
            line=problem.line,
            sector=problem.sector,
            responsible_unit=f"{county.name}{problem.responsible_unit}"
            if problem.line == "county"
            else problem.responsible_unit,
            responsible_person=problem.responsible_person,
            leader=problem.leader,
        )
        saved = ledger_save(user=user, instance=child, reason=_("共性问题分解到县区"))
        workflow_start(
            user=user,
            obj=saved,
            note=_("由共性问题 %(n)s 分解") % {"n": problem.number},
            at=_step_time(problem.inspection.date, hour=9),
        )
        children.append(saved)
    names = "、".join(c.name for c in counties)
    transition_run(
        user=user,
        obj=problem,
        transition="route",
        note=_("分解到：%(names)s") % {"names": names},
        at=_step_time(problem.inspection.date, hour=9),
    )
    recurrence_mark(problems=Problem.objects.filter(pk__in=[c.pk for c in children]))
    return children


def recurrence_q() -> Q:
    """The problems the outer problem repeats: of an earlier inspection, closed by the time it was found again,
    of the same category and for the same object (the household when one is named, else the project, else
    the region)."""
    same_object = (
        Q(household_id=OuterRef("household_id"), household_id__isnull=False)
        | Q(project_id=OuterRef("project_id"), project_id__isnull=False, household_id__isnull=True)
        | Q(region_id=OuterRef("region_id"), household_id__isnull=True, project_id__isnull=True)
    )
    earlier = Q(
        category=OuterRef("category"),
        inspection__date__lt=OuterRef("inspection__date"),
        closed_on__lte=OuterRef("inspection__date"),  # closed before it was found again
    )
    return earlier & same_object


def recurrence_mark(*, problems: QuerySet[Problem]) -> int:
    """Set ``recurrence`` (earlier closed problems repeated) and ``recurrence_of`` (the latest) for ``problems``.

    Set-based: two correlated subqueries; only changed rows are written. Return how many changed.
    """
    earlier = Problem.objects.filter(recurrence_q(), status=S.CLOSED).exclude(status=S.ROUTED)
    counted = problems.annotate(
        _count=Coalesce(Subquery(earlier.order_by().values("category").annotate(n=Count("pk")).values("n")[:1]), 0),
        _latest=Subquery(earlier.order_by("-inspection__date", "-pk").values("pk")[:1]),
    ).exclude(status=S.ROUTED)
    changed = []
    for problem in counted.only("pk", "recurrence", "recurrence_of"):
        if problem.recurrence != problem._count or problem.recurrence_of_id != problem._latest:  # type: ignore[attr-defined]
            problem.recurrence = problem._count  # type: ignore[attr-defined]
            problem.recurrence_of_id = problem._latest  # type: ignore[attr-defined]
            changed.append(problem)
    Problem.objects.bulk_update(changed, ["recurrence", "recurrence_of"])
    return len(changed)


def problem_step(
    *,
    user: Any,
    problem: Problem,
    step: str,
    note: str = "",
    files: Iterable[Any] = (),
    at: datetime.date | datetime.datetime | None = None,
) -> Problem:
    """Take one workflow step (begin, submit, verify, return, close, reopen) on a problem."""
    log = transition_run(user=user, obj=problem, transition=step, note=note, files=files, at=at)
    subject: Problem = log.subject  # type: ignore[attr-defined, assignment]
    return subject


@transaction.atomic
def progress_report_add(
    *,
    user: Any,
    problem: Problem,
    date: datetime.date,
    progress: str,
    note: str = "",
    files: Iterable[Any] = (),
) -> ProgressReport:
    """Record a progress report (整改进展) and move the problem along.

    整改中 starts the rectification of an assigned problem; 已完成 submits it (with the
    report's files as evidence); 已销号 closes it, which needs a prior 已完成 and the
    supervising level (the policy's ``approve``): it verifies and closes in one go, as the
    closing list of the level above records.
    """
    files = list(files)
    if progress == Progress.CLOSED and problem.status not in (S.SUBMITTED, S.VERIFIED, S.CLOSED):
        raise ValidationError({"progress": _("“已销号”须先有“已完成”的进展。")})
    if problem.status == S.ROUTED:
        raise ValidationError(_("共性问题已分解到县区，请在各县区的问题上报告进展。"))
    report = ledger_save(
        user=user,
        instance=ProgressReport(problem=problem, date=date, progress=progress, note=note),
        reason=_("整改进展"),
    )
    at = _step_time(date)
    if problem.status == S.ASSIGNED:
        problem = problem_step(user=user, problem=problem, step="begin", note=note, at=at)
    if progress == Progress.DONE and problem.status == S.RECTIFYING:
        # With its evidence, the owner submits it (and may not verify it himself); without, it is recorded.
        step = "submit" if files else "record_done"
        problem = problem_step(user=user, problem=problem, step=step, note=note or _("已完成"), files=files, at=at)
    elif progress == Progress.CLOSED and problem.status in (S.SUBMITTED, S.VERIFIED):
        require(user, "approve", Problem, _("销号须由县级及以上脱贫办办理。"))
        problem = problem_step(
            user=user, problem=problem, step="record_closed", note=note or _("已销号"), files=files, at=at
        )
    elif files:
        locked = ledger_lock(user=user, model=Problem, pk=problem.pk, action="change")
        locked.attach(user=user, files=files, label=_("整改进展佐证"))
    return report


def _step_time(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """A date as the time of its step (noon that day, or ``hour``; never in the future)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(moment, timezone.now())


@transaction.atomic
def problem_supervise(
    *,
    user: Any,
    problem: Problem,
    level: str,
    leader: str,
    special_case: bool = False,
    on: datetime.date | None = None,
    reason: str = "",
) -> Problem:
    """挂牌督办: put a problem under supervision (level, supervising leader, 专案) — or lift it (``level=""``).

    The county or the city office (the policy's ``approve``) decides.
    """
    require(user, "approve", Problem, _("挂牌督办须由县级及以上脱贫办决定。"))
    if level and level not in SupervisionLevel.values:
        raise ValidationError({"supervision_level": _("挂牌级别无效。")})
    if level and not leader.strip():
        raise ValidationError({"supervising_leader": _("挂牌督办须指定督办领导。")})
    locked = ledger_lock(user=user, model=Problem, pk=problem.pk, action="approve")
    if locked.status == S.ROUTED:
        raise ValidationError(_("共性问题已分解到县区，请对各县区的问题挂牌。"))
    locked.supervision_level = level
    locked.supervising_leader = leader.strip() if level else ""
    locked.special_case = bool(level) and special_case
    locked.supervised_on = (on or timezone.localdate()) if level else None
    locked.version += 1
    with audit_context(actor=user if user.pk else None, reason=reason or (_("挂牌督办") if level else _("摘牌"))):
        locked.save()
    return locked


def accountability_save(*, user: Any, record: Accountability, reason: str = "") -> Accountability:
    """Record an accountability decision (问责记录); its region defaults to the problem's."""
    problem = record.problem if record.problem_id else None
    if problem is not None and not record.region_id:
        record.region_id = problem.region_id
    return ledger_save(user=user, instance=record, reason=reason)


def risk_save(*, user: Any, risk: Risk, reason: str = "") -> Risk:
    """Create or change an item of the veto-risk register (一票否决风险)."""
    return ledger_save(user=user, instance=risk, reason=reason)


def petition_repeat_q() -> Q:
    """Earlier petitions of the same petitioner: the same household, or the same name in the same place."""
    same = Q(household_id=OuterRef("household_id"), household_id__isnull=False) | Q(
        petitioner=OuterRef("petitioner"), region_id=OuterRef("region_id")
    )
    return same & Q(received_on__lt=OuterRef("received_on"))


@transaction.atomic
def petition_save(*, user: Any, petition: Petition, expected_version: int | None = None, reason: str = "") -> Petition:
    """Register or change a petition (信访件); a petition of someone who came before is a repeat (重复访)."""
    household = petition.household if petition.household_id else None
    if household is not None and not petition.region_id:
        petition.region_id = household.village_id
    earlier = Petition.objects.filter(received_on__lt=petition.received_on).exclude(pk=petition.pk)
    if petition.household_id:
        earlier = earlier.filter(
            Q(household_id=petition.household_id) | Q(petitioner=petition.petitioner, region_id=petition.region_id)
        )
    else:
        earlier = earlier.filter(petitioner=petition.petitioner, region_id=petition.region_id)
    petition.is_repeat = earlier.exists()
    return ledger_save(user=user, instance=petition, expected_version=expected_version, reason=reason)


@transaction.atomic
def problems_from_findings(
    *, user: Any, inspection: Inspection, region_code: str, deadline: datetime.date | None = None
) -> list[Problem]:
    """Seed problems from the open data-quality findings of ``region_code``: one problem per household.

    Each problem names the household, lists its open findings in the description and is
    owned by the household's county office. Households that already have a problem in this
    inspection are skipped (running it twice changes nothing).
    """
    from jingzhun.quality.choices import ACTIVE_STATUSES
    from jingzhun.quality.models import Finding

    require(user, "add", Problem)
    findings = (
        Finding.objects.for_user(user)
        .in_region(significant_prefix(region_code))
        .filter(status__in=ACTIVE_STATUSES)
        .exclude(household_code="")
        .order_by("household_code", "check_code")
        .values_list("household_code", "check_code", "message")
    )
    by_household: dict[str, list[str]] = {}
    for code, check, message in findings:
        by_household.setdefault(code, []).append(f"[{check}] {message}")
    texts = {code: (Category.IDENTIFICATION, "；".join(lines)) for code, lines in by_household.items()}
    return _seed(
        user=user,
        inspection=inspection,
        texts=texts,
        origin="quality",
        prefix="ZL",
        measures=_("逐户核实问题线索，修正建档立卡信息或补充情况说明。"),
        deadline=deadline,
    )


@transaction.atomic
def problems_from_gaps(
    *, user: Any, inspection: Inspection, run: Any, deadline: datetime.date | None = None
) -> list[Problem]:
    """Seed problems from the gap list of an exit-standard run (回头看): one problem per failing household.

    An exited household that fails the standard is an exit problem (精准退出), a poor one an
    assistance problem (精准帮扶); the failing indicators are the description.
    """
    from jingzhun.registry.choices import Attribute
    from jingzhun.standards.models import EvaluationResult

    require(user, "add", Problem)
    exited = {Attribute.DIBAO_EXITED, Attribute.TEKUN_EXITED, Attribute.GENERAL_EXITED}
    results = (
        EvaluationResult.objects.for_user(user)
        .filter(run=run, passed=False, household__isnull=False)
        .select_related("household")
        .order_by("code")
    )
    texts = {
        r.code: (
            Category.EXIT if r.household and r.household.attribute in exited else Category.ASSISTANCE,
            _("未达标指标：%(rules)s") % {"rules": r.failed_rules or "—"},
        )
        for r in results
    }
    return _seed(
        user=user,
        inspection=inspection,
        texts=texts,
        origin="standards",
        prefix="HK",
        measures=_("对照退出标准逐项补齐短板，补齐后重新评估。"),
        deadline=deadline,
    )


ORIGINS = {"quality": gettext_lazy("由数据质量问题线索生成"), "standards": gettext_lazy("由回头看差距清单生成")}


def _seed(
    *,
    user: Any,
    inspection: Inspection,
    texts: Mapping[str, tuple[str, str]],
    origin: str,
    prefix: str,
    measures: str,
    deadline: datetime.date | None,
) -> list[Problem]:
    """Create one household problem per household code of ``texts`` ({code: (category, description)})."""
    from jingzhun.registry.models import Household

    done = set(Problem.objects.filter(inspection=inspection).values_list("household__code", flat=True))
    numbered = Problem.objects.filter(inspection=inspection, number__startswith=f"{prefix}-").count()
    households = Household.objects.for_user(user).filter(code__in=set(texts) - done).order_by("code")
    counties = {r.code: r.name for r in Region.objects.filter(level="county")}
    created = []
    for number, household in enumerate(households, start=numbered + 1):
        category, description = texts[household.code]
        county = counties.get(household.village_id[:6] + "000000", "")
        problem = Problem(
            inspection=inspection,
            number=f"{prefix}-{number:04d}",
            level=Level.HOUSEHOLD,
            category=category,
            region_id=household.village_id,
            household=household,
            description=description[:2000],
            origin=origin,
            measures=measures,
            deadline=deadline or default_deadline(inspection=inspection, region_code=household.village_id),
            responsible_unit=_("%(county)s脱贫攻坚指挥部办公室") % {"county": county},
        )
        created.append(problem_create(user=user, problem=problem, note=str(ORIGINS.get(origin, origin))))
    return created
