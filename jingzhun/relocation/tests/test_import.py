"""Importing sites and relocated households: all or nothing, row-level Chinese errors, idempotent, in scope."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from jingzhun.relocation.imports import RelocationImporter
from jingzhun.relocation.models import Relocation, Site

pytestmark = pytest.mark.django_db

SITES = ["安置点编号", "名称", "类型", "行政区划代码", "计划套数", "竣工套数", "计划配套设施", "完成配套设施"]
HOUSEHOLDS = [
    "户编号",
    "安置点编号",
    "搬迁年度",
    "搬迁人数",
    "安置面积（平方米）",
    "自筹资金（元）",
    "是否负债",
    "交钥匙日期",
    "入住日期",
    "旧房处置",
]


def workbook(site_rows, household_rows):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    for title, headers, rows in (("安置点", SITES, site_rows), ("搬迁户", HOUSEHOLDS, household_rows)):
        sheet = book.add_worksheet(title)
        for col, header in enumerate(headers):
            sheet.write(0, col, header)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                sheet.write_string(r, c, str(value)) if isinstance(value, str) else sheet.write(r, c, value)
    book.close()
    out.seek(0)
    return out


def run(user, book, **kwargs):
    return RelocationImporter(user=user, file=book, filename="搬迁.xlsx", **kwargs).run()


@pytest.fixture
def files(hanbin_village, household_factory):
    first = household_factory(hanbin_village, members=3)
    second = household_factory(hanbin_village, members=2)
    township = hanbin_village.parent.code
    sites = [
        ["AZ-001", "江北社区安置点", "集中", township, 300, 280, 6, 5],
        ["AZ-002", "某村分散安置", "分散", hanbin_village.code, 10, 10, 0, 0],
    ]
    households = [
        [first.code, "AZ-001", 2017, 3, 75, 2000, "否", "2017-10-01", "2017-12-01", "拆除"],
        [second.code, "AZ-002", 2018, 2, 50, 0, "否", "2018-11-01", "", "保留"],
    ]
    return sites, households, first, second


def test_a_clean_file_writes_sites_and_households_and_a_second_run_changes_nothing(county_officer, files):
    sites, households, first, _second = files
    result = run(county_officer, workbook(sites, households))
    assert result.written, result.issues
    assert Site.objects.count() == 2 and Relocation.objects.count() == 2
    relocation = Relocation.objects.get(household=first)
    assert (
        relocation.site.code == "AZ-001" and relocation.area == Decimal("75") and relocation.old_house == "demolished"
    )
    assert Site.objects.get(code="AZ-001").kind == "concentrated"
    again = run(county_officer, workbook(sites, households))
    assert again.written
    assert {name: (c.created, c.updated) for name, c in again.counts.items()} == {
        "sites": (0, 0),
        "relocations": (0, 0),
    }


def test_a_changed_cell_updates_the_row(county_officer, files):
    sites, households, first, _second = files
    run(county_officer, workbook(sites, households))
    households[0][8] = ""
    households[0][9] = "复垦"
    result = run(county_officer, workbook(sites, households))
    assert result.counts["relocations"].updated == 1
    relocation = Relocation.objects.get(household=first)
    assert relocation.old_house == "reclaimed" and relocation.moved_in_on is None


def test_any_error_writes_nothing_and_names_sheet_row_and_column(county_officer, files):
    sites, households, _first, _second = files
    sites[1][5] = 20  # more completed than planned
    households.append(["610902999999999", "AZ-001", 2017, 1, 20, 0, "否", "", "", "未处置"])
    households.append([households[0][0], "AZ-002", 2017, 1, 20, 0, "否", "", "", "未处置"])  # twice
    result = run(county_officer, workbook(sites, households))
    assert not result.written
    assert Site.objects.count() == 0 and Relocation.objects.count() == 0
    issues = [(i.sheet, i.row, i.column_header, i.message) for i in result.issues if i.severity == "error"]
    assert any(s == "安置点" and r == 3 and "竣工套数不能多于计划套数" in m for s, r, _h, m in issues), issues
    assert ("搬迁户", 4, "户编号", "户编号 610902999999999 不是建档立卡贫困户。") in issues
    assert any(s == "搬迁户" and r == 5 and h == "户编号" and "重复" in m for s, r, h, m in issues), issues


def test_an_unknown_site_and_a_bad_choice_are_refused(county_officer, files):
    sites, households, _first, _second = files
    households[0][1] = "AZ-404"
    households[1][9] = "出租"
    result = run(county_officer, workbook(sites, households))
    assert not result.written
    text = " ".join(i.message for i in result.issues)
    assert "AZ-404" in text and "旧房处置" in {i.column_header for i in result.issues}


def test_rows_outside_the_scope_are_refused(outsider, files):
    sites, households, _first, _second = files
    result = run(outsider, workbook(sites, households))
    assert not result.written
    assert any("不在您的管辖范围内" in i.message for i in result.issues)


def test_a_read_only_role_may_not_import(inspector, files):
    from django.core.exceptions import PermissionDenied

    sites, households, _first, _second = files
    with pytest.raises(PermissionDenied):
        run(inspector, workbook(sites, households))


def test_the_command_imports_the_file(files, tmp_path):
    sites, households, _first, _second = files
    path = tmp_path / "搬迁.xlsx"
    path.write_bytes(workbook(sites, households).getvalue())
    out = io.StringIO()
    call_command("import_relocation", str(path), stdout=out, stderr=io.StringIO())
    assert Relocation.objects.count() == 2
    households[0][3] = "三"
    path.write_bytes(workbook(sites, households).getvalue())
    with pytest.raises(CommandError):
        call_command("import_relocation", str(path), stdout=io.StringIO(), stderr=io.StringIO())
