"""Background jobs of the registry: export of the workbook (its import is the kit's spreadsheet_import job)."""

from __future__ import annotations

import tempfile
from types import SimpleNamespace
from typing import Any

from django.core.files import File
from django.utils.translation import gettext as _

from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.jobs import Progress, job_handler
from jingzhun.core.models import Job
from jingzhun.core.personal import may_reveal
from jingzhun.registry import services
from jingzhun.registry.exports import registry_workbook_write
from jingzhun.registry.filters import HouseholdFilter
from jingzhun.registry.models import Household


@job_handler("registry_export")
def registry_export_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Export the households the user's list filters select, in the canonical or the national layout."""
    user = job.created_by
    # The list's filters, applied as for the user on the page (a full ID number is a personal-data search).
    filters = HouseholdFilter(
        job.params.get("filters", {}), queryset=Household.objects.for_user(user), request=SimpleNamespace(user=user)
    )
    households = filters.qs
    unmask = bool(job.params.get("unmask"))
    year = job.params.get("year")
    with tempfile.TemporaryFile() as out:
        count = registry_workbook_write(
            households,
            out,
            year=year,
            unmask=unmask,
            attributes=may_reveal(user, Household),
            progress=progress,
            layout=job.params.get("layout", "canonical"),
        )
        out.seek(0)
        job.output_file.save(job.params["output_name"], File(out), save=True)
    if unmask:
        services.personal_data_log_bulk(
            user=user,
            model_label="registry.Household",
            description=_("导出贫困户名单（含完整证件号码）：%(file)s") % {"file": job.params["output_name"]},
            region_code=job.region_code,
            count=count,
        )
    else:
        with audit_context(actor=user):
            record_event(
                action=AuditAction.EXPORT,
                model_label="registry.Household",
                object_pk="*",
                object_repr=job.title,
                region_code=job.region_code,
                after={"count": count, "filters": job.params.get("filters", {}), "file": job.params["output_name"]},
                reason="",
            )
    return {"households": count, "unmask": unmask}
