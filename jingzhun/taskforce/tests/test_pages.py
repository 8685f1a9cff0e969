"""Pages by persona: anonymous, out of scope (404), read-only (403), allowed; flat query counts."""

import datetime

import pytest
from django.urls import reverse

from conftest import HANBIN
from jingzhun.taskforce.models import Task
from jingzhun.taskforce.tests.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_task(make_task):
    return make_task("P1", "2019-06-30", region=HANBIN)


def test_anonymous_is_sent_to_login(client, county_task):
    response = client.get(reverse("taskforce:task-detail", args=[county_task.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_task_of_another_county_is_404(client_for, outsider, county_task):
    assert client_for(outsider).get(reverse("taskforce:task-detail", args=[county_task.pk])).status_code == 404


def test_the_inspector_reads_but_may_not_create_tasks(client_for, inspector, county_task):
    client = client_for(inspector)
    assert client.get(reverse("taskforce:task-detail", args=[county_task.pk])).status_code == 200
    assert client.get(reverse("taskforce:task-create")).status_code == 403


def test_the_county_sees_its_task_in_my_tasks_and_reports_it_done(client_for, county_officer, county_task):
    client = client_for(county_officer)
    page = client.get(reverse("taskforce:my-tasks"))
    assert page.status_code == 200 and "P1" in page.content.decode()
    url = reverse("workflow:transition", args=["taskforce.task", county_task.pk, "complete"])
    response = client.post(url, {"files": pdf()})
    assert response.status_code in (200, 302)
    county_task.refresh_from_db()
    assert county_task.status == "done"


def test_a_member_creates_a_task_through_the_form(client_for, member, group):
    response = client_for(member).post(
        reverse("taskforce:task-create"),
        {
            "group": group.pk,
            "code": "F1",
            "content": "表单新增任务",
            "owner_unit": "市农业农村局",
            "deadline": "2019-09-30",
            "source": "plan",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(code="F1")
    assert task.region_id == group.region_id and task.created_by == member


def test_another_sector_may_not_create_a_task_of_the_group(client_for, other_sector, group):
    response = client_for(other_sector).post(
        reverse("taskforce:task-create"),
        {
            "group": group.pk,
            "code": "F2",
            "content": "越权",
            "owner_unit": "市水利局",
            "deadline": "2019-09-30",
            "source": "plan",
        },
    )
    assert response.status_code == 403
    assert not Task.objects.filter(code="F2").exists()


def test_a_meeting_decision_becomes_a_task_on_the_meeting_page(client_for, city_officer, group):
    from jingzhun.taskforce.models import Meeting

    meeting = Meeting.objects.create(
        region_id=group.region_id, kind="dispatch", date=datetime.date(2019, 6, 3), title="第23周调度会"
    )
    client = client_for(city_officer)
    response = client.post(
        reverse("taskforce:meeting-decision", args=[meeting.pk]),
        {"group": group.pk, "content": "核查产业覆盖", "owner_unit": "市农业农村局", "deadline": "2019-06-30"},
    )
    assert response.status_code == 302
    assert meeting.tasks.get().code == "HY20190603-01"
    assert "HY20190603-01" in client.get(reverse("taskforce:meeting-detail", args=[meeting.pk])).content.decode()


def test_the_task_list_runs_a_flat_number_of_queries(
    client_for, city_officer, make_task, django_assert_max_num_queries
):
    for n in range(30):
        make_task(f"Q{n:02d}", "2019-06-30", region=HANBIN)
    client = client_for(city_officer)
    client.get(reverse("taskforce:task-list"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("taskforce:task-list")).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "taskforce:overview",
        "taskforce:dispatch",
        "taskforce:taskgroup-list",
        "taskforce:meeting-list",
        "taskforce:campaigndate-list",
        "taskforce:target-list",
    ],
)
def test_the_pages_render(client_for, county_officer, county_task, name):
    assert client_for(county_officer).get(reverse(name)).status_code == 200


def test_the_dispatch_sheet_downloads_as_word_and_excel(client_for, county_officer, county_task):
    client = client_for(county_officer)
    word = client.get(reverse("taskforce:dispatch"), {"date": "2019-07-01", "format": "docx"})
    assert word.status_code == 200 and word.content[:2] == b"PK"
    excel = client.get(reverse("taskforce:dispatch"), {"date": "2019-07-01", "format": "xlsx"})
    assert excel.status_code == 200
    assert client.get(reverse("taskforce:dispatch"), {"format": "pdf"}).status_code == 404


def test_a_decision_due_within_working_days_gets_its_deadline_after_the_holiday(client_for, city_officer, group):
    from jingzhun.taskforce.models import Meeting

    meeting = Meeting.objects.create(
        region_id=group.region_id, kind="leading", date=datetime.date(2019, 9, 30), title="节前领导小组会议"
    )
    client = client_for(city_officer)
    url = reverse("taskforce:meeting-decision", args=[meeting.pk])
    client.post(url, {"group": group.pk, "content": "节后核查", "owner_unit": "市农业农村局", "workdays": "3"})
    assert meeting.tasks.get().deadline == datetime.date(2019, 10, 10)
    client.post(url, {"group": group.pk, "content": "无时限", "owner_unit": "市农业农村局"})
    assert meeting.tasks.count() == 1
