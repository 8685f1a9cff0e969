"""Export of the registry in the canonical workbook layout (户信息 / 人员信息 / 村信息).

What is exported can be imported again unchanged (when ID numbers are exported in full).
Rows stream from the database in chunks of households and XlsxWriter writes them in
``constant_memory`` mode, so a city's registry never sits in memory at once.
"""

from __future__ import annotations

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
from jingzhun.registry.fieldsets import HOUSEHOLD_FIELDS, MEMBER_FIELDS, YEAR_FIELDS
from jingzhun.registry.models import Household, HouseholdYear, Member
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
    "year",
    *YEAR_FIELDS,
    "net_income_per_capita",
)
MEMBER_COLUMNS = ("household_code", "member_code", *MEMBER_FIELDS)
VILLAGE_COLUMNS = (*REGION_COLUMNS, "year", *VILLAGE_FACT_FIELDS)
TEXT_KINDS = frozenset({"text", "id_number", "region_code"})


def registry_workbook_write(
    households: QuerySet[Household],
    out: str | IO[bytes],
    *,
    year: int | None,
    unmask: bool,
    attributes: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write ``households`` (with their members, the ``year``'s facts and their villages' facts) to ``out``.

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
            writers["households"].row(_household_values(household, head, facts, living, shown))
            for member in household_members:
                writers["members"].row(_member_values(household.code, member, shown))
        done += len(chunk)
        progress(done, total, "")
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
    values: dict[str, Any] = {key: getattr(household, key) for key in HOUSEHOLD_FIELDS}
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
