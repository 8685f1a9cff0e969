"""Quality pages: scope (a clerk sees only his village; outsiders 404), read-only 403, actions, Excel, uploads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jingzhun.core.idnumbers import mask_id_number
from jingzhun.core.models import AuditEvent, TransitionLog
from jingzhun.quality import services
from jingzhun.quality.models import CheckRun, ComparisonList, Finding

from .conftest import YEAR, members_of, set_member

pytestmark = pytest.mark.django_db


def step_url(finding, step):
    """The one generic workflow view takes every step of a finding (core.workflow_views)."""
    return reverse("workflow:transition", args=["quality.finding", finding.pk, step])


@pytest.fixture
def world(clean_household, hanbin_village, hanbin_village_2, hanyin_village):
    mine = clean_household(village=hanbin_village, helper_name="")
    neighbour = clean_household(village=hanbin_village_2, helper_name="")
    elsewhere = clean_household(village=hanyin_village, helper_name="")
    member = members_of(mine)[1]
    set_member(member, sex="2")
    run = services.quality_run_execute(
        run=services.quality_run_create(user=None, region_code="610900000000", year=YEAR)
    )
    finding = Finding.objects.get(check_code="HP-01", entity_key=mine.code)
    return {
        "mine": mine,
        "neighbour": neighbour,
        "elsewhere": elsewhere,
        "member": member,
        "run": run,
        "finding": finding,
        "elsewhere_finding": Finding.objects.get(check_code="HP-01", entity_key=elsewhere.code),
    }


def workbook_rows(response):
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.get_sheet_by_index(0).to_python()


LIST_URLS = ["quality:catalogue", "quality:run-list", "quality:finding-list", "quality:list-list"]


@pytest.mark.parametrize("name", LIST_URLS)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", LIST_URLS)
@pytest.mark.parametrize("persona", ["city_officer", "county_officer", "village_clerk", "inspector", "outsider"])
def test_every_persona_opens_the_quality_pages(request, client_for, world, name, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse(name)).status_code == 200


def test_a_village_clerk_sees_only_his_villages_findings(client_for, village_clerk, world):
    response = client_for(village_clerk).get(reverse("quality:finding-list"))
    codes = {f.household_code for f in response.context["object_list"]}
    assert world["mine"].code in codes
    assert world["neighbour"].code not in codes and world["elsewhere"].code not in codes
    assert response.context["counts"]["open"] == Finding.objects.filter(village_code=world["mine"].village_id).count()


def test_the_finding_list_masks_id_numbers(client_for, county_officer, world):
    response = client_for(county_officer).get(reverse("quality:finding-list"), {"check_code": "ID-05"})
    html = response.content.decode()
    assert mask_id_number(world["member"].id_number) in html and world["member"].id_number not in html


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("quality:finding-detail", args=[w["finding"].pk]),
        lambda w: reverse("quality:run-detail", args=[w["run"].pk]),
    ],
)
def test_a_village_clerk_gets_404_for_a_finding_of_another_village_and_for_a_city_run(
    client_for, village_clerk, world, url
):
    other = Finding.objects.get(check_code="HP-01", entity_key=world["neighbour"].code)
    client = client_for(village_clerk)
    assert client.get(reverse("quality:finding-detail", args=[other.pk])).status_code == 404
    if "runs" in url(world):
        assert client.get(url(world)).status_code == 404
    else:
        assert client.get(url(world)).status_code == 200


def test_an_officer_of_another_county_gets_404_on_a_finding(client_for, outsider, world):
    client = client_for(outsider)
    assert client.get(reverse("quality:finding-detail", args=[world["finding"].pk])).status_code == 404
    assert client.post(step_url(world["finding"], "escalate"), {"note": "x"}).status_code == 404


@pytest.mark.parametrize("action", ["propose", "justify", "approve", "reject", "escalate"])
def test_a_read_only_inspector_gets_403_on_every_action(client_for, inspector, world, action):
    url = step_url(world["finding"], action)
    assert client_for(inspector).post(url, {"note": "x"}).status_code == 403


def test_a_read_only_inspector_cannot_start_a_run_or_upload_a_list(client_for, inspector, world):
    client = client_for(inspector)
    assert client.post(reverse("quality:run-list"), {"year": YEAR}).status_code == 403
    assert client.post(reverse("quality:list-list"), {}).status_code == 403


def test_a_clerk_proposes_and_the_county_approves_through_the_pages(client_for, village_clerk, county_officer, world):
    finding = world["finding"]
    evidence = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    response = client_for(village_clerk).post(
        step_url(finding, "propose"), {"note": "帮扶人已调离，新帮扶人待定", "files": [evidence]}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "pending"
    [proposed] = TransitionLog.objects.of(finding)
    assert [a.original_name for a in proposed.evidence.all()] == ["说明.pdf"]
    detail = client_for(county_officer).get(reverse("quality:finding-detail", args=[finding.pk]))
    assert 'id="approve-form"' in detail.content.decode()
    review = step_url(finding, "approve")
    assert client_for(county_officer).post(review, {"note": "同意"}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == "justified"
    assert AuditEvent.objects.filter(model_label="quality.Finding", object_pk=str(finding.pk)).count() == 2


def test_a_justification_without_a_reason_is_refused(client_for, village_clerk, world):
    url = step_url(world["finding"], "propose")
    response = client_for(village_clerk).post(url, {"note": ""})
    assert response.status_code == 400 and "情况说明" in response.content.decode()


def test_starting_a_run_from_the_page_redirects_to_its_job(
    client_for, county_officer, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(county_officer).post(reverse("quality:run-list"), {"region": "", "year": YEAR})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    run = CheckRun.objects.exclude(pk=world["run"].pk).get()
    assert run.region_code == "610902000000" and run.status == "succeeded"
    job_page = client_for(county_officer).get(response["Location"])
    assert "检查完成" in job_page.content.decode()


def test_a_clerk_cannot_run_the_checks_of_the_whole_county(client_for, village_clerk, world):
    response = client_for(village_clerk).post(reverse("quality:run-list"), {"region": "610902", "year": YEAR})
    assert response.status_code == 403


def test_the_work_list_download_is_masked_and_holds_only_the_users_village(client_for, village_clerk, world):
    response = client_for(village_clerk).get(reverse("quality:finding-export"))
    assert response.status_code == 200
    rows = workbook_rows(response)
    assert rows[0][4] == "户编号"
    assert {r[4] for r in rows[1:]} == {world["mine"].code}
    numbers = {r[8] for r in rows[1:] if r[8]}
    assert numbers == {mask_id_number(world["member"].id_number)}
    assert not AuditEvent.objects.filter(action="export_personal").exists()


def test_the_work_list_names_the_person_and_the_head_and_has_columns_to_fill(client_for, village_clerk, world):
    rows = workbook_rows(client_for(village_clerk).get(reverse("quality:finding-export")))
    assert rows[0][4:8] == ["户编号", "姓名", "户主", "对象"] and rows[0][-2:] == ["整改责任人", "完成时限"]
    head = world["mine"].members.get(relation="01").name
    assert all(r[6] == head for r in rows[1:]) and world["member"].name in {r[5] for r in rows[1:]}
    assert all(r[2] for r in rows[1:])  # the village by name
    page = client_for(village_clerk).get(reverse("quality:finding-list")).content.decode()
    assert head in page and "整改责任人" not in page


def test_an_unmasked_work_list_is_logged(client_for, county_officer, world):
    response = client_for(county_officer).get(reverse("quality:finding-export"), {"unmask": "1", "check_code": "ID-05"})
    assert world["member"].id_number in {r[8] for r in workbook_rows(response)}
    assert AuditEvent.objects.filter(action="export_personal", model_label="quality.Finding").count() == 1


def test_the_finding_list_runs_a_flat_number_of_queries(client_for, city_officer, world, django_assert_max_num_queries):
    client = client_for(city_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("quality:finding-list")).status_code == 200


def test_uploading_a_list_imports_it_as_a_job_and_an_exception_is_recorded_on_its_page(
    client_for, county_officer, world, django_capture_on_commit_callbacks
):
    member = members_of(world["mine"])[2]
    content = f"证件号码,姓名,单位\n{member.id_number},{member.name},汉滨区财政局\n".encode()
    upload = SimpleUploadedFile("财政供养.csv", content, content_type="text/csv")
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("quality:list-list"),
            {"kind": "payroll", "list_date": "2019-12-01", "source": "区财政局", "title": "", "file": upload},
        )
    assert response.status_code == 302
    comparison_list = ComparisonList.objects.get()
    detail = client.get(reverse("quality:list-detail", args=[comparison_list.pk]))
    entry = detail.context["matches"][0]
    assert entry.member.pk == member.pk
    posted = client.post(
        reverse("quality:list-detail", args=[comparison_list.pk]), {"entry": entry.pk, "reason": "已辞职，名单滞后"}
    )
    assert posted.status_code == 302
    assert client.get(reverse("quality:list-detail", args=[comparison_list.pk])).context["matches"][0].exception


def test_a_bad_list_upload_ends_in_a_failed_job_with_an_error_workbook(
    client_for, county_officer, world, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(
        "死亡.csv", "证件号码,姓名,死亡日期\n123,某,2019-01-01\n".encode(), content_type="text/csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(county_officer).post(
            reverse("quality:list-list"),
            {"kind": "deaths", "list_date": "2019-12-01", "source": "公安", "file": upload},
        )
    from jingzhun.core.models import Job

    job = Job.objects.get(kind="spreadsheet_import")
    assert response.status_code == 302 and job.status == "failed" and job.output_file
    assert "第 2 行" in job.result["errors"][0] and ComparisonList.objects.count() == 0


def test_a_clerk_cannot_record_an_exception_for_a_match_outside_his_village(
    client_for, village_clerk, county_officer, world
):
    member = members_of(world["neighbour"])[1]
    outcome = services.comparison_list_import(
        user=county_officer,
        file=io.BytesIO(f"证件号码,姓名,单位\n{member.id_number},{member.name},某局\n".encode()),
        filename="p.csv",
        kind="payroll",
        list_date=world["run"].started_at.date(),
        source="区财政局",
    )
    entry = outcome.comparison_list.entries.get()
    url = reverse("quality:list-detail", args=[outcome.comparison_list.pk])
    assert client_for(village_clerk).get(url).status_code == 404  # a county's list is outside the village's scope
    assert client_for(county_officer).post(url, {"entry": entry.pk, "reason": "x"}).status_code == 302
