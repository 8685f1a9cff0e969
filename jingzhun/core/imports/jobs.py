"""One background job for every spreadsheet import: run the importer, keep the error workbook on failure."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from jingzhun.core.excel import write_error_workbook
from jingzhun.core.imports.base import Importer, importer_for
from jingzhun.core.imports.result import ImportResult
from jingzhun.core.jobs import JobFailed, Progress, job_handler, job_start
from jingzhun.core.models import Job

KIND = "spreadsheet_import"
# Writing the error workbook costs about 20 s per 100,000 rows: above this many rows, only
# the rows with issues are written (still at their row numbers).
FULL_ERROR_WORKBOOK_ROWS = 20_000


def spreadsheet_import_start(
    *,
    importer: type[Importer],
    user: Any,
    upload: Any,
    dry_run: bool = False,
    options: dict[str, Any] | None = None,
    page: str = "",
) -> Job:
    """Start the import of an uploaded file (already checked by ``validate_upload``) as a job.

    ``options`` are the importer's own keyword arguments (JSON-ready once dates are text);
    ``page`` is where the user can start another import. Raise PermissionDenied if the
    user may not import.
    """
    importer.require_access(user)
    return job_start(
        kind=KIND,
        title=_("%(label)s：%(file)s") % {"label": importer.label, "file": upload.name},
        user=user,
        region_code=getattr(user, "region_id", None) or "",
        params={
            "importer": importer.name,
            "filename": upload.name,
            "dry_run": dry_run,
            "options": json.loads(json.dumps(options or {}, cls=DjangoJSONEncoder)),
            "page": page,
        },
        input_file=upload,
        input_name=upload.name,
    )


@job_handler(KIND)
def spreadsheet_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Run the job's importer on its file; on errors keep an error workbook to download."""
    importer = importer_for(job.params["importer"])
    filename = job.params.get("filename") or Path(job.input_file.name).name
    try:
        with job.input_file.open("rb") as handle:
            result = importer(
                user=job.created_by,
                file=handle,
                filename=filename,
                dry_run=bool(job.params.get("dry_run")),
                progress=progress,
                **job.params.get("options", {}),
            ).run()
    except PermissionDenied as exc:
        raise JobFailed(str(exc)) from exc
    summary = result.summary()
    if result.errors:
        with tempfile.TemporaryFile() as out:
            if error_workbook_write(result, out):
                out.seek(0)
                name = f"错误标注_{Path(filename).stem}.xlsx"
                job.params["output_name"] = name
                job.save(update_fields=["params"])
                job.output_file.save(name, File(out), save=True)
        raise JobFailed(str(importer.failure_message) % {"n": len(result.errors)}, result=summary)
    return summary


def error_workbook_write(result: ImportResult, out: IO[bytes]) -> bool:
    """Write the file's data back with every issue marked (``core.excel.write_error_workbook``).

    Return False (nothing written) when no sheet of the file could be read.
    """
    if result.read is None or not result.read.sheets:
        return False
    rows = sum(len(sheet.rows) for sheet in result.read.sheets.values())
    write_error_workbook(
        result.read.sheets.values(), result.issues, out, only_marked_rows=rows > FULL_ERROR_WORKBOOK_ROWS
    )
    return True
