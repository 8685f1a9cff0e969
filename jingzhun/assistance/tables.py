"""Tables of 驻村帮扶 (pages and their Excel exports, column for column)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jingzhun.assistance.models import (
    Assignment,
    Cadre,
    Diary,
    HelpingUnit,
    Nomination,
    Pairing,
    PlanItem,
    Posting,
    Presence,
    Survey,
    UnitPlan,
    UnitVisit,
    Visit,
    WorkGroup,
    WorkTeam,
)
from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, PersonalColumn
from jingzhun.regions.tables import PlaceColumn


class HelpingUnitTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("单位名称"))
    level = tables.Column(verbose_name=_("单位级别"))
    head = tables.Column(verbose_name=_("主要负责人"))


class AssignmentTable(LedgerTable):
    unit = LinkedColumn(accessor="unit__name", verbose_name=_("帮扶单位"))
    county = PlaceColumn("village_id", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("village_id", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    start_year = tables.Column(verbose_name=_("起始年度"))
    end_year = tables.Column(verbose_name=_("结束年度"))


class WorkGroupTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("工作团"))
    lead_unit = tables.Column(accessor="lead_unit__name", verbose_name=_("牵头单位"))
    county = PlaceColumn("region_id", level="county", verbose_name=_("县（区）"))


class CadreTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("姓名"))
    id_number = PersonalColumn(kind="id_number", verbose_name=_("证件号码"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("派出单位"))
    post = tables.Column(verbose_name=_("职务"))
    phone = PersonalColumn(kind="phone", verbose_name=_("联系电话"))
    county = PlaceColumn("village_id", level="county", verbose_name=_("县（区）"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("帮扶村"))


class WorkTeamTable(LedgerTable):
    village = LinkedColumn(accessor="village__name", verbose_name=_("行政村"))
    county = PlaceColumn("village_id", level="county", verbose_name=_("县（区）"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("派出单位"))
    leader = tables.Column(accessor="leader__name", verbose_name=_("队长"))
    first_secretary = tables.Column(accessor="first_secretary__name", verbose_name=_("第一书记"))


class PostingTable(LedgerTable):
    cadre = LinkedColumn(accessor="cadre__name", verbose_name=_("干部"))
    kind = tables.Column(verbose_name=_("派驻身份"))
    county = PlaceColumn("village_id", level="county", verbose_name=_("县（区）"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("派驻村"))
    start = DateColumn(verbose_name=_("派驻开始"))
    end = DateColumn(verbose_name=_("派驻结束"))


class PairingTable(LedgerTable):
    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    cadre = tables.Column(accessor="cadre__name", verbose_name=_("帮扶干部"))
    unit = tables.Column(accessor="cadre__unit__name", verbose_name=_("帮扶单位"))
    start = DateColumn(verbose_name=_("结对日期"))


class PlanItemTable(LedgerTable):
    household = LinkedColumn(accessor="household__code", verbose_name=_("户编号"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    measure = tables.Column(verbose_name=_("帮扶措施"))
    done = tables.BooleanColumn(verbose_name=_("已落实"))
    done_on = DateColumn(verbose_name=_("落实日期"))


class PresenceTable(LedgerTable):
    date = LinkedColumn(verbose_name=_("日期"))
    cadre = tables.Column(accessor="cadre__name", verbose_name=_("干部"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    kind = tables.Column(verbose_name=_("类型"))
    approved = tables.BooleanColumn(verbose_name=_("已批准"))


class DiaryTable(LedgerTable):
    date = LinkedColumn(verbose_name=_("日期"))
    cadre = tables.Column(accessor="cadre__name", verbose_name=_("干部"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    content = tables.Column(verbose_name=_("工作内容"), attrs={"td": {"class": "text-wrap small"}})


class VisitTable(LedgerTable):
    date = LinkedColumn(verbose_name=_("走访日期"))
    cadre = tables.Column(accessor="cadre__name", verbose_name=_("干部"))
    household = tables.Column(accessor="household__code", verbose_name=_("户编号"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    purpose = tables.Column(verbose_name=_("走访事由"))
    needs = tables.Column(verbose_name=_("群众诉求"))


class SurveyTable(LedgerTable):
    date = LinkedColumn(verbose_name=_("调查日期"))
    household = tables.Column(accessor="household__code", verbose_name=_("户编号"))
    village = PlaceColumn("household__village_id", level="village", verbose_name=_("行政村"))
    knows_policy = tables.BooleanColumn(verbose_name=_("知晓政策"))
    satisfied = tables.BooleanColumn(verbose_name=_("满意"))


class UnitVisitTable(LedgerTable):
    date = LinkedColumn(verbose_name=_("日期"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("帮扶单位"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    visitor = tables.Column(verbose_name=_("带队领导"))


class UnitPlanTable(LedgerTable):
    unit = LinkedColumn(accessor="unit__name", verbose_name=_("帮扶单位"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    four_ones_done = tables.Column(verbose_name=_("四个一完成项数"))


class NominationTable(LedgerTable):
    nominee = LinkedColumn(verbose_name=_("推荐对象"))
    kind = tables.Column(verbose_name=_("奖项"))
    year = tables.Column(verbose_name=_("年度"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    status = tables.Column(verbose_name=_("状态"))


TABLES: dict[type, type[LedgerTable]] = {
    HelpingUnit: HelpingUnitTable,
    Assignment: AssignmentTable,
    WorkGroup: WorkGroupTable,
    Cadre: CadreTable,
    WorkTeam: WorkTeamTable,
    Posting: PostingTable,
    Pairing: PairingTable,
    PlanItem: PlanItemTable,
    Presence: PresenceTable,
    Diary: DiaryTable,
    Visit: VisitTable,
    Survey: SurveyTable,
    UnitVisit: UnitVisitTable,
    UnitPlan: UnitPlanTable,
    Nomination: NominationTable,
}
