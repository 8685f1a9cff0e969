"""Background jobs of the projects app: export of a ledger (the import is the kit's spreadsheet_import job)."""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from django.core.files import File

from jingzhun.core.jobs import Progress, job_handler
from jingzhun.core.models import Job
from jingzhun.projects.exports import ledger_write
from jingzhun.projects.filters import ProjectFilter
from jingzhun.projects.models import Project


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
