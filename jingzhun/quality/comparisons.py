"""Import of comparison lists (数据比对名单) from other departments: one sheet with an ID-number column.

The file is read with the shared spreadsheet engine (core.excel); every row is validated
(ID numbers with the registry's rules, company codes with python-stdnum's USCC), and the
list is written all or nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from jingzhun.accounts.models import User
from jingzhun.core.audit import audit_context
from jingzhun.core.bulk import insert_rows
from jingzhun.core.excel import (
    Column,
    ImportIssue,
    ReadResult,
    SheetSchema,
    SpreadsheetError,
    clean_values,
    read_workbook,
)
from jingzhun.quality.choices import ListKind
from jingzhun.quality.models import ComparisonEntry, ComparisonList
from jingzhun.registry.models import Member

ID = Column(
    "id_number",
    "证件号码",
    ("身份证号", "身份证号码", "公民身份号码", "证件号", "身份证"),
    kind="id_number",
    required=True,
)
NAME = Column("name", "姓名", ("名字", "人员姓名"))


def _date(header: str, aliases: tuple[str, ...] = (), required: bool = False) -> Column:
    return Column("event_date", header, aliases, kind="date", required=required)


def _amount(header: str, aliases: tuple[str, ...] = (), required: bool = False) -> Column:
    return Column("amount", header, aliases, kind="decimal", required=required)


def _detail(header: str, aliases: tuple[str, ...] = (), required: bool = False) -> Column:
    return Column("detail", header, aliases, required=required)


def _code(header: str, aliases: tuple[str, ...] = (), required: bool = False) -> Column:
    return Column("item_code", header, aliases, required=required)


COLUMNS: dict[str, tuple[Column, ...]] = {
    ListKind.DEATHS: (
        _date("死亡日期", ("死亡时间", "注销日期"), required=True),
        _detail("来源", ("数据来源", "备注")),
    ),
    ListKind.VEHICLES: (
        _code("车牌号码", ("号牌号码", "车牌号")),
        _amount("购买价格", ("购车价格", "价格", "车辆价格", "购买价格（元）"), required=True),
        _date("购买日期", ("登记日期", "初次登记日期")),
        _detail("车辆类型", ("品牌型号", "车辆品牌")),
    ),
    ListKind.HOUSES: (
        _detail("房屋地址", ("坐落", "地址", "房屋坐落"), required=True),
        _amount("成交价格", ("价格", "购房价格")),
        _date("购买日期", ("登记日期", "合同日期")),
    ),
    ListKind.BUSINESSES: (
        _detail("企业名称", ("名称", "市场主体名称"), required=True),
        _code("统一社会信用代码", ("信用代码", "社会信用代码"), required=True),
        _date("成立日期", ("登记日期", "注册日期")),
    ),
    ListKind.PAYROLL: (_detail("单位", ("工作单位", "单位名称"), required=True),),
    ListKind.DIBAO: (_date("开始日期", ("享受日期", "审批日期")), _amount("保障金额", ("月保障金", "金额"))),
    ListKind.TEKUN: (_date("开始日期", ("供养日期", "审批日期")), _amount("供养金额", ("金额",))),
    ListKind.MEDICAL: (_date("参保日期", ("缴费日期",)), _detail("参保类型", ("险种",))),
    ListKind.STUDENT_AID: (
        _detail("学校", ("就读学校", "学校名称")),
        _code("学段", ("年级",)),
        _amount("资助金额", ("金额",)),
        _date("资助日期", ("发放日期",)),
    ),
}


def list_schema(kind: str) -> SheetSchema:
    """Return the sheet a list of ``kind`` must have (ID number, name, and the kind's columns)."""
    return SheetSchema(
        name=str(ListKind(kind).label),
        aliases=("名单", "Sheet1", "比对名单"),
        columns=(ID, NAME, *COLUMNS[kind]),
        key_columns=("id_number",),
    )


ENTRY_FIELDS = ("row_number", "id_number", "name", "event_date", "amount", "detail", "item_code")


@dataclass
class ComparisonOutcome:
    """What an import did: the list written (None on errors), the issues, the rows and how many match members."""

    comparison_list: ComparisonList | None = None
    issues: list[ImportIssue] = field(default_factory=list)
    read: ReadResult | None = None
    rows: int = 0
    matched: int = 0

    @property
    def errors(self) -> list[ImportIssue]:
        return [issue for issue in self.issues if issue.is_error]

    def summary(self) -> dict[str, Any]:
        return {
            "list_id": self.comparison_list.pk if self.comparison_list else None,
            "rows": self.rows,
            "matched": self.matched,
            "errors": [str(issue) for issue in self.errors[:200]],
            "error_count": len(self.errors),
            "warnings": [str(issue) for issue in self.issues if not issue.is_error][:50],
        }


class ComparisonImport:
    """Validate a list file and write it, or nothing."""

    def __init__(
        self, *, user: User, file: Any, filename: str, kind: str, list_date: datetime.date, source: str, title: str
    ) -> None:
        if kind not in ListKind.values:
            raise ValueError(kind)
        self.user = user
        self.file = file
        self.filename = filename
        self.kind = kind
        self.list_date = list_date
        self.source = source
        self.title = title or f"{ListKind(kind).label} {list_date:%Y-%m-%d}"

    def run(self) -> ComparisonOutcome:
        schema = list_schema(self.kind)
        outcome = ComparisonOutcome()
        try:
            read = read_workbook(self.file, self.filename, [schema])
        except SpreadsheetError as exc:
            outcome.issues.append(exc.issue)
            return outcome
        outcome.read = read
        outcome.issues.extend(read.issues)
        sheet = read.sheets.get(schema.name)
        if sheet is None:
            if not outcome.errors:
                outcome.issues.append(ImportIssue(self.filename, None, None, None, _("文件中没有找到名单数据。")))
            return outcome
        rows: list[tuple[Any, ...]] = []
        code_column = next((c for c in schema.columns if c.key == "item_code"), None)
        for raw in sheet.rows:
            cleaned, issues = clean_values(schema.columns, raw.values, sheet=sheet.title, row=raw.number)
            outcome.issues.extend(issues)
            code = (cleaned.get("item_code") or "").strip().upper()
            if self.kind == ListKind.BUSINESSES and code and code_column is not None and not uscc.is_valid(code):
                outcome.issues.append(
                    ImportIssue(
                        sheet.title,
                        raw.number,
                        "item_code",
                        sheet.headers.get("item_code", code_column.header),
                        _("统一社会信用代码“%(code)s”无效（长度或校验位错误）。") % {"code": code},
                    )
                )
            rows.append(
                (
                    raw.number,
                    cleaned.get("id_number") or "",
                    (cleaned.get("name") or "")[:50],
                    cleaned.get("event_date"),
                    cleaned.get("amount"),
                    (cleaned.get("detail") or "")[:200],
                    code[:40],
                )
            )
        if not rows and not outcome.errors:
            outcome.issues.append(ImportIssue(sheet.title, None, None, None, _("名单中没有数据行。")))
        outcome.rows = len(rows)
        if outcome.errors:
            return outcome
        self._write(outcome, rows)
        return outcome

    @transaction.atomic
    def _write(self, outcome: ComparisonOutcome, rows: list[tuple[Any, ...]]) -> None:
        with audit_context(actor=self.user, reason=_("导入比对名单")):
            comparison_list = ComparisonList(
                kind=self.kind,
                title=self.title[:200],
                list_date=self.list_date,
                source=self.source[:100],
                region_code=self.user.region_id or "",
                row_count=len(rows),
                uploaded_by=self.user,
            )
            comparison_list.full_clean(exclude=["file"])
            comparison_list.save()
        if hasattr(self.file, "seek"):
            self.file.seek(0)
            comparison_list.file.save(self.filename, File(self.file), save=True)
        insert_rows(
            ComparisonEntry,
            ("comparison_list_id", *ENTRY_FIELDS),
            ((comparison_list.pk, *row) for row in rows),
        )
        outcome.comparison_list = comparison_list
        outcome.matched = (
            ComparisonEntry.objects.filter(comparison_list=comparison_list)
            .filter(id_number__in=Member.objects.values("id_number"))
            .count()
        )
