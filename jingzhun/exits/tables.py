"""The tables of 退出程序: one declaration for each page and its Excel export."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, NumberColumn, PersonalColumn
from jingzhun.regions.tables import PlaceColumn


class ExitCaseTable(LedgerTable):
    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    township = PlaceColumn("household__village_id", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    size = NumberColumn(accessor="household__size", verbose_name=_("人数"))
    year = tables.Column(verbose_name=_("退出年度"))
    status = tables.Column(verbose_name=_("环节"))
    meeting_on = DateColumn(verbose_name=_("民主评议日期"))
    publicity_start = DateColumn(verbose_name=_("公示开始日期"))
    closed_on = DateColumn(verbose_name=_("销号日期"))
    rollback_reason = tables.Column(verbose_name=_("回退原因"))


class ObjectionTable(LedgerTable):
    case = LinkedColumn(accessor="case__household__code", verbose_name=_("户编号"))
    village = PlaceColumn("case__household__village_id", level="village", verbose_name=_("行政村"))
    raised_on = DateColumn(verbose_name=_("提出日期"))
    raised_by = tables.Column(verbose_name=_("提出人"))
    content = tables.Column(verbose_name=_("异议内容"))
    resolved = tables.BooleanColumn(verbose_name=_("已处理"))
    resolution = tables.Column(verbose_name=_("处理结果"))


class VillageExitTable(LedgerTable):
    village_name = LinkedColumn(accessor="village__name", verbose_name=_("行政村"))
    township = PlaceColumn("village_id", level="township", verbose_name=_("乡镇"))
    year = tables.Column(verbose_name=_("出列年度"))
    status = tables.Column(verbose_name=_("环节"))
    publicity_start = DateColumn(verbose_name=_("公示开始日期"))


class CountyExitTable(LedgerTable):
    county_name = LinkedColumn(accessor="county__name", verbose_name=_("县（区）"))
    year = tables.Column(verbose_name=_("摘帽年度"))
    status = tables.Column(verbose_name=_("环节"))
    sample = tables.Column(verbose_name=_("抽样核查"))
    publicity_start = DateColumn(verbose_name=_("公示开始日期"))


class SampleTable(LedgerTable):
    name = LinkedColumn(accessor="round", verbose_name=_("轮次"))
    county = tables.Column(accessor="county__name", verbose_name=_("县（区）"))
    year = tables.Column(verbose_name=_("核查年度"))
    kind = tables.Column(verbose_name=_("类型"))
    seed = tables.Column(verbose_name=_("随机种子"))
    applied_at = DateColumn(verbose_name=_("写入县级指标时间"))


class SampleItemTable(LedgerTable):
    """抽样名单: the list the field teams take, and the results they bring back."""

    position = LinkedColumn(verbose_name=_("序号"))
    sample = tables.Column(accessor="sample__round", verbose_name=_("轮次"))
    township = PlaceColumn("village_id", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    village_code = tables.Column(accessor="village_id", verbose_name=_("行政区划代码"))
    household = tables.Column(accessor="household__code", verbose_name=_("户编号"))
    id_number = PersonalColumn(verbose_name=_("证件号码"))
    category = tables.Column(verbose_name=_("抽样类别"))
    registered_size = NumberColumn(accessor="household__size", verbose_name=_("登记人数"))
    people = NumberColumn(verbose_name=_("核查人数"))
    conclusion = tables.Column(verbose_name=_("核查结论"))
    recognised = tables.BooleanColumn(verbose_name=_("是否认可"))
    aware = tables.BooleanColumn(verbose_name=_("政策知晓"))

    export_widths = {"village": 16, "household": 18, "id_number": 20, "village_code": 14}
