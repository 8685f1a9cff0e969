"""The tables of the cooperation ledgers: one declaration for each page and its Excel export."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jingzhun.cooperation import models as m
from jingzhun.core import formatting
from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, NumberColumn, PersonalColumn
from jingzhun.regions.tables import PlaceColumn


class AmountColumn(NumberColumn):
    """An amount in 万元 (or a percentage): two decimals on the page, the number in Excel."""

    def render(self, value: Any) -> str:
        return formatting.number(value, 2)


def _county() -> PlaceColumn:
    return PlaceColumn("west_region_id", level="county", verbose_name=_("受援县（区）"))


def _pairing() -> tables.Column:
    return tables.Column(accessor="pairing__east_party", verbose_name=_("东部结对方"), default="")


class PairingTable(LedgerTable):
    level = LinkedColumn(verbose_name=_("结对类型"))
    east_party = tables.Column(verbose_name=_("东部结对方"))
    west_party = tables.Column(verbose_name=_("西部结对方"))
    county = _county()
    start_year = tables.Column(verbose_name=_("起始年度"))
    end_year = tables.Column(verbose_name=_("终止年度"))
    active = tables.BooleanColumn(verbose_name=_("有效"))
    front_contact = tables.Column(verbose_name=_("前方工作组联系人"))
    front_phone = PersonalColumn(kind="phone", verbose_name=_("前方联系电话"))
    back_contact = tables.Column(verbose_name=_("后方联系人"))
    back_phone = PersonalColumn(kind="phone", verbose_name=_("后方联系电话"))


class AgreementTable(LedgerTable):
    title = LinkedColumn(verbose_name=_("协议名称"))
    kind = tables.Column(verbose_name=_("协议类型"))
    year = tables.Column(verbose_name=_("年度"))
    pairing = tables.Column(verbose_name=_("结对关系"))
    signed_on = DateColumn(verbose_name=_("签订日期"))


class AgreementTargetTable(LedgerTable):
    indicator = LinkedColumn(verbose_name=_("指标"))
    value = AmountColumn(verbose_name=_("目标值"))
    agreement = tables.Column(verbose_name=_("协议"))


class AidFundTable(LedgerTable):
    source = LinkedColumn(verbose_name=_("资金来源"))
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("资金类型"))
    county = _county()
    east = _pairing()
    amount = AmountColumn(verbose_name=_("到位金额（万元）"))
    spent = AmountColumn(verbose_name=_("已支出（万元）"))
    execution = AmountColumn(verbose_name=_("支出进度（%）"), orderable=False)
    received_on = DateColumn(verbose_name=_("到位日期"))
    project = tables.Column(accessor="project__name", verbose_name=_("安排项目"), default="")


class ExchangeTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("姓名"))
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("类别"))
    direction = tables.Column(verbose_name=_("派出方向"))
    county = _county()
    home_unit = tables.Column(verbose_name=_("派出单位"))
    post = tables.Column(verbose_name=_("挂职单位及职务"))
    start_on = DateColumn(verbose_name=_("开始日期"))
    end_on = DateColumn(verbose_name=_("结束日期"))


class TrainingTable(LedgerTable):
    title = LinkedColumn(verbose_name=_("培训名称"))
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("培训类别"))
    county = _county()
    held_on = DateColumn(verbose_name=_("举办日期"))
    people = NumberColumn(verbose_name=_("培训人数"))
    poor_people = NumberColumn(verbose_name=_("其中贫困人口"))


class LabourRecordTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("姓名"))
    id_number = PersonalColumn(verbose_name=_("证件号码"))
    year = tables.Column(verbose_name=_("年度"))
    county = _county()
    village = PlaceColumn("west_region_id", level="village", verbose_name=_("行政村"))
    destination = tables.Column(verbose_name=_("就业地区"))
    employer = tables.Column(verbose_name=_("就业单位"))
    months = NumberColumn(verbose_name=_("就业月数"))
    registered = tables.BooleanColumn(accessor="member_id", verbose_name=_("建档立卡"), orderable=False)


class PurchaseTable(LedgerTable):
    product = LinkedColumn(verbose_name=_("产品"))
    year = tables.Column(verbose_name=_("年度"))
    county = _county()
    buyer = tables.Column(verbose_name=_("购买方"))
    channel = tables.Column(verbose_name=_("渠道"))
    amount = AmountColumn(verbose_name=_("金额（万元）"))
    households = NumberColumn(verbose_name=_("带动贫困户（户）"))


class InvestmentTable(LedgerTable):
    enterprise = LinkedColumn(verbose_name=_("企业名称"))
    year = tables.Column(verbose_name=_("年度"))
    county = _county()
    origin = tables.Column(verbose_name=_("企业所在地"))
    amount = AmountColumn(verbose_name=_("实际投资（万元）"))
    park = tables.Column(verbose_name=_("园区名称"))
    park_kind = tables.Column(verbose_name=_("园区类型"))
    poor_employed = NumberColumn(verbose_name=_("吸纳贫困人口就业（人）"))


class DonationTable(LedgerTable):
    donor = LinkedColumn(verbose_name=_("捐赠方"))
    year = tables.Column(verbose_name=_("年度"))
    county = _county()
    kind = tables.Column(verbose_name=_("捐赠类型"))
    amount = AmountColumn(verbose_name=_("金额或折价（万元）"))
    purpose = tables.Column(verbose_name=_("用途"))


class MeetingTable(LedgerTable):
    title = LinkedColumn(verbose_name=_("会议或活动名称"))
    kind = tables.Column(verbose_name=_("类型"))
    held_on = DateColumn(verbose_name=_("日期"))
    county = _county()
    place = tables.Column(verbose_name=_("地点"))
    decisions = tables.Column(verbose_name=_("议定事项"), attrs={"td": {"class": "text-wrap small"}})


class VillageNeedTable(LedgerTable):
    need = LinkedColumn(verbose_name=_("需求"))
    year = tables.Column(verbose_name=_("年度"))
    county = _county()
    village = PlaceColumn("west_region_id", level="village", verbose_name=_("行政村"))
    east = _pairing()
    status = tables.Column(verbose_name=_("状态"))
    due_on = DateColumn(verbose_name=_("期望完成日期"))
    response = tables.Column(verbose_name=_("帮扶举措与成效"), attrs={"td": {"class": "text-wrap small"}})


TABLES = {
    m.Pairing: PairingTable,
    m.Agreement: AgreementTable,
    m.AgreementTarget: AgreementTargetTable,
    m.AidFund: AidFundTable,
    m.Exchange: ExchangeTable,
    m.Training: TrainingTable,
    m.LabourRecord: LabourRecordTable,
    m.Purchase: PurchaseTable,
    m.Investment: InvestmentTable,
    m.Donation: DonationTable,
    m.Meeting: MeetingTable,
    m.VillageNeed: VillageNeedTable,
}
