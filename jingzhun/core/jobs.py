"""Background jobs: start a registered handler in the django-tasks worker and report progress.

A handler is a function ``handler(job, progress) -> dict`` registered under a kind with
``@job_handler("registry_export")``. It reads its parameters and input file from the job,
calls ``progress(done, total, message)`` now and then, and returns the result to keep
(shown on the job page). Raising ``JobFailed`` ends the job as failed with its message;
any other exception too, with a generic message (the traceback goes to the log).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jingzhun.core.models import Job, JobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


class JobFailed(Exception):
    """The job cannot complete; the message (Chinese) tells the user what to fix."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


def job_start(
    *,
    kind: str,
    title: str,
    user: Any,
    region_code: str = "",
    params: dict[str, Any] | None = None,
    input_file: File | None = None,
    input_name: str = "",
) -> Job:
    """Create the job row and enqueue it once the surrounding transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, title=title, created_by=user, region_code=region_code, params=params or {})
    if input_file is not None:
        job.input_file.save(input_name or getattr(input_file, "name", "upload"), input_file, save=True)
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def job_run(job: Job) -> Job:
    """Run ``job``'s handler in this process, recording progress and the outcome."""
    handler = _HANDLERS[job.kind]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    last = [0.0]

    def progress(done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done < total:
            return
        last[0] = now
        Job.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total, message=message[:200])

    try:
        result = handler(job, progress)
    except JobFailed as exc:
        _finish(job, JobStatus.FAILED, result=exc.result, error=str(exc))
    except Exception:  # the job page must say it failed, whatever went wrong
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error="任务执行出错，请联系系统管理员。\n" + traceback.format_exc(limit=3))
    else:
        _finish(job, JobStatus.SUCCEEDED, result=result)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, result=result or {}, error=error, finished_at=timezone.now(), message=""
    )


@task()
def run_job(job_id: str) -> None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return  # already run (a re-delivered task) or deleted
    job_run(job)
