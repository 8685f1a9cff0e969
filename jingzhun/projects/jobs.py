"""Background jobs of the projects app: import of the project workbook, export of a ledger."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

from django.core.files import File
from django.utils.translation import gettext as _

from jingzhun.core.excel.errors_workbook import write_error_workbook
from jingzhun.core.jobs import JobFailed, Progress, job_handler
from jingzhun.core.models import Job
from jingzhun.projects import services
from jingzhun.projects.exports import ledger_write
from jingzhun.projects.filters import ProjectFilter
from jingzhun.projects.models import Project


@job_handler("projects_import")
def projects_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Run the import of the uploaded workbook; on errors keep an error workbook to download."""
    filename = job.params.get("filename", Path(job.input_file.name).name)
    with job.input_file.open("rb") as handle:
        outcome = services.projects_import(
            user=job.created_by,
            file=handle,
            filename=filename,
            dry_run=bool(job.params.get("dry_run")),
            progress=progress,
        )
    summary = outcome.summary()
    if outcome.errors:
        if outcome.read is not None and outcome.read.sheets:
            with tempfile.TemporaryFile() as out:
                write_error_workbook(outcome.read.sheets.values(), outcome.issues, out)
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


@job_handler("projects_ledger")
def projects_ledger_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Export the ledger of the projects the list filters select (a county, a sector, a year)."""
    projects = ProjectFilter(job.params.get("filters", {}), queryset=Project.objects.for_user(job.created_by)).qs
    on = datetime.date.fromisoformat(job.params["on"])
    with tempfile.TemporaryFile() as out:
        count = ledger_write(projects, out, on=on)
        out.seek(0)
        job.output_file.save(job.params["output_name"], File(out), save=True)
    return {"projects": count}
