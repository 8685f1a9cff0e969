"""The canonical registry workbook (建档立卡数据): its sheets, columns and the empty template.

Three sheets, Chinese headers, joined by 户编号:

- ``户信息``: one row per household, with its income and living conditions of one 年度;
- ``人员信息``: one row per member;
- ``村信息`` (optional): one row per village and year.

Column keys are the model field names where there is one (``id_number``, ``relation``,
``wage_income``, ``village`` for the 12-digit code …), plus ``household_code``,
``member_code``, ``year``, the region names (``county_name`` …) and the head of household
(``head_name``, ``head_id_number``). Choice columns accept the Chinese label, the stored
code and the variants national-system exports and offices use (已脱贫 for status 1, 本人 for
户主 …). Headers accept the aliases of real exports (身份证号 / 证件号码 / 公民身份号码 …).

Labels come from ``registry.choices`` in Chinese whatever the user's language, since the
workbook's format is Chinese; the schemas are built on first use, when translations work.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import IO

import xlsxwriter
from django.utils import translation
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from jingzhun.core.excel import Column, ReadResult, SheetSchema, choice_map, read_workbook
from jingzhun.core.excel.reader import FileSource
from jingzhun.core.excel.writer import new_workbook
from jingzhun.registry.choices import (
    ETHNICITY_CHOICES,
    Attribute,
    Cause,
    DropoutReason,
    Education,
    Health,
    HousingRating,
    IdentificationStandard,
    Labour,
    LeaveReason,
    Relation,
    SchoolStatus,
    Sex,
    Status,
)

HOUSEHOLD_SHEET = "户信息"
MEMBER_SHEET = "人员信息"
VILLAGE_SHEET = "村信息"
INSTRUCTIONS_SHEET = "填写说明"
CODES_SHEET = "代码表"
TEMPLATE_EXTRA_SHEETS = (INSTRUCTIONS_SHEET, CODES_SHEET)
# Data validation and text formats reach this far down in the template.
TEMPLATE_ROWS = 100_000

KIND_HINTS = {
    "text": "文本",
    "int": "整数，不要带单位",
    "decimal": "数字，可带小数，不要带单位",
    "bool": "是/否（也可填 Y/N、√/×、1/0）",
    "date": "日期，如 1980-05-06（也可写 1980/5/6、19800506、1980年5月6日）",
    "id_number": "18 位身份证号码（旧版 15 位也可）。本列已设为文本格式，请勿改为数值，否则后几位会丢失",
    "choice": "从下拉列表中选择，也可填代码",
    "region_code": "12 位统计用区划代码，如 610902001001",
    "year": "四位年份，如 2019",
}


def _pairs(choices: Iterable[tuple[str, object]]) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in choices]


def _grades(labels: Iterable[str], code: str, count: int) -> dict[str, str]:
    """Return "小学一年级" … variants: new-system exports add the grade to the school stage."""
    numbers = "一二三四五六"
    return {f"{label}{numbers[i]}年级": code for label in labels for i in range(count)}


def _choices() -> dict[str, dict[str, str]]:
    """Return the choice mappings of the registry columns, built with Chinese labels."""
    with translation.override("zh-hans"):
        ethnic_variants = {name[:-1]: code for code, name in ETHNICITY_CHOICES if name.endswith("族")}
        return {
            "attribute": choice_map(
                _pairs(Attribute.choices),
                {
                    "五保贫困户": Attribute.TEKUN_POOR,
                    "五保户": Attribute.TEKUN_POOR,
                    "一般户": Attribute.GENERAL_POOR,
                    "低保户": Attribute.DIBAO_POOR,
                    "扶贫低保户": Attribute.DIBAO_POOR,
                    "纯低保户": Attribute.DIBAO_POOR,
                    "低保兜底户": Attribute.DIBAO_POOR,
                },
            ),
            "status": choice_map(
                _pairs(Status.choices),
                {
                    "已脱贫": Status.EXITED,
                    "脱贫": Status.EXITED,
                    "已脱贫不享受政策": Status.EXITED_NO_POLICY,
                    "脱贫不再享受政策": Status.EXITED_NO_POLICY,
                    "贫困": Status.NOT_EXITED,
                    "预脱贫": Status.PRE_EXITED,
                    "清退": Status.REMOVED,
                    "错评剔除": Status.REMOVED,
                },
            ),
            "left_reason": choice_map(_pairs(LeaveReason.choices), {"错评": LeaveReason.WRONGLY_IDENTIFIED}),
            "cause": choice_map(
                _pairs(Cause.choices),
                {
                    "因病致贫": Cause.ILLNESS,
                    "因残致贫": Cause.DISABILITY,
                    "因学致贫": Cause.EDUCATION,
                    "因灾致贫": Cause.DISASTER,
                    "缺劳动力": Cause.LABOUR,
                    "交通落后": Cause.TRANSPORT,
                    "其它": Cause.OTHER,
                    **{f"{label}致贫": code for code, label in _pairs(Cause.choices)},
                },
            ),
            "identification_standard": choice_map(_pairs(IdentificationStandard.choices)),
            "relation": choice_map(
                _pairs(Relation.choices),
                {
                    "本人": Relation.HEAD,
                    "本人或户主": Relation.HEAD,
                    "妻子": Relation.SPOUSE,
                    "丈夫": Relation.SPOUSE,
                    "妻": Relation.SPOUSE,
                    "夫": Relation.SPOUSE,
                    "子": Relation.SON,
                    "儿子": Relation.SON,
                    "长子": Relation.SON,
                    "次子": Relation.SON,
                    "女": Relation.DAUGHTER,
                    "女儿": Relation.DAUGHTER,
                    "长女": Relation.DAUGHTER,
                    "次女": Relation.DAUGHTER,
                    "儿媳": Relation.DAUGHTER_IN_LAW,
                    "女婿": Relation.SON_IN_LAW,
                    "孙子": Relation.GRANDSON,
                    "孙女": Relation.GRANDDAUGHTER,
                    "父亲": Relation.FATHER,
                    "母亲": Relation.MOTHER,
                    "兄弟": Relation.SIBLING,
                    "姐妹": Relation.SIBLING,
                    "之兄弟姐妹": Relation.SIBLING,
                    "外孙子": Relation.DAUGHTERS_SON,
                    "外孙": Relation.DAUGHTERS_SON,
                    "外孙女": Relation.DAUGHTERS_DAUGHTER,
                    "岳父": Relation.WIFES_FATHER,
                    "岳母": Relation.WIFES_MOTHER,
                    "公公": Relation.HUSBANDS_FATHER,
                    "婆婆": Relation.HUSBANDS_MOTHER,
                    "祖父": Relation.GRANDFATHER,
                    "祖母": Relation.GRANDMOTHER,
                    "曾孙子": Relation.GREAT_GRANDSON,
                    "曾孙女": Relation.GREAT_GRANDDAUGHTER,
                    "侄儿": Relation.NEPHEW,
                    "侄子": Relation.NEPHEW,
                    "侄女": Relation.NIECE,
                    "兄弟媳妇": Relation.SISTER_IN_LAW,
                    "叔伯": Relation.UNCLE,
                    "其它": Relation.OTHER,
                },
            ),
            "sex": choice_map(_pairs(Sex.choices), {"男性": Sex.MALE, "女性": Sex.FEMALE}),
            "ethnicity": choice_map(ETHNICITY_CHOICES, ethnic_variants),
            "education": choice_map(
                _pairs(Education.choices),
                {
                    "文盲": Education.ILLITERATE,
                    "半文盲": Education.ILLITERATE,
                    "中专": Education.VOCATIONAL,
                    "中职": Education.VOCATIONAL,
                    "大专": Education.COLLEGE,
                    "本科": Education.COLLEGE,
                    "本科及以上": Education.COLLEGE,
                    "研究生": Education.COLLEGE,
                    "硕士生及以上": Education.COLLEGE,
                    "硕士研究生及以上": Education.COLLEGE,
                    "高职高专": Education.COLLEGE,
                    "大学本科及以上": Education.COLLEGE,
                    "高中或中专": Education.SENIOR,
                    "学龄前": Education.PRESCHOOL,
                },
            ),
            "school_status": choice_map(
                _pairs(SchoolStatus.choices),
                {
                    "七-九年级": SchoolStatus.JUNIOR,
                    "七–九年级": SchoolStatus.JUNIOR,
                    "初中": SchoolStatus.JUNIOR,
                    "七年级": SchoolStatus.JUNIOR,
                    "八年级": SchoolStatus.JUNIOR,
                    "九年级": SchoolStatus.JUNIOR,
                    "高中": SchoolStatus.SENIOR,
                    "高职": SchoolStatus.HIGHER_VOCATIONAL,
                    "研究生": SchoolStatus.POSTGRADUATE,
                    "硕士研究生": SchoolStatus.POSTGRADUATE,
                    "博士研究生": SchoolStatus.POSTGRADUATE,
                    **_grades(["小学"], SchoolStatus.PRIMARY, 6),
                    **_grades(["普通高中", "高中"], SchoolStatus.SENIOR, 3),
                    **_grades(["中职"], SchoolStatus.VOCATIONAL, 3),
                    **_grades(["高职高专", "高职"], SchoolStatus.HIGHER_VOCATIONAL, 3),
                    **_grades(["技师学院"], SchoolStatus.TECHNICIAN, 4),
                    **_grades(["本科"], SchoolStatus.UNDERGRADUATE, 5),
                },
            ),
            "dropout_reason": choice_map(_pairs(DropoutReason.choices), {"其它": DropoutReason.OTHER}),
            "health": choice_map(
                _pairs(Health.choices),
                {
                    "慢性病": Health.CHRONIC,
                    "大病": Health.SERIOUS,
                    "重病": Health.SERIOUS,
                    "残疾且慢性病": Health.DISABLED_AND_ILL,
                },
            ),
            "labour": choice_map(
                _pairs(Labour.choices),
                {
                    "弱劳动力": Labour.WEAK,
                    "半劳动力": Labour.WEAK,
                    "丧失劳动能力": Labour.LOST,
                    "技能劳动能力": Labour.SKILLED,
                    "普通劳动": Labour.ORDINARY,
                    "普通劳动能力": Labour.ORDINARY,
                    "弱劳动能力或半劳动能力": Labour.WEAK,
                    "无劳动能力": Labour.NONE,
                },
            ),
            "housing_rating": choice_map(
                _pairs(HousingRating.choices), {f"{code}级": code for code in HousingRating.values}
            ),
        }


def _money(key: str, header: str, *aliases: str, note: str = "") -> Column:
    """Return an amount in 元; its header may carry the unit: 工资性收入（元）."""
    with_unit = tuple(f"{name}（元）" for name in (header, *aliases))
    return Column(key, header, (*aliases, *with_unit), kind="decimal", note=note)


def _region_columns() -> list[Column]:
    return [
        Column("city_name", "市", ("市（州）", "地市", "市州"), fill_merged=True, note="仅供核对，以行政区划代码为准"),
        Column(
            "county_name",
            "县",
            ("县（区）", "县区", "县（市、区）", "县（市、区、旗）", "县市区", "区县", "县名称"),
            fill_merged=True,
            note="仅供核对，以行政区划代码为准",
        ),
        Column(
            "township_name",
            "乡镇",
            ("乡（镇）", "镇（乡）", "乡镇（街道）", "乡镇街道", "乡镇名称", "镇", "乡"),
            fill_merged=True,
            note="仅供核对，以行政区划代码为准",
        ),
        Column(
            "village_name",
            "行政村",
            ("村", "村名", "村名称", "行政村名称", "村（社区）"),
            fill_merged=True,
            note="未填行政区划代码时，按县、乡镇、行政村名称查找",
        ),
        Column(
            "village",
            "行政区划代码",
            ("区划代码", "村代码", "行政村代码", "村行政区划代码", "统计用区划代码", "村级区划代码"),
            kind="region_code",
            fill_merged=True,
            note="行政村的 12 位统计用区划代码",
        ),
    ]


def _common_tail() -> list[Column]:
    return [Column("remark", "备注", ("说明",), note="仅供查看，不导入")]


@functools.cache
def household_schema() -> SheetSchema:
    """Return the ``户信息`` sheet: one row per household, with one year's income and conditions."""
    c = _choices()
    columns = [
        Column("serial", "序号", note="仅供查看，不导入"),
        *_region_columns(),
        Column(
            "household_code",
            "户编号",
            ("户码", "户编码", "户ID", "户号", "家庭编号", "贫困户编号"),
            required=True,
            note="每户唯一的编号，人员信息表以此关联到户",
        ),
        Column("head_name", "户主姓名", ("户主", "户主名称")),
        Column(
            "head_id_number",
            "户主证件号码",
            ("户主身份证号", "户主身份证号码", "户主身份证", "户主公民身份号码", "户主证件号"),
            kind="id_number",
            note="与人员信息表中户主的证件号码一致",
        ),
        Column(
            "size",
            "人数",
            ("家庭人口数", "家庭人数", "户人数", "家庭人口", "人口数", "户籍人口数"),
            kind="int",
            required=True,
        ),
        Column("attribute", "贫困户属性", ("户属性", "贫困户类别", "贫困户类型"), "choice", choices=c["attribute"]),
        Column("status", "脱贫状态", ("脱贫属性", "脱贫标志", "脱贫情况", "贫困状态"), "choice", choices=c["status"]),
        Column(
            "main_cause", "主要致贫原因", ("致贫原因", "致贫原因1"), kind="choice", required=True, choices=c["cause"]
        ),
        Column(
            "other_causes",
            "其他致贫原因",
            ("其它致贫原因", "次要致贫原因"),
            "choice",
            choices=c["cause"],
            multi=True,
            note="可填多个，用顿号、逗号或空格分隔；不要重复主要致贫原因",
        ),
        Column(
            "identification_standard",
            "识别标准",
            ("识别标准类型",),
            "choice",
            choices=c["identification_standard"],
        ),
        Column(
            "identification_year",
            "识别年度",
            ("识别年份", "纳入年度", "建档立卡年度", "识别时间", "首次识别时间", "贫困人员识别时间"),
            kind="year",
            required=True,
        ),
        Column("planned_exit_year", "计划脱贫年度", ("计划脱贫年份", "计划脱贫时间"), "year"),
        Column("exit_year", "脱贫年度", ("脱贫年份", "脱贫时间", "实际脱贫年度"), "year", note="已脱贫户必填"),
        Column(
            "left_on", "减少/清退日期", ("自然减少日期", "减少日期", "清退日期"), "date", note="自然减少或清退的户必填"
        ),
        Column(
            "left_reason",
            "减少/清退原因",
            ("自然减少原因", "减少原因", "清退原因"),
            "choice",
            choices=c["left_reason"],
            note="自然减少或清退的户必填",
        ),
        Column("phone", "联系电话", ("户联系电话", "户主联系电话", "户主电话", "电话", "手机号码", "联系方式")),
        Column("helper_name", "帮扶责任人", ("帮扶人", "帮扶责任人姓名")),
        Column("helper_unit", "帮扶单位", ("帮扶责任人单位", "帮扶人单位")),
        Column("helper_phone", "帮扶责任人电话", ("帮扶人电话", "帮扶责任人联系电话")),
        Column("year", "年度", ("统计年度", "数据年度", "收入年度"), "year", note="以下收入和生活条件所属的年度"),
        _money("wage_income", "工资性收入", "务工收入"),
        _money("business_income", "生产经营性收入", "家庭经营性收入", "经营性收入"),
        _money("property_income", "财产性收入"),
        _money("transfer_income", "转移性收入"),
        _money(
            "excluded_transfer_income",
            "不计入脱贫的转移性收入",
            note="教育资助、医疗报销救助、住房补助等，已含在转移性收入中",
        ),
        _money("production_cost", "生产经营性支出", "生产经营支出", "家庭经营性支出", "生产性支出"),
        _money("net_income_per_capita", "人均纯收入", "家庭人均纯收入", note="由各项收入算出，填写时仅供核对"),
        Column("food_clothing_secure", "吃穿不愁", ("是否吃穿不愁", "不愁吃不愁穿", "不愁吃穿"), "bool"),
        Column(
            "housing_rating",
            "住房安全等级",
            ("住房安全鉴定等级", "房屋安全等级", "危房等级"),
            "choice",
            choices=c["housing_rating"],
            note="A、B 级为安全；未鉴定时可只填“是否危房户”",
        ),
        Column("dilapidated_house", "是否危房户", ("危房户", "是否危房"), "bool"),
        Column("relocated", "是否易地扶贫搬迁户", ("易地扶贫搬迁户", "易地搬迁户", "是否易地搬迁户"), "bool"),
        Column("relocation_moved_in", "搬迁是否入住", ("是否已入住", "搬迁已入住"), "bool"),
        Column("water_safe", "饮水是否安全", ("是否解决安全饮用水", "饮水安全", "是否饮水安全"), "bool"),
        Column("water_quality_ok", "水质是否达标", ("水质达标", "饮水水质是否达标"), "bool"),
        Column("water_litres_per_day", "水量（升/人·日）", ("水量", "人均日用水量", "水量(升/人日)"), "int"),
        Column("water_fetch_minutes", "取水往返时间（分钟）", ("取水往返时间", "取水时间"), "int"),
        Column("water_guarantee_rate", "供水保证率（%）", ("供水保证率",), "decimal"),
        Column("electricity", "是否通生活用电", ("通生活用电", "是否通电", "生活用电"), "bool"),
        Column("assistance_measures", "帮扶措施", ("帮扶措施内容",)),
        *_common_tail(),
    ]
    return SheetSchema(
        HOUSEHOLD_SHEET,
        ("户基本信息", "贫困户信息", "户表", "贫困户基本信息", "户信息表"),
        tuple(columns),
        ("household_code",),
    )


@functools.cache
def member_schema() -> SheetSchema:
    """Return the ``人员信息`` sheet: one row per member of a household."""
    c = _choices()
    columns = [
        Column("serial", "序号", note="仅供查看，不导入"),
        *_region_columns(),
        Column(
            "household_code",
            "户编号",
            ("户码", "户编码", "户ID", "户号", "家庭编号", "贫困户编号"),
            required=True,
            fill_merged=True,
            note="所属户的户编号，须在户信息表中",
        ),
        Column(
            "member_code",
            "人编号",
            ("人口编号", "人员编号", "成员编号", "个人编号", "人码", "人员ID"),
            required=True,
            note="每人唯一的编号",
        ),
        Column("name", "姓名", ("成员姓名", "人员姓名"), required=True),
        Column(
            "id_number",
            "证件号码",
            ("身份证号", "身份证号码", "公民身份号码", "证件号", "身份证", "公民身份证号码"),
            kind="id_number",
            required=True,
        ),
        Column(
            "relation",
            "与户主关系",
            ("与户主的关系", "家庭关系", "关系"),
            kind="choice",
            required=True,
            choices=c["relation"],
        ),
        Column("sex", "性别", (), "choice", choices=c["sex"], note="须与证件号码一致"),
        Column("birth_date", "出生日期", ("出生年月日",), "date", note="须与证件号码一致"),
        Column("ethnicity", "民族", (), "choice", choices=c["ethnicity"]),
        Column("education", "文化程度", ("学历",), "choice", choices=c["education"]),
        Column("school_status", "在校生状况", ("在校生情况", "在校状况"), "choice", choices=c["school_status"]),
        Column(
            "dropout_reason",
            "失学或辍学原因",
            ("失学辍学原因", "辍学原因"),
            "choice",
            choices=c["dropout_reason"],
        ),
        Column("health", "健康状况", ("身体健康状况",), "choice", choices=c["health"]),
        Column("labour", "劳动技能", ("劳动能力", "劳动能力页面（劳动技能）"), "choice", choices=c["labour"]),
        Column(
            "migrant_months",
            "务工时间（月）",
            ("务工时间", "务工月数", "外出务工时间", "外出务工月数", "务工时间(月)"),
            "int",
            note="0–12",
        ),
        Column(
            "medical_insurance",
            "是否参加城乡居民基本医疗保险",
            (
                "参加城乡居民基本医疗保险",
                "是否参加基本医疗保险",
                "是否参加新型农村合作医疗",
                "是否参加新型农村合作医疗（城乡居民基本医疗保险）",
                "参加新型农村合作医疗",
                "是否参加新农合",
            ),
            "bool",
        ),
        Column(
            "serious_illness_insurance",
            "是否参加大病保险",
            ("参加大病保险", "参加大病医疗", "是否参加大病医疗"),
            "bool",
        ),
        Column("dibao", "是否享受低保", ("享受低保", "是否低保"), "bool"),
        Column("tekun", "是否特困供养", ("特困供养", "是否享受特困供养", "是否特困供养人员", "是否五保"), "bool"),
        Column("deceased", "是否死亡", ("已死亡", "死亡"), "bool"),
        Column("moved_out", "是否迁出", ("已迁出", "迁出"), "bool"),
        Column("phone", "联系电话", ("人联系电话", "电话", "手机号码", "联系方式")),
        Column("bank_name", "开户银行名称", ("开户银行", "开户行", "银行名称")),
        Column(
            "bank_account",
            "银行卡号",
            ("银行账号", "银行卡（折）号", "一卡通账号", "开户账号"),
            note="惠民惠农补贴发放账户；本列已设为文本格式，请勿改为数值",
        ),
        *_common_tail(),
    ]
    return SheetSchema(
        MEMBER_SHEET,
        ("人员基本信息", "家庭成员", "家庭成员信息", "成员信息", "人口信息", "贫困人口信息", "人员信息表"),
        tuple(columns),
        ("member_code",),
    )


@functools.cache
def village_schema() -> SheetSchema:
    """Return the optional ``村信息`` sheet: one row per village and year."""
    columns = [
        Column("serial", "序号", note="仅供查看，不导入"),
        *_region_columns()[:4],
        Column(
            "village",
            "行政区划代码",
            ("区划代码", "村代码", "行政村代码", "村行政区划代码", "统计用区划代码", "村级区划代码"),
            kind="region_code",
            required=True,
            note="行政村的 12 位统计用区划代码",
        ),
        Column("year", "年度", ("统计年度", "数据年度"), kind="year", required=True),
        Column("rural_population", "农村户籍人口", ("户籍人口", "农业户籍人口", "农村户籍人口数"), "int"),
        Column("is_poor_village", "是否贫困村", ("贫困村",), "bool"),
        Column("is_deep_poverty_village", "是否深度贫困村", ("深度贫困村",), "bool", note="深度贫困村必须同时是贫困村"),
        Column("hardened_road", "通硬化路", ("是否通硬化路",), "bool"),
        Column("safe_water", "安全饮水", ("是否安全饮水", "饮水安全"), "bool"),
        Column("power", "通动力电", ("是否通动力电",), "bool"),
        Column("standard_clinic", "标准化卫生室", ("是否有标准化卫生室", "有标准化卫生室"), "bool"),
        Column(
            "collective_income",
            "集体经济收入（万元）",
            ("村集体经济收入（万元）", "集体经济收入"),
            "decimal",
            note="单位万元",
        ),
        Column("broadband", "通宽带", ("是否通宽带",), "bool"),
        Column("planned_exit_year", "计划出列年度", ("计划退出年度", "计划出列年份"), "year"),
        *_common_tail(),
    ]
    return SheetSchema(
        VILLAGE_SHEET,
        ("村基本信息", "行政村信息", "村级信息", "村情况", "村信息表"),
        tuple(columns),
        ("village", "year"),
        required=False,
    )


def registry_schemas() -> tuple[SheetSchema, SheetSchema, SheetSchema]:
    """Return the three sheets of the canonical workbook: households, members, villages."""
    return household_schema(), member_schema(), village_schema()


def read_registry_workbook(file: FileSource, filename: str) -> ReadResult:
    """Read an uploaded registry workbook (see ``core.excel.reader.read_workbook``)."""
    return read_workbook(file, filename, registry_schemas(), ignore_sheets=TEMPLATE_EXTRA_SHEETS)


# --- the empty template ---------------------------------------------------------------------


def _is_text_column(column: Column) -> bool:
    """Return True for columns Excel must keep as typed (long digit strings, leading zeros)."""
    return column.kind in ("id_number", "region_code") or column.key.endswith(("_code", "phone", "_account"))


def _values_hint(column: Column) -> str:
    if column.kind != "choice":
        return ""
    codes: dict[str, str] = {}
    for label, code in (column.choices or {}).items():
        codes.setdefault(code, label)
    return "、".join(f"{label}（{code}）" if code else label for code, label in codes.items())


def template_workbook(out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the empty canonical workbook to ``out``.

    The three sheets with their headers in order (required ones in red), ID and code
    columns formatted as text so Excel keeps every digit, drop-down lists for choice and
    是/否 columns, a 填写说明 sheet explaining each column, and a hidden 代码表 sheet
    holding the drop-down lists.
    """
    schemas = registry_schemas()
    workbook = new_workbook(out)
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    required_header = workbook.add_format(
        {
            "bold": True,
            "bg_color": "#DDEBF7",
            "font_color": "#C00000",
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }
    )
    text = workbook.add_format({"num_format": "@"})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheets = {schema.name: workbook.add_worksheet(schema.name) for schema in schemas}
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    codes = workbook.add_worksheet(CODES_SHEET)
    codes.hide()

    lists: dict[tuple[str, ...], str] = {}  # labels → their range on the codes sheet

    def drop_down(column: Column) -> str:
        labels = tuple(column.labels) if column.kind == "choice" else ("是", "否")
        if labels not in lists:
            c = len(lists)
            codes.write_string(0, c, column.header if column.kind == "choice" else "是/否")
            for r, label in enumerate(labels, start=1):
                codes.write_string(r, c, label)
            letter = xl_col_to_name(c)
            lists[labels] = f"='{CODES_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
        return lists[labels]

    for schema in schemas:
        ws = sheets[schema.name]
        ws.freeze_panes(1, 0)
        ws.set_row(0, 30)
        for c, column in enumerate(schema.columns):
            width = max(10, min(30, len(column.header) * 2 + 2))
            if column.kind == "id_number":
                width = 22
            ws.set_column(c, c, width, text if _is_text_column(column) else date if column.kind == "date" else None)
            ws.write_string(0, c, column.header, required_header if column.required else header)
            if column.kind == "bool" or (column.kind == "choice" and not column.multi):
                ws.data_validation(
                    1,
                    c,
                    TEMPLATE_ROWS,
                    c,
                    {
                        "validate": "list",
                        "source": drop_down(column),
                        "error_type": "warning",
                        "error_title": "不在下拉列表中",
                        "error_message": "请从下拉列表中选择（也可填写代码）。",
                    },
                )

    _write_instructions(workbook, instructions, schemas)
    workbook.close()


def _write_instructions(workbook: xlsxwriter.Workbook, ws: Worksheet, schemas: Iterable[SheetSchema]) -> None:
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 6)
    ws.set_column(3, 3, 36)
    ws.set_column(4, 4, 48)
    ws.set_column(5, 5, 60)
    notes = [
        "建档立卡数据导入模板填写说明",
        "1. “户信息”每户一行，“人员信息”每人一行，两表以“户编号”关联；“村信息”可选，每村每年一行。",
        "2. 表头不要改动；红色列名为必填列。表头上方可以保留标题行，列的顺序可以调整，不认识的列会提示且不导入。",
        "3. 证件号码、户编号、人编号、行政区划代码等列已设为文本格式，请勿改为数值，否则 Excel 会丢失后几位数字。",
        "4. 是/否列可填 是/否、Y/N、√/×、1/0；日期可写作 1980-05-06、1980/5/6、19800506 或 1980年5月6日。",
        "5. 也可以只用一张表：每行一人，同时填写户信息各列（同一户的户信息各行相同或合并单元格）。",
    ]
    ws.write_string(0, 0, notes[0], title)
    for r, note in enumerate(notes[1:], start=1):
        ws.write_string(r, 0, note)
    r = len(notes) + 1
    for c, text in enumerate(("工作表", "列名", "必填", "也可写作", "填写要求", "可选值（代码）")):
        ws.write_string(r, c, text, bold)
    for schema in schemas:
        for column in schema.columns:
            r += 1
            hint = "；".join(filter(None, [KIND_HINTS[column.kind], column.note]))
            if column.multi:
                hint = "；".join(filter(None, ["可选多个，从可选值中选", column.note]))
            row = (schema.name, column.header, "是" if column.required else "", "、".join(column.aliases), hint)
            for c, text in enumerate((*row, _values_hint(column))):
                if text:
                    ws.write_string(r, c, text, wrap)
