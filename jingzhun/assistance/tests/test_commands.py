"""The commands: import_assistance, import_presence (all or nothing, idempotent) and attendance (CSV)."""

import csv
import datetime
import io

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from jingzhun.assistance.legacy import pairings_from_helper_fields
from jingzhun.assistance.models import Cadre, HelpingUnit, Pairing, Posting, Presence, WorkTeam
from jingzhun.assistance.tests.world import days_add
from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.masking import Kind, mask_value

pytestmark = pytest.mark.django_db


def workbook(path, sheets):
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def ids(hanbin_village):
    return [make_id_number("610902", datetime.date(1980, 1, i + 1), i + 1) for i in range(2)]


@pytest.fixture
def assistance_file(tmp_path, ids, hanbin_village, household_factory):
    household = household_factory(hanbin_village)
    return workbook(
        tmp_path / "帮扶.xlsx",
        {
            "帮扶单位": [["单位名称", "单位级别"], ["安康市财政局", "市"]],
            "驻村工作队": [
                ["行政区划代码", "派出单位", "队长证件号码", "第一书记证件号码"],
                [hanbin_village.code, "安康市财政局", ids[1], ids[0]],
            ],
            "驻村干部": [
                ["证件号码", "姓名", "单位", "行政区划代码", "职务", "派驻开始", "派驻结束"],
                [ids[0], "李明", "安康市财政局", hanbin_village.code, "第一书记", "2019-01-01", ""],
                [ids[1], "王强", "安康市财政局", hanbin_village.code, "工作队队长", "2019-07-01", ""],
            ],
            "结对帮扶": [["户编号", "干部证件号码"], [household.code, ids[0]]],
        },
    )


def test_import_assistance_writes_units_cadres_postings_teams_and_pairings_then_nothing(assistance_file, ids):
    out, _err = run("import_assistance", str(assistance_file))
    assert out.startswith("导入完成")
    assert HelpingUnit.objects.get().name == "安康市财政局"
    first, leader = Cadre.objects.get(id_number=ids[0]), Cadre.objects.get(id_number=ids[1])
    assert Posting.objects.get(cadre=leader).start == datetime.date(2019, 7, 1)
    assert Posting.objects.get(cadre=first).kind == "first_secretary"
    team = WorkTeam.objects.get()
    assert (team.first_secretary, team.leader) == (first, leader)
    assert Pairing.objects.get().cadre == first
    out, _err = run("import_assistance", str(assistance_file))
    assert out.startswith("没有变化")


def test_import_assistance_is_all_or_nothing_with_row_level_chinese_errors(tmp_path, ids, hanbin_village):
    path = workbook(
        tmp_path / "坏.xlsx",
        {
            "帮扶单位": [["单位名称", "单位级别"], ["安康市财政局", "市"]],
            "驻村干部": [
                ["证件号码", "姓名", "单位", "行政区划代码", "职务", "派驻开始"],
                [ids[0], "李明", "安康市财政局", hanbin_village.code, "第一书记", "2019-01-01"],
                [ids[1], "王强", "不存在的单位", hanbin_village.code, "队员", "2019-01-01"],
            ],
            "结对帮扶": [["户编号", "干部证件号码"], ["610902999999999", ids[0]]],
        },
    )
    with pytest.raises(CommandError):
        try:
            run("import_assistance", str(path))
        except CommandError:
            raise
    assert not HelpingUnit.objects.exists() and not Cadre.objects.exists()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_assistance", str(path), stderr=err)
    text = err.getvalue()
    assert "驻村干部" in text and "不存在的单位" in text and "未登记" in text
    assert "610902999999999 未在建档立卡数据中" in text


def test_import_presence_and_the_attendance_csv(tmp_path, unit, cadre, hanbin_village, hanbin_village_2):
    path = workbook(
        tmp_path / "考勤.xlsx",
        {
            "驻村考勤": [
                ["证件号码", "日期", "行政区划代码", "类型"],
                [cadre.id_number, "2019-03-01", hanbin_village.code, "在村"],
                [cadre.id_number, "2019-03-02", hanbin_village.code, "公务外出"],
                [cadre.id_number, "2019-03-03", hanbin_village.code, "请假"],
                [cadre.id_number, "2019-03-04", hanbin_village_2.code, "在村"],
            ]
        },
    )
    out, _err = run("import_presence", str(path))
    assert out.startswith("导入完成") and Presence.objects.count() == 4
    assert run("import_presence", str(path))[0].startswith("没有变化")
    out, _err = run("attendance", "--year", "2019", "--date", "2019-12-31")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["cadre", "name", "village", "days", "required", "rate", "below"]
    assert rows[1] == [
        mask_value(Kind.ID_NUMBER, cadre.id_number),
        "李驻村",
        hanbin_village.code,
        "1",
        "220.0",
        "0.0045",
        "1",
    ]
    out, _err = run("attendance", "--year", "2019", "--date", "2019-12-31", "--unmask", "--region", "610921")
    assert list(csv.reader(io.StringIO(out)))[1:] == []
    target = tmp_path / "out.csv"
    run("attendance", "--year", "2019", "--date", "2019-12-31", "--unmask", "--out", str(target))
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith(cadre.id_number + ",")


def test_import_presence_refuses_an_unknown_cadre_and_a_bad_type(tmp_path, cadre, hanbin_village):
    path = workbook(
        tmp_path / "考勤.xlsx",
        {
            "驻村考勤": [
                ["证件号码", "日期", "行政区划代码", "类型"],
                [cadre.id_number, "2019-03-01", hanbin_village.code, "在村"],
                [make_id_number("610902", datetime.date(1990, 1, 1), 9), "2019-03-01", hanbin_village.code, "在村"],
                [cadre.id_number, "2019-03-02", hanbin_village.code, "出差"],
            ]
        },
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_presence", str(path), stderr=err)
    assert "未登记" in err.getvalue() and "类型" in err.getvalue()
    assert not Presence.objects.exists()


def test_attendance_refuses_a_bad_date():
    with pytest.raises(CommandError):
        run("attendance", "--year", "2019", "--date", "2019-13-01")


def test_attendance_counts_below(cadre, hanbin_village):
    days_add(cadre, hanbin_village, datetime.date(2019, 1, 1), 220)
    out, _err = run("attendance", "--year", "2019", "--date", "2019-12-31")
    assert out.splitlines()[1].endswith(",220,220.0,1.0000,0")


def test_the_helper_text_fields_become_units_cadres_and_pairings(hanbin_village, household_factory):
    from django.apps import apps

    a = household_factory(hanbin_village, helper_name="张三", helper_unit="安康市财政局", helper_phone="13800001111")
    b = household_factory(hanbin_village, helper_name="张三", helper_unit="安康市财政局", helper_phone="13800001111")
    c = household_factory(hanbin_village, helper_name="李四", helper_unit="汉滨区教育体育局", helper_phone="")
    household_factory(hanbin_village)  # no helper: stays unpaired
    assert pairings_from_helper_fields(apps) == 3
    assert dict(HelpingUnit.objects.values_list("name", "level")) == {
        "安康市财政局": "city",
        "汉滨区教育体育局": "county",
    }
    assert Pairing.objects.get(household=a).cadre == Pairing.objects.get(household=b).cadre
    assert Pairing.objects.get(household=c).cadre.name == "李四"
    assert Cadre.objects.get(name="张三").phone == "13800001111"
    assert pairings_from_helper_fields(apps) == 0
