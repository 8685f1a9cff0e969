"""Export of the registry in the canonical workbook layout (户信息 / 人员信息 / 村信息), or in the
national system's one-sheet layout (one row per person, household fields repeated, the
national headers: 脱贫属性, 人口编号, 首次识别时间 …).

What is exported can be imported again unchanged (when ID numbers are exported in full).
Rows stream from the database in chunks of households and XlsxWriter writes them in
``constant_memory`` mode, so a city's registry never sits in memory at once.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.db.models import Max, QuerySet

from jingzhun.core.excel.schema import Column, SheetSchema
from jingzhun.core.excel.writer import new_workbook
from jingzhun.core.personal import Disclosure, Kind
from jingzhun.regions.models import VILLAGE_FACT_FIELDS, VillageYear
from jingzhun.registry.choices import Status
from jingzhun.registry.fieldsets import HOUSEHOLD_FIELDS, LEFT_FIELDS, MEMBER_FIELDS, YEAR_FIELDS
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.registry.national import NATIONAL_LABELS
from jingzhun.registry.workbook import household_schema, member_schema, village_schema

Progress = Callable[[int, int, str], None]
CHUNK = 2000

REGION_COLUMNS = ("county_name", "township_name", "village_name", "village")
HOUSEHOLD_COLUMNS = (
    *REGION_COLUMNS,
    "household_code",
    "head_name",
    "head_id_number",
    *HOUSEHOLD_FIELDS,
    *LEFT_FIELDS,
    "year",
    *YEAR_FIELDS,
    "net_income_per_capita",
)
MEMBER_COLUMNS = ("household_code", "member_code", *MEMBER_FIELDS)
VILLAGE_COLUMNS = (*REGION_COLUMNS, "year", *VILLAGE_FACT_FIELDS)
TEXT_KINDS = frozenset({"text", "id_number", "region_code"})
LAYOUTS = ("canonical", "national")
NATIONAL_SHEET = "贫困人口信息"
# The national layout: (column key, header as the national system writes it); household
# columns first, repeated on every person of the household, then the person's.
NATIONAL_HOUSEHOLD_COLUMNS = (
    ("county_name", "县（市、区、旗）"),
    ("township_name", "镇（乡）"),
    ("village_name", "行政村"),
    ("village", "行政区划代码"),
    ("household_code", "户编号"),
    ("size", "人数"),
    ("attribute", "贫困户属性"),
    ("status", "脱贫属性"),
    ("exit_year", "脱贫年度"),
    ("planned_exit_year", "计划脱贫年度"),
    ("main_cause", "主要致贫原因"),
    ("other_causes", "其他致贫原因"),
    ("identification_year", "首次识别时间"),
    ("year", "年度"),
    ("net_income_per_capita", "人均纯收入"),
    ("phone", "户联系电话"),
)
NATIONAL_MEMBER_COLUMNS = (
    ("member_code", "人编号"),
    ("name", "姓名"),
    ("id_number", "证件号码"),
    ("relation", "与户主关系"),
    ("sex", "性别"),
    ("ethnicity", "民族"),
    ("education", "文化程度"),
    ("school_status", "在校生状况"),
    ("health", "健康状况"),
    ("labour", "劳动技能"),
    ("migrant_months", "务工时间（月）"),
    ("medical_insurance", "是否参加新型农村合作医疗（城乡居民基本医疗保险）"),
    ("serious_illness_insurance", "参加大病医疗"),
    ("tekun", "是否特困供养人员"),
    ("dibao", "是否享受低保"),
    ("deceased", "是否死亡"),
    ("moved_out", "是否迁出"),
    ("phone", "人联系电话"),
    ("bank_name", "开户银行名称"),
    ("bank_account", "银行卡号"),
)
# 脱贫属性 in the national words (the import reads both these and the project's labels).
NATIONAL_STATUS_LABELS = {
    Status.NOT_EXITED: "未脱贫",
    Status.EXITED: "脱贫",
    Status.PRE_EXITED: "预脱贫",
    Status.RETURNED: "返贫",
    Status.EXITED_NO_POLICY: "脱贫不再享受政策",
}


def registry_workbook_write(
    households: QuerySet[Household],
    out: str | IO[bytes],
    *,
    year: int | None,
    unmask: bool,
    attributes: bool = False,
    progress: Progress | None = None,
    layout: str = "canonical",
) -> int:
    """Write ``households`` (with their members, the ``year``'s facts and their villages' facts) to ``out``.

    ``layout`` "national" writes the national system's one sheet instead (one row per person,
    household fields repeated; no village sheet).

    Without ``year``: each household's latest facts and the villages' latest year. ID numbers,
    phones and birth dates are masked unless ``unmask``; health is written if ``attributes``
    (the user may see personal data) or ``unmask`` (``core.personal``). Return the number of
    households written.
    """
    shown = Disclosure.fixed(unmask=unmask, attributes=attributes)
    progress = progress or (lambda done, total, message: None)
    total = households.count()
    workbook = new_workbook(out, {"constant_memory": True})
    formats = _Formats(workbook)
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if layout == "national":
        schema, keys = national_schema()
        national = _SheetWriter(workbook, schema, keys, formats)
    else:
        writers = {
            "households": _SheetWriter(workbook, household_schema(), HOUSEHOLD_COLUMNS, formats),
            "members": _SheetWriter(workbook, member_schema(), MEMBER_COLUMNS, formats),
            "villages": _SheetWriter(workbook, village_schema(), VILLAGE_COLUMNS, formats),
        }
    villages: dict[str, Any] = {}
    done = 0
    for chunk in _chunks(households):
        years = _years(chunk, year)
        members = _members(chunk)
        for household in chunk:
            village = household.village
            villages.setdefault(village.code, village)
            household_members = members.get(household.pk, [])
            head = next((m for m in household_members if m.relation == "01"), None)
            facts = years.get(household.pk)
            living = sum(1 for m in household_members if m.counts)
            household_values = _household_values(household, head, facts, living, shown)
            if layout == "national":
                household_values["status"] = NATIONAL_STATUS_LABELS.get(household.status, household.status)
                for member in household_members:
                    member_values = _member_values(household.code, member, shown)
                    member_values["member_phone"] = member_values.pop("phone", "")
                    national.row({**household_values, **member_values})
                continue
            writers["households"].row(household_values)
            for member in household_members:
                writers["members"].row(_member_values(household.code, member, shown))
        done += len(chunk)
        progress(done, total, "")
    if layout == "national":
        workbook.close()
        return done
    village_year = year or VillageYear.objects.filter(village_id__in=list(villages)).aggregate(y=Max("year"))["y"]
    if village_year is not None:
        facts_by_village = {
            f.village_id: f for f in VillageYear.objects.filter(village_id__in=list(villages), year=village_year)
        }
        for code in sorted(villages):
            facts = facts_by_village.get(code)
            if facts is not None:
                writers["villages"].row(_village_values(villages[code], facts))
    workbook.close()
    return done


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format({"bold": True, "bg_color": "#F3E9E8", "border": 1, "text_wrap": True})
        self.text = workbook.add_format({"num_format": "@"})
        self.money = workbook.add_format({"num_format": "0.00"})


class _SheetWriter:
    """Writes one sheet: the schema's headers for ``keys``, then rows of values by key."""

    def __init__(self, workbook: xlsxwriter.Workbook, schema: SheetSchema, keys: tuple[str, ...], formats: _Formats):
        self.sheet = workbook.add_worksheet(schema.name)
        self.columns: list[Column] = [schema.column(key) for key in keys]
        self.formats = formats
        self.next_row = 1
        for index, column in enumerate(self.columns):
            self.sheet.write_string(0, index, column.header, formats.header)
            width = 22 if column.kind in TEXT_KINDS and column.key.endswith(("id_number", "code", "village")) else 12
            self.sheet.set_column(index, index, width, formats.text if column.kind in TEXT_KINDS else None)
        self.sheet.freeze_panes(1, 0)

    def row(self, values: dict[str, Any]) -> None:
        for index, column in enumerate(self.columns):
            value = values.get(column.key)
            if value is None or value == "":
                continue
            if column.kind == "choice":
                codes = value.split(",") if column.multi else [value]
                self.sheet.write_string(self.next_row, index, "、".join(column.label_for(c) for c in codes if c))
            elif column.kind == "bool":
                self.sheet.write_string(self.next_row, index, "是" if value else "否")
            elif column.kind == "date":
                text = value.isoformat() if hasattr(value, "isoformat") else str(value)  # a masked birth date
                self.sheet.write_string(self.next_row, index, text)
            elif isinstance(value, Decimal):
                self.sheet.write_number(self.next_row, index, float(value), self.formats.money)
            elif isinstance(value, int) and column.kind in ("int", "year", "decimal"):
                self.sheet.write_number(self.next_row, index, value)
            else:
                self.sheet.write_string(self.next_row, index, str(value), self.formats.text)
        self.next_row += 1


def national_schema() -> tuple[SheetSchema, tuple[str, ...]]:
    """Return the national layout's sheet (the registry's columns under the national headers) and its keys.

    Keys of member columns that a household column also has (phone) get a ``member_`` prefix.
    """
    households, members = household_schema(), member_schema()
    columns: list[Column] = []
    for key, header in NATIONAL_HOUSEHOLD_COLUMNS:
        column = households.column(key)
        if key == "status":  # written in the national words (NATIONAL_STATUS_LABELS)
            column = dataclasses.replace(column, kind="text", choices=None)
        elif key in NATIONAL_LABELS:  # the national word first: it is the one written
            words = {word: code for code, word in NATIONAL_LABELS[key].items()}
            column = dataclasses.replace(column, choices={**words, **(column.choices or {})})
        columns.append(dataclasses.replace(column, header=header, aliases=()))
    for key, header in NATIONAL_MEMBER_COLUMNS:
        column = members.column(key)
        shared = key in {k for k, _h in NATIONAL_HOUSEHOLD_COLUMNS}
        key = f"member_{key}" if shared else key
        columns.append(dataclasses.replace(column, key=key, header=header, aliases=()))
    schema = SheetSchema(NATIONAL_SHEET, (), tuple(columns), ("member_code",))
    return schema, tuple(c.key for c in columns)


def _chunks(households: QuerySet[Household]) -> Iterator[list[Household]]:
    rows = households.select_related("village__parent__parent").order_by("code")
    chunk: list[Household] = []
    for household in rows.iterator(chunk_size=CHUNK):
        chunk.append(household)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _years(chunk: list[Household], year: int | None) -> dict[int, HouseholdYear]:
    ids = [h.pk for h in chunk]
    if year is None:
        # The latest year of each household.
        latest: dict[int, HouseholdYear] = {}
        for facts in HouseholdYear.objects.filter(household_id__in=ids).order_by("household_id", "year"):
            latest[facts.household_id] = facts
        return latest
    return {f.household_id: f for f in HouseholdYear.objects.filter(household_id__in=ids, year=year)}


def _members(chunk: list[Household]) -> dict[int, list[Member]]:
    found: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(household_id__in=[h.pk for h in chunk]).order_by("household_id", "code"):
        found[member.household_id].append(member)
    return found


def _names(village: Any) -> dict[str, str]:
    township = village.parent
    county = township.parent if township else None
    return {
        "county_name": county.name if county else "",
        "township_name": township.name if township else "",
        "village_name": village.name,
        "village": village.code,
    }


def _household_values(
    household: Household, head: Member | None, facts: HouseholdYear | None, living: int, shown: Disclosure
) -> dict[str, Any]:
    values: dict[str, Any] = {key: getattr(household, key) for key in (*HOUSEHOLD_FIELDS, *LEFT_FIELDS)}
    values.update(
        _names(household.village),
        household_code=household.code,
        head_name=head.name if head else "",
        head_id_number=head.id_number if head else "",
        phone=household.phone,
        helper_phone=household.helper_phone,
    )
    values = shown.apply(Household, values, {"head_id_number": Kind.ID_NUMBER})
    if facts is not None:
        values["year"] = facts.year
        for key in YEAR_FIELDS:
            values[key] = getattr(facts, key)
        values["net_income_per_capita"] = facts.per_capita(living)
    return values


def _member_values(household_code: str, member: Member, shown: Disclosure) -> dict[str, Any]:
    values = {key: getattr(member, key) for key in MEMBER_FIELDS}
    values.update(household_code=household_code, member_code=member.code, id_number=member.id_number)
    return shown.apply(Member, values)


def _village_values(village: Any, facts: VillageYear) -> dict[str, Any]:
    values: dict[str, Any] = {key: getattr(facts, key) for key in VILLAGE_FACT_FIELDS}
    values["year"] = facts.year
    values.update(_names(village))
    return values


def export_filename(region_name: str, year: int | None, today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    return f"建档立卡_{region_name}{f'_{year}年度' if year else ''}_{today:%Y%m%d}.xlsx"
