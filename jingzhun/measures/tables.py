"""The measures ledgers as tables: the list pages and their Excel exports from one declaration."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import LedgerTable, LinkedColumn, NumberColumn
from jingzhun.regions.tables import PlaceColumn


class MeasureTable(LedgerTable):
    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    county = PlaceColumn("household__village_id", level="county", verbose_name=_("县（区）"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("措施类别"))
    industry = tables.Column(verbose_name=_("产业/内容"))
    long_term = tables.BooleanColumn(verbose_name=_("长效增收产业"))
    amount = NumberColumn(verbose_name=_("金额（元）"))
    provider = tables.Column(verbose_name=_("实施单位"))


class EntityTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("名称"))
    kind = tables.Column(verbose_name=_("主体类型"))
    county = PlaceColumn("village_id", level="county", verbose_name=_("县（区）"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("所在村"))
    industry = tables.Column(verbose_name=_("主导产业"))
    poor_linked = NumberColumn(verbose_name=_("带动贫困户（户）"))
    poor_employed = NumberColumn(verbose_name=_("吸纳贫困劳动力（人）"))


class LinkTable(LedgerTable):
    entity = LinkedColumn(accessor="entity__name", verbose_name=_("经营主体"))
    household = tables.Column(accessor="household__code", verbose_name=_("户编号"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("联结方式"))
    amount = NumberColumn(verbose_name=_("收益（元）"))


class TrainingTable(LedgerTable):
    member = LinkedColumn(accessor="member__name", verbose_name=_("姓名"))
    household = tables.Column(accessor="member__household__code", verbose_name=_("户编号"))
    village = PlaceColumn("member__household__village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    course = tables.Column(verbose_name=_("培训项目"))
    certificate = tables.Column(verbose_name=_("证书"))


class EmploymentTable(LedgerTable):
    member = LinkedColumn(accessor="member__name", verbose_name=_("姓名"))
    household = tables.Column(accessor="member__household__code", verbose_name=_("户编号"))
    village = PlaceColumn("member__household__village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    place = tables.Column(verbose_name=_("务工地点"))
    employer = tables.Column(verbose_name=_("务工单位"))
    months = NumberColumn(verbose_name=_("务工月数"))
    income = NumberColumn(verbose_name=_("务工收入（元）"))


class PostTable(LedgerTable):
    member = LinkedColumn(accessor="member__name", verbose_name=_("姓名"))
    household = tables.Column(accessor="member__household__code", verbose_name=_("户编号"))
    village = PlaceColumn("member__household__village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("岗位类别"))
    post = tables.Column(verbose_name=_("岗位名称"))
    monthly_pay = NumberColumn(verbose_name=_("月补贴（元）"))
    months = NumberColumn(verbose_name=_("在岗月数"))


class CollectiveTable(LedgerTable):
    organisation = LinkedColumn(verbose_name=_("集体经济组织"))
    county = PlaceColumn("village_id", level="county", verbose_name=_("县（区）"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    assets = NumberColumn(verbose_name=_("经营性资产（元）"))
    income = NumberColumn(verbose_name=_("经营收入（元）"))
    shareholders = NumberColumn(verbose_name=_("入股成员（人）"))
    poor_shareholders = NumberColumn(verbose_name=_("其中贫困人口（人）"))
