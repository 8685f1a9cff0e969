"""Use cases of the projects app: the project library, money, progress, acceptance and upkeep.

Money rules (enforced here, inside a transaction, with the project row locked so that two
offices paying at the same moment cannot both pass the check):

- the allocations of a project never exceed its budget plus its approved budget changes;
- the disbursements of a source never exceed that source's allocations to the project.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.access import require
from jingzhun.core.audit import audit_context
from jingzhun.core.exceptions import ConflictError
from jingzhun.core.formatting import yuan
from jingzhun.core.parameters import parameter_values
from jingzhun.core.workflow import transition_run, workflow_start
from jingzhun.projects.choices import (
    DEFAULT_MILESTONES,
    AcceptanceResult,
    BudgetChangeStatus,
    FundSource,
    MilestoneKey,
    ProjectStatus,
)
from jingzhun.projects.models import (
    Acceptance,
    Allocation,
    Asset,
    BudgetChange,
    Disbursement,
    MilestoneTemplate,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectBeneficiary,
    ProjectMilestone,
    UpkeepPost,
    UpkeepRecord,
)
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household

ZERO = Decimal("0")
# Roles that may approve a budget change.
BUDGET_APPROVERS = frozenset({Role.CITY, Role.COUNTY, Role.ADMIN})


def _actor(user: User) -> User | None:
    """Return the user to name in the audit log (None for the unsaved administrator of manage.py)."""
    return user if user.pk else None


def _require_writer(user: User) -> None:
    require(user, "change", Project, _("当前角色只能查看，不能修改项目资金数据。"))


def _project_for_write(user: User, project: Project) -> Project:
    """Return the project row locked for this transaction; PermissionDenied if outside the writer's scope."""
    _require_writer(user)
    locked = Project.objects.for_user(user, "change").select_for_update().filter(pk=project.pk).first()
    if locked is None:
        raise PermissionDenied(_("该项目不在您的管辖范围内。"))
    return locked


# --- milestone template --------------------------------------------------------------------------


def milestone_defaults(year: int) -> dict[str, tuple[datetime.date, int]]:
    """Return {key: (due date, expected percent)} of ``year`` from the business parameters ``projects.milestones.*``."""
    days = parameter_values("projects.milestones", year=year)
    return {key: (datetime.date(year, *days[key]), percent) for key, _month, _day, percent in DEFAULT_MILESTONES}


def milestone_template(year: int) -> dict[str, tuple[datetime.date, int]]:
    """Return the year's milestones as {key: (due date, expected percent)}: the stored template, else the defaults."""
    stored = {t.key: (t.due_date, t.expected_percent) for t in MilestoneTemplate.objects.filter(year=year)}
    return {**milestone_defaults(year), **stored}


@transaction.atomic
def milestone_template_ensure(*, year: int) -> list[MilestoneTemplate]:
    """Store the default template of ``year`` where no row exists yet; return the year's rows."""
    for key, (due_date, percent) in milestone_defaults(year).items():
        MilestoneTemplate.objects.get_or_create(
            year=year, key=key, defaults={"due_date": due_date, "expected_percent": percent}
        )
    return list(MilestoneTemplate.objects.filter(year=year))


# --- the project library -------------------------------------------------------------------------


def _check_place(project: Project, villages: Sequence[Region]) -> None:
    region = project.region
    if region.level not in ("county", "township", "village"):
        raise ValidationError({"region": _("建设地点应为县、乡镇或行政村。")})
    prefix = region.prefix
    outside = [v.name for v in villages if v.level != "village" or not v.code.startswith(prefix)]
    if outside:
        raise ValidationError(
            {
                "villages": _("受益村应为建设地点%(place)s内的行政村：%(names)s")
                % {"place": region.name, "names": "、".join(outside)}
            }
        )


@transaction.atomic
def project_save(
    *,
    user: User,
    project: Project,
    villages: Sequence[Region] | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> Project:
    """Create or change a project (and its villages); a new one gets the milestones of its year's template.

    Raise ValidationError, ConflictError (someone saved in between) or PermissionDenied.
    """
    _require_writer(user)
    project.full_clean()
    if villages is not None:
        _check_place(project, villages)
    creating = project._state.adding
    with audit_context(actor=_actor(user), reason=reason):
        if creating:
            project.save()
            template = milestone_template(project.plan_year)
            ProjectMilestone.objects.bulk_create(
                ProjectMilestone(project=project, key=key, planned_date=due) for key, (due, _p) in template.items()
            )
        else:
            locked = _project_for_write(user, project)
            if expected_version is not None and locked.version != expected_version:
                raise ConflictError(
                    _("该项目已被他人修改（您打开时为第 %(seen)s 版，现在是第 %(now)s 版），请刷新后重新修改。")
                    % {"seen": expected_version, "now": locked.version}
                )
            project.version = locked.version + 1
            if project.budget < _allocated(project):
                raise ValidationError(
                    {"budget": _("总投资不能低于已下达资金 %(sum)s 元。") % {"sum": yuan(_allocated(project))}}
                )
            project.save()
        if villages is not None:
            project.villages.set(villages)
    if not Project.objects.for_user(user, "change").filter(pk=project.pk).exists():
        raise PermissionDenied(_("保存后的项目不在您的管辖范围内。"))
    return project


@transaction.atomic
def beneficiaries_add(*, user: User, project: Project, households: Iterable[Household], how: str = "") -> int:
    """Add registered poor households as beneficiaries of ``project``; return how many were new.

    Raise PermissionDenied if a household is outside the user's scope.
    """
    project = _project_for_write(user, project)
    pks = {h.pk for h in households}
    visible = set(Household.objects.for_user(user).filter(pk__in=pks).values_list("pk", flat=True))
    if visible != pks:
        raise PermissionDenied(_("有贫困户不在您的管辖范围内。"))
    existing = set(project.beneficiaries.filter(household_id__in=pks).values_list("household_id", flat=True))
    new = [ProjectBeneficiary(project=project, household_id=pk, how=how) for pk in sorted(pks - existing)]
    with audit_context(actor=_actor(user)):
        for row in new:
            row.save()
    return len(new)


# --- money ---------------------------------------------------------------------------------------


def _allocated(project: Project, source: str | None = None) -> Decimal:
    rows = Allocation.objects.filter(project=project)
    if source:
        rows = rows.filter(source=source)
    return rows.aggregate(s=Sum("amount"))["s"] or ZERO


def _disbursed(project: Project, source: str | None = None) -> Decimal:
    rows = Disbursement.objects.filter(project=project)
    if source:
        rows = rows.filter(source=source)
    return rows.aggregate(s=Sum("amount"))["s"] or ZERO


def budget_ceiling(project: Project) -> Decimal:
    """Return the budget plus the approved budget changes: what allocations may reach."""
    approved = project.budget_changes.filter(status=BudgetChangeStatus.APPROVED).aggregate(s=Sum("amount"))["s"]
    return project.budget + (approved or ZERO)


def _positive(amount: Decimal) -> None:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("金额必须大于 0。")})


@transaction.atomic
def allocation_add(
    *,
    user: User,
    project: Project,
    source: str,
    amount: Decimal,
    date: datetime.date,
    document_no: str = "",
    note: str = "",
) -> Allocation:
    """Record money of ``source`` allocated to ``project``.

    Raise ValidationError if the project's allocations would exceed its budget (plus the
    approved budget changes), PermissionDenied outside the writer's scope.
    """
    locked = _project_for_write(user, project)
    _positive(amount)
    ceiling = budget_ceiling(locked)
    already = _allocated(locked)
    if already + amount > ceiling:
        raise ValidationError(
            {
                "amount": _(
                    "下达后项目资金合计 %(total)s 元，将超过项目总投资 %(ceiling)s 元（还可下达 %(left)s 元）。"
                    "如需超出，请先报批预算调整。"
                )
                % {
                    "total": yuan(already + amount),
                    "ceiling": yuan(ceiling),
                    "left": yuan(max(ceiling - already, ZERO)),
                }
            }
        )
    allocation = Allocation(project=locked, source=source, amount=amount, date=date, document_no=document_no, note=note)
    allocation.full_clean()
    with audit_context(actor=_actor(user)):
        allocation.save()
    return allocation


@transaction.atomic
def disbursement_add(
    *,
    user: User,
    project: Project,
    source: str,
    amount: Decimal,
    date: datetime.date,
    voucher: str,
    note: str = "",
) -> Disbursement:
    """Record a payment of ``source`` money for ``project``.

    Raise ValidationError if the source's payments would exceed its allocations to the
    project (money is never paid before it is allocated, nor diverted from another source).
    """
    locked = _project_for_write(user, project)
    _positive(amount)
    allocated = _allocated(locked, source)
    paid = _disbursed(locked, source)
    if paid + amount > allocated:
        label = FundSource(source).label if source in FundSource.values else source
        raise ValidationError(
            {
                "amount": _(
                    "拨付后%(source)s累计拨付 %(total)s 元，将超过已下达的 %(allocated)s 元（还可拨付 %(left)s 元）。"
                )
                % {
                    "source": label,
                    "total": yuan(paid + amount),
                    "allocated": yuan(allocated),
                    "left": yuan(max(allocated - paid, ZERO)),
                }
            }
        )
    disbursement = Disbursement(project=locked, source=source, amount=amount, date=date, voucher=voucher, note=note)
    disbursement.full_clean()
    with audit_context(actor=_actor(user)):
        disbursement.save()
    return disbursement


@transaction.atomic
def budget_change_request(*, user: User, project: Project, amount: Decimal, reason: str) -> BudgetChange:
    """Ask to change the budget of ``project`` by ``amount`` (pending until approved)."""
    locked = _project_for_write(user, project)
    if not amount:
        raise ValidationError({"amount": _("调整金额不能为 0。")})
    change = BudgetChange(project=locked, amount=amount, reason=reason, requested_by=_actor(user))
    change.full_clean()
    with audit_context(actor=_actor(user), reason=reason):
        change.save()
    workflow_start(user=user, obj=change, note=reason)
    return change


def budget_change_decide(
    *, user: User, change: BudgetChange, approve: bool, on: datetime.date, note: str = ""
) -> BudgetChange:
    """Approve or reject a pending budget change (city or county office, not the one who asked).

    A step of the budget-change workflow (``projects.workflows``): out of scope 404/403, a role
    that may not approve or the requester himself 403, a change already decided 400.
    """
    step = "approve" if approve else "reject"
    log = transition_run(user=user, obj=change, transition=step, note=note, at=on)
    return cast(BudgetChange, log.subject)


# --- progress ------------------------------------------------------------------------------------


@transaction.atomic
def progress_report_add(
    *,
    user: User,
    project: Project,
    date: datetime.date,
    percent: int,
    quantity_done: Decimal | None = None,
    note: str = "",
    photos: Sequence[Any] = (),
) -> ProgressReport:
    """Record a progress report (with photos) and move the project and its milestones on.

    The first report above 0 % starts the works (开工 reached, status 在建); 100 % finishes
    the main works (主体完工 reached, status 完工待验收). Raise ValidationError for a bad
    percent or photo.
    """
    locked = _project_for_write(user, project)
    if locked.status in (ProjectStatus.ACCEPTED, ProjectStatus.CANCELLED):
        raise ValidationError(_("项目状态为“%(status)s”，不能再报进度。") % {"status": locked.get_status_display()})
    report = ProgressReport(
        project=locked,
        date=date,
        percent=percent,
        quantity_done=quantity_done,
        note=note,
        reported_by=user.get_full_name() or user.username,
    )
    report.full_clean()
    photo_rows = [ProgressPhoto(report=report, file=f, caption="") for f in photos]
    for photo in photo_rows:
        photo.full_clean(exclude=["report"])
    with audit_context(actor=_actor(user)):
        report.save()
        for photo in photo_rows:
            photo.report = report
            photo.save()
        reached = []
        if percent > 0:
            reached += [MilestoneKey.PREPARATION, MilestoneKey.START]
        if percent >= 100:
            reached.append(MilestoneKey.MAIN_WORKS)
        for milestone in locked.milestones.filter(key__in=reached, actual_date__isnull=True):
            milestone.actual_date = date
            milestone.save()
        status = locked.status
        if percent >= 100:
            status = ProjectStatus.COMPLETED
        elif percent > 0 and status in (ProjectStatus.PLANNED, ProjectStatus.TENDERING):
            status = ProjectStatus.BUILDING
        if status != locked.status:
            locked.status = status
            locked.version += 1
            locked.save()
    return report


@transaction.atomic
def milestone_record(
    *,
    user: User,
    milestone: ProjectMilestone,
    actual_date: datetime.date | None,
    planned_date: datetime.date | None = None,
) -> ProjectMilestone:
    """Set a milestone's actual (and optionally planned) date."""
    _project_for_write(user, milestone.project)
    milestone.actual_date = actual_date
    if planned_date is not None:
        milestone.planned_date = planned_date
    milestone.full_clean()
    with audit_context(actor=_actor(user)):
        milestone.save()
    return milestone


# --- completion and upkeep -----------------------------------------------------------------------


@transaction.atomic
def acceptance_record(
    *,
    user: User,
    project: Project,
    date: datetime.date,
    result: str,
    inspectors: str,
    note: str = "",
    asset_name: str = "",
    owner: str = "",
    maintainer: str = "",
) -> Acceptance:
    """Record the acceptance check; a passed project becomes an asset with its owner and maintainer.

    Raise ValidationError if the main works are not finished or the asset lacks an owner or maintainer.
    """
    locked = _project_for_write(user, project)
    if locked.status not in (ProjectStatus.COMPLETED, ProjectStatus.BUILDING):
        raise ValidationError(_("项目主体完工后才能验收（当前状态：%(s)s）。") % {"s": locked.get_status_display()})
    if Acceptance.objects.filter(project=locked).exists():
        raise ValidationError(_("该项目已有验收记录。"))
    if result == AcceptanceResult.PASSED and (not owner or not maintainer):
        raise ValidationError(_("验收合格的项目须登记资产的产权单位和管护主体。"))
    acceptance = Acceptance(project=locked, date=date, result=result, inspectors=inspectors, note=note)
    acceptance.full_clean()
    with audit_context(actor=_actor(user)):
        acceptance.save()
        if result == AcceptanceResult.PASSED:
            asset = Asset(
                project=locked,
                name=asset_name or locked.name,
                owner=owner,
                maintainer=maintainer,
                value=_disbursed(locked),
                handed_over=date,
            )
            asset.full_clean()
            asset.save()
            locked.milestones.filter(key__in=list(MilestoneKey.values), actual_date__isnull=True).update(
                actual_date=date
            )
            locked.status = ProjectStatus.ACCEPTED
            locked.version += 1
            locked.save()
    return acceptance


@transaction.atomic
def upkeep_record_add(
    *,
    user: User,
    asset: Asset,
    year: int,
    date: datetime.date,
    work: str,
    cost: Decimal = ZERO,
    posts: Sequence[tuple[Household, str, int, Decimal]] = (),
) -> UpkeepRecord:
    """Record a year's upkeep of an asset with its public-welfare posts (household, post, months, pay).

    Raise PermissionDenied if a post's household is outside the user's scope, ValidationError
    if it is not a registered poor household still in the registry.
    """
    _project_for_write(user, asset.project)
    record = UpkeepRecord(asset=asset, year=year, date=date, work=work, cost=cost)
    record.full_clean()
    pks = {h.pk for h, *_rest in posts}
    if len(pks) != len(posts):
        raise ValidationError(_("同一贫困户在一条管护记录中只能登记一个岗位。"))
    if Household.objects.for_user(user).filter(pk__in=pks).count() != len(pks):
        raise PermissionDenied(_("有贫困户不在您的管辖范围内。"))
    with audit_context(actor=_actor(user)):
        record.save()
        UpkeepPost.objects.bulk_create(
            UpkeepPost(record=record, household=h, post=post, months=months, pay=pay) for h, post, months, pay in posts
        )
    return record
