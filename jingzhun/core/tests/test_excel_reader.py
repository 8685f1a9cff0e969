"""Reading messy real spreadsheets: header rows, aliases, merged cells, encodings, formats; the error workbook."""

import datetime
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from jingzhun.core.excel import (
    Column,
    ImportIssue,
    SheetSchema,
    SpreadsheetError,
    clean_values,
    read_workbook,
    write_error_workbook,
)

DATA = Path(__file__).parent / "data"
ID_1 = "610902198005061235"
ID_2 = "610902198208084568"

HOUSEHOLDS = SheetSchema(
    "户信息",
    ("户基本信息",),
    (
        Column("county_name", "县", ("县（区）",), fill_merged=True),
        Column("village_name", "行政村", ("村",), fill_merged=True),
        Column("household_code", "户编号", ("户码", "户编码"), required=True),
        Column("size", "人数", ("家庭人口数",), "int", required=True),
        Column("head_name", "户主姓名"),
    ),
    ("household_code",),
)
MEMBERS = SheetSchema(
    "人员信息",
    ("家庭成员",),
    (
        Column("village_name", "行政村", ("村",), fill_merged=True),
        Column("household_code", "户编号", ("户码", "户编码"), required=True),
        Column("name", "姓名", required=True),
        Column("id_number", "证件号码", ("身份证号", "身份证号码", "公民身份号码"), "id_number", required=True),
        Column("birth_date", "出生日期", (), "date"),
    ),
    ("household_code",),
)
VILLAGES = SheetSchema(
    "村信息",
    (),
    (
        Column("village", "行政区划代码", ("区划代码",), "region_code", required=True),
        Column("poor", "是否贫困村", (), "bool"),
    ),
    required=False,
)
SCHEMAS = (HOUSEHOLDS, MEMBERS, VILLAGES)
MEMBER_HEADER = ["户编号", "姓名", "证件号码", "出生日期"]


def write_xlsx(path, sheets, merges=None, hidden=()):
    """Write ``{sheet name: rows}``; ``merges`` is ``{sheet name: ["E4:E5", ...]}`` (value from the top-left)."""
    workbook = xlsxwriter.Workbook(path)
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    ws.write_datetime(r, c, value, date)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                elif value is not None:
                    ws.write(r, c, value)
        for cell_range in (merges or {}).get(name, []):
            first = cell_range.split(":")[0]
            r = int("".join(ch for ch in first if ch.isdigit())) - 1
            c = ord(first[0]) - 65
            ws.merge_range(cell_range, rows[r][c])
        if name in hidden:
            ws.hide()
    workbook.close()
    return path


def write_ods(path, sheets):
    """Write a minimal OpenDocument spreadsheet (no library writes one without extra dependencies)."""

    def cell(value):
        if value in (None, ""):
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def read(path, schemas=(MEMBERS,)):
    return read_workbook(path, Path(path).name, schemas)


def messages(result, severity=None):
    return [str(issue) for issue in result.issues if severity is None or issue.severity == severity]


# --- header row and columns -------------------------------------------------------------------


def test_it_finds_the_header_under_title_and_note_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "members.xlsx",
        {
            "人员信息": [
                ["安康市汉滨区建档立卡贫困人口信息表"],
                ["填报单位：五里镇人民政府", None, "填报日期：2019-12-31"],
                [],
                MEMBER_HEADER,
                ["H0001", "张三", ID_1, datetime.date(1980, 5, 6)],
            ]
        },
    )
    sheet = read(path).sheets["人员信息"]
    assert sheet.header_row == 4
    assert [row.number for row in sheet.rows] == [5]
    assert sheet.rows[0].values == {
        "household_code": "H0001",
        "name": "张三",
        "id_number": ID_1,
        "birth_date": datetime.date(1980, 5, 6),
    }
    assert sheet.title_rows[0][0] == "安康市汉滨区建档立卡贫困人口信息表"


def test_header_aliases_full_width_spaces_line_breaks_and_required_marks_still_match(tmp_path):
    header = ["*户码", "姓 名", "身份证\n号码（必填）", "出生日期＊"]
    path = write_xlsx(tmp_path / "m.xlsx", {"人员信息": [header, ["H1", "张三", ID_1, "1980-05-06"]]})
    sheet = read(path).sheets["人员信息"]
    assert sheet.headers == {
        "household_code": "*户码",
        "name": "姓 名",
        "id_number": "身份证\n号码（必填）",
        "birth_date": "出生日期＊",
    }
    assert sheet.columns == {"household_code": 0, "name": 1, "id_number": 2, "birth_date": 3}


def test_unknown_columns_are_reported_not_silently_dropped(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"人员信息": [[*MEMBER_HEADER, "微信号", "备用电话"], ["H1", "张三", ID_1]]})
    result = read(path)
    assert result.sheets["人员信息"].unknown_headers == ["微信号", "备用电话"]
    assert not result.errors
    [warning] = result.warnings
    assert "微信号（E 列）" in warning.message and "备用电话（F 列）" in warning.message


def test_data_under_a_column_without_header_is_reported(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"人员信息": [MEMBER_HEADER, ["H1", "张三", ID_1, None, None, "漏填表头"]]})
    assert any("F 列有数据但没有表头" in text for text in messages(read(path), "warning"))


def test_a_missing_required_column_is_an_error_naming_its_aliases(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"人员信息": [["户编号", "姓名", "出生日期"], ["H1", "张三", "1980-01-01"]]})
    [error] = read(path).errors
    assert error.column_key == "id_number"
    assert error.row == 1
    assert (
        str(error)
        == "人员信息, 第 1 行, 证件号码: 缺少必填列“证件号码”（也可写作：身份证号、身份证号码、公民身份号码）。"
    )


def test_two_columns_for_the_same_field_is_an_error(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx", {"人员信息": [["户编号", "姓名", "证件号码", "身份证号"], ["H1", "张三", ID_1, ID_2]]}
    )
    [error] = read(path).errors
    assert "第 C 列“证件号码”和第 D 列“身份证号”都对应“证件号码”" in error.message


def test_a_sheet_without_a_recognisable_header_is_an_error(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"人员信息": [["甲", "乙"], ["1", "2"]]})
    result = read(path)
    assert any("没有找到表头行" in text for text in messages(result, "error"))
    assert "人员信息" not in result.sheets


# --- rows -------------------------------------------------------------------------------------


def test_empty_rows_are_skipped_and_row_numbers_are_those_excel_shows(tmp_path):
    rows = [MEMBER_HEADER, ["H1", "甲", ID_1], [], [None, " ", None], ["H2", "乙", ID_2], [], [], []]
    sheet = read(write_xlsx(tmp_path / "m.xlsx", {"人员信息": rows})).sheets["人员信息"]
    assert [(row.number, row.values["name"]) for row in sheet.rows] == [(2, "甲"), (5, "乙")]


def test_totals_and_signature_rows_under_the_data_are_skipped_with_a_warning(tmp_path):
    rows = [MEMBER_HEADER, ["H1", "甲", ID_1], ["合计", "1 人"], ["填表人：张三", None, "审核人：李四"]]
    result = read(write_xlsx(tmp_path / "m.xlsx", {"人员信息": rows}))
    assert [row.number for row in result.sheets["人员信息"].rows] == [2]
    assert [issue.row for issue in result.warnings] == [3, 4]


def test_the_values_of_a_merged_range_apply_to_every_cell_of_it(tmp_path):
    rows = [
        ["县", "行政村", "户编号", "人数"],
        ["汉滨区", "安心村", "H1", 3],
        [None, None, "H2", 2],
        [None, "五里村", "H3", 4],
    ]
    path = write_xlsx(tmp_path / "h.xlsx", {"户信息": rows}, merges={"户信息": ["A2:A4", "B2:B3"]})
    sheet = read(path, (HOUSEHOLDS,)).sheets["户信息"]
    assert [(r.values["county_name"], r.values["village_name"]) for r in sheet.rows] == [
        ("汉滨区", "安心村"),
        ("汉滨区", "安心村"),
        ("汉滨区", "五里村"),
    ]


def test_a_merged_range_running_past_the_data_creates_no_rows(tmp_path):
    rows = [["县", "户编号", "人数"], ["汉滨区", "H1", 3], [None, "H2", 2], [], [], []]
    path = write_xlsx(tmp_path / "h.xlsx", {"户信息": rows}, merges={"户信息": ["A2:A6"]})
    sheet = read(path, (HOUSEHOLDS,)).sheets["户信息"]
    assert [row.number for row in sheet.rows] == [2, 3]


def test_a_two_row_header_with_merged_cells_is_read(tmp_path):
    rows = [
        ["户编号", "基本情况", None, "户主姓名"],
        [None, "人数", "村", None],
        ["H1", 3, "安心村", "张三"],
    ]
    path = write_xlsx(tmp_path / "h.xlsx", {"户信息": rows}, merges={"户信息": ["A1:A2", "B1:C1", "D1:D2"]})
    result = read(path, (HOUSEHOLDS,))
    sheet = result.sheets["户信息"]
    assert sheet.header_row == 2
    assert sheet.rows[0].values == {"household_code": "H1", "size": 3, "village_name": "安心村", "head_name": "张三"}
    assert sheet.headers == {"household_code": "户编号", "size": "人数", "village_name": "村", "head_name": "户主姓名"}
    assert not result.issues
    # The copy in an error workbook keeps the layout of the file: the merged names stay in the upper row.
    assert sheet.title_rows == [["户编号", "基本情况", "", "户主姓名"]]
    assert sheet.header_cells == ["", "人数", "村", ""]


def test_a_header_merged_across_two_columns_names_only_the_first(tmp_path):
    rows = [["户编号", "姓名", "证件号码", None], ["H1", "张三", ID_1, None]]
    path = write_xlsx(tmp_path / "m.xlsx", {"人员信息": rows}, merges={"人员信息": ["C1:D1"]})
    result = read(path)
    assert not result.errors
    assert result.sheets["人员信息"].columns["id_number"] == 2


def test_without_merge_information_only_fill_merged_columns_are_filled_down_and_it_says_so(tmp_path):
    path = tmp_path / "members.csv"
    path.write_text("村,户编号,姓名,证件号码\n安心村,H1,甲,1\n,H1,乙,2\n,,,\n,H2,丙,\n", encoding="utf-8")
    result = read(path)
    assert result.sheets["人员信息"].title == "members"
    rows = result.sheets["人员信息"].rows
    assert [row.values["village_name"] for row in rows] == ["安心村", "安心村", "安心村"]
    assert rows[2].values["id_number"] == ""  # not a fill_merged column: left empty, reported later as required
    assert any("“村”列有 2 个空白单元格按上一行的值填充" in text for text in messages(result, "warning"))


# --- sheets -----------------------------------------------------------------------------------


def test_sheets_are_matched_by_name_or_alias(tmp_path):
    sheets = {
        "户基本信息": [["户编号", "人数"], ["H1", 2]],
        "家庭成员": [MEMBER_HEADER, ["H1", "甲", ID_1]],
        "说明": [["本表由五里镇填报"]],
    }
    result = read(write_xlsx(tmp_path / "w.xlsx", sheets), SCHEMAS)
    assert list(result.sheets) == ["户信息", "人员信息"]
    assert result.sheets["户信息"].title == "户基本信息"
    assert not result.one_sheet
    assert not result.errors


def test_a_sheet_with_a_generic_name_is_matched_by_its_header(tmp_path):
    sheets = {
        "Sheet1": [["户编号", "人数", "户主姓名"], ["H1", 2, "甲"]],
        "Sheet2": [MEMBER_HEADER, ["H1", "甲", ID_1]],
    }
    result = read(write_xlsx(tmp_path / "w.xlsx", sheets), SCHEMAS)
    assert {name: sheet.title for name, sheet in result.sheets.items()} == {"户信息": "Sheet1", "人员信息": "Sheet2"}


def test_a_missing_required_sheet_is_an_error_but_an_optional_one_is_not(tmp_path):
    result = read(write_xlsx(tmp_path / "w.xlsx", {"户信息": [["户编号", "人数"], ["H1", 2]]}), SCHEMAS)
    assert [str(e) for e in result.errors] == ["人员信息: 文件中没有“人员信息”工作表（也可命名为：家庭成员）。"]


def test_two_sheets_for_the_same_schema_is_an_error(tmp_path):
    sheets = {"户信息": [["户编号", "人数"], ["H1", 2]], "户基本信息": [["户编号", "人数"], ["H2", 3]]}
    result = read(write_xlsx(tmp_path / "w.xlsx", sheets), (HOUSEHOLDS,))
    assert result.sheets["户信息"].title == "户信息"
    assert any("都是户信息" in text for text in messages(result, "error"))


def test_hidden_sheets_are_not_read(tmp_path):
    sheets = {"户信息": [["户编号", "人数"], ["H1", 2]], "人员信息": [MEMBER_HEADER, ["H1", "甲", ID_1]]}
    result = read(write_xlsx(tmp_path / "w.xlsx", sheets, hidden=("人员信息",)), (HOUSEHOLDS, MEMBERS))
    assert "人员信息" not in result.sheets
    assert any("已隐藏" in text for text in messages(result, "warning"))


def test_a_single_sheet_with_household_and_member_columns_is_the_one_sheet_layout(tmp_path):
    rows = [
        ["户编号", "人数", "户主姓名", "姓名", "证件号码"],
        ["H1", 2, "甲", "甲", ID_1],
        [None, None, None, "乙", ID_2],
    ]
    path = write_xlsx(tmp_path / "one.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["A2:A3", "B2:B3", "C2:C3"]})
    result = read(path, SCHEMAS)
    assert result.one_sheet
    households, members = result.sheets["户信息"], result.sheets["人员信息"]
    assert [r.values for r in households.rows] == [{"household_code": "H1", "size": 2, "head_name": "甲"}] * 2
    assert [(r.number, r.values["name"], r.values["household_code"]) for r in members.rows] == [
        (2, "甲", "H1"),
        (3, "乙", "H1"),
    ]
    assert not result.issues


# --- formats and encodings ----------------------------------------------------------------------

CSV_TEXT = "安康市建档立卡贫困人口信息表,,,\n户编号,姓名,证件号码,出生日期\nH1,张三,610902198005061235,1980/5/6\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_is_read_in_every_encoding_offices_save(tmp_path, encoding):
    path = tmp_path / "人员信息.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    result = read(path)
    sheet = result.sheets["人员信息"]
    assert sheet.title == "人员信息"
    assert sheet.header_row == 2
    assert sheet.rows[0].values == {"household_code": "H1", "name": "张三", "id_number": ID_1, "birth_date": "1980/5/6"}


def test_a_tab_separated_csv_is_read(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(CSV_TEXT.replace(",", "\t"), encoding="utf-8")
    assert read(path).sheets["人员信息"].rows[0].values["name"] == "张三"


def test_a_csv_in_neither_utf8_nor_gb18030_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b"\xff\xff\x80\x80,\xfe\n")
    with pytest.raises(SpreadsheetError, match="无法识别文件的编码"):
        read(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.docx", b"PK\x03\x04", "不支持的文件类型“.docx”"),
        ("m", b"", "不支持的文件类型“无扩展名”"),
        ("m.csv", b"PK\x03\x04rest", "内容是 Excel 工作簿"),
        ("m.xls", b"<html><table><tr><td>1</td></tr></table></html>", "网页（HTML）"),
        ("m.xlsx", b"PK\x03\x04 broken zip", "文件已损坏"),
        ("m.xlsx", b"a,b,c\n", "如果是 CSV 文件，请把扩展名改为 .csv"),
    ],
)
def test_unreadable_files_are_refused_with_a_chinese_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=message) as raised:
        read(path)
    assert raised.value.issue.sheet == name


def test_a_binary_file_object_is_read_like_a_path(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"人员信息": [MEMBER_HEADER, ["H1", "张三", ID_1]]})
    result = read_workbook(io.BytesIO(path.read_bytes()), "上传.xlsx", (MEMBERS,))
    assert result.sheets["人员信息"].rows[0].values["name"] == "张三"
    assert result.filename == "上传.xlsx"


def test_an_old_xls_workbook_is_read_with_its_merged_cells():
    result = read_workbook(DATA / "members.xls", "members.xls", (MEMBERS,))
    sheet = result.sheets["人员信息"]
    assert sheet.header_row == 3
    assert [(r.number, r.values["name"], r.values["village_name"]) for r in sheet.rows] == [
        (4, "张三", "安心村"),
        (5, "李四", "安心村"),
        (6, "王五", "五里村"),
    ]
    cleaned, issues = clean_values(MEMBERS.columns, sheet.rows[1].values, sheet=sheet.title, row=5)
    assert cleaned["birth_date"] == datetime.date(1982, 8, 8)
    assert [issue.column_key for issue in issues] == ["id_number"]
    assert "后几位已丢失" in issues[0].message


def test_an_ods_workbook_is_read_and_fill_merged_columns_are_filled_down(tmp_path):
    path = write_ods(
        tmp_path / "m.ods",
        {"人员信息": [["标题"], ["村", *MEMBER_HEADER], ["安心村", "H1", "甲", ID_1], ["", "H1", "乙", ID_2]]},
    )
    sheet = read(path).sheets["人员信息"]
    assert sheet.header_row == 2
    assert [(r.number, r.values["village_name"], r.values["id_number"]) for r in sheet.rows] == [
        (3, "安心村", ID_1),
        (4, "安心村", ID_2),
    ]


# --- the error workbook -----------------------------------------------------------------------


def read_back(path):
    workbook = CalamineWorkbook.from_path(path)
    return {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in workbook.sheet_names}


def test_the_error_workbook_marks_each_bad_cell_and_lists_every_issue(tmp_path):
    rows = [
        ["五里镇贫困人口花名册"],
        [*MEMBER_HEADER, "微信号"],
        ["H1", "张三", ID_1, datetime.date(1980, 5, 6), "zs"],
        [],
        ["H1", "李四", 6.10902198208085e17, "1982-02-30", "ls"],
    ]
    result = read(write_xlsx(tmp_path / "m.xlsx", {"人员信息": rows}, merges={"人员信息": ["A1:E1"]}))
    sheet = result.sheets["人员信息"]
    issues = list(result.issues)
    for raw in sheet.rows:
        issues += clean_values(MEMBERS.columns, raw.values, sheet=sheet.title, row=raw.number)[1]
    issues.append(ImportIssue("人员信息", 5, None, None, "户编号 H1 的户主不止一人。"))
    issues.append(ImportIssue("户信息", None, None, None, "文件中没有“户信息”工作表。"))
    out = tmp_path / "errors.xlsx"

    write_error_workbook(result.sheets.values(), issues, out)

    book = read_back(out)
    assert list(book) == ["人员信息", "错误清单"]
    copy = book["人员信息"]
    assert copy[0][:2] == ["五里镇贫困人口花名册", ""]
    assert copy[1][:6] == [*MEMBER_HEADER, "微信号", "错误提示"]
    assert copy[2][:5] == ["H1", "张三", ID_1, datetime.date(1980, 5, 6), "zs"]
    assert copy[4][1] == "李四"
    assert "证件号码：证件号码被 Excel 存成了数字" in copy[4][5]
    assert "户主不止一人" in copy[4][5]
    listed = book["错误清单"]
    assert listed[0] == ["工作表", "行", "列", "错误"]
    assert listed[1] == ["户信息", "", "", "文件中没有“户信息”工作表。"]
    assert [(r[0], r[1], r[2]) for r in listed[2:]] == [
        ("人员信息", 2.0, ""),  # the unknown column 微信号 (a warning)
        ("人员信息", 5.0, "证件号码"),
        ("人员信息", 5.0, "出生日期"),
        ("人员信息", 5.0, ""),
    ]
    assert listed[2][3].startswith("（提示）")

    with zipfile.ZipFile(out) as archive:
        styles = archive.read("xl/styles.xml").decode()
        comments = "".join(archive.read(n).decode() for n in archive.namelist() if "comments" in n)
    assert "FFC7CE" in styles  # the red fill
    assert "后几位已丢失" in comments and "日期“1982-02-30”不存在" in comments


def test_the_error_workbook_writes_the_one_sheet_layout_once(tmp_path):
    rows = [["户编号", "人数", "姓名", "证件号码"], ["H1", 2, "甲", ID_1]]
    result = read(write_xlsx(tmp_path / "one.xlsx", {"花名册": rows}), SCHEMAS)
    out = io.BytesIO()
    write_error_workbook(result.sheets.values(), [ImportIssue("花名册", 2, "size", "人数", "人数与成员数不符。")], out)
    out.seek(0)
    assert CalamineWorkbook.from_filelike(out).sheet_names == ["花名册", "错误清单"]


def test_the_error_workbook_can_leave_out_the_rows_without_issues(tmp_path):
    rows = [MEMBER_HEADER, ["H1", "甲", ID_1], ["H1", "乙", ID_2], ["H2", "丙", ID_1]]
    result = read(write_xlsx(tmp_path / "m.xlsx", {"人员信息": rows}))
    out = tmp_path / "errors.xlsx"
    issue = ImportIssue("人员信息", 3, "name", "姓名", "姓名与户籍不符。")
    write_error_workbook(result.sheets.values(), [issue], out, only_marked_rows=True)
    copy = read_back(out)["人员信息"]
    assert [row[1] for row in copy] == ["姓名", "", "乙"]


def test_a_rows_values_are_made_from_its_cells_and_its_changes_outlive_a_release(tmp_path):
    path = tmp_path / "registry.xlsx"
    write_xlsx(path, {"人员信息": [[*MEMBER_HEADER, "备注"], ["H1", "张三", ID_1, "", "x"]]})
    row = read_workbook(path, path.name, SCHEMAS).sheets["人员信息"].rows[0]
    assert row.values == {"household_code": "H1", "name": "张三", "id_number": ID_1, "birth_date": ""}
    assert row.get("name") == "张三" and row.get("village_name", "-") == "-"  # a column the file lacks
    assert row.cells[-1] == "x"  # the whole row as read, for the error workbook

    row.set("name", "李四")
    row.set("village_name", "白家庄村")  # a value for a column the file lacks
    row.release()
    assert row.get("name") == "李四"
    assert row.column_keys() == ["household_code", "name", "id_number", "birth_date", "village_name"]
    assert row.values["name"] == "李四" and row.values["village_name"] == "白家庄村"
    assert row.cells[1] == "张三"  # the cells keep the file's own value
    row.values["birth_date"] = "2019-01-01"  # a change to the dictionary itself lasts until it is let go
    assert row.get("birth_date") == "2019-01-01"
