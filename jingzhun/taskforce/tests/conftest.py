import datetime

import pytest

from conftest import ANKANG, HANBIN, make_user


@pytest.fixture
def group(city_officer):
    from jingzhun.core.services import ledger_save
    from jingzhun.taskforce.models import GroupMember, TaskGroup

    group = ledger_save(
        user=city_officer,
        instance=TaskGroup(
            region_id=ANKANG, name="产业就业专项组", lead_leader="张副市长", lead_department="市农业农村局"
        ),
    )
    ledger_save(user=city_officer, instance=GroupMember(group=group, unit="市农业农村局", is_lead=True, contact="李四"))
    return group


@pytest.fixture
def member(group):
    """A sector department user of a member unit of ``group``."""
    return make_user("nongye", "sector", ANKANG, sector="agriculture", unit="市农业农村局")


@pytest.fixture
def other_sector(db):
    return make_user("shuili", "sector", ANKANG, sector="water", unit="市水利局")


@pytest.fixture
def make_task(city_officer, group):
    from jingzhun.taskforce.models import Task
    from jingzhun.taskforce.services import task_save

    def make(code, deadline, *, region=HANBIN, completed_on=None, status=None, grp=None):
        task = task_save(
            user=city_officer,
            task=Task(
                group=grp or group,
                code=code,
                content=f"任务{code}",
                owner_unit="汉滨区农业农村局",
                deadline=datetime.date.fromisoformat(deadline),
                region_id=region,
            ),
        )
        if completed_on:
            Task.objects.filter(pk=task.pk).update(
                completed_on=datetime.date.fromisoformat(completed_on), status=status or "done"
            )
            task.refresh_from_db()
        return task

    return make


def pdf(name="佐证.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 test")
