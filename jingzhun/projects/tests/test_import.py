"""Importing a county's project plan and fund allocations: all or nothing, row-level errors, idempotent."""

import csv
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jingzhun.core.models import Job
from jingzhun.projects.imports import projects_import
from jingzhun.projects.models import Allocation, Project

pytestmark = pytest.mark.django_db

PLAN = [
    "项目编号",
    "项目名称",
    "项目类型",
    "建设地点代码",
    "受益村代码",
    "计划年度",
    "建设规模（公里）",
    "总投资（元）",
    "责任单位",
    "责任人",
]
MONEY = ["项目编号", "资金来源", "下达金额（元）", "下达日期", "下达文号"]


def workbook(plan_rows, money_rows=()):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("项目计划")
    sheet.write(0, 0, "汉滨区2019年脱贫攻坚项目计划表")  # a title row above the header
    for col, header in enumerate(PLAN):
        sheet.write(1, col, header)
    for r, row in enumerate(plan_rows, start=2):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value)) if isinstance(value, str) else sheet.write(r, c, value)
    money = book.add_worksheet("资金下达")
    for col, header in enumerate(MONEY):
        money.write(0, col, header)
    for r, row in enumerate(money_rows, start=1):
        for c, value in enumerate(row):
            money.write_string(r, c, str(value))
    book.close()
    out.seek(0)
    return out


@pytest.fixture
def rows(hanbin_village, hanbin_village_2):
    township = hanbin_village.parent.code
    return [
        ["XM610902-001", "某村通村路", "交通", hanbin_village.code, "", 2019, 4.2, 2100000, "汉滨区交通运输局", "王五"],
        [
            "XM610902-002",
            "某镇集中供水",
            "饮水安全",
            township,
            hanbin_village.code,
            2019,
            "",
            800000,
            "汉滨区水利局",
            "赵六",
        ],
    ]


def run(user, file, name="plan.xlsx", **kwargs):
    return projects_import(user=user, file=file, filename=name, **kwargs)


def test_a_clean_workbook_creates_projects_milestones_and_allocations(county_officer, rows, hanbin_village):
    money = [
        ["XM610902-001", "中央财政专项", "1500000", "2019-03-05", "陕财农[2019]1号"],
        ["XM610902-001", "县级", "600000", "2019-04-01", ""],
    ]
    outcome = run(county_officer, workbook(rows, money))
    assert outcome.errors == []
    assert outcome.written
    road = Project.objects.get(code="XM610902-001")
    assert (road.type, road.sector, road.scale_km) == ("transport", "transport", Decimal("4.20"))
    assert list(road.villages.all()) == [hanbin_village]
    assert road.milestones.count() == 4
    assert sorted(Allocation.objects.values_list("source", flat=True)) == ["central", "county"]
    assert Project.objects.get(code="XM610902-002").sector == "water"


def test_reimporting_the_same_file_changes_nothing(county_officer, rows):
    money = [["XM610902-001", "中央财政专项", "1500000", "2019-03-05", "1号"]]
    run(county_officer, workbook(rows, money))
    again = run(county_officer, workbook(rows, money))
    assert again.errors == []
    assert not again.changed
    assert again.counts["projects"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert Allocation.objects.count() == 1


def test_any_error_writes_nothing_and_names_sheet_row_and_column(county_officer, rows, hanyin_village):
    bad = [*rows]
    bad.append(["XM610902-003", "外县项目", "交通", hanyin_village.code, "", 2019, 1, 1000, "单位", "人"])
    bad.append(["XM610902-004", "类型不明", "修桥", rows[0][3], "", 2019, 1, 1000, "单位", "人"])
    bad.append(["XM610902-001", "重复编号", "交通", rows[0][3], "", 2019, 1, 1000, "单位", "人"])
    money = [["XM610902-002", "中央", "800000.01", "2019-03-05", ""], ["XM999", "中央", "1", "2019-03-05", ""]]
    outcome = run(county_officer, workbook(bad, money))
    messages = [str(e) for e in outcome.errors]
    assert any(m.startswith("项目计划, 第 5 行, 建设地点代码: 不在您的管辖范围内") for m in messages), messages
    assert any(m.startswith("项目计划, 第 6 行, 项目类型") for m in messages), messages
    assert any(m.startswith("项目计划, 第 7 行, 项目编号: 项目编号与第 3 行重复") for m in messages), messages
    assert any(m.startswith("资金下达, 第 2 行, 下达金额（元）") and "超过总投资" in m for m in messages), messages
    assert any(m.startswith("资金下达, 第 3 行, 项目编号") for m in messages), messages
    assert not outcome.written
    assert not Project.objects.exists()
    assert not Allocation.objects.exists()


def test_allocations_are_checked_against_stored_money_too(county_officer, rows):
    run(county_officer, workbook(rows, [["XM610902-002", "中央", "500000", "2019-03-05", "1号"]]))
    outcome = run(county_officer, workbook(rows, [["XM610902-002", "省级", "300000.01", "2019-04-05", "2号"]]))
    assert [e.column_header for e in outcome.errors] == ["下达金额（元）"]
    assert Allocation.objects.count() == 1


def test_a_read_only_user_cannot_import(inspector, rows):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(inspector, workbook(rows))


def test_the_import_page_runs_a_job_and_keeps_an_error_workbook(
    client_for, county_officer, rows, hanyin_village, django_capture_on_commit_callbacks
):
    bad = [*rows, ["XM610902-003", "外县项目", "交通", hanyin_village.code, "", 2019, 1, 1000, "单位", "人"]]
    upload = workbook(bad)
    upload.name = "计划.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(county_officer).post(reverse("projects:import"), {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.result["error_count"] == 1
    assert job.output_file.name.endswith(".xlsx")
    assert not Project.objects.exists()


def test_the_import_page_is_403_for_the_inspector(client_for, inspector):
    assert client_for(inspector).get(reverse("projects:import")).status_code == 403


def test_the_command_exits_non_zero_on_errors_and_imports_otherwise(tmp_path, rows, hanyin_village, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook(rows).getvalue())
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([["X", "", "交通", "123", "", 2019, 1, 1000, "单位", "人"]]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_projects", str(bad))
    assert not Project.objects.exists()
    call_command("import_projects", str(good))
    assert Project.objects.count() == 2


def test_the_alerts_command_writes_the_fixed_csv_columns(tmp_path, county_officer, rows):
    run(county_officer, workbook(rows))
    out = tmp_path / "alerts.csv"
    call_command("project_alerts", "--date", "2019-03-02", "--region", "610902", "--out", str(out))
    with out.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["project", "alert", "days", "message"]
    assert sorted((r[0], r[1], r[2]) for r in lines[1:]) == [
        ("XM610902-001", "overdue", "15"),
        ("XM610902-002", "overdue", "15"),
    ]
    call_command("project_alerts", "--date", "2019-03-02", "--region", "610921", "--out", str(out))
    assert out.read_text(encoding="utf-8").splitlines() == ["project,alert,days,message"]


def test_the_alerts_command_prints_csv_without_out(county_officer, rows, capsys):
    run(county_officer, workbook(rows))
    call_command("project_alerts", "--date", "2019-02-16")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "project,alert,days,message"
    assert len(lines) == 3


def test_the_alerts_command_refuses_a_bad_date():
    with pytest.raises(CommandError):
        call_command("project_alerts", "--date", "2019-13-01")


def test_the_ledger_export_holds_the_filtered_county_only(
    client_for, city_officer, county_officer, rows, hanyin_village, django_capture_on_commit_callbacks
):
    from python_calamine import CalamineWorkbook

    run(county_officer, workbook(rows))
    run(
        city_officer,
        workbook([["XM610921-001", "汉阴项目", "电力", hanyin_village.code, "", 2019, "", 5000, "电力公司", "钱七"]]),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(city_officer).get(reverse("projects:ledger"), {"region": "610902"})
    assert response.status_code == 302
    job = Job.objects.get(kind="projects_ledger")
    assert job.status == "succeeded", job.error
    book = CalamineWorkbook.from_filelike(job.output_file.open("rb"))
    codes = [row[0] for row in book.get_sheet_by_name("项目计划").to_python()[1:]]
    assert codes == ["XM610902-001", "XM610902-002"]
    # The ledger keeps the import layout: it can be imported back unchanged.
    again = run(county_officer, job.output_file.open("rb"), name="ledger.xlsx")
    assert again.errors == [], [str(e) for e in again.errors]
    assert not again.changed


def test_the_ledger_of_a_sector_holds_only_its_projects(
    client_for, sector_water, county_officer, rows, django_capture_on_commit_callbacks
):
    run(county_officer, workbook(rows))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(sector_water).get(reverse("projects:ledger"))
    job = Job.objects.get(kind="projects_ledger")
    assert job.result == {"projects": 1}


def test_the_import_page_highlights_its_own_tab(client_for, county_officer):
    import re

    page = client_for(county_officer).get(reverse("projects:import")).content.decode()
    active = re.findall(r'<a class="nav-link active"[^>]*>([^<]+)</a>', page)
    assert active == ["导入项目"]
