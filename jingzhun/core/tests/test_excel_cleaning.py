"""Cleaning raw cells: full-width text, booleans, dates, numbers, choices, ID numbers mangled by Excel."""

import datetime
from decimal import Decimal

import pytest

from jingzhun.core.excel import Column, ImportIssue, SheetSchema, choice_map, clean_cell, clean_values

ID = "610902198005061235"
LEGACY_ID = "610902800506123"
STATUS = Column(
    "status",
    "脱贫状态",
    kind="choice",
    choices=choice_map([("0", "未脱贫"), ("1", "已脱贫（享受政策）"), ("3", "返贫")], {"已脱贫": "1"}),
)
RELATION = Column("relation", "与户主关系", kind="choice", choices=choice_map([("01", "户主"), ("02", "配偶")]))
CAUSES = Column(
    "other_causes",
    "其他致贫原因",
    kind="choice",
    multi=True,
    choices=choice_map([("01", "因病"), ("02", "因残"), ("03", "因学"), ("08", "缺劳力")], {"缺劳动力": "08"}),
)
HOUSING = Column("housing_rating", "住房安全等级", kind="choice", choices=choice_map([("A", "A 级（安全）")]))


def clean(kind, value, **options):
    return clean_cell(Column("x", "某列", kind=kind, **options), value)


def ok(kind, value, **options):
    cleaned, message = clean(kind, value, **options)
    assert message is None, message
    return cleaned


def error(kind, value, **options):
    cleaned, message = clean(kind, value, **options)
    assert cleaned is None
    assert message
    return message


# --- empty cells ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_an_empty_cell_cleans_to_none(value):
    assert clean("text", value) == (None, None)
    assert clean("int", value) == (None, None)


def test_an_empty_cell_of_a_required_column_says_it_must_be_filled():
    assert clean("text", " ", required=True) == (None, "此项必填，不能为空。")


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  张三  ", "张三"),
        ("ＡＢＣ１２３", "ABC123"),
        ("安康市（汉滨区）\u3000扶贫局", "安康市（汉滨区） 扶贫局"),
        ("产业扶贫：\n 茶园\t管护", "产业扶贫： 茶园 管护"),
        ("白家\u200b庄村", "白家庄村"),
        (" 6109\t02 \n001 ", "6109 02 001"),
        (1.0, "1"),
        (13912345678.0, "13912345678"),
        (2.5, "2.5"),
        (7, "7"),
        (True, "是"),
        (datetime.datetime(2019, 1, 2), "2019-01-02"),
    ],
)
def test_text_is_folded_to_half_width_trimmed_and_numbers_become_their_digits(value, expected):
    assert ok("text", value) == expected


def test_a_number_of_more_than_15_digits_in_a_text_column_has_lost_digits():
    assert "Excel 已丢失末几位" in error("text", 6109020010010001.0)


# --- booleans ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["是", "Y", "y", "yes", "√", "✓", "1", 1, 1.0, True, "TRUE", "true", "有", "已", "Ｙ"]
)
def test_yes_is_written_many_ways(value):
    assert ok("bool", value) is True


@pytest.mark.parametrize("value", ["否", "N", "n", "×", "✗", "x", "0", 0, 0.0, False, "FALSE", "false", "无", "未"])
def test_no_is_written_many_ways(value):
    assert ok("bool", value) is False


def test_an_unknown_yes_no_value_says_what_to_write():
    assert error("bool", "不知道") == "应填“是”或“否”（也可填 Y/N、√/×、1/0），现为“不知道”。"


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "1980-05-06",
        "1980/5/6",
        "1980.5.6",
        "19800506",
        "1980年5月6日",
        "1980年05月06",
        "１９８０－０５－０６",
        "1980-05-06 00:00:00",
        " 1980-5-6 ",
        19800506,
        29347,  # the Excel serial number of 1980-05-06
        29347.0,
        29347.75,
        datetime.date(1980, 5, 6),
        datetime.datetime(1980, 5, 6, 0, 0),
    ],
)
def test_dates_are_read_as_text_as_excel_serials_and_as_date_cells(value):
    assert ok("date", value) == datetime.date(1980, 5, 6)


def test_excel_serials_before_its_phantom_29_february_1900_are_a_day_later():
    assert ok("date", 1) == datetime.date(1900, 1, 1)
    assert ok("date", 59) == datetime.date(1900, 2, 28)
    assert ok("date", 61) == datetime.date(1900, 3, 1)


@pytest.mark.parametrize(("value", "message"), [("1980-02-30", "不存在"), ("1980-5", "无法识别"), ("去年", "无法识别")])
def test_a_wrong_date_says_what_to_write(value, message):
    assert message in error("date", value)


def test_mixed_date_separators_are_not_guessed():
    assert "无法识别" in error("date", "1980-5/6")


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(3, 3), (3.0, 3), ("3", 3), ("１２", 12), ("1,234", 1234), (" 5 ", 5)])
def test_integers_accept_numbers_full_width_digits_and_thousands_separators(value, expected):
    assert ok("int", value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [(2.5, "应为整数，现为 2.5。"), ("3人", "不要带单位"), ("三", "应为整数"), (True, "应为整数")],
)
def test_an_integer_column_refuses_fractions_units_and_words(value, message):
    assert message in error("int", value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, Decimal("1234.5")),
        (12, Decimal(12)),
        ("1,234.50", Decimal("1234.50")),
        ("１２３．５", Decimal("123.5")),
        ("-300", Decimal(-300)),
        (" 12 000 ", Decimal(12000)),
    ],
)
def test_decimals_accept_separators_full_width_digits_and_signs(value, expected):
    assert ok("decimal", value) == expected


@pytest.mark.parametrize("value", ["12000元", "1.2万元", "约3000", "1.2E3"])
def test_a_decimal_column_refuses_units_and_words(value):
    assert error("decimal", value).startswith(f"应为数字，现为“{value}”。")


@pytest.mark.parametrize(
    ("value", "expected"), [(2019, 2019), (2019.0, 2019), ("2019", 2019), ("2019年", 2019), ("2019年度", 2019)]
)
def test_years_accept_numbers_and_the_year_suffix(value, expected):
    assert ok("year", value) == expected


@pytest.mark.parametrize("value", [19, "二〇一九", 20190, "2019.5"])
def test_a_year_must_have_four_digits(value):
    assert "应为四位数字的年份" in error("year", value)


# --- choices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (STATUS, "已脱贫（享受政策）", "1"),
        (STATUS, "已脱贫(享受政策)", "1"),
        (STATUS, "已脱贫", "1"),
        (STATUS, " 返 贫 ", "3"),
        (STATUS, 0.0, "0"),
        (STATUS, "0", "0"),
        (RELATION, "户主", "01"),
        (RELATION, "01", "01"),
        (RELATION, 1.0, "01"),
        (RELATION, "1", "01"),
        (RELATION, "０２", "02"),
        (HOUSING, "a", "A"),
        (HOUSING, "A级（安全）", "A"),
    ],
)
def test_a_choice_accepts_its_label_its_code_and_variants(column, value, expected):
    assert clean_cell(column, value) == (expected, None)


def test_an_unknown_choice_lists_the_accepted_labels():
    cleaned, message = clean_cell(STATUS, "预脱贫")
    assert cleaned is None
    assert message == "“预脱贫”不是可选的值，可填：未脱贫、已脱贫（享受政策）、返贫（或对应代码）。"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("因病、因残", ["01", "02"]),
        ("因病,因学；缺劳动力", ["01", "03", "08"]),
        ("因病 因残/因病", ["01", "02"]),
        ("01，03", ["01", "03"]),
        (2.0, ["02"]),
    ],
)
def test_a_multi_choice_cell_splits_on_the_separators_offices_use(value, expected):
    assert clean_cell(CAUSES, value) == (expected, None)


def test_a_multi_choice_cell_names_only_the_unknown_parts():
    cleaned, message = clean_cell(CAUSES, "因病、因婚、因丧")
    assert cleaned is None
    assert message.startswith("“因婚、因丧”不是可选的值")


# --- ID numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [ID, f" {ID[:6]} {ID[6:14]} {ID[14:]} ", ID.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})],
)
def test_an_id_number_is_normalised(value):
    assert ok("id_number", value) == ID


def test_a_lowercase_x_check_digit_is_accepted_and_upper_cased():
    assert ok("id_number", "11010519491231002x") == "11010519491231002X"


def test_a_15_digit_legacy_number_stored_as_a_number_is_exact_and_accepted():
    assert ok("id_number", float(LEGACY_ID)) == LEGACY_ID
    assert ok("id_number", int(LEGACY_ID)) == LEGACY_ID
    assert ok("id_number", f"{LEGACY_ID}.0") == LEGACY_ID


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (6.10902e17, "610902000000000000"),
        (float(ID), "610902198005061000"),  # what Excel keeps: 15 significant digits, then zeros
        (610902198005061000.0, "610902198005061000"),
        ("6.10902E+17", "6.10902E+17"),
        ("6.10902198005061e+17", "6.10902198005061E+17"),
        (f"{ID}.0", f"{ID}.0"),
    ],
)
def test_an_id_number_that_excel_turned_into_a_number_is_reported_as_lost_digits(value, shown):
    assert error("id_number", value) == (
        f"证件号码被 Excel 存成了数字，后几位已丢失（单元格中为 {shown}），请将该列设为文本格式后重新录入。"
    )


def test_an_18_digit_text_ending_in_000_with_a_bad_checksum_is_reported_as_truncated_by_excel():
    assert "疑似被 Excel 按数值截断" in error("id_number", "610902198005061000")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("610902198005061234", "校验位错误（应为 5）"),
        ("61090219800506123", "应为 18 位（或旧版 15 位），现为 17 位"),
        ("610902198002301235", "出生日期无效"),
        (True, "应为 18 位身份证号码"),
    ],
)
def test_a_wrong_id_number_gets_the_registry_message(value, message):
    assert message in error("id_number", value)


# --- region codes -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["610902001001", 610902001001, 610902001001.0, " ６１０９０２００１００１ "])
def test_a_region_code_is_twelve_digits_even_when_typed_as_a_number(value):
    assert ok("region_code", value) == "610902001001"


@pytest.mark.parametrize("value", ["610902", "6109020010011", "61090200100A"])
def test_a_region_code_of_another_length_is_refused(value):
    assert "应为 12 位数字的统计用区划代码" in error("region_code", value)


# --- rows and issues --------------------------------------------------------------------------


def test_clean_values_cleans_the_columns_present_and_reports_issues_with_their_place():
    columns = (RELATION, Column("size", "人数", kind="int", required=True), STATUS)
    cleaned, issues = clean_values(columns, {"relation": "配偶", "size": "三"}, sheet="人员信息", row=12)
    assert cleaned == {"relation": "02", "size": None}
    assert issues == [ImportIssue("人员信息", 12, "size", "人数", "应为整数，现为“三”。请只填写数字。")]
    assert str(issues[0]) == "人员信息, 第 12 行, 人数: 应为整数，现为“三”。请只填写数字。"


def test_an_issue_of_a_whole_sheet_or_file_reads_without_row_and_column():
    assert str(ImportIssue("户信息", None, None, None, "缺少工作表。")) == "户信息: 缺少工作表。"
    assert str(ImportIssue("户信息", 3, None, None, "重复的户。")) == "户信息, 第 3 行: 重复的户。"
    assert str(ImportIssue("", None, None, None, "文件损坏。")) == "文件损坏。"


def test_a_schema_refuses_a_header_that_names_two_columns():
    with pytest.raises(ValueError, match="names both"):
        SheetSchema("户信息", columns=(Column("a", "户编号"), Column("b", "户码", ("户 编号",))))


def test_a_column_refuses_choices_for_a_kind_that_has_none():
    with pytest.raises(ValueError):
        Column("a", "甲", kind="text", choices={"是": "1"})
    with pytest.raises(ValueError):
        Column("a", "甲", kind="choice")
    with pytest.raises(ValueError):
        Column("a", "甲", kind="money")  # type: ignore[arg-type]


def test_a_repeated_value_is_cleaned_once_and_callers_cannot_spoil_the_remembered_result():
    column = Column("other_causes", "其他致贫原因", kind="choice", multi=True, choices=CAUSES.choices)
    first, _message = clean_cell(column, "因病、因残")
    first.append("99")
    assert clean_cell(column, "因病、因残") == (["01", "02"], None)
    assert len(column.memo) == 1


@pytest.mark.parametrize("required", [False, True])
@pytest.mark.parametrize(
    "value",
    ["张三", "  ＡＢＣ１２３ ", " 6109\t02 ", "", "   ", "\u3000", "\u200b", "白家\u200b庄村", 1.0, 1e16, None],
)
def test_clean_values_cleans_a_text_cell_as_clean_cell_does(value, required):
    column = Column("name", "姓名", required=required)
    cleaned, issues = clean_values((column,), {"name": value}, sheet="人员信息", row=3)
    expected, message = clean_cell(column, value)
    assert cleaned == {"name": expected}
    assert [issue.message for issue in issues] == ([message] if message else [])
