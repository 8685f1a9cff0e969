"""The weekly dispatch sheet: its counts, and the Word document read back."""

import datetime
import io

import docx
import pytest

from conftest import HANBIN
from jingzhun.taskforce.dispatch import DispatchCount, dispatch_docx, dispatch_sheet, dispatch_xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def week(make_task, group):
    from jingzhun.taskforce.models import Meeting

    make_task("D1", "2019-06-12", region=HANBIN)  # due this week
    make_task("D2", "2019-06-01", region=HANBIN)  # overdue
    make_task("D3", "2019-06-30", region=HANBIN, completed_on="2019-06-05")  # done last week
    make_task("D4", "2019-05-01", completed_on="2019-05-02")  # city-level, done long ago: not in the sheet
    Meeting.objects.create(
        region_id=group.region_id,
        kind="dispatch",
        date=D(2019, 6, 3),
        title="第23周调度会",
        issues_this_week="部分村产业覆盖不到位",
        plan_next_week="开展产业覆盖专项核查",
    )


def test_the_sheet_counts_per_group_and_county(week, city_officer):
    sheet = dispatch_sheet(user=city_officer, on=D(2019, 6, 10))
    assert [(r.group, r.county, r.due, r.overdue, r.done) for r in sheet.rows] == [
        ("产业就业专项组", "汉滨区", 1, 1, 1)
    ]
    assert [t.code for t in sheet.overdue_tasks] == ["D2"]
    assert sheet.meeting.title == "第23周调度会"


def test_the_county_sees_only_its_own_tasks(week, outsider):
    sheet = dispatch_sheet(user=outsider, on=D(2019, 6, 10))
    assert sheet.rows == [] and sheet.overdue_tasks == []


def test_hooks_of_other_apps_add_columns(week, city_officer, monkeypatch):
    from jingzhun.taskforce import dispatch

    def rectification(*, user, on):
        return [DispatchCount("逾期整改问题", {HANBIN: 4})]

    monkeypatch.setattr(dispatch, "_hooks", lambda: [dispatch.projects_overdue, rectification])
    sheet = dispatch_sheet(user=city_officer, on=D(2019, 6, 10))
    assert [c.label for c in sheet.extra] == ["逾期项目", "逾期整改问题"]
    assert sheet.county_table() == [["汉滨区", 0, 4]]


def test_the_word_document_reads_back(week, city_officer):
    data = dispatch_docx(dispatch_sheet(user=city_officer, on=D(2019, 6, 10)))
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "脱贫攻坚周调度表" in text and "2019-06-10 至 2019-06-16" in text
    assert "本周问题：部分村产业覆盖不到位" in text
    first = document.tables[0]
    cells = [[c.text for c in row.cells] for row in first.rows]
    assert cells[0] == ["专项组", "县区", "本期到期", "已逾期", "上期完成"]
    assert cells[1] == ["产业就业专项组", "汉滨区", "1", "1", "1"]
    overdue = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert overdue[1][1] == "D2"
    assert data == dispatch_docx(dispatch_sheet(user=city_officer, on=D(2019, 6, 10)))  # same data, same bytes


def test_the_workbook_has_the_three_sheets(week, city_officer):
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(
        io.BytesIO(dispatch_xlsx(dispatch_sheet(user=city_officer, on=D(2019, 6, 10))))
    )
    assert book.sheet_names == ["调度表", "相关工作", "逾期任务"]
    rows = book.get_sheet_by_name("调度表").to_python()
    assert rows[1][:2] == ["产业就业专项组", "汉滨区"]
