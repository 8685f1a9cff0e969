"""The monitoring ledgers' tables: the page and its Excel export from one declaration."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, NumberColumn
from jingzhun.monitoring.models import MonitoringObject, RiskEvent
from jingzhun.regions.tables import PlaceColumn

WRAP = {"td": {"class": "text-wrap small", "style": "min-width:16rem"}}


class MonitoringObjectTable(LedgerTable):
    """防返贫监测对象台账: who, where, why, the help, and whether the risk is gone."""

    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    county = PlaceColumn("household__village_id", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("household__village_id", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("监测年度"))
    kind = tables.Column(verbose_name=_("监测对象类型"))
    reasons = tables.Column(verbose_name=_("纳入原因"), orderable=False)
    measures = tables.Column(verbose_name=_("帮扶措施"), attrs=WRAP)
    status = tables.Column(verbose_name=_("状态"))
    identified_on = DateColumn(verbose_name=_("纳入日期"))
    eliminated_on = DateColumn(verbose_name=_("风险消除日期"))

    export_widths = {"household": 18, "village": 16, "reasons": 30, "measures": 40}

    class Meta(LedgerTable.Meta):
        model = MonitoringObject
        fields = ()

    def value_reasons(self, record: MonitoringObject) -> str:
        return record.reason_labels()

    def render_reasons(self, record: MonitoringObject) -> str:
        return record.reason_labels()


class RiskEventTable(LedgerTable):
    """突发事件登记台账."""

    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    kind = tables.Column(verbose_name=_("事件类别"))
    occurred_on = DateColumn(verbose_name=_("发生日期"))
    loss = NumberColumn(verbose_name=_("损失或支出（元）"))
    description = tables.Column(verbose_name=_("情况说明"), attrs=WRAP)

    class Meta(LedgerTable.Meta):
        model = RiskEvent
        fields = ()
