"""Import of the registry workbook (户信息 / 人员信息 / 村信息): validate everything, then write all or nothing.

The steps, each reporting ``ImportIssue``s ("sheet, row, column: message"):

1. read the file (``registry.workbook``: header detection, aliases, merged cells, encodings);
2. clean every cell by its column kind (IDs mangled by Excel are refused here);
3. bind each row to its model and run the model's own validation (``full_clean``: field
   choices and ranges, ``Model.clean`` — e.g. sex and birth date against the ID — and the
   check constraints), the same rules the edit forms apply;
4. check across rows and against the database in bulk: duplicate codes in the file, the
   same ID in two households, a member whose household does not exist, one head per
   household, 人数 against the living members, villages that exist and lie in the
   importer's scope, rows that belong to households outside it;
5. compare with the database and write, in one transaction, only what changed, with one
   audit event per changed row linked (``batch``) to the import's own event.

Nothing is written if any error remains; warnings do not block.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.core.audit import AuditedModel, audit_context, new_batch, record_event
from jingzhun.core.bulk import insert_instances, insert_rows
from jingzhun.core.excel.cleaning import clean_values
from jingzhun.core.excel.reader import ReadResult, SheetData, SpreadsheetError
from jingzhun.core.excel.schema import ImportIssue, SheetSchema
from jingzhun.core.idnumbers import parse_id_number
from jingzhun.core.models import AuditAction, AuditEvent
from jingzhun.core.regioncodes import prefix_q
from jingzhun.regions.models import VILLAGE_FACT_FIELDS, Region, VillageYear
from jingzhun.registry.choices import EXITED_STATUSES, Relation
from jingzhun.registry.fieldsets import HOUSEHOLD_FIELDS, MEMBER_FIELDS, YEAR_FIELDS
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.registry.workbook import (
    HOUSEHOLD_SHEET,
    MEMBER_SHEET,
    VILLAGE_SHEET,
    household_schema,
    member_schema,
    read_registry_workbook,
    village_schema,
)

Progress = Callable[[int, int, str], None]

# Per-capita income above this is possible but rare enough to be worth a second look.
HIGH_INCOME_PER_CAPITA = Decimal("50000")
CHUNK = 2000


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class ImportOutcome:
    """What an import found and did. ``written`` is False whenever ``errors`` is not empty."""

    filename: str
    issues: list[ImportIssue]
    read: ReadResult | None = None
    written: bool = False
    dry_run: bool = False
    batch: str = ""
    counts: dict[str, Counts] = field(default_factory=dict)

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def summary(self) -> dict[str, Any]:
        """Return a JSON-ready summary (kept on the job, returned by the API)."""
        return {
            "filename": self.filename,
            "written": self.written,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "batch": self.batch,
            "counts": {name: c.as_dict() for name, c in self.counts.items()},
            "errors": [str(i) for i in self.errors[:1000]],
            "error_count": len(self.errors),
            "warnings": [str(i) for i in self.warnings[:1000]],
            "warning_count": len(self.warnings),
        }


@dataclass
class _Row:
    """A cleaned row with where it came from."""

    sheet: SheetData
    number: int
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)  # columns whose cells failed cleaning (reported already)

    def issue(self, key: str | None, message: str, severity: str = "error") -> ImportIssue:
        header = self.sheet.headers.get(key) if key else None
        if key and header is None:
            column = next((c for c in self.sheet.schema.columns if c.key == key), None)
            header = column.header if column else key
        return ImportIssue(self.sheet.title, self.number, key, header, message, severity)  # type: ignore[arg-type]


class RegistryImport:
    """One run of the registry import for one user and one file (see the module docstring)."""

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
        self.user = user
        self.file = file
        self.filename = filename
        self.default_year = year
        self.dry_run = dry_run
        self.progress = progress or (lambda done, total, message: None)
        self.prefix = user.scope_prefix
        self.issues: list[ImportIssue] = []
        self.outcome = ImportOutcome(filename=filename, issues=self.issues, dry_run=dry_run)

    # The whole run ---------------------------------------------------------------------

    def run(self) -> ImportOutcome:
        self.progress(0, 100, _("读取文件"))
        try:
            read = read_registry_workbook(self.file, self.filename)
        except SpreadsheetError as exc:
            self.issues.append(exc.issue)
            return self.outcome
        self.outcome.read = read
        self.issues.extend(read.issues)
        if read.errors:
            return self.outcome
        if self.prefix == "-":
            self.issues.append(ImportIssue(self.filename, None, None, None, _("您的账号没有管辖区域，不能导入。")))
            return self.outcome

        self.progress(10, 100, _("检查每一行"))
        household_rows = self._household_rows(read)
        member_rows = self._rows(read.sheets.get(MEMBER_SHEET), member_schema())
        village_rows = self._rows(read.sheets.get(VILLAGE_SHEET), village_schema())
        self.progress(40, 100, _("核对行政区划和已有数据"))
        villages = self._resolve_villages([*household_rows, *village_rows])
        plan = _Plan()
        self._plan_households(household_rows, villages, plan)
        self._plan_members(member_rows, plan)
        self._plan_years(household_rows, plan)
        self._plan_villages(village_rows, villages, plan)
        self.progress(70, 100, _("校验户内成员"))
        self._check_households(plan)
        self.outcome.counts = plan.counts()
        if self.outcome.errors or self.dry_run:
            return self.outcome
        self.progress(80, 100, _("写入数据库"))
        self._write(plan)
        self.progress(100, 100, _("完成"))
        return self.outcome

    # Step 2: clean ---------------------------------------------------------------------

    def _rows(self, sheet: SheetData | None, schema: SheetSchema) -> list[_Row]:
        if sheet is None:
            return []
        rows = []
        for raw in sheet.rows:
            values, issues = clean_values(schema.columns, raw.values, sheet=sheet.title, row=raw.number)
            for key in ("phone", "helper_phone"):
                if isinstance(values.get(key), str) and "*" in values[key]:
                    column = schema.column(key)
                    message = _("电话号码为脱敏显示（含 *），请使用含完整信息的文件，或清空该列。")
                    issues.append(ImportIssue(sheet.title, raw.number, key, column.header, message))
            self.issues.extend(issues)
            rows.append(_Row(sheet, raw.number, values, {i.column_key for i in issues if i.column_key}))
        return rows

    def _household_rows(self, read: ReadResult) -> list[_Row]:
        """Return one row per household (the one-sheet layout repeats them on every member row)."""
        rows = self._rows(read.sheets.get(HOUSEHOLD_SHEET), household_schema())
        if not read.one_sheet:
            return rows
        first: dict[str, _Row] = {}
        for row in rows:
            code = row.values.get("household_code")
            if not code:
                continue
            seen = first.get(code)
            if seen is None:
                first[code] = row
                continue
            for key, value in row.values.items():
                if value not in (None, "") and seen.values.get(key) in (None, ""):
                    seen.values[key] = value
                elif value not in (None, "") and value != seen.values.get(key) and key != "serial":
                    self.issues.append(
                        row.issue(key, _("同一户的户信息与第 %(row)s 行不一致。") % {"row": seen.number})
                    )
        return list(first.values())

    # Step 4a: villages and scope ---------------------------------------------------------

    def _resolve_villages(self, rows: list[_Row]) -> dict[int, str]:
        """Return id(row) → village code for each row, from the code or the county/township/village names."""
        codes = {row.values.get("village") for row in rows} - {None}
        known = {r["code"]: r["level"] for r in Region.objects.filter(code__in=list(codes)).values("code", "level")}
        by_names: dict[str, list[tuple[str, str, str]]] | None = None  # village name → (county, township, code)
        resolved: dict[int, str] = {}
        for row in rows:
            code = row.values.get("village")
            if code:
                level = known.get(code)
                if level is None:
                    row_issue = row.issue("village", _("行政区划代码 %(code)s 不存在。") % {"code": code})
                    self.issues.append(row_issue)
                    continue
                if level != "village":
                    self.issues.append(
                        row.issue(
                            "village", _("%(code)s 不是行政村的区划代码，请填写行政村的 12 位代码。") % {"code": code}
                        )
                    )
                    continue
            else:
                names = (
                    str(row.values.get("county_name") or "").strip(),
                    str(row.values.get("township_name") or "").strip(),
                    str(row.values.get("village_name") or "").strip(),
                )
                if not names[2]:
                    self.issues.append(row.issue("village", _("请填写行政区划代码，或县、乡镇、行政村名称。")))
                    continue
                if by_names is None:
                    by_names = self._village_names()
                county, township, village = _name_key(names)
                matches = [
                    c
                    for c_name, t_name, c in by_names.get(village, [])
                    if county in ("", c_name) and township in ("", t_name)
                ]
                if len(matches) != 1:
                    message = (
                        _("在您的管辖范围内找不到行政村“%(name)s”，请核对县、乡镇、村名称或填写行政区划代码。")
                        if not matches
                        else _("行政村“%(name)s”有重名，请填写县、乡镇名称或行政区划代码。")
                    )
                    self.issues.append(row.issue("village_name", message % {"name": "".join(names)}))
                    continue
                code = matches[0]
            if not code.startswith(self.prefix):
                self.issues.append(
                    row.issue(
                        "village",
                        _("行政区划 %(code)s 不在您的管辖范围内，只能导入本辖区（%(scope)s）的数据。")
                        % {"code": code, "scope": self.user.region.name if self.user.region else ""},
                    )
                )
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

    # Step 3 + 4: plan ------------------------------------------------------------------

    def _plan_households(self, rows: list[_Row], villages: dict[int, str], plan: _Plan) -> None:
        codes = _unique_codes(rows, "household_code", self.issues, _("户编号"))
        existing = _existing(Household.objects.all(), "code", codes)
        outside = {
            code
            for code, h in existing.items()
            if not h.village_id.startswith(self.prefix)  # type: ignore[attr-defined]
        }
        for row in rows:
            code = row.values.get("household_code")
            if not code or code not in codes:
                continue
            if code in outside:
                self.issues.append(
                    row.issue("household_code", _("户编号 %(code)s 已登记在您管辖范围以外的地区。") % {"code": code})
                )
                continue
            village = villages.get(id(row))
            current = existing.get(code)
            before = _before(current)
            household = current or Household(code=code)
            present = [f for f in HOUSEHOLD_FIELDS if f in row.values]
            if village:
                household.village_id = village
            values = dict(row.values)
            if isinstance(values.get("other_causes"), list):
                values["other_causes"] = ",".join(values["other_causes"])
            _assign(household, values, present)
            errors = _validate(household, present)
            if not village and current is None:
                continue  # the village error is reported already
            if errors:
                self.issues.extend(row.issue(key, msg) for key, msg in errors if key not in row.bad)
                continue
            plan.households[code] = _Planned(row, household, before, present + (["village"] if village else []))

    def _plan_members(self, rows: list[_Row], plan: _Plan) -> None:
        codes = _unique_codes(rows, "member_code", self.issues, _("人编号"))
        existing = _existing(
            Member.objects.annotate(stored_household=F("household__code"), stored_village=F("household__village_id")),
            "code",
            codes,
        )
        file_households = {str(r.values["household_code"]) for r in rows if r.values.get("household_code")}
        missing = file_households - set(plan.households)
        known_households = _existing(Household.objects.all(), "code", missing)
        ids_in_file: dict[str, list[_Row]] = defaultdict(list)
        for row in rows:
            code = row.values.get("member_code")
            household_code = row.values.get("household_code")
            if row.bad and household_code:
                plan.incomplete.add(household_code)
            if not code or code not in codes or not household_code:
                continue
            current = existing.get(code)
            if current is not None and not current.stored_village.startswith(self.prefix):
                self.issues.append(
                    row.issue("member_code", _("人编号 %(code)s 已登记在您管辖范围以外的地区。") % {"code": code})
                )
                continue
            target = plan.households.get(household_code)
            household = target.instance if target else known_households.get(household_code)
            if household is None:
                self.issues.append(
                    row.issue(
                        "household_code", _("户编号 %(code)s 既不在户信息表中，也未登记。") % {"code": household_code}
                    )
                )
                continue
            if not household.village_id or not household.village_id.startswith(self.prefix):
                self.issues.append(
                    row.issue("household_code", _("户编号 %(code)s 不在您的管辖范围内。") % {"code": household_code})
                )
                continue
            before = _before(current)
            member = current or Member(code=code)
            values = dict(row.values)
            self._fill_from_id(values, row)
            present = [f for f in MEMBER_FIELDS if f in values]
            _assign(member, values, present)
            errors = _validate(member, present)
            if errors:
                self.issues.extend(row.issue(key, msg) for key, msg in errors if key not in row.bad)
                plan.incomplete.add(household_code)
                continue
            moved = current is not None and current.stored_household != household_code
            if moved:
                present.append("household")
            if member.id_number:
                ids_in_file[member.id_number].append(row)
            plan.members[code] = _Planned(row, member, before, present, household_code=household_code)
        self._check_duplicate_ids(ids_in_file, plan)

    def _fill_from_id(self, values: dict[str, Any], row: _Row) -> None:
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

    def _check_duplicate_ids(self, ids_in_file: dict[str, list[_Row]], plan: _Plan) -> None:
        """The same person may be registered in one household only (in the file and in the database)."""
        for rows in ids_in_file.values():
            households = {r.values.get("household_code") for r in rows}
            if len(households) > 1:
                where = "、".join(str(r.number) for r in rows)
                for row in rows:
                    self.issues.append(
                        row.issue("id_number", _("同一证件号码出现在不同户中（第 %(rows)s 行）。") % {"rows": where})
                    )
        file_members = set(plan.members)
        for chunk in _chunks(list(ids_in_file)):
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
                        if village.startswith(self.prefix)
                        else _("您管辖范围以外的地区")
                    )
                    self.issues.append(
                        row.issue(
                            "id_number", _("该证件号码已登记在%(where)s，同一人不能重复建档。") % {"where": where}
                        )
                    )

    def _plan_years(self, rows: list[_Row], plan: _Plan) -> None:
        wanted = []
        for row in rows:
            planned = plan.households.get(str(row.values.get("household_code") or ""))
            present = [f for f in YEAR_FIELDS if f in row.values]
            derived = "dilapidated_house" in row.values and "housing_rating" not in row.values
            if planned is None or not (present or derived):
                continue
            if all(row.values.get(f) in (None, "") for f in present) and not row.values.get("dilapidated_house"):
                continue
            year = row.values.get("year") or self.default_year
            if not year:
                self.issues.append(
                    row.issue("year", _("有收入或生活条件数据，请在“年度”列填写所属年度，或导入时指定年度。"))
                )
                continue
            wanted.append((row, planned, year, present, derived))
        existing = {
            (y.household.code, y.year): y
            for y in _fetch(
                HouseholdYear.objects.select_related("household"),
                "household__code",
                [p.instance.code for _, p, _, _, _ in wanted],
            )
        }
        for row, planned, year, present, derived in wanted:
            code = planned.instance.code
            current = existing.get((code, year))
            before = _before(current)
            facts = current or HouseholdYear(year=year)
            values = dict(row.values)
            if derived and values.get("dilapidated_house") is not None:
                # 是否危房户 without a rating: a dilapidated house is unsafe (C), otherwise safe (B).
                values["housing_rating"] = "C" if values["dilapidated_house"] else "B"
                present = [*present, "housing_rating"]
            _assign(facts, values, present)
            errors = _validate(facts, present)
            if errors:
                self.issues.extend(row.issue(key, msg) for key, msg in errors if key not in row.bad)
                continue
            plan.years[(code, year)] = _Planned(row, facts, before, present, household_code=code)

    def _plan_villages(self, rows: list[_Row], villages: dict[int, str], plan: _Plan) -> None:
        keys = [(villages[id(r)], r.values.get("year")) for r in rows if id(r) in villages]
        existing = {
            (v.village_id, v.year): v for v in _fetch(VillageYear.objects.all(), "village_id", [k[0] for k in keys])
        }
        seen: dict[tuple[str, int], int] = {}
        for row in rows:
            village = villages.get(id(row))
            year = row.values.get("year")
            if not village or not year:
                continue
            if (village, year) in seen:
                self.issues.append(
                    row.issue("village", _("该村该年度已在第 %(row)s 行填写。") % {"row": seen[(village, year)]})
                )
                continue
            seen[(village, year)] = row.number
            current = existing.get((village, year))
            before = _before(current)
            facts = current or VillageYear(village_id=village, year=year)
            present = [f for f in VILLAGE_FACT_FIELDS if f in row.values]
            _assign(facts, row.values, present)
            errors = _validate(facts, present)
            if errors:
                self.issues.extend(row.issue(key, msg) for key, msg in errors if key not in row.bad)
                continue
            plan.villages[(village, year)] = _Planned(row, facts, before, present)

    def _check_households(self, plan: _Plan) -> None:
        """One head per household, 人数 against living members, head columns, income sanity."""
        members_of: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)  # code → (member code, relation, counts)
        in_file = set(plan.members)
        for planned in plan.members.values():
            m = planned.instance
            members_of[planned.household_code].append((m.code, m.relation, not m.deceased and not m.moved_out))
        stored = _fetch(
            Member.objects.all(),
            "household__code",
            list(plan.households),
            ("code", "household__code", "relation", "deceased", "moved_out"),
        )
        for member_code, household_code, relation, deceased, moved_out in stored:
            if member_code not in in_file:
                members_of[household_code].append((member_code, relation, not deceased and not moved_out))
        head_of = {p.household_code: p.instance for p in plan.members.values() if p.instance.relation == Relation.HEAD}
        for code, planned in plan.households.items():
            if code in plan.incomplete:
                continue  # a member row of this household is wrong: counting now would only add noise
            row = planned.row
            members = members_of.get(code, [])
            heads = [m for m in members if m[1] == Relation.HEAD]
            if not members:
                if planned.current is None:
                    self.issues.append(
                        row.issue(
                            "household_code", _("户 %(code)s 没有任何成员，请在人员信息表中填写。") % {"code": code}
                        )
                    )
                continue
            if len(heads) != 1:
                message = (
                    _("户 %(code)s 没有户主（与户主关系须有一人为“户主”）。")
                    if not heads
                    else _("户 %(code)s 有 %(n)s 名户主，每户只能有一名。")
                )
                self.issues.append(row.issue("household_code", message % {"code": code, "n": len(heads)}))
            living = sum(1 for m in members if m[2])
            if planned.instance.size != living:
                self.issues.append(
                    row.issue(
                        "size",
                        _("人数填写为 %(size)s，但在册（未死亡、未迁出）成员为 %(living)s 人。")
                        % {"size": planned.instance.size, "living": living},
                    )
                )
            self._check_head_columns(planned, head_of.get(code))
            self._check_income(planned, plan, living)

    def _check_head_columns(self, planned: _Planned, head: Member | None) -> None:
        """The household sheet's 户主姓名 / 户主证件号码, when given, must match the member sheet's head."""
        row = planned.row
        if head is None:
            return
        if row.values.get("head_name") and row.values["head_name"] != head.name:
            self.issues.append(
                row.issue("head_name", _("户主姓名与人员信息表中的户主“%(name)s”不一致。") % {"name": head.name})
            )
        if row.values.get("head_id_number") and row.values["head_id_number"] != head.id_number:
            self.issues.append(row.issue("head_id_number", _("户主证件号码与人员信息表中户主的证件号码不一致。")))

    def _check_income(self, planned: _Planned, plan: _Plan, living: int) -> None:
        row = planned.row
        year = row.values.get("year") or self.default_year
        facts = plan.years.get((planned.instance.code, year)) if year else None
        if facts is None or living <= 0:
            return
        per_capita = facts.instance.per_capita(living)
        given = row.values.get("net_income_per_capita")
        if given is not None and per_capita is not None and abs(Decimal(given) - per_capita) > 1:
            self.issues.append(
                row.issue(
                    "net_income_per_capita",
                    _("人均纯收入填写为 %(given)s，按各项收入和在册人数计算应为 %(computed)s（以计算值为准）。")
                    % {"given": given, "computed": per_capita},
                    "warning",
                )
            )
        if per_capita is not None and per_capita > HIGH_INCOME_PER_CAPITA:
            self.issues.append(
                row.issue(
                    "wage_income", _("人均纯收入 %(value)s 元，明显偏高，请核实。") % {"value": per_capita}, "warning"
                )
            )
        if planned.instance.status in EXITED_STATUSES and per_capita is not None and per_capita <= 0:
            self.issues.append(row.issue("wage_income", _("已脱贫户的人均纯收入不大于 0，请核实。"), "warning"))

    # Step 5: write ---------------------------------------------------------------------

    @transaction.atomic
    def _write(self, plan: _Plan) -> None:
        batch = new_batch()
        self.outcome.batch = batch
        events: list[tuple[Any, ...]] = []
        reason = _("导入 %(file)s") % {"file": self.filename}
        context = (self.user, batch, reason, timezone.now())

        _save(Household, list(plan.households.values()), events, context)
        household_ids = dict(_fetch(Household.objects.all(), "code", list(plan.households), ("code", "pk")))
        missing = {p.household_code for p in plan.members.values()} - set(household_ids)
        household_ids.update(_fetch(Household.objects.all(), "code", list(missing), ("code", "pk")))
        for planned in plan.members.values():
            planned.instance.household_id = household_ids[planned.household_code]
        for planned in plan.years.values():
            planned.instance.household_id = household_ids[planned.household_code]
        _save(Member, list(plan.members.values()), events, context, region=plan.region_of_member)
        _save(HouseholdYear, list(plan.years.values()), events, context, region=plan.region_of_year)
        _save(VillageYear, list(plan.villages.values()), events, context)
        insert_rows(AuditEvent, EVENT_FIELDS, events)
        with audit_context(actor=self.user if self.user.pk else None, batch=batch):
            record_event(
                action=AuditAction.BULK,
                model_label="registry.Import",
                object_pk=batch,
                object_repr=reason[:200],
                region_code=self.user.region_id or "",
                after={name: c.as_dict() for name, c in self.outcome.counts.items()},
                reason=reason,
            )
        # Re-check inside the transaction that everything written lies in the importer's scope.
        written = list(plan.households)
        outside = Household.objects.exclude(prefix_q("village_id", self.prefix))
        if written and self.prefix and _fetch(outside, "code", written):
            raise ValidationError(_("写入的数据超出了您的管辖范围，已全部撤销。"))
        self.outcome.written = True


@dataclass
class _Planned:
    row: _Row
    instance: Any
    before: dict[str, Any] | None  # the stored row's values (by attribute name), or None for a new row
    fields: list[str]
    household_code: str = ""
    _changed: list[str] | None = None

    @property
    def current(self) -> dict[str, Any] | None:
        return self.before

    def changed_fields(self) -> list[str]:
        if self.before is None:
            return self.fields
        if self._changed is None:
            self._changed = [
                f for f in self.fields if _normal(self.before[_attname(self.instance, f)]) != _value(self.instance, f)
            ]
        return self._changed


@dataclass
class _Plan:
    households: dict[str, _Planned] = field(default_factory=dict)
    members: dict[str, _Planned] = field(default_factory=dict)
    years: dict[tuple[str, int], _Planned] = field(default_factory=dict)
    villages: dict[tuple[str, int], _Planned] = field(default_factory=dict)
    incomplete: set[str] = field(default_factory=set)  # households with a member row in error
    _region_cache: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, Counts]:
        result = {}
        for name, planned in (
            ("households", self.households),
            ("members", self.members),
            ("household_years", self.years),
            ("village_years", self.villages),
        ):
            counts = Counts()
            for p in planned.values():
                if p.current is None:
                    counts.created += 1
                elif p.changed_fields():
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            result[name] = counts
        return result

    def region_of_member(self, planned: _Planned) -> str:
        return self._household_village(planned.household_code)

    def region_of_year(self, planned: _Planned) -> str:
        return self._household_village(planned.household_code)

    def _household_village(self, code: str) -> str:
        target = self.households.get(code)
        if target is not None:
            return target.instance.village_id
        if code not in self._region_cache:
            self._region_cache[code] = (
                Household.objects.filter(code=code).values_list("village_id", flat=True).first() or ""
            )
        return self._region_cache[code]


# How each model's new rows are found again after the insert (to learn their primary keys).
NATURAL_KEYS: dict[type[models.Model], tuple[str, ...]] = {
    Household: ("code",),
    Member: ("code",),
    HouseholdYear: ("household_id", "year"),
    VillageYear: ("village_id", "year"),
}
EVENT_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "model_label",
    "object_pk",
    "object_repr",
    "root_label",
    "root_pk",
    "region_code",
    "before",
    "after",
    "reason",
    "batch",
)


def _save(
    model: type[models.Model],
    planned: list[_Planned],
    events: list[tuple[Any, ...]],
    context: tuple[Any, str, str, datetime.datetime],
    *,
    region: Callable[[_Planned], str] | None = None,
) -> None:
    """Insert the new rows and update the changed ones in bulk, collecting one audit event each."""
    new = [p for p in planned if p.current is None]
    changed = [(p, p.changed_fields()) for p in planned if p.current is not None]
    changed = [(p, f) for p, f in changed if f]
    insert_instances(model, [p.instance for p in new])
    _learn_primary_keys(model, [p.instance for p in new])
    by_fields: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for p, names in changed:
        stored = p.before or {}
        if hasattr(p.instance, "version"):
            p.instance.version = (stored["version"] or 0) + 1
            names = [*names, "version"]
        by_fields[tuple(sorted(set(names)))].append(p.instance)
    for names_key, instances in by_fields.items():
        model._default_manager.bulk_update(instances, list(names_key), batch_size=CHUNK)
    for p in new:
        events.append(_event(AuditAction.CREATE, p, None, _snapshot(p.instance), context, region))
    for p, fields in changed:
        stored = p.before or {}
        before = {f: _jsonable(stored[_attname(p.instance, f)]) for f in fields}
        after = {f: _jsonable(getattr(p.instance, _attname(p.instance, f))) for f in fields}
        events.append(_event(AuditAction.UPDATE, p, before, after, context, region))


def _learn_primary_keys(model: type[models.Model], instances: list[Any]) -> None:
    keys = NATURAL_KEYS[model]
    if not instances:
        return
    first = keys[0]
    found: dict[tuple[Any, ...], Any] = {}
    for row in _fetch(model._default_manager.all(), first, [getattr(i, first) for i in instances], (*keys, "pk")):
        found[tuple(row[:-1])] = row[-1]
    for instance in instances:
        instance.pk = found[tuple(getattr(instance, k) for k in keys)]
        instance._state.adding = False


def _event(  # type: ignore[no-untyped-def]
    action, planned, before, after, context, region
) -> tuple[Any, ...]:
    """Return one audit event as a row of EVENT_FIELDS."""
    user, batch, reason, at = context
    instance = planned.instance
    label = instance._meta.label
    if isinstance(instance, Household | VillageYear):
        root, region_code = (label, str(instance.pk)), instance.village_id
    else:
        root, region_code = ("registry.Household", str(instance.household_id)), region(planned) if region else ""
    return (
        at,
        user.pk,
        user.username,
        action,
        label,
        str(instance.pk),
        str(instance)[:200],
        root[0],
        root[1],
        region_code,
        before,
        after,
        reason,
        batch,
    )


def _snapshot(instance: Any) -> dict[str, Any]:
    return instance.audit_snapshot() if isinstance(instance, AuditedModel) else {}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@functools.cache
def _attname_of(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).attname  # type: ignore[union-attr]


def _attname(instance: models.Model, name: str) -> str:
    return _attname_of(type(instance), name)


@functools.cache
def _field_rules(model: type[models.Model], name: str) -> tuple[Any, frozenset[Any] | None]:
    field = model._meta.get_field(name)
    choices = frozenset(value for value, _label in field.flatchoices) if field.choices else None  # type: ignore[union-attr]
    return field, choices


def _field_error(instance: models.Model, name: str) -> str | None:
    """Return the message ``Field.clean`` would give for the instance's value of ``name``, or None."""
    field, choices = _field_rules(type(instance), name)
    value = getattr(instance, field.attname)
    if value is None and not field.null:
        return str(field.error_messages["null"])
    if value in field.empty_values:
        return None if field.blank else str(field.error_messages["blank"])
    if choices is not None and value not in choices:
        return str(field.error_messages["invalid_choice"] % {"value": value})
    for validator in field.validators:
        try:
            validator(value)
        except ValidationError as exc:
            return " ".join(exc.messages)
    return None


def _value(instance: Any, name: str) -> Any:
    return _normal(getattr(instance, _attname(instance, name)))


def _normal(value: Any) -> Any:
    """Return ``value`` in a form where equal amounts compare equal (9000 == 9000.00)."""
    return value.normalize() if isinstance(value, Decimal) else value


def _before(instance: models.Model | None) -> dict[str, Any] | None:
    """Return the stored values of a row about to be changed in place (None for a new row)."""
    if instance is None:
        return None
    return {k: v for k, v in instance.__dict__.items() if k != "_state"}


def _assign(instance: models.Model, values: dict[str, Any], fields: Iterable[str]) -> None:
    """Set ``fields`` from ``values``; an empty cell clears a nullable field and keeps a flag or amount."""
    model: type[models.Model] = type(instance)
    for name in fields:
        value = values.get(name)
        attname, empty, quantum = _assignment(model, name)
        if value is None or value == "":
            if empty is _KEEP:
                continue  # keep the stored value (or the default for a new row)
            value = empty
        elif quantum is not None:
            value = Decimal(str(value)).quantize(quantum)
        setattr(instance, attname, value)


_KEEP = object()


@functools.cache
def _assignment(model: type[models.Model], name: str) -> tuple[str, Any, Decimal | None]:
    """Return how ``_assign`` sets a field: its attribute, what an empty cell becomes, the decimal quantum."""
    field = model._meta.get_field(name)
    if field.null:  # type: ignore[union-attr]
        empty: Any = None
    elif isinstance(field, models.CharField | models.TextField):
        empty = ""
    else:
        empty = _KEEP
    quantum = Decimal(1).scaleb(-field.decimal_places) if isinstance(field, models.DecimalField) else None
    return field.attname, empty, quantum  # type: ignore[union-attr]


def _validate(instance: models.Model, present: list[str]) -> list[tuple[str | None, str]]:
    """Run the model's own validation of the fields the file sets; return (column key, message) pairs.

    Each field is checked as ``Field.clean`` does (empty values, choices, validators such as
    length and ranges, with Django's own messages) without its per-call overhead — the
    cells are already typed by the cleaning step — then ``Model.clean`` runs. Check constraints are
    evaluated in Python where their condition is simple (Django's own ``validate`` runs one
    query per constraint and row, far too slow for a 100,000-row file); the database
    enforces them again on write.
    """
    pairs: list[tuple[str | None, str]] = []
    for name in present:
        message = _field_error(instance, name)
        if message:
            pairs.append((name, message))
    if not pairs:
        try:
            instance.clean()
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                key = None if name == "__all__" else name
                pairs.extend((key, message) for message in errors)
    if pairs:
        return pairs
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        holds = _condition_holds(constraint.condition, instance)
        if holds is None:  # not simple enough to evaluate here: ask the database
            try:
                constraint.validate(type(instance), instance, exclude={"village", "household"})  # type: ignore[attr-defined]
            except ValidationError as exc:
                pairs.extend((None, message) for message in exc.messages)
        elif not holds:
            pairs.append((None, str(constraint.get_violation_error_message())))
    return pairs


_LOOKUPS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": lambda a, b: a == b,
    "in": lambda a, b: a in b,
    "isnull": lambda a, b: (a is None) == b,
    "lt": lambda a, b: a is not None and b is not None and a < b,
    "lte": lambda a, b: a is not None and b is not None and a <= b,
    "gt": lambda a, b: a is not None and b is not None and a > b,
    "gte": lambda a, b: a is not None and b is not None and a >= b,
}


def _condition_holds(condition: Any, instance: models.Model) -> bool | None:
    """Evaluate a Q of plain field lookups (values or F() of the same row); None if it is not that simple.

    SQL semantics: a comparison with NULL is not false but unknown, and a CHECK passes
    when its condition is unknown, so such a comparison counts as passing at the top.
    """
    result = _evaluate(condition, instance)
    return None if result is _UNSUPPORTED else result is not False


_UNSUPPORTED = object()


def _evaluate(node: Any, instance: models.Model) -> Any:
    if isinstance(node, models.Q):
        results = [_evaluate(child, instance) for child in node.children]
        if _UNSUPPORTED in results:
            return _UNSUPPORTED
        if node.connector == models.Q.AND:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        return (None if value is None else not value) if node.negated else value
    if not isinstance(node, tuple):
        return _UNSUPPORTED
    path, expected = node
    name, _sep, lookup = path.partition("__")
    lookup = lookup or "exact"
    if "__" in lookup or lookup not in _LOOKUPS:
        return _UNSUPPORTED
    if isinstance(expected, models.F):
        expected = getattr(instance, expected.name, _UNSUPPORTED)
    elif hasattr(expected, "resolve_expression"):
        return _UNSUPPORTED
    actual = getattr(instance, _attname(instance, name), _UNSUPPORTED)
    if actual is _UNSUPPORTED or expected is _UNSUPPORTED:
        return _UNSUPPORTED
    if lookup not in ("isnull", "in") and (actual is None or expected is None):
        return None  # NULL compared: unknown
    return _LOOKUPS[lookup](actual, expected)


def _unique_codes(rows: list[_Row], key: str, issues: list[ImportIssue], label: str) -> set[str]:
    """Return the codes that occur once; report every repeat."""
    first: dict[str, int] = {}
    repeated: set[str] = set()
    for row in rows:
        code = row.values.get(key)
        if not code:
            continue
        if code in first:
            repeated.add(code)
            issues.append(
                row.issue(
                    key,
                    _("%(label)s %(code)s 重复（第 %(row)s 行已有）。")
                    % {"label": label, "code": code, "row": first[code]},
                )
            )
        else:
            first[code] = row.number
    return set(first) - repeated


def _chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(queryset: models.QuerySet, key: str, codes: Iterable[str]) -> dict[str, Any]:
    return {getattr(obj, key): obj for obj in _fetch(queryset, key, list(codes))}


def _fetch(queryset: models.QuerySet, field_name: str, keys: list[Any], fields: tuple[str, ...] = ()) -> list[Any]:
    """Return the rows whose ``field_name`` is in ``keys``, querying in chunks (SQLite's variable limit)."""
    found: list[Any] = []
    for chunk in _chunks(sorted(set(keys))):
        qs = queryset.filter(**{f"{field_name}__in": chunk})
        found.extend(qs.values_list(*fields) if fields else qs)
    return found


def _name_key(names: tuple[str, str, str]) -> tuple[str, str, str]:
    return tuple(n.replace(" ", "") for n in names)  # type: ignore[return-value]
