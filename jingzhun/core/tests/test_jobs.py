"""Jobs never hang: a job whose worker died is failed after its lease and can be run again; errors
show no traceback; files with personal data in full are private, logged on download and expire."""

from __future__ import annotations

import datetime
import os
import stat

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from jingzhun.core import jobs
from jingzhun.core.jobs import JobFailed, job_files_purge, job_handler, job_run, job_start, jobs_fail_stale
from jingzhun.core.models import AuditEvent, Job, JobStatus
from jingzhun.core.parameters import parameter_set

pytestmark = pytest.mark.django_db


@job_handler("test_crash")
def _crash(job, progress):
    raise RuntimeError("boom in /srv/jingzhun/secret/path.py line 42")


@job_handler("test_echo")
def _echo(job, progress):
    progress(1, 2, "half")
    if job.input_file:
        with job.input_file.open("rb") as handle:
            return {"bytes": len(handle.read())}
    if job.params.get("fail"):
        raise JobFailed("文件有错误")
    return {"ok": True}


@pytest.fixture(autouse=True)
def no_throttled_housekeeping(monkeypatch):
    monkeypatch.setattr(jobs, "_last_housekeeping", [-1e9])


def test_a_running_job_whose_worker_died_is_failed_after_its_lease(client_for, county_officer, settings):
    settings.JINGZHUN_JOB_LEASE_SECONDS = 60
    now = timezone.now()
    dead = Job.objects.create(
        kind="test_echo",
        title="导入 大文件.xlsx",
        created_by=county_officer,
        region_code=county_officer.region_id,
        status=JobStatus.RUNNING,
        progress_done=80,
        progress_total=100,
        started_at=now - datetime.timedelta(minutes=10),
        heartbeat_at=now - datetime.timedelta(minutes=5),
    )
    alive = Job.objects.create(
        kind="test_echo",
        title="导出",
        created_by=county_officer,
        region_code=county_officer.region_id,
        status=JobStatus.RUNNING,
        heartbeat_at=now,
    )
    page = client_for(county_officer).get(f"/jobs/{dead.pk}/").content.decode()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED and dead.finished_at is not None
    assert "意外停止" in dead.error and "意外停止" in page and "重新运行" in page
    assert alive.status == JobStatus.RUNNING
    assert jobs_fail_stale() == 0


def test_a_job_beats_while_it_runs(county_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test_echo", title="t", user=county_officer)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.heartbeat_at is not None and job.heartbeat_at >= job.started_at


def test_the_creator_may_run_a_failed_job_again_with_its_file(
    client_for, county_officer, inspector, django_capture_on_commit_callbacks
):
    failed = Job.objects.create(
        kind="test_echo",
        title="导入",
        created_by=county_officer,
        region_code=county_officer.region_id,
        status=JobStatus.FAILED,
        params={"filename": "a.csv"},
    )
    failed.input_file.save("a.csv", ContentFile(b"x" * 10))
    assert client_for(inspector).post(f"/jobs/{failed.pk}/restart/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(county_officer).post(f"/jobs/{failed.pk}/restart/")
    assert response.status_code == 302
    new = Job.objects.exclude(pk=failed.pk).get()
    assert new.restarted_from == failed and new.status == JobStatus.SUCCEEDED and new.result == {"bytes": 10}
    assert client_for(county_officer).post(f"/jobs/{new.pk}/restart/").status_code == 400  # it did not fail


def test_an_unexpected_error_shows_no_traceback_or_server_path(client_for, county_officer):
    job = job_run(
        Job.objects.create(
            kind="test_crash", title="t", created_by=county_officer, region_code=county_officer.region_id
        )
    )
    assert job.status == JobStatus.FAILED
    assert "Traceback" not in job.error and "/srv/" not in job.error and "boom" not in job.error
    assert str(job.pk) in job.error
    body = client_for(county_officer).get(f"/api/jobs/{job.pk}/").json()
    assert "Traceback" not in body["error"] and "/srv/" not in body["error"]


def test_a_file_with_personal_data_is_private_logged_on_every_download_and_expires(
    client_for, city_officer, admin_user
):
    job = Job.objects.create(
        kind="test_echo",
        title="导出（含完整证件号码）",
        created_by=city_officer,
        region_code=city_officer.region_id,
        status=JobStatus.SUCCEEDED,
        personal_data=True,
        finished_at=timezone.now(),
        params={"output_name": "名单.xlsx"},
    )
    job.output_file.save("名单.xlsx", ContentFile(b"PK\x03\x04 data"))
    assert stat.S_IMODE(os.stat(job.output_file.path).st_mode) == 0o600
    for user in (city_officer, admin_user):
        assert client_for(user).get(f"/jobs/{job.pk}/download/").status_code == 200
    downloads = AuditEvent.objects.filter(action="export_personal", object_pk=str(job.pk))
    assert {e.actor for e in downloads} == {city_officer, admin_user}

    path = job.output_file.path
    parameter_set(
        user=city_officer, name="core.personal_export_days", value=3, year_from=2000, source="测试", reason="测试"
    )
    assert job_files_purge(now=timezone.now() + datetime.timedelta(days=2)) == 0
    assert job_files_purge(now=timezone.now() + datetime.timedelta(days=4)) == 1
    assert not os.path.exists(path)
    assert client_for(city_officer).get(f"/jobs/{job.pk}/download/").status_code == 404
