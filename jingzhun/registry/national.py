"""The national system's exports (全国扶贫开发信息系统 and its successor, 防返贫监测信息系统).

Their one-sheet per-person layouts are read by the registry workbook's schemas (the headers
are aliases there); what differs is kept here:

- the national code tables: a number in a choice column of a national export is the
  national code, not the project's (national 11 is 之父, the project's 11 兄弟姐妹). The
  tables below map the national numbers to project values; a column without a table here
  refuses a bare number and asks for the text;
- yes/no written 1/2 (1 是, 2 否), and several 健康状况 in one cell;
- former names of renamed divisions (旬阳县 is 旬阳市 since 2021).

Sources of the tables: the order of 与户主关系 in the national system's validation rules as
public checkers repeat them (Gzuwkj/fuping, ``rules``: 户主, 配偶, 之子 … 之叔伯, 其他; the
national code is the position, 1-based, 28 其他), the 脱贫属性 codes of database dumps
(0 未脱贫, 1 脱贫, 2 预脱贫, 3 返贫; Mr-margin/assa-Maven-Webapp, ``SW4_Controller``), and the
civil-affairs announcements of the renamed counties.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.core.excel import ReadResult, SheetSchema
from jingzhun.core.excel.cleaning import clean_text, is_empty
from jingzhun.core.excel.schema import ImportIssue, choice_key, fold_width, normalize_header
from jingzhun.registry.choices import Health, Relation, Status
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
}

# 脱贫属性: national code → project status.
STATUS_CODES: dict[int, str] = {
    0: Status.NOT_EXITED,
    1: Status.EXITED,
    2: Status.PRE_EXITED,
    3: Status.RETURNED,
}

# The column keys whose numbers are translated by a table above.
CODE_TABLES: dict[str, dict[int, str]] = {"relation": RELATION_CODES, "status": STATUS_CODES}

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


def is_national(read: ReadResult) -> bool:
    """Return True if the file is a national-system export (one of its own headers is there)."""
    headers = (normalize_header(h) for sheet in read.sheets.values() for h in sheet.headers.values())
    return any(header in NATIONAL_HEADERS for header in headers)


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


def _health(value: Any) -> Any:
    """Return one 健康状况 for a cell listing several (长期慢性病,残疾 → 残疾且患病)."""
    if not isinstance(value, str):
        return value
    parts = {p for p in _SEPARATORS.split(value.strip()) if p}
    if len(parts) < 2:
        return value
    disabled = any("残疾" in p for p in parts)
    ill = any("病" in p for p in parts)
    if disabled and ill:
        return str(Health.DISABLED_AND_ILL.label)
    if any("大病" in p for p in parts):
        return str(Health.SERIOUS.label)
    return value


def adapt(read: ReadResult) -> list[ImportIssue]:
    """Translate the national codes of a national export in place, before the cells are cleaned.

    Numbers in 与户主关系 and 脱贫属性 become the project's values by the national tables;
    2 in a 是/否 column becomes 否; several 健康状况 become one. A bare number in another
    choice column is refused (the national numbering differs from the project's). Return
    the issues (an explanatory note, and the refused cells as errors).
    """
    issues: list[ImportIssue] = []
    for name in (HOUSEHOLD_SHEET, MEMBER_SHEET):
        sheet = read.sheets.get(name)
        if sheet is None:
            continue
        columns = {c.key: c for c in sheet.schema.columns if c.key in sheet.columns}
        for row in sheet.rows:
            for key, column in columns.items():
                value = row.values.get(key)
                if is_empty(value):
                    continue
                if key == "health":
                    row.values[key] = _health(value)
                    continue
                if column.kind not in ("choice", "bool"):
                    continue
                number = _number(value)
                if number is None:
                    continue
                if column.kind == "bool":
                    if number == NATIONAL_NO:
                        row.values[key] = "否"
                    continue
                table = CODE_TABLES.get(key)
                if table is not None and number in table:
                    row.values[key] = table[number]
                    continue
                message = _(
                    "“%(header)s”填写的是代码 %(value)s：全国扶贫开发信息系统的代码与本系统的不同，"
                    "请改填文字（如 %(example)s）。"
                ) % {"header": sheet.headers.get(key, column.header), "value": number, "example": column.labels[0]}
                issues.append(ImportIssue(sheet.title, row.number, key, column.header, message))
                row.values[key] = None
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
        own = _id_text(person.values.get("id_number"))
        head = _id_text(household.values.get("head_id_number"))
        if not head and _is_head(person.values.get("relation")):
            current = own
        code = head or current
        if not code:
            message = _("这一行之前没有户主：请把户主排在本户成员之前，或填写户编号、户主证件号码。")
            issues.append(
                ImportIssue(members.title, person.number, "relation", members.headers.get("relation"), message)
            )
        person.values["household_code"] = household.values["household_code"] = code
        person.values["member_code"] = own
    for sheet in (members, households):
        index = sheet.columns.get("id_number", sheet.columns.get("head_id_number", 0))
        sheet.columns.setdefault("household_code", index)
        sheet.headers.setdefault("household_code", _("户编号（按户主证件号码）"))
    members.columns.setdefault("member_code", members.columns.get("id_number", 0))
    members.headers.setdefault("member_code", _("人编号（按证件号码）"))
    return issues
