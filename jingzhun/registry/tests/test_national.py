"""The national system's exports as they come: per-person sheets, national codes, merged cells, CSV, round trip."""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.models import Job
from jingzhun.regions.models import Region
from jingzhun.registry.choices import Attribute, Cause, Education, Health, Labour, Relation, SchoolStatus, Status
from jingzhun.registry.exports import NATIONAL_SHEET, registry_workbook_write
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.registry.national import combined_health
from jingzhun.registry.services import registry_import

pytestmark = pytest.mark.django_db

# The 2019 per-person export of the national system (headers as it writes them).
NATIONAL_HEADERS = [
    "序号",
    "县(市、区、旗)",
    "镇(乡)",
    "行政村",
    "自然村",
    "户编号",
    "人编号",
    "姓名",
    "证件号码",
    "人数",
    "与户主关系",
    "脱贫属性",
    "脱贫年度",
    "贫困户属性",
    "致贫原因1",
    "人均纯收入",
    "首次识别时间",
    "文化程度",
    "在校生状况",
    "健康状况",
    "劳动能力\n页面（劳动技能）",
    "是否参加新型农村合作医疗（城乡居民基本医疗保险）",
    "参加大病医疗",
    "是否特困供养人员",
    "户联系电话",
    "人联系电话",
    "开户银行名称",
    "银行卡号",
]
HOUSEHOLD_COLUMNS = {"县(市、区、旗)", "镇(乡)", "行政村", "自然村", "户编号", "人数", "脱贫属性", "脱贫年度"}
HOUSEHOLD_COLUMNS |= {"贫困户属性", "致贫原因1", "人均纯收入", "首次识别时间", "户联系电话", "工资性收入"}
HOUSEHOLD_COLUMNS |= {"其他致贫原因", "识别标准"}
CARD = "6217002710000684874"


def names(village):
    township = village.parent
    return {"县(市、区、旗)": township.parent.name, "镇(乡)": township.name, "行政村": village.name}


def person(village, code, n, relation, birth, **overrides):
    sequence = int(code[-2:]) * 10 + n
    row = {
        **names(village),
        "自然村": "一组",
        "户编号": code,
        "人编号": f"{code}{n:02d}",
        "姓名": f"成员{code[-2:]}{n}",
        "证件号码": make_id_number(village.code[:6], birth, sequence),
        "人数": 3,
        "与户主关系": relation,
        "脱贫属性": "脱贫",
        "脱贫年度": 2018,
        "贫困户属性": "一般户",
        "致贫原因1": "因婚",
        "人均纯收入": 6240.5,
        "首次识别时间": "2014-10-01",
        "文化程度": "初中",
        "在校生状况": "",
        "健康状况": "健康",
        "劳动能力\n页面（劳动技能）": "普通劳动",
        "是否参加新型农村合作医疗（城乡居民基本医疗保险）": 1,
        "参加大病医疗": "参加",
        "是否特困供养人员": 2,
        "户联系电话": "13991510001",
        "人联系电话": "",
        "开户银行名称": "陕西信合",
        "银行卡号": CARD if n == 1 else "",
    }
    row.update(overrides)
    return row


def household(village, code, **overrides):
    """A household of three: the head, his father (national code 11) and a grandchild at school.

    ``overrides`` of household columns go on every person's row, the others on the head's.
    """
    shared = {k: v for k, v in overrides.items() if k in HOUSEHOLD_COLUMNS or k == "计划脱贫年度"}
    own = {k: v for k, v in overrides.items() if k not in shared}
    father = {"文化程度": "文盲或半文盲", "健康状况": "长期慢性病,残疾"}
    child = {"文化程度": "", "在校生状况": "普通高中一年级", "参加大病医疗": "没参加"}
    return [
        person(village, code, 1, "户主", datetime.date(1975, 3, 4), **shared, **own),
        person(village, code, 2, 11, datetime.date(1948, 6, 1), **shared, **father),
        person(village, code, 3, "之孙子", datetime.date(2005, 9, 1), **shared, **child),
    ]


def write_xlsx(path, rows, *, headers=NATIONAL_HEADERS, titles=(), merge=False, sheet="贫困人口信息"):
    """Write ``rows`` under ``titles``; with ``merge`` each household's cells are merged down its members."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True})
    for r, title in enumerate(titles):
        ws.write_string(r, 0, title)
    top = len(titles)
    for c, header in enumerate(headers):
        ws.write_string(top, c, header, wrap)
    for r, row in enumerate(rows, start=top + 1):
        for c, header in enumerate(headers):
            value = row.get(header, "")
            if isinstance(value, str):
                ws.write_string(r, c, value, text)
            else:
                ws.write(r, c, value)
    if merge:
        start = top + 1
        codes = [row.get("户编号") for row in rows]
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and codes[j + 1] == codes[i]:
                j += 1
            if j > i:
                for c, header in enumerate(headers):
                    if header in HOUSEHOLD_COLUMNS:
                        value = rows[i].get(header, "")
                        ws.merge_range(start + i, c, start + j, c, value)
            i = j + 1
    book.close()
    return path


def write_csv(path, rows, headers=NATIONAL_HEADERS, encoding="gbk"):
    """A merged sheet saved as CSV: household cells only on the household's first person."""
    lines = [",".join(h.replace("\n", "") for h in headers)]
    previous = None
    for row in rows:
        first = row["户编号"] != previous
        previous = row["户编号"]
        cells = []
        for header in headers:
            value = row.get(header, "")
            if header in HOUSEHOLD_COLUMNS and not first:
                value = ""
            cells.append(f'"{value}"' if "," in str(value) else str(value))
        lines.append(",".join(cells))
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def run(user, path, **kwargs):
    with open(path, "rb") as handle:
        return registry_import(user=user, file=handle, filename=path.name, **kwargs)


def messages(outcome):
    return [str(issue) for issue in outcome.errors]


@pytest.fixture
def code(hanbin_village):
    return f"{hanbin_village.code[:9]}0101"


def test_a_merged_national_export_keeps_status_codes_insurance_income_and_cards(
    county_officer, hanbin_village, code, tmp_path
):
    path = write_xlsx(
        tmp_path / "2019年贫困人口.xlsx",
        household(hanbin_village, code),
        titles=["全国扶贫开发信息系统 贫困人口信息（2019年）"],
        merge=True,
    )
    outcome = run(county_officer, path)
    assert outcome.errors == [] and outcome.written
    h = Household.objects.get(code=code)
    assert h.status == Status.EXITED and h.exit_year == 2018 and h.identification_year == 2014
    assert h.main_cause == "12" and h.attribute == "01" and h.phone == "13991510001"
    members = {m.code[-1]: m for m in Member.objects.filter(household=h)}
    assert members["2"].relation == Relation.FATHER  # national 11, never the project's 11 (兄弟姐妹)
    assert members["2"].health == "5" and members["2"].education == "1"
    assert members["3"].relation == Relation.GRANDSON and members["3"].school_status == "05"
    assert members["1"].medical_insurance and members["1"].serious_illness_insurance
    assert not members["3"].serious_illness_insurance and not members["1"].tekun
    assert members["1"].labour == "1"
    assert members["1"].bank_name == "陕西信合" and members["1"].bank_account == CARD
    facts = HouseholdYear.objects.get(household=h)
    assert facts.declared_income_per_capita == Decimal("6240.50")
    assert facts.wage_income == 0 and facts.uses_declared_income
    assert facts.per_capita(3) == Decimal("6240.50")
    notes = [str(i) for i in outcome.warnings]
    assert any("全国扶贫开发信息系统" in n for n in notes)


def test_the_status_code_numbers_follow_the_national_table(county_officer, hanbin_village, code, tmp_path):
    rows = household(hanbin_village, code, 脱贫属性=2, 脱贫年度="")
    outcome = run(county_officer, write_xlsx(tmp_path / "2019年dump.xlsx", rows))
    assert outcome.errors == []
    assert Household.objects.get(code=code).status == Status.PRE_EXITED


LABOUR = "劳动能力\n页面（劳动技能）"
CODED_HEADERS = [*NATIONAL_HEADERS, "其他致贫原因", "识别标准"]


def coded_household(village, code, **shared):
    """Four persons whose choice cells are the national code numbers (or, with ``words``, the national words)."""
    rows = household(village, code, 人数=4, **shared)
    rows.append(person(village, code, 4, "之孙子", datetime.date(2001, 2, 3), 人数=4, **shared))
    rows[2] = person(village, code, 3, "之孙女", datetime.date(2014, 9, 1), 人数=4, **shared)
    return rows


# (文化程度, 在校生状况, 健康状况, 劳动技能) of the four persons, as national numbers and as the
# national words, and what the project stores (education, school status, health, labour).
CODED_PERSONS = [
    (
        (5, 1, 3, 3),
        ("本科及以上", "非在校生", "患有大病", "丧失劳动力"),
        (Education.COLLEGE, "", Health.SERIOUS, Labour.LOST),
    ),
    (
        (1, "", "2,4", 4),
        ("文盲或半文盲", "", "长期慢性病、残疾", "无劳动力"),
        (Education.ILLITERATE, "", Health.DISABLED_AND_ILL, Labour.NONE),
    ),
    ((6, 3, 1, 4), ("学龄前儿童", "小学二年级", "健康", "无劳动力"), (Education.PRESCHOOL, "03", "1", Labour.NONE)),
    (
        ("", 16, 1, 2),
        ("", "大专及以上", "健康", "技能劳动能力"),
        ("", SchoolStatus.COLLEGE_OR_ABOVE, "1", Labour.SKILLED),
    ),
]


@pytest.mark.parametrize(
    ("coded", "household_cells", "stored"),
    [
        (
            0,
            {"贫困户属性": 3, "致贫原因1": 8, "其他致贫原因": "1,12", "识别标准": 2},
            (Attribute.TEKUN_POOR, Cause.LABOUR, "01,12", "2"),
        ),
        (
            1,
            {
                "贫困户属性": "扶贫低保户",
                "致贫原因1": "自身发展动力不足",
                "其他致贫原因": "因病、因婚",
                "识别标准": "国家标准",
            },
            (Attribute.DIBAO_POOR, Cause.MOTIVATION, "01,12", "1"),
        ),
    ],
    ids=["national-numbers", "national-words"],
)
def test_the_national_codes_and_words_of_each_column_are_stored_as_the_projects_values(
    county_officer, hanbin_village, code, tmp_path, coded, household_cells, stored
):
    rows = coded_household(hanbin_village, code, **household_cells)
    for row, (numbers, words, _stored) in zip(rows, CODED_PERSONS, strict=True):
        cells = (numbers, words)[coded]
        row.update(zip(("文化程度", "在校生状况", "健康状况", LABOUR), cells, strict=True))
    rows[3]["与户主关系"] = (99, "其他")[coded]  # the dumps write 其他 as 99
    outcome = run(county_officer, write_xlsx(tmp_path / "2019年codes.xlsx", rows, headers=CODED_HEADERS))
    assert outcome.errors == [], messages(outcome)
    h = Household.objects.get(code=code)
    assert (h.attribute, h.main_cause, h.other_causes, h.identification_standard) == stored
    members = {m.code[-1]: m for m in Member.objects.filter(household=h)}
    for n, (_numbers, _words, expected) in enumerate(CODED_PERSONS, start=1):
        m = members[str(n)]
        assert (m.education, m.school_status, m.health, m.labour) == expected, m.name
    assert members["4"].relation == Relation.OTHER
    # The child written 文化程度 6 is a pre-school child, never the project's 6 (大专及以上).
    assert members["3"].education == Education.PRESCHOOL != Education.COLLEGE


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("民族", 2, "“民族”填写的是代码 2：全国扶贫开发信息系统的代码与本系统的不同，请改填文字（如 汉族）"),
        ("文化程度", 7, "“文化程度”填写的代码 7 不在全国扶贫开发信息系统的代码表（1、2、3、4、5、6）中"),
        ("贫困户属性", 5, "“贫困户属性”填写的代码 5 不在全国扶贫开发信息系统的代码表"),
        ("健康状况", "2,9", "“健康状况”填写的代码 9 不在全国扶贫开发信息系统的代码表（1、2、3、4）中"),
    ],
)
def test_a_bare_number_without_a_national_code_is_refused_with_what_to_write(
    county_officer, hanbin_village, code, tmp_path, header, value, expected
):
    rows = [{**row, "民族": "汉族"} for row in household(hanbin_village, code)]
    rows[0][header] = value
    headers = [*NATIONAL_HEADERS, "民族"]
    outcome = run(county_officer, write_xlsx(tmp_path / "2019年codes.xlsx", rows, headers=headers))
    assert not outcome.written
    assert len(messages(outcome)) == 1, messages(outcome)
    [error] = messages(outcome)
    assert "第 2 行" in error and expected in error and "请改填文字" in error, messages(outcome)
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    ("codes", "stored"),
    [
        ({Health.CHRONIC, Health.DISABLED}, Health.DISABLED_AND_ILL),
        ({Health.SERIOUS, Health.DISABLED}, Health.DISABLED_AND_ILL),
        ({Health.CHRONIC, Health.SERIOUS}, Health.SERIOUS),
        ({Health.HEALTHY, Health.CHRONIC}, Health.CHRONIC),
        ({Health.HEALTHY, Health.DISABLED}, Health.DISABLED),
        ({Health.HEALTHY}, Health.HEALTHY),
    ],
)
def test_several_health_conditions_keep_disability_with_illness_or_the_most_severe(codes, stored):
    assert combined_health({str(c) for c in codes}) == stored


def test_a_renamed_county_is_found_by_its_former_name(city_officer, code, tmp_path):
    village = Region.objects.filter(level="village", code__startswith="610981").order_by("code").first()
    household_code = f"{village.code[:9]}0201"
    rows = household(village, household_code, **{"县(市、区、旗)": "旬阳县"})
    outcome = run(city_officer, write_xlsx(tmp_path / "旬阳县2019年.xlsx", rows))
    assert outcome.errors == []
    assert Household.objects.get(code=household_code).village_id == village.code


def test_the_successor_systems_export_with_its_header_on_row_3(county_officer, hanbin_village, code, tmp_path):
    titles = ["防止返贫监测信息系统（2021年）", "导出时间：2021-06-30"]
    outcome = run(county_officer, write_xlsx(tmp_path / "监测.xlsx", household(hanbin_village, code), titles=titles))
    assert outcome.errors == []
    assert outcome.read.sheets["户信息"].header_row == 3
    assert Member.objects.filter(household__code=code).count() == 3


@pytest.mark.parametrize("part", [1, 5000], ids=["one household a part", "one part"])
def test_a_gbk_csv_of_a_merged_sheet_fills_household_cells_within_the_household(
    county_officer, hanbin_village, code, tmp_path, monkeypatch, part
):
    monkeypatch.setattr("jingzhun.registry.imports.PART_HOUSEHOLDS", part)  # filled cells outlive each part
    other = f"{hanbin_village.code[:9]}0102"
    rows = household(hanbin_village, code) + household(hanbin_village, other, 脱贫属性="未脱贫", 脱贫年度="")
    outcome = run(county_officer, write_csv(tmp_path / "2019年merged.csv", rows))
    assert outcome.errors == [], messages(outcome)
    assert Household.objects.get(code=code).status == Status.EXITED
    assert Household.objects.get(code=other).status == Status.NOT_EXITED
    assert Member.objects.filter(household__code=other).count() == 3
    assert any("按该户第一行填充" in str(w) for w in outcome.warnings)


def test_stated_income_with_components_that_disagree_keeps_both_and_the_computed_wins(
    county_officer, hanbin_village, code, tmp_path
):
    rows = household(hanbin_village, code)
    headers = [*NATIONAL_HEADERS, "工资性收入"]
    rows[0]["工资性收入"] = 9000
    outcome = run(county_officer, write_xlsx(tmp_path / "2019年income.xlsx", rows, headers=headers))
    assert outcome.errors == []
    facts = HouseholdYear.objects.get(household__code=code)
    assert facts.declared_income_per_capita == Decimal("6240.50") and not facts.uses_declared_income
    assert facts.per_capita(3) == Decimal("3000.00")
    assert any("以计算值为准" in str(w) for w in outcome.warnings)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"首次识别时间": "2027-03-01", "脱贫属性": "未脱贫", "脱贫年度": ""}, "识别年度 2027 晚于今年"),
        ({"首次识别时间": "2017年", "脱贫年度": 2016}, "脱贫年度不能早于识别年度"),
        ({"户联系电话": "无"}, "电话号码“无”格式不正确"),
        ({"脱贫属性": "已出列"}, "“已出列”不是可选的值"),
    ],
)
def test_logical_errors_of_a_household_are_reported(
    county_officer, hanbin_village, code, tmp_path, overrides, expected
):
    rows = household(hanbin_village, code, **overrides)
    outcome = run(county_officer, write_xlsx(tmp_path / "2019年bad.xlsx", rows))
    assert not outcome.written
    assert any(expected in m for m in messages(outcome)), messages(outcome)
    assert not Household.objects.exists()


def test_a_planned_exit_before_identification_is_an_error(county_officer, hanbin_village, code, tmp_path):
    rows = household(hanbin_village, code, 脱贫属性="未脱贫", 脱贫年度="", 计划脱贫年度=2013)
    outcome = run(
        county_officer, write_xlsx(tmp_path / "2019年plan.xlsx", rows, headers=[*NATIONAL_HEADERS, "计划脱贫年度"])
    )
    assert any("计划脱贫年度 2013 早于识别年度 2014" in m for m in messages(outcome))


def test_identification_year_is_read_from_a_date_cell_or_an_excel_serial(
    county_officer, hanbin_village, code, tmp_path
):
    other = f"{hanbin_village.code[:9]}0102"
    rows = household(hanbin_village, code, 首次识别时间=datetime.date(2015, 10, 1))
    rows += household(hanbin_village, other, 首次识别时间=42278.0)  # 2015-10-01
    path = tmp_path / "2019年dates.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("人员")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, NATIONAL_HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(NATIONAL_HEADERS):
            value = row.get(header, "")
            if isinstance(value, datetime.date):
                ws.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), date_format)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write(r, c, value)
    book.close()
    outcome = run(county_officer, path)
    assert outcome.errors == []
    assert set(Household.objects.values_list("identification_year", flat=True)) == {2015}


def test_an_unrecognised_status_column_is_an_error_not_a_skipped_column(county_officer, hanbin_village, code, tmp_path):
    headers = [h if h != "脱贫属性" else "脱贫状况标识" for h in NATIONAL_HEADERS]
    rows = household(hanbin_village, code)
    for row in rows:
        row["脱贫状况标识"] = row.pop("脱贫属性")
    outcome = run(county_officer, write_xlsx(tmp_path / "header.xlsx", rows, headers=headers))
    assert not outcome.written
    assert any("无法识别的列“脱贫状况标识”" in m for m in messages(outcome))


def test_a_missing_required_column_of_a_one_sheet_layout_is_named(county_officer, hanbin_village, code, tmp_path):
    headers = [h for h in NATIONAL_HEADERS if h != "首次识别时间"]
    outcome = run(county_officer, write_xlsx(tmp_path / "short.xlsx", household(hanbin_village, code), headers=headers))
    errors = messages(outcome)
    assert any("缺少必填列“识别年度”" in m for m in errors), errors
    assert not any("没有“户信息”工作表" in m for m in errors)


def test_a_household_that_fails_is_reported_once_not_again_for_each_member(
    county_officer, hanbin_village, code, tmp_path
):
    rows = household(hanbin_village, code, 行政村="没有这个村")
    outcome = run(county_officer, write_xlsx(tmp_path / "2019年village.xlsx", rows))
    errors = messages(outcome)
    assert len(errors) == 1 and "没有这个村" in errors[0]


def test_the_bank_card_is_masked_in_the_export_unless_unmasked(county_officer, hanbin_village, code, tmp_path):
    run(county_officer, write_xlsx(tmp_path / "2019年in.xlsx", household(hanbin_village, code)))
    households = Household.objects.all()
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    registry_workbook_write(households, str(masked), year=None, unmask=False, layout="national")
    registry_workbook_write(households, str(full), year=None, unmask=True, layout="national")
    cards = []
    for path in (masked, full):
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(NATIONAL_SHEET).to_python()
        column = rows[0].index("银行卡号")
        cards.append(next(row[column] for row in rows[1:] if row[column]))
    assert cards == ["6217" + "*" * 11 + "4874", CARD]


def test_the_household_page_masks_the_bank_card(client_for, county_officer, hanbin_village, code, tmp_path):
    run(county_officer, write_xlsx(tmp_path / "2019年in.xlsx", household(hanbin_village, code)))
    response = client_for(county_officer).get(reverse("registry:household-detail", args=[code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert CARD not in page and "6217" + "*" * 11 + "4874" in page


def test_a_national_file_round_trips_through_the_national_export_unchanged(
    county_officer, hanbin_village, code, tmp_path
):
    other = f"{hanbin_village.code[:9]}0102"
    rows = household(hanbin_village, code) + household(
        hanbin_village, other, 脱贫属性="未脱贫", 脱贫年度="", 贫困户属性=3
    )
    rows[3].update({"文化程度": 5, "在校生状况": "", "健康状况": "2,4", LABOUR: 3})
    rows[5].update({"文化程度": 6, "在校生状况": 16, LABOUR: 4})
    first = run(county_officer, write_xlsx(tmp_path / "2019年in.xlsx", rows, merge=True))
    assert first.errors == [] and first.written
    fields = ("relation", "health", "bank_account", "medical_insurance", "education", "school_status", "labour")
    before = {m.code: tuple(getattr(m, f) for f in fields) for m in Member.objects.all()}
    attributes = dict(Household.objects.values_list("code", "attribute"))
    assert attributes == {code: Attribute.GENERAL_POOR, other: Attribute.TEKUN_POOR}
    exported = tmp_path / "out.xlsx"
    registry_workbook_write(Household.objects.all(), str(exported), year=None, unmask=True, layout="national")
    sheet = CalamineWorkbook.from_path(str(exported)).get_sheet_by_name(NATIONAL_SHEET).to_python()
    column = sheet[0].index("贫困户属性")
    assert {row[column] for row in sheet[1:]} == {"一般贫困户", "五保户"}  # the national words
    again = run(county_officer, exported)
    assert again.errors == [], messages(again)
    assert not again.changed
    assert {k: v.unchanged for k, v in again.counts.items()} == {
        "households": 2,
        "members": 6,
        "household_years": 2,
        "village_years": 0,
    }
    after = {m.code: tuple(getattr(m, f) for f in fields) for m in Member.objects.all()}
    assert after == before
    assert dict(Household.objects.values_list("code", "attribute")) == attributes


@pytest.mark.parametrize("part", [1, 5000], ids=["one household a part", "one part"])
def test_the_oldest_layout_without_household_and_person_codes_groups_persons_by_their_head(
    county_officer, hanbin_village, tmp_path, monkeypatch, part
):
    monkeypatch.setattr("jingzhun.registry.imports.PART_HOUSEHOLDS", part)  # codes given by grouping outlive each part
    headers = [h for h in NATIONAL_HEADERS if h not in ("户编号", "人编号")]
    first, second = f"{hanbin_village.code[:9]}0301", f"{hanbin_village.code[:9]}0302"
    rows = household(hanbin_village, first) + household(hanbin_village, second, 脱贫属性="未脱贫", 脱贫年度="")
    outcome = run(county_officer, write_xlsx(tmp_path / "2016年名单.xlsx", rows, headers=headers))
    assert outcome.errors == [], messages(outcome)
    assert any("按“与户主关系”和证件号码归户" in str(w) for w in outcome.warnings)
    for household_rows in (rows[:3], rows[3:]):
        head_id = household_rows[0]["证件号码"]
        h = Household.objects.get(code=head_id)
        assert sorted(Member.objects.filter(household=h).values_list("code", flat=True)) == sorted(
            r["证件号码"] for r in household_rows
        )
    assert Household.objects.get(code=rows[3]["证件号码"]).status == Status.NOT_EXITED


def test_the_export_command_writes_the_national_layout(county_officer, hanbin_village, code, tmp_path):
    run(county_officer, write_xlsx(tmp_path / "2019年in.xlsx", household(hanbin_village, code)))
    out = tmp_path / "national.xlsx"
    call_command("export_registry", str(out), "--region", "610902", "--layout", "national", verbosity=0)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(NATIONAL_SHEET).to_python()
    header = rows[0]
    assert {"脱贫属性", "人编号", "首次识别时间", "人均纯收入", "银行卡号"} <= set(header)
    statuses = {row[header.index("脱贫属性")] for row in rows[1:]}
    assert len(rows) == 4 and statuses == {"脱贫"}
    assert {row[header.index("人均纯收入")] for row in rows[1:]} == {6240.5}


def test_the_list_pages_national_export_is_a_job_that_masks_bank_cards(
    client_for, county_officer, hanbin_village, code, tmp_path, django_capture_on_commit_callbacks
):
    run(county_officer, write_xlsx(tmp_path / "2019年in.xlsx", household(hanbin_village, code)))
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registry:household-export"), {"layout": "national"})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.params["layout"] == "national" and job.params["output_name"].endswith("_全国系统格式.xlsx")
    content = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(NATIONAL_SHEET).to_python()
    column = rows[0].index("银行卡号")
    assert [row[column] for row in rows[1:] if row[column]] == ["6217" + "*" * 11 + "4874"]
