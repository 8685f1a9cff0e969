"""Import of a cooperation workbook (``import_cooperation FILE --year Y``), on the spreadsheet kit.

Sheets, any subset: 结对关系, 协作资金, 挂职交流, 劳务协作, 消费扶贫, 企业投资. Each row is
checked with its model's own rules, placed in a western region (the 县区代码 column, else the
importing user's own county; a labour row of a registered poor person: his village) and
attached to the pairing in force that year for its county (else its city). A row is in the
importer's scope when its western region is, or its pairing's eastern region is. All or
nothing; re-importing the same file changes nothing (rows are matched by natural keys).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.cooperation.choices import (
    Channel,
    Destination,
    Direction,
    ExchangeKind,
    FundKind,
    PairingLevel,
    ParkKind,
)
from jingzhun.cooperation.models import AidFund, Exchange, Investment, LabourRecord, Pairing, Purchase
from jingzhun.cooperation.querysets import active_in
from jingzhun.core.excel import ReadResult, SheetSchema
from jingzhun.core.excel.schema import Column, choice_map
from jingzhun.core.excel.writer import new_workbook
from jingzhun.core.imports import Importer, Row, Target
from jingzhun.core.imports.binding import stored_values
from jingzhun.core.regioncodes import code_at, pad_code
from jingzhun.regions.models import Region
from jingzhun.registry.models import Member

WEST = Column("west_region", "县区代码", aliases=("受援地区代码", "区划代码", "西部区划代码"), kind="region_code")


def _choice(key: str, header: str, choices: Any, variants: dict[str, str] | None = None, **kw: Any) -> Column:
    return Column(key, header, kind="choice", choices=choice_map(choices, variants), required=True, **kw)


@dataclass(frozen=True)
class Sheet:
    """One sheet: its schema, the model it fills, the fields of its natural key and the fields it sets."""

    schema: SheetSchema
    model: type[models.Model]
    key: tuple[str, ...]
    fields: tuple[str, ...]


PAIRINGS = Sheet(
    SheetSchema(
        "结对关系",
        required=False,
        columns=(
            _choice("level", "结对类型", PairingLevel.choices, {"万企帮万村": "enterprise", "县县结对": "county"}),
            Column("east_region", "东部区划代码", kind="region_code", required=True),
            Column("east_party", "东部结对方", required=True),
            Column("west_region", "西部区划代码", kind="region_code", required=True),
            Column("west_party", "西部结对方", required=True),
            Column("start_year", "起始年度", kind="year"),
            Column("front_contact", "前方工作组联系人"),
            Column("front_phone", "前方联系电话"),
            Column("back_contact", "后方联系人"),
            Column("back_phone", "后方联系电话"),
        ),
    ),
    Pairing,
    ("level", "east_region_id", "west_region_id", "east_party"),
    ("west_party", "start_year", "front_contact", "front_phone", "back_contact", "back_phone"),
)
FUNDS = Sheet(
    SheetSchema(
        "协作资金",
        required=False,
        columns=(
            WEST,
            _choice("kind", "资金类型", FundKind.choices, {"财政": "fiscal", "社会": "social"}),
            Column("source", "资金来源", required=True),
            Column("amount", "金额（万元）", aliases=("到位金额（万元）", "金额"), kind="decimal", required=True),
            Column("received_on", "到位日期", kind="date"),
            Column("spent", "已支出（万元）", kind="decimal"),
        ),
    ),
    AidFund,
    ("year", "west_region_id", "kind", "source"),
    ("amount", "received_on", "spent"),
)
EXCHANGES = Sheet(
    SheetSchema(
        "挂职交流",
        required=False,
        columns=(
            WEST,
            Column("name", "姓名", required=True),
            _choice("kind", "类别", ExchangeKind.choices, {"党政干部": "cadre", "挂职干部": "cadre"}),
            _choice("direction", "派出方向", Direction.choices, {"东部": "to_west", "西部": "to_east"}),
            Column("home_unit", "派出单位"),
            Column("post", "挂职单位及职务", aliases=("挂职岗位", "岗位")),
            Column("start_on", "开始日期", kind="date", required=True),
            Column("end_on", "结束日期", kind="date"),
        ),
    ),
    Exchange,
    ("year", "west_region_id", "name", "kind", "start_on"),
    ("direction", "home_unit", "post", "end_on"),
)
LABOUR = Sheet(
    SheetSchema(
        "劳务协作",
        required=False,
        columns=(
            Column("id_number", "证件号码", aliases=("身份证号码", "身份证号"), kind="id_number", required=True),
            Column("name", "姓名", required=True),
            _choice("destination", "就业地区", Destination.choices, {"社区工厂": "workshop", "本地就业": "local"}),
            Column("employer", "就业单位", required=True),
            Column("months", "就业月数", kind="int", required=True),
            WEST,
        ),
    ),
    LabourRecord,
    ("year", "id_number", "employer"),
    ("name", "destination", "months"),
)
PURCHASES = Sheet(
    SheetSchema(
        "消费扶贫",
        required=False,
        columns=(
            WEST,
            Column("product", "产品", required=True),
            Column("buyer", "购买方", required=True),
            _choice("channel", "渠道", Channel.choices, {"电商平台": "ecommerce"}),
            Column("amount", "金额（万元）", aliases=("金额",), kind="decimal", required=True),
            Column("households", "带动贫困户（户）", aliases=("带动贫困户",), kind="int"),
        ),
    ),
    Purchase,
    ("year", "west_region_id", "product", "buyer", "channel"),
    ("amount", "households"),
)
INVESTMENTS = Sheet(
    SheetSchema(
        "企业投资",
        required=False,
        columns=(
            WEST,
            Column("enterprise", "企业名称", aliases=("企业",), required=True),
            Column("origin", "企业所在地"),
            Column("industry", "行业"),
            Column("amount", "实际投资（万元）", aliases=("投资额（万元）",), kind="decimal", required=True),
            Column("park", "园区名称", aliases=("园区",)),
            Column("park_kind", "园区类型", kind="choice", choices=choice_map(ParkKind.choices)),
            Column("poor_employed", "吸纳贫困人口就业（人）", aliases=("吸纳贫困人口就业",), kind="int"),
        ),
    ),
    Investment,
    ("year", "west_region_id", "enterprise"),
    ("origin", "industry", "amount", "park", "park_kind", "poor_employed"),
)
SHEETS = (PAIRINGS, FUNDS, EXCHANGES, LABOUR, PURCHASES, INVESTMENTS)


def _target(sheet: Sheet) -> Target:
    return Target(sheet.schema.name, sheet.model, sheet.key, sheet.model._meta.verbose_name)


class CooperationImporter(Importer):
    """One import of a cooperation workbook for one user and one year."""

    name = "cooperation"
    label = gettext_lazy("导入东西部协作台账")
    targets = tuple(_target(sheet) for sheet in SHEETS)
    access_target = "cooperation"
    denied_message = gettext_lazy("当前角色只能查看，不能导入东西部协作台账。")
    ignore_sheets = ("填写说明",)
    template_filename = "东西部协作台账导入模板.xlsx"
    notes = (
        gettext_lazy(
            "工作簿可含结对关系、协作资金、挂职交流、劳务协作、消费扶贫、企业投资中的任意几张表；"
            "县区代码不填时记入您所在的县区；劳务协作按证件号码与建档立卡人口比对，不在系统中的人员不计入贫困人口。"
        ),
    )

    def __init__(self, *, year: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.year = year
        self.regions: dict[str, Region] = {}
        self.pairings: dict[str, Pairing] = {}

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return tuple(sheet.schema for sheet in SHEETS)

    @classmethod
    def template_write(cls, out: Any) -> None:
        """The empty workbook: the six sheets with their headers (required ones in red) and the rules."""
        workbook = new_workbook(out)
        plain = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        required = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "font_color": "#C00000"})
        text = workbook.add_format({"num_format": "@"})
        for sheet in SHEETS:
            page = workbook.add_worksheet(sheet.schema.name)
            for col, column in enumerate(sheet.schema.columns):
                page.write(0, col, column.header, required if column.required else plain)
                as_text = column.kind in ("region_code", "id_number")
                page.set_column(col, col, 20 if as_text else 16, text if as_text else None)
                if column.kind == "choice":
                    page.data_validation(1, col, 5000, col, {"validate": "list", "source": column.labels[:40]})
        notes = workbook.add_worksheet("填写说明")
        for row, line in enumerate(str(note) for note in cls.notes):
            notes.write(row, 0, line)
        notes.write(
            len(cls.notes),
            0,
            "导入时全部校验，有任何错误则不写入任何数据，并给出带错误标注的文件；再次导入同一文件不会重复登记。",
        )
        workbook.close()

    def in_scope(self, code: str) -> bool:
        return True  # checked per row in check(), on both sides of the pairing

    def check(self, read: ReadResult) -> None:
        sheets = {sheet.schema.name: read.sheets.get(sheet.schema.name) for sheet in SHEETS}
        if not any(sheets.values()):
            self.file_error(
                _("文件中没有可导入的工作表（结对关系、协作资金、挂职交流、劳务协作、消费扶贫、企业投资）。")
            )
            return
        rows = {name: self.rows(data) for name, data in sheets.items()}
        self._regions_load(rows)
        self._pairings_check(rows[PAIRINGS.schema.name])
        self._pairings_load()
        members = self._members(rows[LABOUR.schema.name])
        for sheet in SHEETS[1:]:
            self._ledger_check(sheet, rows[sheet.schema.name], members)

    # Reference data ----------------------------------------------------------------------

    def _regions_load(self, rows: dict[str, list[Row]]) -> None:
        codes = {
            row.values.get(key)
            for sheet_rows in rows.values()
            for row in sheet_rows
            for key in ("west_region", "east_region")
        }
        codes |= {code_at(code, "county") for code in codes if code} | {
            code_at(code, "prefecture") for code in codes if code
        }
        if self._default_west():
            codes.add(self._default_west())
        self.regions = {r.code: r for r in Region.objects.filter(code__in=codes - {None, ""})}

    def _pairings_load(self) -> None:
        """The pairing in force in the year for each western county or city (county first)."""
        for pairing in Pairing.objects.filter(active_in(self.year)).select_related("west_region").order_by("pk"):
            if pairing.level in (PairingLevel.COUNTY, PairingLevel.CITY):
                self.pairings.setdefault(pairing.west_region_id, pairing)

    def _pairing_for(self, west: str) -> Pairing | None:
        return self.pairings.get(code_at(west, "county")) or self.pairings.get(code_at(west, "prefecture"))

    def _members(self, rows: list[Row]) -> dict[str, tuple[int, str]]:
        numbers = {row.values.get("id_number") for row in rows} - {None, ""}
        found = (
            Member.objects.filter(id_number__in=numbers)
            .order_by("pk")
            .values_list("id_number", "pk", "household__village_id")
        )
        return {number: (pk, village) for number, pk, village in found}

    def _default_west(self) -> str:
        prefix = self.prefix
        if prefix and len(prefix) >= 6 and prefix.startswith("61"):
            return pad_code(prefix)
        return ""

    def _sees(self, west: str, east: str) -> bool:
        prefix = self.prefix
        return prefix != "-" and (west.startswith(prefix) or bool(east and east.startswith(prefix)))

    def _region(self, row: Row, key: str) -> Region | None:
        code = row.values.get(key)
        if not code:
            return None
        region = self.regions.get(code)
        if region is None:
            self.error(row, key, _("区划代码 %(code)s 不存在。") % {"code": code})
        return region

    def _stored(self, sheet: Sheet, **filters: Any) -> dict[tuple[Any, ...], Any]:
        return {tuple(getattr(o, k) for k in sheet.key): o for o in sheet.model._default_manager.filter(**filters)}

    # Sheets -----------------------------------------------------------------------------

    def _pairings_check(self, rows: list[Row]) -> None:
        stored = self._stored(PAIRINGS)
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            east, west = self._region(row, "east_region"), self._region(row, "west_region")
            if east is None or west is None or row.bad:
                continue
            if not self._sees(west.code, east.code):
                self.error(row, "west_region", self.outside_scope(west.code))
                continue
            values = row.values
            key = (values["level"], east.code, west.code, values["east_party"])
            if key in seen:
                self.error(row, "east_party", _("与第 %(row)s 行重复。") % {"row": seen[key]})
                continue
            seen[key] = row.number
            current = stored.get(key)
            instance = current or Pairing(level=key[0], east_region=east, west_region=west, east_party=key[3])
            before = stored_values(current)
            values = {
                **values,
                "start_year": values.get("start_year") or (current.start_year if current else self.year),
            }
            for name in ("front_contact", "front_phone", "back_contact", "back_phone"):
                values[name] = values.get(name) or ""
            if not self.bind(row, instance, PAIRINGS.fields, values):
                continue
            self.stage(PAIRINGS.schema.name, key, row, instance, before, list(PAIRINGS.fields), region=west.code)
            if current is None and instance.level in (PairingLevel.COUNTY, PairingLevel.CITY):
                self.pairings.setdefault(west.code, instance)

    def _ledger_check(self, sheet: Sheet, rows: list[Row], members: dict[str, tuple[int, str]]) -> None:
        stored = self._stored(sheet, year=self.year)
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            if row.bad:
                continue
            values = dict(row.values)
            member = members.get(values.get("id_number") or "") if sheet.model is LabourRecord else None
            west = member[1] if member else values.get("west_region") or self._default_west()
            if not west:
                self.error(row, "west_region", _("请填写县区代码。"))
                continue
            region = self.regions.get(west) if not member else Region(code=west, level="village")
            if region is None:
                self.error(row, "west_region", _("区划代码 %(code)s 不存在。") % {"code": west})
                continue
            pairing = self._pairing_for(west)
            if not self._sees(west, pairing.east_region_id if pairing else ""):
                self.error(row, "west_region", self.outside_scope(west))
                continue
            values["year"], values["west_region_id"] = self.year, west
            key = tuple(values[k] for k in sheet.key)
            if key in seen:
                self.error(row, None, _("与第 %(row)s 行重复。") % {"row": seen[key]})
                continue
            seen[key] = row.number
            current = stored.get(key)
            instance: Any = current or sheet.model(year=self.year, west_region_id=west)
            before = stored_values(current)
            instance.pairing = pairing
            fields = list(sheet.fields)
            if current is None:
                fields = [k for k in sheet.key if k not in ("year", "west_region_id")] + fields
            if sheet.model is LabourRecord:
                instance.member_matched = True
                instance.member_id = member[0] if member else None
                instance.west_region_id = west
            if not self.bind(row, instance, fields, values, exclude=("pairing", "member", "west_region")):
                continue
            written = [*sheet.fields, "pairing"] + (["member", "west_region"] if sheet.model is LabourRecord else [])
            self.stage(sheet.schema.name, key, row, instance, before, written, region=west)

    def write(self) -> None:
        """Write the pairings first, then the ledgers, which may hang from a pairing of the same file."""
        self.save(PAIRINGS.schema.name)
        for sheet in SHEETS[1:]:
            for planned in self.planned[sheet.schema.name].values():
                pairing = planned.instance.pairing
                if pairing is not None and planned.instance.pairing_id is None:
                    planned.instance.pairing_id = pairing.pk
            self.save(sheet.schema.name)
