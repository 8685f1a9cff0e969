"""The spreadsheet-import kit on a small importer of its own: one sheet of village year facts.

What every importer gets from the kit: all or nothing with row-level Chinese errors, the
error workbook, one audit event per changed row linked to the import, header messages,
403 for roles that may not import, and rows outside the user's scope refused.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import include, path, reverse
from python_calamine import CalamineWorkbook

from jingzhun import urls as project_urls
from jingzhun.core.excel import Column, SheetSchema
from jingzhun.core.imports import ModelImporter, importer_for
from jingzhun.core.imports.commands import ImportCommand
from jingzhun.core.imports.views import import_urls
from jingzhun.core.models import AuditEvent, Job
from jingzhun.regions.models import VillageYear
from jingzhun.registry.models import HouseholdYear

pytestmark = pytest.mark.django_db


class VillageYearImporter(ModelImporter):
    """村级年度情况, asked of the access policy as the registry (offices add and change, in their region)."""

    name = "core-tests.village_years"
    label = "导入村级年度情况"
    model = VillageYear
    access_target = "registry"
    schema = SheetSchema(
        "村级年度情况",
        columns=(
            Column("village", "行政区划代码", ("村代码",), kind="region_code", required=True),
            Column("year", "年度", kind="year", required=True),
            Column("rural_population", "农村户籍人口", kind="int"),
            Column("is_poor_village", "贫困村", kind="bool"),
            Column("is_deep_poverty_village", "深度贫困村", kind="bool"),
        ),
    )
    key = ("village", "year")


class HouseholdYearImporter(ModelImporter):
    """贫困户年度收入: households named by 户编号, their region read through the household."""

    name = "core-tests.household_years"
    label = "导入户年度收入"
    model = HouseholdYear
    schema = SheetSchema(
        "户年度收入",
        columns=(
            Column("household", "户编号", required=True),
            Column("year", "年度", kind="year", required=True),
            Column("wage_income", "工资性收入", kind="decimal"),
        ),
    )
    key = ("household", "year")
    references = {"household": "code"}


class Command(ImportCommand):
    importer = VillageYearImporter
    subject = "village facts"


urlpatterns = [
    *project_urls.urlpatterns,
    path("test-imports/", include((import_urls(VillageYearImporter), "test_imports"))),
]
on_this_urlconf = pytest.mark.urls(__name__)

HEADER = ("行政区划代码", "年度", "农村户籍人口", "贫困村", "深度贫困村")


def csv_bytes(*rows, header=HEADER):
    return "\n".join(",".join(str(c) for c in row) for row in (header, *rows)).encode() + b"\n"


def run(user, *rows, header=HEADER, **kwargs):
    return VillageYearImporter(
        user=user, file=io.BytesIO(csv_bytes(*rows, header=header)), filename="村.csv", **kwargs
    ).run()


def test_the_importer_is_registered_by_name():
    assert importer_for("core-tests.village_years") is VillageYearImporter


def test_a_clean_sheet_creates_its_rows_and_the_same_sheet_again_changes_nothing(county_officer, hanbin_village):
    rows = [(hanbin_village.code, 2019, 900, "是", "否"), (hanbin_village.code, 2020, 880, "是", "否")]
    first = run(county_officer, *rows)
    assert first.errors == [] and first.written
    assert first.counts["villageyear"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert VillageYear.objects.get(village=hanbin_village, year=2019).rural_population == 900
    again = run(county_officer, *rows)
    assert not again.changed and again.counts["villageyear"].unchanged == 2


def test_one_bad_row_writes_nothing_and_names_the_sheet_row_and_column(county_officer, hanbin_village):
    result = run(
        county_officer,
        (hanbin_village.code, 2019, 900, "是", "否"),
        (hanbin_village.code, 2020, 880, "否", "是"),  # deep poverty but not poor: a model constraint
        (hanbin_village.code, 2021, "很多", "是", "否"),  # not a number: the cleaning step
    )
    assert sorted(str(e) for e in result.errors) == [
        "村, 第 3 行: 深度贫困村必须同时是贫困村。",
        "村, 第 4 行, 农村户籍人口: 应为整数，现为“很多”。请只填写数字。",
    ]
    assert not result.written and not VillageYear.objects.exists()


def test_a_key_repeated_in_the_file_is_refused(county_officer, hanbin_village):
    result = run(
        county_officer, (hanbin_village.code, 2019, 900, "是", "否"), (hanbin_village.code, 2019, 1, "是", "否")
    )
    assert [str(e) for e in result.errors] == ["村, 第 3 行, 行政区划代码: 与第 2 行重复。"]


def test_a_reference_to_a_missing_row_is_refused(county_officer):
    result = run(county_officer, ("610902999999", 2019, 900, "是", "否"))
    assert [str(e) for e in result.errors] == ["村, 第 2 行, 行政区划代码: 行政村“610902999999”不存在。"]


def test_every_changed_row_is_audited_once_and_linked_to_the_import(county_officer, hanbin_village, hanbin_village_2):
    created = run(
        county_officer, (hanbin_village.code, 2019, 900, "是", "否"), (hanbin_village_2.code, 2019, 700, "否", "否")
    )
    own = AuditEvent.objects.get(model_label="core.Import", batch=created.batch)
    assert own.action == "bulk" and own.actor == county_officer and "村.csv" in own.reason
    assert own.after == {"villageyear": {"created": 2, "updated": 0, "unchanged": 0}}
    assert (
        AuditEvent.objects.filter(batch=created.batch, action="create", model_label="regions.VillageYear").count() == 2
    )

    changed = run(
        county_officer, (hanbin_village.code, 2019, 950, "是", "否"), (hanbin_village_2.code, 2019, 700, "否", "否")
    )
    [update] = AuditEvent.objects.filter(batch=changed.batch, model_label="regions.VillageYear")
    assert update.action == "update" and update.region_code == hanbin_village.code
    assert (update.before, update.after) == ({"rural_population": 900}, {"rural_population": 950})
    assert VillageYear.objects.get(village=hanbin_village, year=2019).rural_population == 950


def test_an_unknown_column_is_a_warning_and_a_missing_required_column_an_error(county_officer, hanbin_village):
    extra = run(county_officer, (hanbin_village.code, 2019, 900, "是", "否", "x"), header=(*HEADER, "备注栏"))
    assert extra.written and [w.message for w in extra.warnings] == [
        "以下列无法识别，不会导入：备注栏（F 列）。如是有用的数据，请改用模板中的列名。"
    ]
    missing = run(county_officer, (hanbin_village.code, 900), header=("行政区划代码", "农村户籍人口"))
    assert [e.message for e in missing.errors] == ["缺少必填列“年度”。"] and not missing.written


def test_rows_outside_the_users_region_are_refused(county_officer, hanbin_village, hanyin_village):
    result = run(
        county_officer, (hanbin_village.code, 2019, 900, "是", "否"), (hanyin_village.code, 2019, 1, "是", "否")
    )
    [error] = result.errors
    assert str(error).startswith(f"村, 第 3 行, 行政区划代码: 行政区划 {hanyin_village.code} 不在您的管辖范围内")
    assert not VillageYear.objects.exists()


def test_a_stored_row_outside_the_users_region_is_not_changed(county_officer, hanyin_village):
    VillageYear.objects.create(village=hanyin_village, year=2019, rural_population=5)
    result = run(county_officer, (hanyin_village.code, 2019, 900, "是", "否"))
    assert [e.message for e in result.errors] == ["该记录已登记在您的管辖范围以外，不能导入。"]
    assert VillageYear.objects.get().rural_population == 5


def test_a_foreign_key_is_named_by_its_code_and_gives_the_rows_region(
    county_officer, household_factory, hanbin_village, hanyin_village
):
    mine = household_factory(hanbin_village, year_facts=False)
    other = household_factory(hanyin_village, year_facts=False)

    def income(*rows):
        return HouseholdYearImporter(
            user=county_officer,
            file=io.BytesIO(csv_bytes(*rows, header=("户编号", "年度", "工资性收入"))),
            filename="收入.csv",
        ).run()

    refused = income((mine.code, 2019, 9000), (other.code, 2019, 1), ("NOSUCH001", 2019, 1))
    assert sorted(str(e) for e in refused.errors) == [
        f"收入, 第 3 行, 户编号: 行政区划 {hanyin_village.code} 不在您的管辖范围内，只能导入本辖区（汉滨区）的数据。",
        "收入, 第 4 行, 户编号: 所属户“NOSUCH001”不存在。",
    ]
    assert not HouseholdYear.objects.exists()
    written = income((mine.code, 2019, 9000))
    facts = HouseholdYear.objects.get()
    assert written.written and (facts.household, facts.wage_income) == (mine, 9000)
    event = AuditEvent.objects.get(batch=written.batch, model_label="registry.HouseholdYear")
    assert (event.root_label, event.root_pk, event.region_code) == ("registry.Household", str(mine.pk), mine.village_id)
    changed = income((mine.code, 2019, 9500))
    facts.refresh_from_db()
    assert changed.counts["householdyear"].updated == 1 and (facts.wage_income, facts.version) == (9500, 2)


def test_a_dry_run_checks_everything_and_writes_nothing(county_officer, hanbin_village):
    result = run(county_officer, (hanbin_village.code, 2019, 900, "是", "否"), dry_run=True)
    assert result.errors == [] and not result.written and result.counts["villageyear"].created == 1
    assert not VillageYear.objects.exists() and not AuditEvent.objects.filter(model_label="core.Import").exists()


def test_a_role_without_add_or_change_may_not_import(inspector, hanbin_village):
    with pytest.raises(PermissionDenied):
        run(inspector, (hanbin_village.code, 2019, 900, "是", "否"))


@on_this_urlconf
def test_the_import_page_is_403_for_a_role_without_add_or_change(client_for, inspector, hanbin_village):
    client = client_for(inspector)
    url = reverse("test_imports:import")
    upload = SimpleUploadedFile("村.csv", csv_bytes((hanbin_village.code, 2019, 900, "是", "否")))
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload}).status_code == 403
    assert not Job.objects.exists()


@on_this_urlconf
def test_the_page_runs_the_import_as_a_job_and_shows_the_counts(
    client_for, county_officer, hanbin_village, django_capture_on_commit_callbacks
):
    client = client_for(county_officer)
    url = reverse("test_imports:import")
    assert "导入村级年度情况" in client.get(url).content.decode()
    upload = SimpleUploadedFile("村.csv", csv_bytes((hanbin_village.code, 2019, 900, "是", "否")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.kind == "spreadsheet_import" and job.status == "succeeded", job.error
    assert job.result["counts"] == {"villageyear": {"created": 1, "updated": 0, "unchanged": 0}}
    page = client.get(response["Location"]).content.decode()
    assert "导入成功" in page and "村级年度情况" in page and url in page


@on_this_urlconf
def test_a_failed_job_keeps_the_error_workbook_with_each_problem_at_its_row(
    client_for, county_officer, hanbin_village, hanyin_village, django_capture_on_commit_callbacks
):
    rows = [(hanbin_village.code, 2019, 900, "是", "否"), (hanyin_village.code, 2019, 1, "是", "否")]
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("test_imports:import"), {"file": SimpleUploadedFile("村.csv", csv_bytes(*rows))})
    job = Job.objects.get()
    assert job.status == "failed" and job.result["error_count"] == 1 and "1 处错误" in job.error
    assert not VillageYear.objects.exists()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'id="import-counts"' not in page and "新增" not in page  # nothing was written: no counts
    content = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    issues = book.get_sheet_by_name("错误清单").to_python()
    assert issues[0] == ["工作表", "行", "列", "错误"]
    assert issues[1][:3] == ["村", 3, "行政区划代码"] and "不在您的管辖范围内" in issues[1][3]
    data = book.get_sheet_by_name("村").to_python()
    assert data[0][-1] == "错误提示" and "不在您的管辖范围内" in data[2][-1] and data[1][-1] == ""


@on_this_urlconf
def test_an_upload_that_is_not_a_spreadsheet_is_refused_by_the_upload_check(client_for, county_officer):
    upload = SimpleUploadedFile("村.txt", b"hello")
    response = client_for(county_officer).post(reverse("test_imports:import"), {"file": upload})
    assert response.status_code == 200 and "表格只能是以下格式" in response.content.decode()
    assert not Job.objects.exists()


def test_the_command_prints_the_counts_and_fails_with_the_error_list(
    county_officer, inspector, hanbin_village, tmp_path, capsys
):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes((hanbin_village.code, 2019, 900, "是", "否")))
    call_command(Command(), str(good), "--user", "hanbin")
    assert capsys.readouterr().out.strip() == "导入完成：villageyear 新增 1、更新 0、无变化 0"
    call_command(Command(), str(good))
    assert capsys.readouterr().out.strip() == "没有变化：villageyear 新增 0、更新 0、无变化 1"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes((hanbin_village.code, 2019, 900, "否", "是")))
    with pytest.raises(CommandError, match="1 处错误，未写入任何数据。"):
        call_command(Command(), str(bad), "--dry-run")
    assert "错误：bad, 第 2 行: 深度贫困村必须同时是贫困村。" in capsys.readouterr().err
    with pytest.raises(CommandError, match="may not change village facts"):
        call_command(Command(), str(good), "--user", "inspector")


def test_the_summary_lists_errors_in_sheet_and_row_order():
    from jingzhun.core.excel import ImportIssue
    from jingzhun.core.imports.result import ImportResult

    issues = [
        ImportIssue("人员信息", 9, "a", "甲", "x"),
        ImportIssue("户信息", 12, "a", "甲", "x"),
        ImportIssue("人员信息", 3, "a", "甲", "x"),
        ImportIssue("户信息", 4, "a", "甲", "x"),
        ImportIssue("", None, None, None, "文件"),
    ]
    errors = ImportResult(filename="f.xlsx", issues=issues).summary()["errors"]
    assert errors == [
        "文件",
        "人员信息, 第 3 行, 甲: x",
        "人员信息, 第 9 行, 甲: x",
        "户信息, 第 4 行, 甲: x",
        "户信息, 第 12 行, 甲: x",
    ]
