"""Use cases of data quality: start and execute runs, work on findings, import comparison lists, record exceptions.

Every write checks the writer's role and scope, runs in one transaction and is audited
(model receivers for single rows, one bulk event for a run).
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
from jingzhun.core.workflow import transition_run, transitions_batch
from jingzhun.quality import engine
from jingzhun.quality.checks import KIND_CHECKS
from jingzhun.quality.choices import ACTIVE_STATUSES, RunStatus
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


def _finding_step(user: User, finding: Finding, step: str, note: str, evidence: Any = None) -> Finding:
    """Take one step of the finding workflow (``quality.workflows``) and return the saved finding."""
    log = transition_run(user=user, obj=finding, transition=step, note=note, files=[evidence] if evidence else [])
    return cast(Finding, log.subject)


def finding_justify(*, user: User, finding: Finding, reason: str, evidence: Any = None) -> Finding:
    """Explain a finding as justified (情况说明) with evidence.

    A village or township proposes (the finding waits for the county's approval); a county,
    city officer or administrator justifies it directly.
    """
    step = "justify" if _is_approver(user) else "propose"
    return _finding_step(user, finding, step, reason, evidence)


def finding_review(*, user: User, finding: Finding, approve: bool, note: str = "") -> Finding:
    """Approve (justified) or reject (back to open) a justification proposed by a village or township."""
    return _finding_step(user, finding, "approve" if approve else "reject", note)


def finding_escalate(*, user: User, finding: Finding, note: str) -> Finding:
    """Escalate a finding to the level above (e.g. a cross-county duplicate the village cannot settle)."""
    return _finding_step(user, finding, "escalate", note)


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
    findings = Finding.objects.for_user(user).filter(
        check_code=KIND_CHECKS.get(kind), id_number=id_number, status__in=ACTIVE_STATUSES
    )
    transitions_batch(user=user, objects=findings, transition="except", note=reason)
    return exception


def region_prefix_of(user: User, region_code: str | None) -> str:
    """Return the region code a user's run covers: the given one if in scope, else his own."""
    code = region_code or (user.region_id or "610000000000")
    if not user_may_see_code(user, code):
        raise PermissionDenied(_("该地区不在您的管辖范围内。"))
    return significant_prefix(code)
