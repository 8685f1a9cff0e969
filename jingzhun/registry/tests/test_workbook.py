"""The canonical registry workbook: its sheets and columns, the template, and real exports read through it."""

import datetime
import zipfile

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from jingzhun.core.excel import clean_cell, clean_values
from jingzhun.regions.models import VillageYear
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.registry.workbook import (
    CODES_SHEET,
    INSTRUCTIONS_SHEET,
    KIND_HINTS,
    household_schema,
    member_schema,
    read_registry_workbook,
    registry_schemas,
    template_workbook,
    village_schema,
)

HEAD_ID = "610902198005061235"
SPOUSE_ID_WITH_X = "11010519491231002X"
# Keys that are not model fields: the region names, the head of household, the derived income
# per head, the 危房户 flag for files without a rating, and columns only shown to people.
NON_FIELD_KEYS = {
    "serial",
    "remark",
    "city_name",
    "county_name",
    "township_name",
    "village_name",
    "household_code",
    "member_code",
    "head_name",
    "head_id_number",
    "net_income_per_capita",
    "dilapidated_house",
}


def field_names(*models):
    return {field.name for model in models for field in model._meta.get_fields()}


@pytest.mark.parametrize(
    ("schema", "models", "other_keys"),
    [
        (household_schema, (Household, HouseholdYear), set()),
        (member_schema, (Member,), {"village"}),  # the household's village, to cross-check
        (village_schema, (VillageYear,), set()),
    ],
)
def test_column_keys_are_the_model_field_names(schema, models, other_keys):
    keys = {column.key for column in schema().columns}
    assert keys - NON_FIELD_KEYS - other_keys <= field_names(*models)


def test_the_issue_columns_are_all_there():
    households = [c.header for c in household_schema().columns]
    for header in ("县", "乡镇", "行政村", "行政区划代码", "户编号", "户主姓名", "户主证件号码", "人数", "贫困户属性"):
        assert header in households
    for header in ("主要致贫原因", "其他致贫原因", "识别年度", "脱贫状态", "计划脱贫年度", "脱贫年度", "年度"):
        assert header in households
    for header in ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出", "人均纯收入"):
        assert header in households
    for header in ("住房安全等级", "是否危房户", "饮水是否安全", "吃穿不愁", "是否通生活用电", "水质是否达标"):
        assert header in households
    members = [c.header for c in member_schema().columns]
    for header in ("户编号", "人编号", "姓名", "证件号码", "与户主关系", "性别", "出生日期", "民族", "文化程度"):
        assert header in members
    for header in ("在校生状况", "失学或辍学原因", "健康状况", "劳动技能", "务工时间（月）", "是否参加大病保险"):
        assert header in members
    for header in ("是否参加城乡居民基本医疗保险", "是否享受低保", "是否特困供养", "是否死亡"):
        assert header in members
    villages = [c.header for c in village_schema().columns]
    for header in ("行政区划代码", "年度", "农村户籍人口", "是否贫困村", "是否深度贫困村", "通硬化路", "安全饮水"):
        assert header in villages
    for header in ("通动力电", "标准化卫生室", "集体经济收入（万元）", "通宽带", "计划出列年度"):
        assert header in villages


@pytest.mark.parametrize(
    ("schema", "key", "value", "code"),
    [
        (household_schema, "status", "已脱贫", "1"),
        (household_schema, "status", "已脱贫（享受政策）", "1"),
        (household_schema, "status", "未脱贫", "0"),
        (household_schema, "status", "返贫", "3"),
        (household_schema, "status", "已脱贫（不再享受政策）", "4"),
        (household_schema, "status", "已脱贫不再享受政策", "4"),
        (household_schema, "attribute", "低保贫困户", "04"),
        (household_schema, "attribute", 4.0, "04"),
        (household_schema, "main_cause", "缺劳动力", "08"),
        (household_schema, "main_cause", "因病致贫", "01"),
        (household_schema, "housing_rating", "B级", "B"),
        (household_schema, "housing_rating", "C 级（局部危险）", "C"),
        (member_schema, "relation", "本人", "01"),
        (member_schema, "relation", "户主", "01"),
        (member_schema, "relation", "之子", "03"),
        (member_schema, "relation", "儿子", "03"),
        (member_schema, "sex", "男", "1"),
        (member_schema, "sex", "女", "2"),
        (member_schema, "ethnicity", "汉族", "01"),
        (member_schema, "ethnicity", "汉", "01"),
        (member_schema, "ethnicity", "土家族", "15"),
        (member_schema, "education", "中专", "5"),
        (member_schema, "school_status", "小学三年级", "03"),
        (member_schema, "school_status", "七至九年级", "04"),
        (member_schema, "school_status", "非在校生", ""),
        (member_schema, "dropout_reason", "无", ""),
        (member_schema, "health", "长期慢性病", "2"),
        (member_schema, "labour", "弱劳动力或半劳动力", "3"),
    ],
)
def test_choice_columns_accept_labels_codes_and_common_variants(schema, key, value, code):
    assert clean_cell(schema().column(key), value) == (code, None)


def test_other_causes_take_several_labels():
    assert clean_cell(household_schema().column("other_causes"), "因病、缺技术，缺资金") == (["01", "07", "09"], None)


def test_choice_labels_are_the_chinese_ones_of_the_registry_choices():
    assert household_schema().column("status").labels == [
        "未脱贫",
        "已脱贫（享受政策）",
        "预脱贫",
        "返贫",
        "已脱贫（不再享受政策）",
        "自然减少",
        "已清退（错评剔除）",
    ]
    assert member_schema().column("relation").labels[:3] == ["户主", "配偶", "之子"]


# --- the template -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "建档立卡导入模板.xlsx"
    template_workbook(path)
    return path


def test_the_template_has_the_three_sheets_with_the_schema_headers_in_order(template):
    workbook = CalamineWorkbook.from_path(template)
    assert workbook.sheet_names == ["户信息", "人员信息", "村信息", INSTRUCTIONS_SHEET, CODES_SHEET]
    for schema in registry_schemas():
        [header] = workbook.get_sheet_by_name(schema.name).to_python()
        assert header == [column.header for column in schema.columns]


def test_the_template_reads_back_as_the_canonical_workbook_without_errors(template):
    result = read_registry_workbook(template, template.name)
    assert list(result.sheets) == ["户信息", "人员信息", "村信息"]
    assert not result.errors
    assert all("没有数据行" in issue.message for issue in result.warnings)
    for schema in registry_schemas():
        assert list(result.sheets[schema.name].columns) == [column.key for column in schema.columns]


def test_the_instructions_explain_every_column_and_its_accepted_values(template):
    rows = CalamineWorkbook.from_path(template).get_sheet_by_name(INSTRUCTIONS_SHEET).to_python()
    explained = {(row[0], row[1]) for row in rows}
    for schema in registry_schemas():
        for column in schema.columns:
            assert (schema.name, column.header) in explained
    status = next(row for row in rows if row[1] == "脱贫状态")
    assert status[5] == (
        "未脱贫（0）、已脱贫（享受政策）（1）、预脱贫（2）、返贫（3）、已脱贫（不再享受政策）（4）、"
        "自然减少（5）、已清退（错评剔除）（6）"
    )
    assert set(KIND_HINTS) >= {column.kind for schema in registry_schemas() for column in schema.columns}


def test_id_columns_are_text_formatted_and_choice_columns_have_drop_downs(template):
    with zipfile.ZipFile(template) as archive:
        members = archive.read("xl/worksheets/sheet2.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    id_column = [c.key for c in member_schema().columns].index("id_number") + 1
    col = next(part for part in members.split("<col ")[1:] if f'min="{id_column}"' in part)
    style = int(col.split('style="')[1].split('"')[0])
    cell_format = styles.split("<cellXfs")[1].split("<xf ")[1:][style]
    number_format = cell_format.split('numFmtId="')[1].split('"')[0]
    assert f'<numFmt numFmtId="{number_format}" formatCode="@"/>' in styles
    assert 'type="list"' in members
    assert f"'{CODES_SHEET}'!" in members


# --- real exports -----------------------------------------------------------------------------


def write_export(path, households, members, merges=()):
    workbook = xlsxwriter.Workbook(path)
    for name, rows in (("户基本信息", households), ("家庭成员", members)):
        ws = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif value is not None:
                    ws.write_number(r, c, value)
        if name == "户基本信息":
            for cell_range in merges:
                top = int(cell_range.split(":")[0][1:]) - 1
                ws.merge_range(cell_range, rows[top][ord(cell_range[0]) - 65])
    workbook.close()
    return path


def test_a_national_system_export_with_title_rows_aliases_and_merged_cells_is_read(tmp_path):
    households = [
        ["安康市汉滨区建档立卡贫困户信息表"],
        ["填报单位：汉滨区脱贫办", None, None, "填报日期：2019年12月31日"],
        [
            *("县（区）", "乡（镇）", "村", "区划代码", "户码", "户主", "户主身份证号", "家庭人口数", "贫困户属性"),
            *("脱贫标志", "致贫原因", "次要致贫原因", "识别年份", "脱贫年份", "工资性收入（元）", "是否危房户"),
        ],
        [
            *("汉滨区", "五里镇", "安心村", 610902001001.0, "H0001", "张三", HEAD_ID, 2, "一般贫困户"),
            *("已脱贫", "因病", "缺技术、缺资金", 2014, "2018年", "12,000", "否"),
        ],
        [
            None,
            None,
            None,
            None,
            "H0002",
            "李四",
            "6.10902E+17",
            "3",
            "04",
            "0",
            "缺劳动力",
            None,
            2015,
            None,
            8000.5,
            "√",
        ],
    ]
    members = [
        ["户码", "人员编号", "姓名", "身份证号码", "与户主的关系", "性别", "出生日期", "民族", "在校生情况"],
        ["H0001", "P0001", "张三", HEAD_ID, "户主", "男", "1980.5.6", "汉", None],
        ["H0001", "P0002", "王芳", SPOUSE_ID_WITH_X.lower(), "妻子", "女", 18263, "汉族", "非在校生"],
    ]
    path = write_export(tmp_path / "export.xlsx", households, members, merges=("A4:A5", "B4:B5", "C4:C5", "D4:D5"))

    result = read_registry_workbook(path, path.name)

    assert not result.errors, [str(e) for e in result.errors]
    sheet = result.sheets["户信息"]
    assert sheet.header_row == 3
    first, second = (
        clean_values(sheet.schema.columns, row.values, sheet=sheet.title, row=row.number) for row in sheet.rows
    )
    assert first[1] == []
    assert first[0] | {"village": "610902001001", "status": "1", "other_causes": ["07", "09"]} == first[0]
    assert first[0]["exit_year"] == 2018
    assert second[0]["village_name"] == "安心村"
    assert second[0]["village"] == "610902001001"
    assert second[0]["attribute"] == "04"
    assert [str(issue) for issue in second[1]] == [
        "户基本信息, 第 5 行, 户主证件号码: 证件号码被 Excel 存成了数字，后几位已丢失（单元格中为 6.10902E+17），"
        "请将该列设为文本格式后重新录入。"
    ]
    members_sheet = result.sheets["人员信息"]
    cleaned = [clean_values(members_sheet.schema.columns, row.values, sheet="", row=0) for row in members_sheet.rows]
    assert [issues for _values, issues in cleaned] == [[], []]
    spouse = cleaned[1][0]
    assert spouse | {"id_number": SPOUSE_ID_WITH_X, "relation": "02", "sex": "2", "ethnicity": "01"} == spouse
    assert spouse["birth_date"] == datetime.date(1949, 12, 31)


def test_the_one_sheet_layout_repeats_household_fields_on_member_rows(tmp_path):
    rows = [
        ["户编号", "行政区划代码", "人数", "主要致贫原因", "识别年度", "人编号", "姓名", "证件号码", "与户主关系"],
        ["H0001", "610902001001", 2, "因病", 2014, "P0001", "张三", HEAD_ID, "户主"],
        ["H0001", "610902001001", 2, "因病", 2014, "P0002", "王芳", SPOUSE_ID_WITH_X, "配偶"],
    ]
    path = tmp_path / "花名册.csv"
    path.write_text("\n".join(",".join(map(str, row)) for row in rows), encoding="gbk")
    result = read_registry_workbook(path, path.name)
    assert result.one_sheet
    assert not result.errors
    assert list(result.sheets) == ["户信息", "人员信息"]
    assert [row.values["household_code"] for row in result.sheets["户信息"].rows] == ["H0001", "H0001"]
    assert [row.values["name"] for row in result.sheets["人员信息"].rows] == ["张三", "王芳"]
