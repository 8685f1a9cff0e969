"""The relocation and housing ledgers as tables: the list pages and their Excel exports from one declaration."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, NumberColumn
from jingzhun.regions.tables import PlaceColumn


class SiteTable(LedgerTable):
    code = LinkedColumn(verbose_name=_("安置点编号"))
    name = LinkedColumn(verbose_name=_("安置点名称"))
    kind = tables.Column(verbose_name=_("安置类型"))
    county = PlaceColumn("region_id", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("region_id", level="township", verbose_name=_("乡镇"))
    planned_units = NumberColumn(verbose_name=_("计划套数"))
    completed_units = NumberColumn(verbose_name=_("竣工套数"))
    facilities_planned = NumberColumn(verbose_name=_("计划配套设施"))
    facilities_completed = NumberColumn(verbose_name=_("完成配套设施"))
    deadline = DateColumn(verbose_name=_("计划竣工日期"))


class FacilityTable(LedgerTable):
    site = LinkedColumn(accessor="site__name", verbose_name=_("安置点"))
    kind = tables.Column(verbose_name=_("设施类别"))
    completed = tables.BooleanColumn(verbose_name=_("已建成"))
    project = tables.Column(accessor="project__code", verbose_name=_("建设项目"))
    note = tables.Column(verbose_name=_("备注"))


class RelocationTable(LedgerTable):
    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    county = PlaceColumn("household__village_id", level="county", verbose_name=_("县（区）"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    site = tables.Column(accessor="site__name", verbose_name=_("安置点"))
    batch_year = tables.Column(verbose_name=_("搬迁年度"))
    people = NumberColumn(verbose_name=_("搬迁人数"))
    area = NumberColumn(verbose_name=_("安置面积（平方米）"))
    self_financing = NumberColumn(verbose_name=_("自筹资金（元）"))
    in_debt = tables.BooleanColumn(verbose_name=_("因搬迁负债"))
    keys_on = DateColumn(verbose_name=_("交钥匙日期"))
    moved_in_on = DateColumn(verbose_name=_("入住日期"))
    old_house = tables.Column(verbose_name=_("旧房处置"))
    subsidy = NumberColumn(verbose_name=_("补助资金（元）"))


class RenovationTable(LedgerTable):
    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    county = PlaceColumn("household__village_id", level="county", verbose_name=_("县（区）"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    rating = tables.Column(verbose_name=_("危房等级"))
    plan_year = tables.Column(verbose_name=_("计划年度"))
    started_on = DateColumn(verbose_name=_("开工日期"))
    accepted_on = DateColumn(verbose_name=_("竣工验收日期"))
    moved_in_on = DateColumn(verbose_name=_("入住日期"))
    subsidy = NumberColumn(verbose_name=_("补助资金（元）"))
