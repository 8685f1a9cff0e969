"""Background jobs of the registry: import and export of the workbook."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.files import File
from django.utils.translation import gettext as _

from jingzhun.core.excel.errors_workbook import write_error_workbook
from jingzhun.core.jobs import JobFailed, Progress, job_handler
from jingzhun.core.models import Job
from jingzhun.core.personal import may_reveal
from jingzhun.registry import services
from jingzhun.registry.exports import registry_workbook_write
from jingzhun.registry.filters import HouseholdFilter
from jingzhun.registry.models import Household

# Writing the error workbook costs about 20 s per 100,000 rows: above this, only the rows
# with issues are written (still at their row numbers).
FULL_ERROR_WORKBOOK_ROWS = 20_000


@job_handler("registry_import")
def registry_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Run the import of the uploaded workbook; on errors keep an error workbook to download."""
    filename = job.params.get("filename", Path(job.input_file.name).name)
    with job.input_file.open("rb") as handle:
        outcome = services.registry_import(
            user=job.created_by,
            file=handle,
            filename=filename,
            year=job.params.get("year"),
            dry_run=bool(job.params.get("dry_run")),
            progress=progress,
        )
    summary = outcome.summary()
    if outcome.errors:
        if outcome.read is not None and outcome.read.sheets:
            rows = sum(len(s.rows) for s in outcome.read.sheets.values())
            with tempfile.TemporaryFile() as out:
                write_error_workbook(
                    outcome.read.sheets.values(),
                    outcome.issues,
                    out,
                    only_marked_rows=rows > FULL_ERROR_WORKBOOK_ROWS,
                )
                out.seek(0)
                name = f"错误标注_{Path(filename).stem}.xlsx"
                job.params["output_name"] = name
                job.save(update_fields=["params"])
                job.output_file.save(name, File(out), save=True)
        raise JobFailed(
            _("文件中有 %(n)s 处错误，未写入任何数据。请按错误清单修改后重新导入。") % {"n": len(outcome.errors)},
            result=summary,
        )
    return summary


@job_handler("registry_export")
def registry_export_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Export the households the user's list filters select, in the canonical layout."""
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
            households, out, year=year, unmask=unmask, attributes=may_reveal(user, Household), progress=progress
        )
        out.seek(0)
        job.output_file.save(job.params["output_name"], File(out), save=True)
    if unmask:
        services.personal_data_log_bulk(
            user=user,
            model_label="registry.Household",
            description=_("导出贫困户名单（含完整证件号码）：%(file)s") % {"file": job.params["output_name"]},
            region_code=user.region_id or "",
            count=count,
        )
    return {"households": count, "unmask": unmask}
