"""Use cases of data quality: start and execute runs, work on findings, import comparison lists, record exceptions.

Every write checks the writer's role and scope, runs in one transaction and is audited
(model receivers for single rows, one bulk event for a run).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.access import allows, require
from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.idnumbers import normalize_id_number
from jingzhun.core.jobs import job_start
from jingzhun.core.models import AuditAction
from jingzhun.core.regioncodes import significant_prefix
from jingzhun.core.scoping import user_may_see_code
from jingzhun.quality import engine
from jingzhun.quality.checks import KIND_CHECKS
from jingzhun.quality.choices import ACTIVE_STATUSES, FindingStatus, RunStatus
from jingzhun.quality.comparisons import ComparisonListImporter, ComparisonListResult
from jingzhun.quality.models import CheckRun, ComparisonEntry, ComparisonException, Finding
from jingzhun.regions.models import Region
from jingzhun.registry.models import Member

# A justification proposed by a village or township waits for the county (or above) to
# approve it (the policy's ``approve`` action on quality).
PROPOSERS = frozenset({Role.VILLAGE, Role.TOWNSHIP})


def _require_writer(user: User) -> None:
    require(user, "change", "quality", _("当前角色只能查看，不能处理数据质量问题。"))


def _is_approver(user: User) -> bool:
    return allows(user, "approve", "quality")


def _check_region(user: User, region_code: str) -> None:
    if not user_may_see_code(user, region_code or ""):
        raise PermissionDenied(_("该地区不在您的管辖范围内。"))


@transaction.atomic
def quality_run_create(*, user: User | None, region_code: str, year: int) -> CheckRun:
    """Create a run (not yet executed) of the whole catalogue over a region and year."""
    if user is not None:
        _require_writer(user)
        _check_region(user, region_code)
    return CheckRun.objects.create(region_code=region_code, year=year, started_by=user)


@transaction.atomic
def quality_run_start(*, user: User, region_code: str, year: int) -> CheckRun:
    """Create a run and start it as a background job (the job page shows its progress)."""
    run = quality_run_create(user=user, region_code=region_code, year=year)
    name = Region.objects.filter(code=region_code).values_list("name", flat=True).first() or region_code
    job = job_start(
        kind="quality_run",
        title=_("数据质量检查：%(region)s %(year)s 年") % {"region": name, "year": year},
        user=user,
        region_code=region_code,
        params={"run_id": run.pk},
    )
    run.job = job
    run.save(update_fields=["job"])
    return run


def quality_run_execute(*, run: CheckRun, progress: engine.Progress | None = None) -> CheckRun:
    """Execute ``run``: all checks, then the merge of findings (one transaction), then one audit event."""
    try:
        engine.run_execute(run, progress=progress)
    except Exception as exc:
        CheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000])
        raise
    with audit_context(actor=run.started_by):
        record_event(
            action=AuditAction.BULK,
            model_label="quality.CheckRun",
            object_pk=str(run.pk),
            object_repr=str(_("数据质量检查 %(region)s %(year)s 年") % {"region": run.region_code, "year": run.year}),
            region_code=run.region_code,
            after={
                "new": run.new_count,
                "recurring": run.recurring_count,
                "closed": run.closed_count,
                "hits": run.total,
                "unavailable": sorted(run.unavailable),
            },
            reason="",
        )
    return run


def _finding_for_change(user: User, finding: Finding) -> Finding:
    _require_writer(user)
    locked = Finding.objects.for_user(user, "change").select_for_update().filter(pk=finding.pk).first()
    if locked is None:
        raise PermissionDenied(_("该问题线索不在您的管辖范围内。"))
    return locked


@transaction.atomic
def finding_justify(*, user: User, finding: Finding, reason: str, evidence: Any = None) -> Finding:
    """Explain a finding as justified (情况说明) with evidence.

    A village or township proposes (the finding waits for the county's approval); a county,
    city officer or administrator justifies it directly.
    """
    finding = _finding_for_change(user, finding)
    if finding.status not in ACTIVE_STATUSES:
        raise ValidationError(_("只有待整改或已上报的问题线索可以提交情况说明。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写情况说明。")})
    finding.reason = reason.strip()
    if evidence is not None:
        finding.evidence = evidence
    finding.proposed_by = user
    if _is_approver(user):
        finding.status = FindingStatus.JUSTIFIED
        finding.approved_by = user
        finding.closed_at = timezone.now()
    else:
        finding.status = FindingStatus.PENDING
        finding.approved_by = None
    with audit_context(actor=user, reason=finding.reason):
        finding.save()
    return finding


@transaction.atomic
def finding_review(*, user: User, finding: Finding, approve: bool, note: str = "") -> Finding:
    """Approve (justified) or reject (back to open) a justification proposed by a village or township."""
    finding = _finding_for_change(user, finding)
    if not _is_approver(user):
        raise PermissionDenied(_("情况说明须由县级及以上审核。"))
    if finding.status != FindingStatus.PENDING:
        raise ValidationError(_("该问题线索没有待审核的情况说明。"))
    if approve:
        finding.status = FindingStatus.JUSTIFIED
        finding.approved_by = user
        finding.closed_at = timezone.now()
    else:
        finding.status = FindingStatus.OPEN
        finding.approved_by = None
        if note.strip():
            finding.reason = f"{finding.reason}\n【退回】{note.strip()}"
    with audit_context(actor=user, reason=note):
        finding.save()
    return finding


@transaction.atomic
def finding_escalate(*, user: User, finding: Finding, note: str) -> Finding:
    """Escalate a finding to the level above (e.g. a cross-county duplicate the village cannot settle)."""
    finding = _finding_for_change(user, finding)
    if finding.status not in (FindingStatus.OPEN, FindingStatus.PENDING):
        raise ValidationError(_("只有待整改的问题线索可以上报。"))
    if not note.strip():
        raise ValidationError({"note": _("请填写上报说明。")})
    finding.status = FindingStatus.ESCALATED
    finding.escalation_note = note.strip()
    with audit_context(actor=user, reason=note):
        finding.save()
    return finding


def comparison_list_import(
    *,
    user: User,
    file: Any,
    filename: str,
    kind: str,
    list_date: Any,
    source: str,
    title: str = "",
    progress: engine.Progress | None = None,
) -> ComparisonListResult:
    """Import a department's list: validate every row, then write all of it or nothing.

    Raise PermissionDenied if the user may not add comparison lists.
    """
    return ComparisonListImporter(
        user=user,
        file=file,
        filename=filename,
        kind=kind,
        list_date=list_date,
        source=source,
        title=title,
        progress=progress,
    ).run()


@transaction.atomic
def comparison_exception_record(
    *, user: User, kind: str, id_number: str, reason: str, evidence: Any = None, entry: ComparisonEntry | None = None
) -> ComparisonException:
    """Record a justified exception for a person on lists of ``kind``; the match is not reported again.

    The open finding of that match, if any, becomes justified with the same reason.
    """
    _require_writer(user)
    id_number = normalize_id_number(id_number)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写例外理由。")})
    member = Member.objects.for_user(user).filter(id_number=id_number).select_related("household").first()
    if member is None:
        raise PermissionDenied(_("您管辖范围内没有该证件号码的贫困人口。"))
    exception = ComparisonException(
        kind=kind,
        id_number=id_number,
        village_code=member.household.village_id,
        entry=entry,
        reason=reason.strip(),
        created_by=user,
    )
    if evidence is not None:
        exception.evidence = evidence
    exception.full_clean()
    with audit_context(actor=user, reason=reason):
        exception.save()
        check_code = KIND_CHECKS.get(kind)
        findings = Finding.objects.for_user(user).filter(
            check_code=check_code, id_number=id_number, status__in=ACTIVE_STATUSES
        )
        for finding in findings:  # the findings of one person: one or two rows
            finding.status = FindingStatus.JUSTIFIED
            finding.reason = reason.strip()
            finding.proposed_by = finding.approved_by = user
            finding.closed_at = timezone.now()
            finding.save()
    return exception


def region_prefix_of(user: User, region_code: str | None) -> str:
    """Return the region code a user's run covers: the given one if in scope, else his own."""
    code = region_code or (user.region_id or "610000000000")
    if not user_may_see_code(user, code):
        raise PermissionDenied(_("该地区不在您的管辖范围内。"))
    return significant_prefix(code)
