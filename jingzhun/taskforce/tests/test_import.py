"""import_workplan: all or nothing, idempotent by (专项组, 任务编号), Chinese row-level errors."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from jingzhun.taskforce.models import Task

pytestmark = pytest.mark.django_db

HEADER = ["任务编号", "专项组", "任务内容", "牵头单位", "责任人", "完成时限", "状态", "完成日期"]


def workbook(path, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("任务清单")
    for col, text in enumerate(HEADER):
        sheet.write_string(0, col, text)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is not None:
                sheet.write_string(r, col, str(value))
    book.close()
    return path


ROWS = [
    ["CY-01", "产业就业专项组", "完成产业到户全覆盖核查", "市农业农村局", "王五", "2019-04-30", "已完成", "2019-04-28"],
    ["CY-02", "产业就业专项组", "新建社区工厂20家", "市人社局", "", "2019-06-30", "推进中", ""],
    ["CY-03", "产业就业专项组", "贫困劳动力技能培训", "市人社局", "赵六", "2019-03-31", "逾期", ""],
]


def run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_workplan", str(path), stdout=out, stderr=err)
    return out.getvalue()


def test_a_task_list_is_imported_then_reimported_without_change(group, tmp_path):
    path = workbook(tmp_path / "plan.xlsx", ROWS)
    assert "新增 3" in run(path)
    tasks = {t.code: t for t in Task.objects.all()}
    assert tasks["CY-01"].status == "done" and tasks["CY-01"].completed_on == datetime.date(2019, 4, 28)
    assert tasks["CY-02"].region_id == group.region_id
    assert tasks["CY-03"].status == "in_progress"  # 逾期 is read from the deadline
    assert "无变化 3" in run(path) or "没有变化" in run(path)
    assert Task.objects.count() == 3


def test_an_error_anywhere_writes_nothing(group, tmp_path):
    rows = [
        *ROWS,
        ["CY-04", "不存在的组", "x", "某局", "", "2019-06-30", "", ""],
        ["CY-05", "产业就业专项组", "y", "某局", "", "2019-06-30", "已完成", ""],
        ["CY-01", "产业就业专项组", "重复", "某局", "", "2019-06-30", "", ""],
    ]
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 处错误"):
        call_command("import_workplan", str(workbook(tmp_path / "bad.xlsx", rows)), stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert "专项组“不存在的组”未登记" in text
    assert "须填写完成日期" in text
    assert "与第 2 行重复" in text
    assert Task.objects.count() == 0


def test_a_user_outside_the_group_may_not_import_its_tasks(group, other_sector, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_workplan",
            str(workbook(tmp_path / "plan.xlsx", ROWS)),
            "--user",
            other_sector.username,
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "不是“产业就业专项组”的成员单位" in err.getvalue()
    assert Task.objects.count() == 0
