"""Background jobs of data quality: a run of the catalogue, and the import of a comparison list."""

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
from jingzhun.quality import services
from jingzhun.quality.models import CheckRun


@job_handler("quality_run")
def quality_run_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Run the whole catalogue for the run's region and year."""
    run = CheckRun.objects.get(pk=job.params["run_id"])
    services.quality_run_execute(run=run, progress=progress)
    return {
        "run_id": run.pk,
        "hits": run.total,
        "new": run.new_count,
        "recurring": run.recurring_count,
        "closed": run.closed_count,
        "unavailable": run.unavailable,
        "seconds": run.seconds,
    }


@job_handler("quality_comparison_import")
def comparison_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Import an uploaded comparison list; on errors keep the error workbook to download."""
    filename = job.params.get("filename", Path(job.input_file.name).name)
    with job.input_file.open("rb") as handle:
        outcome = services.comparison_list_import(
            user=job.created_by,
            file=handle,
            filename=filename,
            kind=job.params["kind"],
            list_date=datetime.date.fromisoformat(job.params["list_date"]),
            source=job.params.get("source", ""),
            title=job.params.get("title", ""),
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
            _("名单中有 %(n)s 处错误，未写入任何数据。请按错误清单修改后重新上传。") % {"n": len(outcome.errors)},
            result=summary,
        )
    return summary
