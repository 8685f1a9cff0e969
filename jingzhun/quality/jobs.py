"""Background jobs of data quality: a run of the catalogue (lists are imported by the kit's spreadsheet_import job)."""

from __future__ import annotations

from typing import Any

from jingzhun.core.jobs import Progress, job_handler
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
