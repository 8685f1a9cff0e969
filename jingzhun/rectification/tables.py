"""Tables of 整改督办, each the page's and its Excel export's (the problem table is the work list 工作清单)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, NumberColumn, PersonalColumn
from jingzhun.rectification.choices import OPEN_STATUSES
from jingzhun.regions.tables import PlaceColumn

WRAP = {"td": {"class": "text-wrap small", "style": "min-width:16rem"}}


class OverdueColumn(NumberColumn):
    """Days past the deadline today (0 unless still open); red on the page."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "deadline")
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)

    @staticmethod
    def days(record: Any) -> int:
        return record.overdue_days(timezone.localdate())

    def render(self, value: Any, record: Any = None) -> str:  # type: ignore[override]
        days = self.days(record)
        return format_html('<span class="badge text-bg-danger">{}</span>', days) if days else "0"

    def value(self, value: Any, record: Any = None) -> Any:  # type: ignore[override]
        return self.days(record)


class ProblemTable(LedgerTable):
    """整改工作清单: where, which problem, who owns it, by when, its state, overdue and recurrence."""

    inspection = tables.Column(accessor="inspection__code", verbose_name=_("检查批次"))
    number = LinkedColumn(verbose_name=_("问题编号"))
    county = PlaceColumn("region_id", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("region_id", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("region_id", level="village", verbose_name=_("行政村"))
    level = tables.Column(verbose_name=_("层级"))
    category = tables.Column(verbose_name=_("问题类别"))
    description = tables.Column(verbose_name=_("问题描述"), attrs=WRAP)
    measures = tables.Column(verbose_name=_("整改措施"), attrs=WRAP)
    line = tables.Column(verbose_name=_("责任线"))
    responsible_unit = tables.Column(verbose_name=_("责任单位"))
    responsible_person = tables.Column(verbose_name=_("责任人"))
    deadline = DateColumn(verbose_name=_("整改时限"))
    status = tables.Column(verbose_name=_("整改状态"))
    overdue = OverdueColumn(verbose_name=_("逾期天数"))
    recurrence = NumberColumn(verbose_name=_("屡改屡犯"))
    supervision_level = tables.Column(verbose_name=_("挂牌督办"))

    export_widths = {"description": 40, "measures": 40, "responsible_unit": 20}

    class Meta(LedgerTable.Meta):
        attrs = {**LedgerTable.Meta.attrs, "id": "problem-table"}
        row_attrs = {"class": lambda record: "table-danger" if _late(record) else ""}

    def render_recurrence(self, value: int) -> str:
        return format_html('<span class="badge text-bg-warning">屡改屡犯 {}</span>', value) if value else ""

    def value_recurrence(self, value: int) -> int:
        return value


def _late(record: Any) -> bool:
    return bool(record.status in OPEN_STATUSES and record.deadline < timezone.localdate())


class InspectionTable(LedgerTable):
    code = LinkedColumn(verbose_name=_("批次编号"))
    title = tables.Column(verbose_name=_("名称"))
    source = tables.Column(verbose_name=_("检查来源"))
    date = DateColumn(verbose_name=_("反馈日期"))
    region = tables.Column(accessor="region__name", verbose_name=_("检查范围"))
    team = tables.Column(verbose_name=_("检查组"))
    document_number = tables.Column(verbose_name=_("反馈文号"))


class AccountabilityTable(LedgerTable):
    date = DateColumn(verbose_name=_("日期"))
    kind = LinkedColumn(verbose_name=_("问责方式"))
    county = PlaceColumn("region_id", level="county", verbose_name=_("县（区）"))
    person = tables.Column(verbose_name=_("被问责人"))
    unit = tables.Column(verbose_name=_("被问责单位"))
    document_number = tables.Column(verbose_name=_("文号"))
    problem = tables.Column(accessor="problem", verbose_name=_("相关问题"), orderable=False)
    note = tables.Column(verbose_name=_("事由"), attrs=WRAP)


class RiskTable(LedgerTable):
    kind = tables.Column(verbose_name=_("风险类别"))
    title = LinkedColumn(verbose_name=_("风险事项"))
    county = PlaceColumn("region_id", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("region_id", level="township", verbose_name=_("乡镇"))
    owner = tables.Column(verbose_name=_("责任人"))
    owner_unit = tables.Column(verbose_name=_("责任单位"))
    found_on = DateColumn(verbose_name=_("发现日期"))
    status = tables.Column(verbose_name=_("状态"))
    measures = tables.Column(verbose_name=_("管控措施"), attrs=WRAP)


class PetitionTable(LedgerTable):
    received_on = DateColumn(verbose_name=_("来访日期"))
    petitioner = LinkedColumn(verbose_name=_("信访人"))
    phone = PersonalColumn(kind="phone", verbose_name=_("联系电话"))
    county = PlaceColumn("region_id", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("region_id", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("region_id", level="village", verbose_name=_("行政村"))
    kind = tables.Column(verbose_name=_("类别"))
    is_group = tables.BooleanColumn(verbose_name=_("集体访"))
    to_capital = tables.BooleanColumn(verbose_name=_("赴省进京"))
    is_repeat = tables.BooleanColumn(verbose_name=_("重复访"))
    content = tables.Column(verbose_name=_("反映问题"), attrs=WRAP)
    resolved = tables.BooleanColumn(verbose_name=_("已化解"))
