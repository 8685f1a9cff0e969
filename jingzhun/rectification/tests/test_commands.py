"""The commands of 整改督办: import_problems, import_progress (all or nothing, row errors, idempotent)
and rectification_status (the CSV)."""

import csv
import datetime
import io

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import ANKANG, HANBIN, HANYIN, make_user
from jingzhun.core.models import TransitionLog
from jingzhun.rectification.models import Inspection, Problem, ProgressReport

pytestmark = pytest.mark.django_db

PROBLEM_HEADERS = ["问题编号", "问题类别", "问题描述", "行政区划代码", "责任单位", "责任人", "整改时限", "整改措施"]
PROGRESS_HEADERS = ["检查批次", "问题编号", "日期", "进展", "说明"]


def workbook(path, sheet_name, headers, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(sheet_name)
    for col, header in enumerate(headers):
        sheet.write(0, col, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value))
    book.close()
    return path


def problems_file(tmp_path, rows, name="问题清单.xlsx"):
    return workbook(tmp_path / name, "问题清单", PROBLEM_HEADERS, rows)


def progress_file(tmp_path, rows, name="整改进展.xlsx"):
    return workbook(tmp_path / name, "整改进展", PROGRESS_HEADERS, rows)


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def feedback(tmp_path, hanbin_village):
    return problems_file(
        tmp_path,
        [
            ["1", "精准识别", "信息采集不准确", ANKANG, "脱贫办", "张三", "2019-06-30", "逐户核查"],
            ["2", "资金项目", "资金拨付滞后", HANBIN, "汉滨区财政局", "李四", "2019-05-31", "加快拨付"],
            ["3", "精准帮扶", "危房未改造", hanbin_village.code, "某镇政府", "", "2019-04-30", ""],
        ],
    )


def test_import_problems_routes_shared_ones_and_is_idempotent(feedback):
    out, _err = run(
        "import_problems", str(feedback), "--inspection", "ZY-2018", "--source", "central", "--date", "2019-02-20"
    )
    assert out.startswith("导入完成：整改问题 新增 3")
    inspection = Inspection.objects.get(code="ZY-2018")
    assert inspection.source == "central" and inspection.date == datetime.date(2019, 2, 20)
    shared = Problem.objects.get(inspection=inspection, number="1")
    assert shared.level == "city" and shared.status == "routed" and shared.routed.count() == 10
    county = Problem.objects.get(inspection=inspection, number="2")
    assert county.level == "county" and county.status == "assigned" and county.deadline == datetime.date(2019, 5, 31)
    assert Problem.objects.get(inspection=inspection, number="3").level == "village"
    assert TransitionLog.objects.of(county).get().transition == "start"
    out, _err = run("import_problems", str(feedback), "--inspection", "ZY-2018")
    assert out.startswith("没有变化：整改问题 新增 0、更新 0、无变化 3")
    assert Problem.objects.count() == 13


def test_import_problems_is_all_or_nothing_with_row_errors(tmp_path, city_officer):
    bad = problems_file(
        tmp_path,
        [
            ["1", "精准识别", "描述", HANBIN, "脱贫办", "", "2019-06-30", ""],
            ["1", "精准识别", "重复编号", HANBIN, "脱贫办", "", "2019-06-30", ""],
            ["2", "乱填", "类别不对", HANBIN, "脱贫办", "", "2019-06-30", ""],
            ["3", "作风", "区划不存在", "610999999999", "脱贫办", "", "2019-06-30", ""],
            ["4", "作风", "时限不对", HANBIN, "脱贫办", "", "明年", ""],
        ],
    )
    with pytest.raises(CommandError, match="未写入任何数据"):
        run("import_problems", str(bad), "--inspection", "ZY-2018", "--source", "central", "--date", "2019-02-20")
    assert not Inspection.objects.exists() and not Problem.objects.exists()


def test_import_problems_row_errors_are_in_chinese(tmp_path):
    bad = problems_file(tmp_path, [["2", "乱填", "类别不对", HANBIN, "脱贫办", "", "2019-06-30", ""]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_problems", str(bad), "--inspection", "X", "--source", "central", "--date", "2019-02-20", stderr=err
        )
    assert "问题清单" in err.getvalue() and "第 2 行" in err.getvalue() and "问题类别" in err.getvalue()


def test_a_new_inspection_needs_source_and_date(feedback):
    with pytest.raises(CommandError):
        run("import_problems", str(feedback), "--inspection", "NEW-1")
    assert not Problem.objects.exists()


def test_a_county_imports_only_in_its_county(tmp_path, county_officer, inspection_factory):
    inspection_factory("ZY-2018")
    rows = [["9", "作风", "外县问题", HANYIN, "汉阴县", "", "2019-06-30", ""]]
    with pytest.raises(CommandError):
        run(
            "import_problems",
            str(problems_file(tmp_path, rows)),
            "--inspection",
            "ZY-2018",
            "--user",
            county_officer.username,
        )
    ok = [["8", "作风", "本县问题", HANBIN, "汉滨区", "", "2019-06-30", ""]]
    run(
        "import_problems",
        str(problems_file(tmp_path, ok, "ok.xlsx")),
        "--inspection",
        "ZY-2018",
        "--user",
        county_officer.username,
    )
    assert Problem.objects.get(number="8").region_id == HANBIN


def test_import_progress_moves_problems_and_needs_done_before_closed(tmp_path, feedback, city_officer):
    run("import_problems", str(feedback), "--inspection", "ZY-2018", "--source", "central", "--date", "2019-02-20")
    premature = progress_file(
        tmp_path,
        [["ZY-2018", "2", "2019-04-01", "整改中", "正在拨付"], ["ZY-2018", "3", "2019-04-02", "已销号", ""]],
        "bad.xlsx",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_progress", str(premature), stderr=err)
    assert "已完成" in err.getvalue() and not ProgressReport.objects.exists()
    good = progress_file(
        tmp_path,
        [
            ["ZY-2018", "2", "2019-04-01", "整改中", "正在拨付"],
            ["ZY-2018", "2", "2019-05-20", "已完成", "已全部拨付"],
            ["ZY-2018", "2", "2019-06-10", "已销号", "县级验收"],
            ["ZY-2018", "3", "2019-04-02", "已完成", "危房已改造"],
        ],
    )
    out, _err = run("import_progress", str(good))
    assert out.startswith("导入完成：整改进展 新增 4")
    closed = Problem.objects.get(number="2")
    assert closed.status == "closed" and closed.done_on == datetime.date(2019, 5, 20)
    assert closed.closed_on == datetime.date(2019, 6, 10)
    assert Problem.objects.get(number="3").status == "submitted"
    steps = list(TransitionLog.objects.of(closed).order_by("at", "id").values_list("transition", flat=True))
    assert steps == ["start", "begin", "record_done", "record_closed"]
    out, _err = run("import_progress", str(good))
    assert out.startswith("没有变化：整改进展 新增 0、更新 0、无变化 4")
    # The shared problem is reported on through its counties' problems.
    shared = progress_file(tmp_path, [["ZY-2018", "1", "2019-04-01", "整改中", ""]], "shared.xlsx")
    with pytest.raises(CommandError):
        run("import_progress", str(shared))


def test_a_village_may_report_done_but_not_close(tmp_path, feedback, hanbin_village):
    run("import_problems", str(feedback), "--inspection", "ZY-2018", "--source", "central", "--date", "2019-02-20")
    clerk = make_user("clerk2", "village", hanbin_village.code)
    rows = [["ZY-2018", "3", "2019-04-02", "已完成", ""], ["ZY-2018", "3", "2019-04-09", "已销号", ""]]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_progress", str(progress_file(tmp_path, rows)), "--user", clerk.username, stderr=err)
    assert "销号须由县级及以上" in err.getvalue()


def test_rectification_status_csv(tmp_path, feedback):
    run("import_problems", str(feedback), "--inspection", "ZY-2018", "--source", "central", "--date", "2019-02-20")
    with pytest.raises(CommandError):
        run("import_problems", str(feedback), "--inspection", "Q", "--source", "路边", "--date", "2019-01-01")
    later = problems_file(
        tmp_path, [["R1", "资金项目", "资金拨付又滞后", HANBIN, "汉滨区财政局", "", "2020-06-30", ""]], "l.xlsx"
    )
    run(
        "import_progress",
        str(
            progress_file(
                tmp_path, [["ZY-2018", "2", "2019-05-20", "已完成", ""], ["ZY-2018", "2", "2019-05-25", "已销号", ""]]
            )
        ),
    )
    run("import_problems", str(later), "--inspection", "ZY-2019", "--source", "巡视", "--date", "2020-01-10")
    assert Inspection.objects.get(code="ZY-2019").source == "patrol"
    out_file = tmp_path / "status.csv"
    run("rectification_status", "--date", "2019-07-10", "--region", "610902", "--out", str(out_file))
    rows = list(csv.reader(out_file.open(encoding="utf-8")))
    assert rows[0] == [
        "inspection",
        "problem",
        "region",
        "category",
        "status",
        "deadline",
        "overdue_days",
        "recurrence",
    ]
    by_number = {row[1]: row for row in rows[1:]}
    assert "1" not in by_number and "R1" not in by_number  # routed shared problem; a later inspection
    assert by_number["1-610902"][4:7] == ["open", "2019-06-30", "10"]
    assert by_number["2"][4:8] == ["closed", "2019-05-31", "0", "0"]
    assert len(rows) == 4  # header, 1-610902, 2, 3
    out, _err = run("rectification_status", "--date", "2020-02-01", "--region", HANBIN)
    later_rows = {row[1]: row for row in csv.reader(io.StringIO(out))}
    assert later_rows["R1"][7] == "1"  # repeats problem 2, closed in 2019
    with pytest.raises(CommandError):
        run("rectification_status", "--date", "2019-13-01")


def test_the_import_page_runs_the_problem_import_as_a_job(
    tmp_path, client_for, county_officer, inspector, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from jingzhun.core.models import Job

    path = problems_file(tmp_path, [["7", "作风", "走访不经常", HANBIN, "汉滨区脱贫办", "", "2019-06-30", ""]])
    client = client_for(county_officer)
    with path.open("rb") as upload, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rectification:problem-import"),
            {"file": upload, "inspection": "XC-2019", "source": "county_cross", "date": "2019-04-01"},
        )
    assert response.status_code == 302
    assert Job.objects.get().status == "succeeded"
    problem = Problem.objects.get(number="7")
    assert problem.inspection.source == "county_cross" and problem.inspection.region_id == HANBIN
    assert client_for(inspector).get(reverse("rectification:problem-import")).status_code == 403
