"""The national system's exports (全国扶贫开发信息系统 and its successor, 防返贫监测信息系统).

Their one-sheet per-person layouts are read by the registry workbook's schemas (the headers
are aliases there); what differs is kept here:

- the national code tables: a number in a choice column of a national export is the
  national code, not the project's (national 11 is 之父, the project's 11 兄弟姐妹). The
  tables below map the national numbers to project values; a column without a table here
  refuses a bare number and asks for the text;
- yes/no written 1/2 (1 是, 2 否), and several 健康状况 in one cell;
- former names of renamed divisions (旬阳县 is 旬阳市 since 2021).

Sources of the tables:

- 与户主关系: the order of the national system's validation rules as public checkers repeat
  them (Gzuwkj/fuping, ``rules``: 户主, 配偶, 之子 … 之叔伯, 其他; the national code is the
  position, 1-based, 28 其他). The database dumps write 其他 as 99 (Mr-margin/assa-Maven-Webapp,
  ``SW4_Controller.java``, ``mianZhuan`` type 10), which is read too;
- 脱贫属性 and the columns below: the code tables a county tool applies to the national
  system's own database tables (AB01 persons, AC01 households) to show them,
  Mr-margin/assa-Maven-Webapp, ``src/main/java/com/gistone/controller/SW4_Controller.java``,
  ``mianZhuan``: 脱贫属性 (type 21, AAR010: 0 未脱贫, 1 脱贫, 2 预脱贫, 3 返贫), 文化程度 (type 12),
  在校生状况 (type 13), 健康状况 (type 14), 劳动技能 (type 15), 识别标准 (``sys_standard``,
  AAC005), 贫困户属性 (type 22, AAC006), 主要致贫原因 (type 23, AAC007) and 其他致贫原因
  (type 33, AAC008, a comma-separated list of codes);
- the civil-affairs announcements of the renamed counties.

The other public tools the national exports are known by (TaoziSir/povertyinformation
``pobj/Bookbuilding.java``, xiaoxinllleee/idap-service ``SgtzglYtprkmd.java``, Gzuwkj/fuping)
read these columns as words and give no numbers. Where sources differ: SW4's list of 主要致贫原因
(type 23) stops at 11 and shows 99 as 其他, its list of 其他致贫原因 (type 33) has 12 因婚 before
99 其他 — 12 is 因婚 here (the same table in both columns of the national system); 因丧 has no
national number in any source and stays refused as a number. 贫困户属性 5 (低收入农户, marked
"can it be removed?" in an older version of the same file) is not a registered poor household
and has no project value: refused as a number. Derived tools that number 致贫原因 or 在校生状况
in another order (web pages and statistics of county apps) are not the national system's
export and are not followed.

民族 is not mapped: the national dumps number it in their own order (1 汉族, 2 满族, 3 回族 …),
not GB/T 3304's (2 蒙古族), so a bare number there is refused like any column without a table.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.core.excel import Column, ReadResult, SheetSchema
from jingzhun.core.excel.cleaning import clean_text, is_empty
from jingzhun.core.excel.schema import ImportIssue, choice_key, fold_width, normalize_header
from jingzhun.registry.choices import (
    Attribute,
    Cause,
    Education,
    Health,
    IdentificationStandard,
    Labour,
    Relation,
    SchoolStatus,
    Status,
)
from jingzhun.registry.workbook import HOUSEHOLD_SHEET, MEMBER_SHEET, member_schema, registry_schemas

# 与户主关系: national code (its place in the national list) → project code.
RELATION_CODES: dict[int, str] = {
    1: Relation.HEAD,
    2: Relation.SPOUSE,
    3: Relation.SON,
    4: Relation.DAUGHTER,
    5: Relation.DAUGHTER_IN_LAW,
    6: Relation.SON_IN_LAW,
    7: Relation.GRANDSON,
    8: Relation.GRANDDAUGHTER,
    9: Relation.DAUGHTERS_SON,
    10: Relation.DAUGHTERS_DAUGHTER,
    11: Relation.FATHER,
    12: Relation.MOTHER,
    13: Relation.WIFES_FATHER,
    14: Relation.WIFES_MOTHER,
    15: Relation.HUSBANDS_FATHER,
    16: Relation.HUSBANDS_MOTHER,
    17: Relation.GRANDFATHER,
    18: Relation.GRANDMOTHER,
    19: Relation.MATERNAL_GRANDFATHER,
    20: Relation.MATERNAL_GRANDMOTHER,
    21: Relation.SIBLING,
    22: Relation.GREAT_GRANDSON,
    23: Relation.GREAT_GRANDDAUGHTER,
    24: Relation.NEPHEW,
    25: Relation.NIECE,
    26: Relation.SISTER_IN_LAW,
    27: Relation.UNCLE,
    28: Relation.OTHER,
    99: Relation.OTHER,
}

# 脱贫属性: national code → project status.
STATUS_CODES: dict[int, str] = {
    0: Status.NOT_EXITED,
    1: Status.EXITED,
    2: Status.PRE_EXITED,
    3: Status.RETURNED,
}

# 文化程度: national 5 is 大专及以上 (the project's 6) and national 6 学龄前儿童 (the project's 7):
# a child written 6 is never stored as 大专及以上.
EDUCATION_CODES: dict[int, str] = {
    1: Education.ILLITERATE,
    2: Education.PRIMARY,
    3: Education.JUNIOR,
    4: Education.SENIOR,
    5: Education.COLLEGE,
    6: Education.PRESCHOOL,
}

# 在校生状况: the national list counts grades (4–6 七至九年级, 7–9 高中一至三年级 …); the project
# keeps the stage. National 1 is 非在校生 (stored empty).
SCHOOL_STATUS_CODES: dict[int, str] = {
    1: SchoolStatus.NONE,
    2: SchoolStatus.PRESCHOOL,
    3: SchoolStatus.PRIMARY,
    4: SchoolStatus.JUNIOR,
    5: SchoolStatus.JUNIOR,
    6: SchoolStatus.JUNIOR,
    7: SchoolStatus.SENIOR,
    8: SchoolStatus.SENIOR,
    9: SchoolStatus.SENIOR,
    10: SchoolStatus.VOCATIONAL,
    11: SchoolStatus.VOCATIONAL,
    12: SchoolStatus.VOCATIONAL,
    13: SchoolStatus.HIGHER_VOCATIONAL,
    14: SchoolStatus.HIGHER_VOCATIONAL,
    15: SchoolStatus.HIGHER_VOCATIONAL,
    16: SchoolStatus.COLLEGE_OR_ABOVE,
}

# 健康状况 (the numbers happen to be the project's; 残疾且患病 is the project's own value).
HEALTH_CODES: dict[int, str] = {1: Health.HEALTHY, 2: Health.CHRONIC, 3: Health.SERIOUS, 4: Health.DISABLED}

# 劳动技能: national 3 is 丧失劳动力 (the project's 4), 4 无劳动力 (the project's 5); the project's
# 3 (弱劳动力或半劳动力) has no national number in the old list.
LABOUR_CODES: dict[int, str] = {1: Labour.ORDINARY, 2: Labour.SKILLED, 3: Labour.LOST, 4: Labour.NONE}

# 贫困户属性: 1 一般贫困户, 2 低保户, 3 五保户 (特困供养), 4 低保贫困户; 5 低收入农户 has no value here.
ATTRIBUTE_CODES: dict[int, str] = {
    1: Attribute.GENERAL_POOR,
    2: Attribute.DIBAO_POOR,
    3: Attribute.TEKUN_POOR,
    4: Attribute.DIBAO_POOR,
}

# 致贫原因 (主要 and 其他): 1–11 in the national order, 12 因婚, 99 其他.
CAUSE_CODES: dict[int, str] = {
    1: Cause.ILLNESS,
    2: Cause.DISABILITY,
    3: Cause.EDUCATION,
    4: Cause.DISASTER,
    5: Cause.LAND,
    6: Cause.WATER,
    7: Cause.SKILLS,
    8: Cause.LABOUR,
    9: Cause.CAPITAL,
    10: Cause.TRANSPORT,
    11: Cause.MOTIVATION,
    12: Cause.MARRIAGE,
    99: Cause.OTHER,
}

# 识别标准.
STANDARD_CODES: dict[int, str] = {
    1: IdentificationStandard.NATIONAL,
    2: IdentificationStandard.PROVINCIAL,
    3: IdentificationStandard.CITY,
}

# The column keys whose numbers are translated by a table above.
CODE_TABLES: dict[str, dict[int, str]] = {
    "relation": RELATION_CODES,
    "status": STATUS_CODES,
    "education": EDUCATION_CODES,
    "school_status": SCHOOL_STATUS_CODES,
    "health": HEALTH_CODES,
    "labour": LABOUR_CODES,
    "attribute": ATTRIBUTE_CODES,
    "main_cause": CAUSE_CODES,
    "other_causes": CAUSE_CODES,
    "identification_standard": STANDARD_CODES,
}

# Values the national system writes in other words than the project's labels (its exports
# are written with these, and read back by the variants of registry.workbook).
NATIONAL_LABELS: dict[str, dict[str, str]] = {
    "attribute": {Attribute.TEKUN_POOR: "五保户"},
}

# 是/否 written as the national 1/2.
NATIONAL_NO = 2

# Headers only the national system's exports use: a file with one of them is read with the
# national code tables.
NATIONAL_HEADERS = frozenset(
    normalize_header(h)
    for h in (
        "脱贫属性",
        "人口编号",
        "首次识别时间",
        "贫困人员识别时间",
        "是否特困供养人员",
        "户联系电话",
        "人联系电话",
        "参加大病医疗",
        "是否参加新型农村合作医疗（城乡居民基本医疗保险）",
        "致贫原因1",
        "开户银行名称",
    )
)


@dataclasses.dataclass(frozen=True)
class FormerDivision:
    """A county-level division renamed (and recoded) after the exports were made."""

    former_name: str
    former_code: str
    name: str
    code: str
    year: int


FORMER_DIVISIONS = (
    FormerDivision("旬阳县", "610928", "旬阳市", "610981", 2021),
    FormerDivision("神木县", "610821", "神木市", "610881", 2017),
    FormerDivision("彬县", "610427", "彬州市", "610482", 2018),
    FormerDivision("子长县", "610623", "子长市", "610681", 2019),
    FormerDivision("南郑县", "610721", "南郑区", "610703", 2017),
    FormerDivision("安塞县", "610624", "安塞区", "610603", 2016),
    FormerDivision("横山县", "610823", "横山区", "610803", 2015),
    FormerDivision("华县", "610521", "华州区", "610503", 2015),
    FormerDivision("高陵县", "610126", "高陵区", "610117", 2014),
    FormerDivision("户县", "610125", "鄠邑区", "610118", 2016),
    FormerDivision("凤翔县", "610322", "凤翔区", "610305", 2021),
)
CURRENT_NAMES = {d.former_name: d.name for d in FORMER_DIVISIONS}


def current_county_name(name: str) -> str:
    """Return the present name of a county-level division given by a former name (旬阳县 → 旬阳市)."""
    return CURRENT_NAMES.get(name, name)


_NUMBER = re.compile(r"\d{1,2}")
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


@functools.cache
def _own_headers() -> frozenset[str]:
    """The headers the project's own workbook writes (开户银行名称 is one, and a national one too)."""
    return frozenset(normalize_header(column.header) for schema in registry_schemas() for column in schema.columns)


def is_national(read: ReadResult) -> bool:
    """Return True if the file is a national-system export: one of the headers only those exports use is there."""
    headers = {normalize_header(h) for sheet in read.sheets.values() for h in sheet.headers.values()}
    return bool(headers & (NATIONAL_HEADERS - _own_headers()))


_FILE_YEAR = re.compile(r"(20[1-3]\d)\s*年")


def file_year(read: ReadResult) -> int | None:
    """Return the year a national export names in its title rows or its file name (2019年), if one."""
    texts = [str(cell) for sheet in read.sheets.values() for row in sheet.title_rows for cell in row if cell]
    for text in (*texts, read.filename):
        match = _FILE_YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def _number(value: Any) -> int | None:
    """Return the bare number a cell holds (7, 7.0, "07"), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return int(value.strip())
    return None


ILL = frozenset({Health.CHRONIC, Health.SERIOUS, Health.DISABLED_AND_ILL})
DISABLED = frozenset({Health.DISABLED, Health.DISABLED_AND_ILL})
# The order in which one of several 健康状况 is kept when they do not combine (most severe first).
HEALTH_SEVERITY = (Health.DISABLED_AND_ILL, Health.DISABLED, Health.SERIOUS, Health.CHRONIC, Health.HEALTHY)


def combined_health(codes: set[str]) -> str:
    """Return the one 健康状况 the project stores for a person given several (a member has one).

    残疾 with any illness (长期慢性病, 患有大病) is 残疾且患病; otherwise the most severe is kept
    (患有大病 before 长期慢性病), and 健康 only when nothing else is named.
    """
    if codes & DISABLED and codes & ILL:
        return Health.DISABLED_AND_ILL
    return next((code for code in HEALTH_SEVERITY if code in codes), Health.HEALTHY)


def _parts(value: Any) -> list[Any]:
    """Return the values a cell lists (长期慢性病,残疾 → two; a number or a single word → itself)."""
    if not isinstance(value, str):
        return [value]
    return [part for part in _SEPARATORS.split(value.strip()) if part]


def _refusal(sheet: Any, key: str, column: Column, number: int) -> str:
    table = CODE_TABLES.get(key)
    values = {"header": sheet.headers.get(key, column.header), "value": number, "example": column.labels[0]}
    if table is None:
        return (
            _(
                "“%(header)s”填写的是代码 %(value)s：全国扶贫开发信息系统的代码与本系统的不同，"
                "请改填文字（如 %(example)s）。"
            )
            % values
        )
    codes = "、".join(str(n) for n in sorted(table))
    return _(
        "“%(header)s”填写的代码 %(value)s 不在全国扶贫开发信息系统的代码表（%(codes)s）中，"
        "请改填文字（如 %(example)s）。"
    ) % {
        **values,
        "codes": codes,
    }


def adapt(read: ReadResult) -> list[ImportIssue]:
    """Translate the national codes of a national export in place, before the cells are cleaned.

    Numbers in the columns of ``CODE_TABLES`` become the project's values by the national
    tables (each number of a list in 其他致贫原因 too); 2 in a 是/否 column becomes 否;
    several 健康状况 in one cell become one (``combined_health``). A bare number in another
    choice column, or one its table does not have, is refused (the national numbering differs
    from the project's). Return the refused cells as errors.
    """
    issues: list[ImportIssue] = []
    for name in (HOUSEHOLD_SHEET, MEMBER_SHEET):
        sheet = read.sheets.get(name)
        if sheet is None:
            continue
        # Only the choice and yes/no columns the file has; a cell with one value and no
        # number (most cells) is left at the first test.
        columns = [
            (c.key, c, c.multi or c.key == "health")
            for c in sheet.schema.columns
            if c.key in sheet.columns and c.kind in ("choice", "bool")
        ]
        for row in sheet.rows:
            for key, column, several in columns:
                value = row.get(key)
                if several and isinstance(value, str) and _SEPARATORS.search(value.strip()):
                    parts = _parts(value)
                elif _number(value) is None:
                    continue
                else:
                    parts = [value]
                if column.kind == "bool":
                    if _number(value) == NATIONAL_NO:
                        row.set(key, "否")
                    continue
                table = CODE_TABLES.get(key, {})
                numbers = [_number(part) for part in parts]
                refused = [n for n in numbers if n is not None and n not in table]
                if refused:
                    message = _refusal(sheet, key, column, refused[0])
                    issues.append(ImportIssue(sheet.title, row.number, key, column.header, message))
                    row.set(key, None)
                    continue
                codes = [table[n] if n is not None else part for part, n in zip(parts, numbers, strict=True)]
                if key == "health" and len(codes) > 1:
                    known = [column.lookup.get(choice_key(clean_text(c))) for c in codes]
                    if all(k is not None for k in known):
                        row.set(key, combined_health({str(k) for k in known}))
                elif any(n is not None for n in numbers):
                    row.set(key, "、".join(codes) if column.multi else codes[0])
    return issues


# --- the oldest exports: no 户编号, no 人编号 ---------------------------------------------------

KEYS = ("household_code", "member_code")


@functools.cache
def keyless_schemas() -> tuple[SheetSchema, ...]:
    """Return the registry's sheets with 户编号 and 人编号 optional (the oldest exports have neither)."""
    return tuple(
        dataclasses.replace(
            schema,
            columns=tuple(dataclasses.replace(c, required=False) if c.key in KEYS else c for c in schema.columns),
        )
        for schema in registry_schemas()
    )


def needs_keys(read: ReadResult) -> bool:
    """Return True for a file of one sheet that has neither 户编号 nor 人编号."""
    return len({s.title for s in read.sheets.values()}) == 1 and not any(
        key in sheet.columns for sheet in read.sheets.values() for key in KEYS
    )


def _id_text(value: Any) -> str:
    return fold_width(clean_text(value)).replace(" ", "").upper() if not is_empty(value) else ""


def _is_head(value: Any) -> bool:
    if _number(value) == 1:
        return True
    lookup = member_schema().column("relation").lookup
    return not is_empty(value) and lookup.get(choice_key(clean_text(value))) == Relation.HEAD


def group_by_head(read: ReadResult) -> list[ImportIssue]:
    """Give each person of a keyless one-sheet export its household and person keys; return the issues.

    A household is its head: 户编号 is the head's ID number (户主证件号码 when the file has
    it, else the ID of the last 户主 row above: the members follow their head), 人编号 the
    person's own ID number. A warning says so; a person before any head is an error.
    """
    members, households = read.sheets.get(MEMBER_SHEET), read.sheets.get(HOUSEHOLD_SHEET)
    if members is None or households is None:
        return []
    issues = [
        ImportIssue(
            members.title,
            None,
            None,
            None,
            _(
                "文件中没有户编号和人编号：按“与户主关系”和证件号码归户，"
                "户编号取户主的证件号码，人编号取本人的证件号码。"
            ),
            "warning",
        )
    ]
    current = ""
    for person, household in zip(members.rows, households.rows, strict=True):
        own = _id_text(person.get("id_number"))
        head = _id_text(household.get("head_id_number"))
        if not head and _is_head(person.get("relation")):
            current = own
        code = head or current
        if not code:
            message = _("这一行之前没有户主：请把户主排在本户成员之前，或填写户编号、户主证件号码。")
            issues.append(
                ImportIssue(members.title, person.number, "relation", members.headers.get("relation"), message)
            )
        person.set("household_code", code)
        household.set("household_code", code)
        person.set("member_code", own)
    for sheet in (members, households):
        index = sheet.columns.get("id_number", sheet.columns.get("head_id_number", 0))
        sheet.columns.setdefault("household_code", index)
        sheet.headers.setdefault("household_code", _("户编号（按户主证件号码）"))
    members.columns.setdefault("member_code", members.columns.get("id_number", 0))
    members.headers.setdefault("member_code", _("人编号（按证件号码）"))
    return issues
