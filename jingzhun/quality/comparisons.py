"""Import of comparison lists (数据比对名单) from other departments: one sheet with an ID-number column.

An importer of the spreadsheet-import kit (``core.imports``): every row is validated (ID
numbers with the registry's rules, company codes with python-stdnum's USCC), and the list
is written all or nothing, with the error workbook on failure.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import File
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc

from jingzhun.core.audit import audit_context
from jingzhun.core.bulk import insert_rows
from jingzhun.core.excel import Column, ImportIssue, ReadResult, SheetSchema
from jingzhun.core.imports import Counts, Importer, ImportResult, Target
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
class ComparisonListResult(ImportResult):
    """An import result with the list written (None on errors) and how many of its people are members."""

    comparison_list: ComparisonList | None = None
    matched: int = 0

    @property
    def rows(self) -> int:
        counts = self.counts.get("entries")
        return counts.created if counts else 0

    def summary(self) -> dict[str, Any]:
        return {
            **super().summary(),
            "list_id": self.comparison_list.pk if self.comparison_list else None,
            "rows": self.rows,
            "matched": self.matched,
        }


class ComparisonListImporter(Importer):
    """Validate a list file and write it, or nothing."""

    name = "quality.comparison_lists"
    label = gettext_lazy("导入比对名单")
    targets = (Target("entries", ComparisonEntry, ("comparison_list_id", "row_number"), gettext_lazy("名单条目")),)
    access_target = ComparisonList
    denied_message = gettext_lazy("当前角色只能查看，不能上传比对名单。")
    failure_message = gettext_lazy("名单中有 %(n)s 处错误，未写入任何数据。请按错误清单修改后重新上传。")
    result_class = ComparisonListResult
    result: ComparisonListResult

    def __init__(
        self, *, kind: str, list_date: datetime.date | str, source: str, title: str = "", **kwargs: Any
    ) -> None:
        if kind not in ListKind.values:
            raise ValueError(kind)
        super().__init__(**kwargs)
        self.kind = kind
        # A job keeps its options as JSON: the date comes back as text.
        self.list_date = datetime.date.fromisoformat(list_date) if isinstance(list_date, str) else list_date
        self.source = source
        self.title = title or f"{ListKind(kind).label} {self.list_date:%Y-%m-%d}"
        self.entries: list[tuple[Any, ...]] = []

    def run(self) -> ComparisonListResult:
        super().run()
        return self.result

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return (list_schema(self.kind),)

    def check(self, read: ReadResult) -> None:
        sheet = read.sheets.get(list_schema(self.kind).name)
        if sheet is None:
            if not self.result.errors:
                self.file_error(_("文件中没有找到名单数据。"))
            return
        for row in self.rows(sheet):
            values = row.values
            code = (values.get("item_code") or "").strip().upper()
            if self.kind == ListKind.BUSINESSES and code and not uscc.is_valid(code):
                message = _("统一社会信用代码“%(code)s”无效（长度或校验位错误）。")
                self.error(row, "item_code", message % {"code": code})
            self.entries.append(
                (
                    row.number,
                    values.get("id_number") or "",
                    (values.get("name") or "")[:50],
                    values.get("event_date"),
                    values.get("amount"),
                    (values.get("detail") or "")[:200],
                    code[:40],
                )
            )
        if not self.entries and not self.result.errors:
            self.issues.append(ImportIssue(sheet.title, None, None, None, _("名单中没有数据行。")))

    def counts(self) -> dict[str, Counts]:
        return {"entries": Counts(created=len(self.entries))}

    def write(self) -> None:
        with audit_context(reason=_("导入比对名单")):
            comparison_list = ComparisonList(
                kind=self.kind,
                title=self.title[:200],
                list_date=self.list_date,
                source=self.source[:100],
                region_code=self.user.region_id or "",
                row_count=len(self.entries),
                uploaded_by=self.user,
            )
            comparison_list.full_clean(exclude=["file"])
            comparison_list.save()
        if not isinstance(self.file, str):  # keep the uploaded file with the list
            self.file.seek(0)
            comparison_list.file.save(self.filename, File(self.file), save=True)
        insert_rows(
            ComparisonEntry,
            ("comparison_list_id", *ENTRY_FIELDS),
            ((comparison_list.pk, *entry) for entry in self.entries),
        )
        matched = (
            ComparisonEntry.objects.filter(comparison_list=comparison_list)
            .filter(id_number__in=Member.objects.values("id_number"))
            .count()
        )
        self.result.comparison_list = comparison_list
        self.result.matched = matched
        self.result.message = _(
            "已导入 %(rows)s 条，其中 %(matched)s 条与建档立卡人员的证件号码相符。下次运行检查时生成问题线索。"
        ) % {"rows": len(self.entries), "matched": matched}
        self.result.links = [(reverse("quality:list-detail", args=[comparison_list.pk]), _("查看比对结果"))]
