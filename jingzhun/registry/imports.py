"""Import of the registry workbook (户信息 / 人员信息 / 村信息) on the spreadsheet-import kit.

The kit (``core.imports``) reads and cleans the file, validates each row with the model's
rules, writes all or nothing with one audit event per changed row, and keeps the error
workbook. What is the registry's own, here:

1. the one-sheet layout (household fields repeated on every member row) and masked phones;
2. villages given by code or by county/township/village names, in the importer's scope;
3. across rows and against the database, in bulk: duplicate codes in the file, the same
   ID in two households, a member whose household does not exist, rows of households
   outside the scope, one head per household, 人数 against the living members, the head
   columns of 户信息 against 人员信息, and income sanity (warnings);
4. the order of writing: households first, so that members and yearly facts learn their ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.excel import RawRow, ReadResult, SheetData, SheetSchema, read_workbook
from jingzhun.core.excel.cleaning import clean_cell, is_empty
from jingzhun.core.excel.schema import ImportIssue
from jingzhun.core.idnumbers import parse_id_number
from jingzhun.core.imports import Importer, Planned, Row, Target
from jingzhun.core.imports.base import Progress
from jingzhun.core.imports.binding import blank, new_instance, stored_values
from jingzhun.core.imports.result import Counts
from jingzhun.core.imports.writing import chunks, existing, fetch
from jingzhun.core.workflow import workflow_start_many
from jingzhun.regions.models import VILLAGE_FACT_FIELDS, Region, VillageYear
from jingzhun.registry import national
from jingzhun.registry.choices import EXITED_STATUSES, Relation
from jingzhun.registry.fieldsets import HOUSEHOLD_FIELDS, LEFT_FIELDS, MEMBER_FIELDS, YEAR_FIELDS
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.registry.workbook import (
    HOUSEHOLD_SHEET,
    MEMBER_SHEET,
    TEMPLATE_EXTRA_SHEETS,
    VILLAGE_SHEET,
    registry_schemas,
    template_workbook,
)

# Households checked and written at a time (with their members and yearly figures): memory
# holds one part, not the file.
PART_HOUSEHOLDS = 5000
# Per-capita income above this is possible but rare enough to be worth a second look.
HIGH_INCOME_PER_CAPITA = Decimal("50000")
# Relations not yet saved when a row is checked: constraints through them wait for the database.
UNSAVED = ("village", "household")
# Words of a header that, when the header is not recognised, mean a figure would be lost:
# such a column is an error, not a skipped column.
IMPORTANT_HEADER_WORDS = ("脱贫", "医疗", "医保", "保险", "收入")


class RegistryImporter(Importer):
    """One run of the registry import for one user and one file (see the module docstring)."""

    name = "registry"
    label = gettext_lazy("导入建档立卡数据")
    targets = (
        Target("households", Household, ("code",), gettext_lazy("户")),
        Target("members", Member, ("code",), gettext_lazy("人员")),
        Target("household_years", HouseholdYear, ("household_id", "year"), gettext_lazy("户年度情况")),
        Target("village_years", VillageYear, ("village_id", "year"), gettext_lazy("村年度情况")),
    )
    access_target = "registry"
    denied_message = gettext_lazy("当前角色只能查看，不能导入建档立卡数据。")
    ignore_sheets = TEMPLATE_EXTRA_SHEETS
    template_filename = "建档立卡数据导入模板.xlsx"
    notes = (
        gettext_lazy(
            "工作表“户信息”每户一行，“人员信息”每人一行，以“户编号”关联；可选“村信息”每村每年一行。"
            "也可使用每人一行、户信息重复填写的单表格式。"
        ),
        gettext_lazy(
            "表头上方的标题行、备注行，合并单元格，常见的表头别名（如 身份证号 / 证件号码），"
            "全角字符和多余空格都可以识别。"
        ),
        gettext_lazy("被 Excel 存成数字、末几位已丢失的证件号码会被拒绝，请将证件号码列设为文本格式。"),
        gettext_lazy("按户编号、人编号更新已有数据；重复导入同一文件不会产生任何变化。只能导入本辖区的数据。"),
    )

    def __init__(
        self,
        *,
        user: Any,
        file: str | IO[bytes],
        filename: str,
        year: int | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> None:
        super().__init__(user=user, file=file, filename=filename, dry_run=dry_run, progress=progress)
        self.default_year = year
        self.incomplete: set[str] = set()  # households with a member row in error
        self.households_in_file: set[str] = set()  # every household code of the household sheet, valid or not
        self.national = False  # a national-system export (national code tables)
        self.refused: list[ImportIssue] = []  # national codes refused before cleaning, reported once
        self._member_rows: dict[str, list[int]] = {}  # every member code of the file → its rows' numbers
        self._ids: dict[str, tuple[str, int]] = {}  # ID number → (household code, row) of its first valid member
        self._id_repeats: dict[str, list[tuple[str, int]]] = {}  # the same for the ID's further members
        self._by_names: dict[str, list[tuple[str, str, str]]] | None = None

    @classmethod
    def template_write(cls, out: Any) -> None:
        template_workbook(out)

    def sheet_schemas(self) -> tuple[SheetSchema, ...]:
        return registry_schemas()

    def read(self) -> ReadResult:
        """Read the file; a national export's codes are translated and merged households filled first.

        A one-sheet file without 户编号 and 人编号 (the oldest exports) is read again with both
        optional and its persons grouped into households by their head (``national.group_by_head``).
        """
        read = super().read()
        if national.needs_keys(read):
            keyless = read_workbook(
                self.file, self.filename, national.keyless_schemas(), ignore_sheets=self.ignore_sheets
            )
            if keyless.one_sheet:
                read = keyless
                read.issues.extend(national.group_by_head(read))
        self.national = national.is_national(read)
        if self.national:
            self.refused = national.adapt(read)
            read.issues.append(
                ImportIssue(
                    read.filename,
                    None,
                    None,
                    None,
                    _("按全国扶贫开发信息系统的导出格式读取：代码按国家代码表转换，旧区划名称按现名称查找。"),
                    "warning",
                )
            )
            year = national.file_year(read)
            if self.default_year is None and year is not None:
                self.default_year = year
                message = _("人均纯收入等所属年度按文件标题或文件名取为 %(year)s 年（文件中没有“年度”列时）。")
                read.issues.append(ImportIssue(read.filename, None, None, None, message % {"year": year}, "warning"))
        # .xlsx and .xls keep their merged ranges (the reader copies them); CSV and ODS lose them.
        if read.one_sheet and HOUSEHOLD_SHEET in read.sheets and self.filename.lower().endswith((".csv", ".ods")):
            self._fill_households(read, read.sheets[HOUSEHOLD_SHEET])
        self._refuse_unknown_figures(read)
        return read

    def _fill_households(self, read: ReadResult, sheet: SheetData) -> None:
        """Fill the household cells left blank under a household's first person (a merged sheet saved as CSV)."""
        first: dict[str, RawRow] = {}
        filled = 0
        for raw in sheet.rows:
            code = raw.get("household_code")
            if is_empty(code):
                continue
            seen = first.setdefault(str(code).strip(), raw)
            if seen is raw:
                continue
            for key in raw.column_keys():
                if is_empty(raw.get(key)) and not is_empty(seen.get(key)):
                    raw.set(key, seen.get(key))
                    filled += 1
        if filled:
            message = _("同一户的户信息只填在第一人一行（合并单元格），其余 %(count)s 个空白单元格已按该户第一行填充。")
            read.issues.append(ImportIssue(sheet.title, None, None, None, message % {"count": filled}, "warning"))

    def _refuse_unknown_figures(self, read: ReadResult) -> None:
        """A status, insurance or income column that is not recognised is an error: its figures would be lost."""
        for sheet in read.sheets.values():
            for header in sheet.unknown_headers:
                if any(word in header for word in IMPORTANT_HEADER_WORDS):
                    message = _("无法识别的列“%(header)s”（脱贫状态、医疗保险或收入类数据），")
                    message += _("请改用模板中的列名，以免数据丢失。")
                    issue = ImportIssue(sheet.title, sheet.header_row, None, header, message % {"header": header})
                    read.issues.append(issue)

    def rows(self, sheet: SheetData | None, raws: Iterable[RawRow] | None = None) -> list[Row]:
        rows = super().rows(sheet, raws)
        if self.refused and sheet is not None:
            # A refused national code left its cell empty: its own message says why, not "必填".
            refused = {(i.row, i.column_key) for i in self.refused if i.sheet == sheet.title}
            own = {id(i) for i in self.refused}
            self.issues[:] = [
                i for i in self.issues if id(i) in own or i.sheet != sheet.title or (i.row, i.column_key) not in refused
            ]
            for row in rows:
                row.bad.update(key for number, key in refused if number == row.number and key)
        return rows

    def process(self, read: ReadResult) -> None:
        """Check and write the file in parts of ``PART_HOUSEHOLDS`` households, all in one transaction.

        Each part holds whole households (their household rows, member rows and yearly
        figures), so the checks within a household see all of it; what crosses households —
        codes unique in the file, one person in one household — is checked with compact
        indexes of the whole file (``_index``). Parts are written as they pass while the file
        has no error; after the first error the rest is still checked (every error of the
        file is reported) and everything written is rolled back. Memory holds one part's
        rows and model instances at a time, not the file's.
        """
        households, members = read.sheets.get(HOUSEHOLD_SHEET), read.sheets.get(MEMBER_SHEET)
        parts = self._index(households, members, one_sheet=read.one_sheet)
        self.issues.extend(self.refused)
        totals = {t.name: Counts() for t in self.targets}
        with self.writing():
            for number, (household_raws, member_raws) in enumerate(parts, start=1):
                message = _("检查并写入第 %(n)s 批（共 %(total)s 批）") % {"n": number, "total": len(parts)}
                self.progress(10 + 85 * (number - 1) // len(parts), 100, message)
                household_rows = self._household_rows(households, household_raws, one_sheet=read.one_sheet)
                member_rows = self.rows(members, member_raws)
                self._plan_households(household_rows, self._resolve_villages(household_rows))
                self._plan_members(member_rows)
                self._plan_years(household_rows)
                self._check_households()
                self._write_part(totals)
                for raw in (*household_raws, *member_raws):
                    raw.release()  # the part's cell dictionaries: memory holds one part's
            village_rows = self.rows(read.sheets.get(VILLAGE_SHEET))
            self._plan_villages(village_rows, self._resolve_villages(village_rows))
            self._write_part(totals)
            self._check_ids_in_file()
            self.result.counts = totals

    def _write_part(self, totals: dict[str, Counts]) -> None:
        """Count what the part plans, write it while the file has no error, and forget it."""
        for name, counts in self.counts().items():
            total = totals[name]
            total.created += counts.created
            total.updated += counts.updated
            total.unchanged += counts.unchanged
        if self.writable:
            self.write()
            self.flush()
        self.planned = {t.name: {} for t in self.targets}

    def _index(
        self, households: SheetData | None, members: SheetData | None, *, one_sheet: bool
    ) -> list[tuple[list[RawRow], list[RawRow]]]:
        """Group the rows by household into parts, and index the codes of the whole file.

        Return the parts (household rows, member rows). Rows without a household code go
        with the first part (their errors are reported there). Sets ``households_in_file``
        and the member codes of the file (``_member_rows``: code → its rows' numbers).
        """
        groups: dict[Any, tuple[list[RawRow], list[RawRow]]] = {None: ([], [])}
        for sheet, side in ((households, 0), (members, 1)):
            if sheet is None:
                continue
            column = next(c for c in sheet.schema.columns if c.key == "household_code")
            for raw in sheet.rows:
                code = clean_cell(column, raw.get("household_code"))[0] or None
                group = groups.get(code)
                if group is None:
                    group = groups[code] = ([], [])
                group[side].append(raw)
        if households is not None:
            self.households_in_file = {code for code, group in groups.items() if code is not None and group[0]}
        if members is not None:
            column = next(c for c in members.schema.columns if c.key == "member_code")
            for raw in members.rows:
                code = clean_cell(column, raw.get("member_code"))[0]
                if code:
                    self._member_rows.setdefault(code, []).append(raw.number)
        parts: list[tuple[list[RawRow], list[RawRow]]] = []
        size = 0
        for group in groups.values():
            if not parts or size >= PART_HOUSEHOLDS:
                parts.append(([], []))
                size = 0
            parts[-1][0].extend(group[0])
            parts[-1][1].extend(group[1])
            size += 1
        return parts

    def clean_row(self, row: Row) -> None:
        for key in ("phone", "helper_phone"):
            if isinstance(row.values.get(key), str) and "*" in row.values[key]:
                self.error(row, key, _("电话号码为脱敏显示（含 *），请使用含完整信息的文件，或清空该列。"))
                row.bad.add(key)

    def write(self) -> None:
        self.save("households")
        households = self.planned["households"]
        # Each household the file creates starts its yearly cycle (新识别纳入), as one created on its page does.
        created = [p.instance for p in households.values() if p.created]
        note = _("导入 %(file)s") % {"file": self.filename}
        workflow_start_many(user=self.user, objects=created, note=note, batch=self.result.batch)
        # The part's households know their keys now (read back after the insert, or stored before).
        ids = {code: p.instance.pk for code, p in households.items() if p.instance.pk is not None}
        dependants = [*self.planned["members"].values(), *self.planned["household_years"].values()]
        missing = {p.parent for p in dependants} - set(ids)
        ids.update(fetch(Household.objects.all(), "code", list(missing), ("code", "pk")))
        for planned in dependants:
            planned.instance.household_id = ids[planned.parent]
        self.save("members")
        self.save("household_years")
        self.save("village_years")

    # Rows and villages ---------------------------------------------------------------------

    def _household_rows(self, sheet: SheetData | None, raws: list[RawRow], *, one_sheet: bool) -> list[Row]:
        """Return one row per household (the one-sheet layout repeats them on every member row)."""
        rows = self.rows(sheet, raws)
        if not one_sheet:
            return rows
        first: dict[str, Row] = {}
        for row in rows:
            code = row.values.get("household_code")
            if not code:
                continue
            seen = first.get(code)
            if seen is None:
                first[code] = row
                continue
            for key, value in row.values.items():
                if blank(value):
                    continue
                if blank(seen.values.get(key)):
                    seen.values[key] = value
                elif value != seen.values.get(key) and key != "serial":
                    self.error(row, key, _("同一户的户信息与第 %(row)s 行不一致。") % {"row": seen.number})
        return list(first.values())

    def _resolve_villages(self, rows: list[Row]) -> dict[int, str]:
        """Return id(row) → village code for each row, from the code or the county/township/village names."""
        codes = {row.values.get("village") for row in rows} - {None}
        known = {r["code"]: r["level"] for r in Region.objects.filter(code__in=list(codes)).values("code", "level")}
        resolved: dict[int, str] = {}
        for row in rows:
            code = row.values.get("village")
            if code:
                level = known.get(code)
                if level is None:
                    self.error(row, "village", _("行政区划代码 %(code)s 不存在。") % {"code": code})
                    continue
                if level != "village":
                    message = _("%(code)s 不是行政村的区划代码，请填写行政村的 12 位代码。")
                    self.error(row, "village", message % {"code": code})
                    continue
            else:
                names = (
                    str(row.values.get("county_name") or "").strip(),
                    str(row.values.get("township_name") or "").strip(),
                    str(row.values.get("village_name") or "").strip(),
                )
                if not names[2]:
                    self.error(row, "village", _("请填写行政区划代码，或县、乡镇、行政村名称。"))
                    continue
                if self._by_names is None:  # village name → (county, township, code), read once
                    self._by_names = self._village_names()
                county, township, village = _name_key(names)
                county = national.current_county_name(county)
                matches = [
                    c
                    for c_name, t_name, c in self._by_names.get(village, [])
                    if county in ("", c_name) and township in ("", t_name)
                ]
                if len(matches) != 1:
                    message = (
                        _("在您的管辖范围内找不到行政村“%(name)s”，请核对县、乡镇、村名称或填写行政区划代码。")
                        if not matches
                        else _("行政村“%(name)s”有重名，请填写县、乡镇名称或行政区划代码。")
                    )
                    self.error(row, "village_name", message % {"name": "".join(names)})
                    continue
                code = matches[0]
            if not self.in_scope(code):
                self.error(row, "village", self.outside_scope(code))
                continue
            resolved[id(row)] = code
        return resolved

    def _village_names(self) -> dict[str, list[tuple[str, str, str]]]:
        """Return the villages in scope by name (official and short: 白家庄村委会 and 白家庄村)."""
        villages = Region.objects.in_region(self.prefix).filter(level="village").select_related("parent__parent")
        found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for village in villages:
            township = village.parent
            county = township.parent if township else None
            for name in {village.name, village.short_name}:
                key = _name_key((county.name if county else "", township.name if township else "", name))
                found[key[2]].append((key[0], key[1], village.code))
        return found

    # Plan: bind every row to its instance ----------------------------------------------------

    def _plan_households(self, rows: list[Row], villages: dict[int, str]) -> None:
        codes = self.unique(rows, "household_code", _("户编号"))  # the rows of one code are in one part
        stored = existing(Household.objects.all(), "code", codes)
        outside = {code for code, h in stored.items() if not self.in_scope(h.village_id)}
        for row in rows:
            code = row.values.get("household_code")
            if not code or code not in codes:
                continue
            if code in outside:
                self.error(row, "household_code", _("户编号 %(code)s 已登记在您管辖范围以外的地区。") % {"code": code})
                continue
            village = villages.get(id(row))
            current = stored.get(code)
            if not village and current is None:
                continue  # the village error is reported already
            before = stored_values(current)
            household = current or new_instance(Household, code=code)
            present = [f for f in (*HOUSEHOLD_FIELDS, *LEFT_FIELDS) if f in row.values]
            if village:
                household.village_id = village
            values = dict(row.values)
            if isinstance(values.get("other_causes"), list):
                values["other_causes"] = ",".join(values["other_causes"])
            if self.bind(row, household, present, values, exclude=UNSAVED):
                fields = present + (["village"] if village else [])
                self.stage("households", code, row, household, before, fields, region=household.village_id)

    def _plan_members(self, rows: list[Row]) -> None:
        codes = self._unique_members(rows)
        stored = existing(
            Member.objects.annotate(stored_household=F("household__code"), stored_village=F("household__village_id")),
            "code",
            codes,
        )
        households = self.planned["households"]
        file_households = {str(r.values["household_code"]) for r in rows if r.values.get("household_code")}
        known_households = existing(Household.objects.all(), "code", file_households - set(households))
        ids_in_file: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            code = row.values.get("member_code")
            household_code = row.values.get("household_code")
            if row.bad and household_code:
                self.incomplete.add(household_code)
            if not code or code not in codes or not household_code:
                continue
            current = stored.get(code)
            if current is not None and not self.in_scope(current.stored_village):
                self.error(row, "member_code", _("人编号 %(code)s 已登记在您管辖范围以外的地区。") % {"code": code})
                continue
            target = households.get(household_code)
            household = target.instance if target else known_households.get(household_code)
            if household is None and household_code in self.households_in_file:
                self.incomplete.add(household_code)
                continue  # its household row failed for its own reason, reported there
            if household is None:
                message = _("户编号 %(code)s 既不在户信息表中，也未登记。")
                self.error(row, "household_code", message % {"code": household_code})
                continue
            if not household.village_id or not self.in_scope(household.village_id):
                message = _("户编号 %(code)s 不在您的管辖范围内。")
                self.error(row, "household_code", message % {"code": household_code})
                continue
            before = stored_values(current)
            member = current or new_instance(Member, code=code)
            values = dict(row.values)
            _fill_from_id(values)
            present = [f for f in MEMBER_FIELDS if f in values]
            if not self.bind(row, member, present, values, exclude=UNSAVED):
                self.incomplete.add(household_code)
                continue
            if current is not None and current.stored_household != household_code:
                present.append("household")  # moved to another household
            if member.id_number:
                ids_in_file[member.id_number].append(row)
            region = household.village_id
            self.stage("members", code, row, member, before, present, region=region, parent=household_code)
        self._check_duplicate_ids(ids_in_file)
        for id_number, id_rows in ids_in_file.items():
            for row in id_rows:
                where = (str(row.values.get("household_code")), row.number)
                if self._ids.setdefault(id_number, where) is not where:
                    self._id_repeats.setdefault(id_number, []).append(where)

    def _unique_members(self, rows: list[Row]) -> set[str]:
        """Return the part's member codes that occur once in the whole file; report every repeat."""
        codes: set[str] = set()
        for row in rows:
            code = row.values.get("member_code")
            if not code:
                continue
            numbers = self._member_rows.get(code, [row.number])
            if len(numbers) == 1:
                codes.add(code)
            elif row.number != numbers[0]:
                message = _("%(label)s %(code)s 重复（第 %(row)s 行已有）。")
                self.error(row, "member_code", message % {"label": _("人编号"), "code": code, "row": numbers[0]})
        return codes

    def _check_ids_in_file(self) -> None:
        """The same person may be registered in one household only: across the whole file."""
        sheet = self.result.read.sheets.get(MEMBER_SHEET) if self.result.read else None
        for id_number, repeats in self._id_repeats.items():
            seen = [self._ids[id_number], *repeats]
            if len({household for household, _number in seen}) < 2:
                continue
            numbers = sorted(number for _household, number in seen)
            where = "、".join(map(str, numbers))
            message = _("同一证件号码出现在不同户中（第 %(rows)s 行）。") % {"rows": where}
            for number in numbers:
                self.issues.append(Row(sheet, number, {}).issue("id_number", message))  # type: ignore[arg-type]
        self._ids, self._id_repeats = {}, {}

    def _check_duplicate_ids(self, ids_in_file: dict[str, list[Row]]) -> None:
        """The same person may be registered in one household only: against the database."""
        file_members = self._member_rows
        for chunk in chunks(list(ids_in_file)):
            others = Member.objects.filter(id_number__in=chunk, deceased=False).values_list(
                "code", "id_number", "household__code", "household__village_id"
            )
            for member_code, id_number, household_code, village in others:
                if member_code in file_members:
                    continue  # the same member, updated by this file
                for row in ids_in_file[id_number]:
                    if row.values.get("household_code") == household_code:
                        continue
                    where = (
                        _("户 %(code)s") % {"code": household_code}
                        if self.in_scope(village)
                        else _("您管辖范围以外的地区")
                    )
                    message = _("该证件号码已登记在%(where)s，同一人不能重复建档。")
                    self.error(row, "id_number", message % {"where": where})

    def _plan_years(self, rows: list[Row]) -> None:
        wanted = []
        for row in rows:
            planned = self.planned["households"].get(str(row.values.get("household_code") or ""))
            present = [f for f in YEAR_FIELDS if f in row.values]
            # The stated per-capita income is kept beside the components (see _check_income).
            if row.values.get("net_income_per_capita") is not None:
                present.append("declared_income_per_capita")
            derived = "dilapidated_house" in row.values and "housing_rating" not in row.values
            if planned is None or not (present or derived):
                continue
            if all(blank(row.values.get(f)) for f in present if f != "declared_income_per_capita") and not (
                row.values.get("dilapidated_house") or "declared_income_per_capita" in present
            ):
                continue
            year = row.values.get("year") or self.default_year
            if not year:
                message = _("有收入或生活条件数据，请在“年度”列填写所属年度，或导入时指定年度。")
                self.error(row, "year", message)
                continue
            wanted.append((row, planned, year, present, derived))
        stored = {
            (y.household.code, y.year): y
            for y in fetch(
                HouseholdYear.objects.select_related("household"),
                "household__code",
                [p.instance.code for _, p, _, _, _ in wanted],
            )
        }
        for row, planned, year, present, derived in wanted:
            code = planned.instance.code
            current = stored.get((code, year))
            facts = current or new_instance(HouseholdYear, year=year)
            values = dict(row.values)
            values["declared_income_per_capita"] = values.get("net_income_per_capita")
            if derived and values.get("dilapidated_house") is not None:
                # 是否危房户 without a rating: a dilapidated house is unsafe (C), otherwise safe (B).
                values["housing_rating"] = "C" if values["dilapidated_house"] else "B"
                present = [*present, "housing_rating"]
            before = stored_values(current)
            if self.bind(row, facts, present, values, exclude=UNSAVED):
                region = planned.instance.village_id
                self.stage("household_years", (code, year), row, facts, before, present, region=region, parent=code)

    def _plan_villages(self, rows: list[Row], villages: dict[int, str]) -> None:
        keys = [(villages[id(r)], r.values.get("year")) for r in rows if id(r) in villages]
        stored = {
            (v.village_id, v.year): v for v in fetch(VillageYear.objects.all(), "village_id", [k[0] for k in keys])
        }
        seen: dict[tuple[str, int], int] = {}
        for row in rows:
            village = villages.get(id(row))
            year = row.values.get("year")
            if not village or not year:
                continue
            if (village, year) in seen:
                self.error(row, "village", _("该村该年度已在第 %(row)s 行填写。") % {"row": seen[(village, year)]})
                continue
            seen[(village, year)] = row.number
            current = stored.get((village, year))
            before = stored_values(current)
            facts = current or new_instance(VillageYear, village_id=village, year=year)
            present = [f for f in VILLAGE_FACT_FIELDS if f in row.values]
            if self.bind(row, facts, present, exclude=UNSAVED):
                self.stage("village_years", (village, year), row, facts, before, present, region=village)

    # Checks across the rows of a household ----------------------------------------------------

    def _check_households(self) -> None:
        """One head per household, 人数 against living members, head columns, income sanity."""
        members_of: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)  # code → (member code, relation, counts)
        planned_members = self.planned["members"]
        for planned in planned_members.values():
            m = planned.instance
            members_of[planned.parent].append((m.code, m.relation, not m.deceased and not m.moved_out))
        households = self.planned["households"]
        stored = fetch(
            Member.objects.all(),
            "household__code",
            list(households),
            ("code", "household__code", "relation", "deceased", "moved_out"),
        )
        for member_code, household_code, relation, deceased, moved_out in stored:
            if member_code not in self._member_rows:  # else counted where the file puts it
                members_of[household_code].append((member_code, relation, not deceased and not moved_out))
        head_of = {p.parent: p.instance for p in planned_members.values() if p.instance.relation == Relation.HEAD}
        for code, planned in households.items():
            if code in self.incomplete:
                continue  # a member row of this household is wrong: counting now would only add noise
            row = planned.row
            members = members_of.get(code, [])
            heads = [m for m in members if m[1] == Relation.HEAD]
            if not members:
                if planned.created:
                    message = _("户 %(code)s 没有任何成员，请在人员信息表中填写。")
                    self.error(row, "household_code", message % {"code": code})
                continue
            if len(heads) != 1:
                message = (
                    _("户 %(code)s 没有户主（与户主关系须有一人为“户主”）。")
                    if not heads
                    else _("户 %(code)s 有 %(n)s 名户主，每户只能有一名。")
                )
                self.error(row, "household_code", message % {"code": code, "n": len(heads)})
            living = sum(1 for m in members if m[2])
            if planned.instance.size != living:
                message = _("人数填写为 %(size)s，但在册（未死亡、未迁出）成员为 %(living)s 人。")
                self.error(row, "size", message % {"size": planned.instance.size, "living": living})
            self._check_head_columns(planned, head_of.get(code))
            self._check_income(planned, living)

    def _check_head_columns(self, planned: Planned, head: Member | None) -> None:
        """The household sheet's 户主姓名 / 户主证件号码, when given, must match the member sheet's head."""
        row = planned.row
        if head is None:
            return
        if row.values.get("head_name") and row.values["head_name"] != head.name:
            self.error(row, "head_name", _("户主姓名与人员信息表中的户主“%(name)s”不一致。") % {"name": head.name})
        if row.values.get("head_id_number") and row.values["head_id_number"] != head.id_number:
            self.error(row, "head_id_number", _("户主证件号码与人员信息表中户主的证件号码不一致。"))

    def _check_income(self, planned: Planned, living: int) -> None:
        row = planned.row
        year = row.values.get("year") or self.default_year
        facts = self.planned["household_years"].get((planned.instance.code, year)) if year else None
        if facts is None or living <= 0:
            return
        instance = facts.instance
        given = row.values.get("net_income_per_capita")
        if given is not None and instance.has_income_components:
            computed = instance.per_capita(living)
            if computed is not None and abs(Decimal(given) - computed) > 1:
                message = _("人均纯收入填写为 %(given)s，按各项收入和在册人数计算应为 %(computed)s（以计算值为准）。")
                self.warn(row, "net_income_per_capita", message % {"given": given, "computed": computed})
            elif facts.before is not None:
                # The figure agrees with the components: it is derived, not a declared figure of its own.
                instance.declared_income_per_capita = facts.before.get("declared_income_per_capita")
            else:
                instance.declared_income_per_capita = None
        per_capita = instance.per_capita(living)
        if per_capita is not None and per_capita > HIGH_INCOME_PER_CAPITA:
            self.warn(row, "wage_income", _("人均纯收入 %(value)s 元，明显偏高，请核实。") % {"value": per_capita})
        if planned.instance.status in EXITED_STATUSES and per_capita is not None and per_capita <= 0:
            self.warn(row, "wage_income", _("已脱贫户的人均纯收入不大于 0，请核实。"))


def _fill_from_id(values: dict[str, Any]) -> None:
    """Take sex and birth date from a valid ID number when the file leaves them empty."""
    if not values.get("id_number"):
        return
    try:
        info = parse_id_number(values["id_number"])
    except ValidationError:
        return  # reported by the model validation
    if not values.get("sex"):
        values["sex"] = info.sex
    if not values.get("birth_date"):
        values["birth_date"] = info.birth_date


def _name_key(names: tuple[str, str, str]) -> tuple[str, str, str]:
    return tuple(n.replace(" ", "") for n in names)  # type: ignore[return-value]
