"""Background jobs: start a registered handler in the django-tasks worker and report progress.

A handler is a function ``handler(job, progress) -> dict`` registered under a kind with
``@job_handler("registry_export")``. It reads its parameters and input file from the job,
calls ``progress(done, total, message)`` now and then, and returns the result to keep
(shown on the job page). Raising ``JobFailed`` ends the job as failed with its message
(so do ``PermissionDenied`` and ``ValidationError``, with theirs); any other exception too,
with a generic message naming the job — the traceback goes to the log, never to the user.

A running job holds a lease: the worker touches ``heartbeat_at`` every few seconds (a thread
beats while the handler works, progress reports beat too). A running job whose heartbeat is
older than ``JINGZHUN_JOB_LEASE_SECONDS`` died with its worker (killed, out of memory, the
machine restarted): ``jobs_fail_stale`` marks it failed with a Chinese message, and its
creator may run it again (``job_restart``). Imports write all or nothing, so a killed import
wrote nothing. Output files holding personal data in full (``personal_data``) are deleted
after ``core.personal_export_days`` days (``job_files_purge``); both run on the job pages
and in the worker.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from jingzhun.core.models import Job, JobStatus
from jingzhun.core.parameters import INTEGER, declare, parameter_value

declare(
    "core.personal_export_days",
    type=INTEGER,
    default=7,
    unit=gettext_lazy("天"),
    label=gettext_lazy("含完整个人敏感信息的导出文件保留天数"),
    help=gettext_lazy("含完整证件号码、电话的导出文件在任务结束后保留的天数，到期自动删除。"),
    minimum=1,
)

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
    personal_data: bool = False,
    restarted_from: Job | None = None,
) -> Job:
    """Create the job row and enqueue it once the surrounding transaction commits.

    ``personal_data``: its output file will hold personal data in full (retention, logged downloads).
    """
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title,
        created_by=user,
        region_code=region_code,
        params=params or {},
        personal_data=personal_data,
        restarted_from=restarted_from,
    )
    if input_file is not None:
        job.input_file.save(input_name or getattr(input_file, "name", "upload"), input_file, save=True)
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def lease_seconds() -> int:
    """Return how long a running job may go without a heartbeat before it counts as dead."""
    return int(getattr(settings, "JINGZHUN_JOB_LEASE_SECONDS", 120))


class _Heartbeat(threading.Thread):
    """Touch the job's heartbeat every ``interval`` seconds until stopped (its own connection)."""

    def __init__(self, job_id: Any, interval: float) -> None:
        super().__init__(daemon=True, name=f"job-heartbeat-{job_id}")
        self.job_id = job_id
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())
        except Exception:  # a beat that fails only shortens the lease
            logger.warning("heartbeat of job %s failed", self.job_id, exc_info=True)
        finally:
            connection.close()


def job_run(job: Job) -> Job:
    """Run ``job``'s handler in this process, recording progress, heartbeats and the outcome."""
    handler = _HANDLERS[job.kind]
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
    # The handler may save the job (its output file): the instance must not carry the old state back.
    job.status, job.started_at, job.heartbeat_at = JobStatus.RUNNING, now, now
    last = [0.0]

    def progress(done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done < total:
            return
        last[0] = now
        Job.objects.filter(pk=job.pk).update(
            progress_done=done, progress_total=total, message=message[:200], heartbeat_at=timezone.now()
        )

    # A separate thread beats while the handler runs: SQLite's in-memory test databases
    # cannot be shared between threads, so there the progress reports beat alone.
    in_memory: bool = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    beat = None if in_memory else _Heartbeat(job.pk, lease_seconds() / 4)
    if beat is not None:
        beat.start()
    try:
        result = handler(job, progress)
    except JobFailed as exc:
        _finish(job, JobStatus.FAILED, result=exc.result, error=str(exc))
    except (PermissionDenied, ValidationError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _finish(job, JobStatus.FAILED, error=message or _("当前角色无权执行该任务。"))
    except Exception:  # the job page must say it failed, whatever went wrong; details go to the log
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            JobStatus.FAILED,
            error=_("任务执行出错，请联系系统管理员（任务编号 %(id)s）。") % {"id": job.pk},
        )
    else:
        _finish(job, JobStatus.SUCCEEDED, result=result)
    finally:
        if beat is not None:
            beat.stopped.set()
            beat.join(timeout=5)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=status, result=result or {}, error=error, finished_at=timezone.now(), message=""
    )


def jobs_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Mark running jobs whose worker stopped (heartbeat older than the lease) as failed; return how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=lease_seconds())
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    return stale.update(
        status=JobStatus.FAILED,
        finished_at=now,
        message="",
        error=_(
            "后台任务中断：处理进程在运行中意外停止，任务未完成。导入要么全部写入、要么不写入，"
            "本次没有写入任何数据。请点击“重新运行”，或联系系统管理员检查后台进程。"
        ),
    )


def job_files_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the output files with personal data older than ``core.personal_export_days``; return how many."""
    now = now or timezone.now()
    days = int(parameter_value("core.personal_export_days", year=now.year))
    expired = Job.objects.filter(personal_data=True, finished_at__lt=now - datetime.timedelta(days=days))
    count = 0
    for job in expired.exclude(output_file=""):
        job.output_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(output_file="")
        count += 1
    return count


_last_housekeeping = [0.0]


def jobs_housekeeping(*, force: bool = False) -> None:
    """Fail stale jobs and purge expired personal-data files (at most once a minute per process)."""
    if not force and time.monotonic() - _last_housekeeping[0] < 60:
        return
    _last_housekeeping[0] = time.monotonic()
    jobs_fail_stale()
    job_files_purge()


def job_restart(*, job: Job, user: Any) -> Job:
    """Start a failed job again with the same parameters and input file, as a new job; return it.

    Only the user who started it may; raise PermissionDenied otherwise, ValidationError if it did not fail.
    """
    if job.created_by_id != getattr(user, "pk", None):
        raise PermissionDenied(_("只能重新运行自己发起的任务。"))
    if job.status != JobStatus.FAILED:
        raise ValidationError(_("只有失败的任务可以重新运行。"))
    input_file = None
    if job.input_file:
        with job.input_file.open("rb") as handle:
            input_file = ContentFile(handle.read())
    return job_start(
        kind=job.kind,
        title=job.title,
        user=user,
        region_code=job.region_code,
        params=job.params,
        input_file=input_file,
        input_name=job.params.get("filename") or job.input_file.name.rsplit("/", 1)[-1],
        personal_data=job.personal_data,
        restarted_from=job,
    )


@task()
def run_job(job_id: str) -> None:
    if not connection.in_atomic_block:  # a worker between tasks; never a caller's open transaction
        close_old_connections()
    jobs_housekeeping()
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return  # already run (a re-delivered task) or deleted
    job_run(job)
