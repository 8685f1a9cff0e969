"""import_assessment and ranking: all or nothing, row-level errors, idempotent, the CSV contract."""

import csv
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from jingzhun.assessments import services
from jingzhun.assessments.models import Adjustment, Component, Entity, Round, Score
from jingzhun.assessments.tests.world import COUNTIES, quarter_round

pytestmark = pytest.mark.django_db

SCHEME = [["cross", "交叉检查", 1, 100], ["bulletin", "月通报", None, 2]]


def workbook(path, scores, adjustments=None, scheme=SCHEME):
    book = xlsxwriter.Workbook(str(path))
    sheets = [
        ("方案", ["指标代码", "指标名称", "权重", "满分"], scheme),
        ("得分", ["考核对象", "指标代码", "得分"], scores),
    ]
    if adjustments is not None:
        sheets.append(("加减分", ["考核对象", "事项", "分值", "依据"], adjustments))
    for title, headers, rows in sheets:
        sheet = book.add_worksheet(title)
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                sheet.write_string(r, c, value) if isinstance(value, str) else sheet.write_number(r, c, value)
    book.close()
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def good_scores():
    return [
        [COUNTIES[0], "cross", 96.0],
        [COUNTIES[0], "bulletin", 1.5],
        ["汉阴县", "cross", 95.5],
        ["汉阴县", "bulletin", 1.0],
        [COUNTIES[9], "cross", 95.45],
        [COUNTIES[9], "bulletin", 1.0],
    ]


def test_import_creates_the_round_and_is_idempotent(tmp_path, city_officer):
    path = workbook(tmp_path / "q3.xlsx", good_scores(), [[COUNTIES[9], "宣传加分", 0.1, "陕扶办〔2017〕1号"]])
    out, _ = run("import_assessment", str(path), "--round", "2017Q3")
    assert out.startswith("导入完成：考核指标 新增 2")
    round = Round.objects.get(code="2017Q3")
    assert round.year == 2017 and round.status == "draft"
    assert Score.objects.filter(round=round).count() == 6
    assert Component.objects.get(scheme=round.scheme, code="bulletin").weight is None
    assert Adjustment.objects.get(round=round).basis == "陕扶办〔2017〕1号"
    assert Entity.objects.get(code=COUNTIES[1]).name == "汉阴县"
    out, _ = run("import_assessment", str(path), "--round", "2017Q3")
    assert out.startswith("没有变化：")
    assert Score.objects.filter(round=round).count() == 6


def test_import_is_all_or_nothing_with_row_level_errors(tmp_path):
    scores = [*good_scores(), ["不存在县", "cross", 90], [COUNTIES[0], "nosuch", 1], [COUNTIES[1], "cross", -1]]
    path = workbook(tmp_path / "bad.xlsx", scores, [[COUNTIES[0], "空", 0, ""]])
    with pytest.raises(CommandError, match="处错误，未写入任何数据"):
        run("import_assessment", str(path), "--round", "2017Q3")
    assert not Round.objects.filter(code="2017Q3").exists()
    assert not Score.objects.exists()


def test_import_reports_each_error_in_chinese(tmp_path):
    from jingzhun.accounts.models import User
    from jingzhun.assessments.imports import AssessmentImporter

    scores = [*good_scores(), ["不存在县", "cross", 90], [COUNTIES[0], "cross", 97]]
    path = workbook(tmp_path / "bad.xlsx", scores)
    admin = User(username="manage.py", role="admin", is_superuser=True)
    with path.open("rb") as handle:
        result = AssessmentImporter(user=admin, file=handle, filename="bad.xlsx", round_code="R1").run()
    errors = [str(e) for e in result.errors]
    assert len(errors) == 2, errors
    assert "得分" in errors[0] and "8" in errors[0] and "考核对象“不存在县”不存在" in errors[0]
    assert "与第 2 行重复" in errors[1]
    assert not result.written


def test_import_refuses_a_published_round(tmp_path, city_officer):
    quarter_round(city_officer, "2017Q3", {COUNTIES[0]: (90, 1)}, publish=True)
    path = workbook(tmp_path / "q3.xlsx", good_scores())
    with pytest.raises(CommandError):
        run("import_assessment", str(path), "--round", "2017Q3")


def test_import_sets_the_previous_round(tmp_path, city_officer):
    quarter_round(city_officer, "2017Q2", {COUNTIES[0]: (90, 1)})
    path = workbook(tmp_path / "q3.xlsx", good_scores())
    run("import_assessment", str(path), "--round", "2017Q3", "--previous", "2017Q2")
    assert Round.objects.get(code="2017Q3").previous.code == "2017Q2"
    with pytest.raises(CommandError):
        run("import_assessment", str(path), "--round", "2017Q4", "--previous", "2016Q9")


def test_ranking_csv_contract(tmp_path, city_officer):
    q2 = quarter_round(city_officer, "2017Q2", {COUNTIES[0]: (95, 1), COUNTIES[1]: (96, 1), COUNTIES[9]: (90, 1)})
    quarter_round(
        city_officer,
        "2017Q3",
        {COUNTIES[0]: (96, 1.5), COUNTIES[1]: (95.5, 1), COUNTIES[9]: (95.45, 1)},
        previous=q2,
        adjustments=[(COUNTIES[9], "宣传", "0.1")],
    )
    out_file = tmp_path / "r.csv"
    run("ranking", "--round", "2017Q3", "--out", str(out_file))
    rows = list(csv.reader(out_file.open(encoding="utf-8")))
    assert rows[0] == [
        "entity",
        "total",
        "rank",
        "total_without_bonus",
        "rank_without_bonus",
        "previous_rank",
        "movement",
        "margin_below",
    ]
    assert rows[1] == [COUNTIES[0], "97.50", "1", "97.50", "1", "2", "1", "0.95"]
    assert rows[2] == [COUNTIES[9], "96.55", "2", "96.45", "3", "3", "1", "0.05"]
    assert rows[3] == [COUNTIES[1], "96.50", "3", "96.50", "2", "1", "-2", ""]
    out, _ = run("ranking", "--round", "2017Q2")
    first = list(csv.reader(io.StringIO(out)))[1]
    assert first[5:7] == ["", ""]
    with pytest.raises(CommandError, match="不存在"):
        run("ranking", "--round", "nope")
    with pytest.raises(CommandError, match="排名组"):
        run("ranking", "--round", "2017Q3", "--group", "nope")


def test_ranking_by_group(city_officer):
    from jingzhun.assessments.models import PeerGroup

    quarter_round(city_officer, "2017Q3", {COUNTIES[0]: (95, 1), COUNTIES[1]: (96, 1)})
    group = PeerGroup.objects.create(code="deep", name="深度贫困县")
    group.members.add(Entity.objects.get(code=COUNTIES[0]))
    out, _ = run("ranking", "--round", "2017Q3", "--group", "deep")
    assert list(csv.reader(io.StringIO(out)))[1][:3] == [COUNTIES[0], "96.00", "1"]
    assert Decimal("96.00")
    assert services
