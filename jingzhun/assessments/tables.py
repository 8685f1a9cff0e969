"""Tables of 考核评估 (the page and its Excel export from one declaration)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import DateColumn, LedgerTable, LinkedColumn, NumberColumn


class RoundTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("考核轮次"))
    code = tables.Column(verbose_name=_("轮次代码"))
    source = tables.Column(verbose_name=_("考核来源"))
    period = tables.Column(verbose_name=_("考核期间"))
    scheme = tables.Column(accessor="scheme__name", verbose_name=_("考核方案"))
    group = tables.Column(accessor="group__name", verbose_name=_("排名组"), default="—")
    previous = tables.Column(accessor="previous__code", verbose_name=_("上一轮次"), default="—")
    status = tables.Column(verbose_name=_("状态"))
    published_on = DateColumn(verbose_name=_("发布日期"))
    document_no = tables.Column(verbose_name=_("通报文号"))


class SchemeTable(LedgerTable):
    name = LinkedColumn(verbose_name=_("方案名称"))
    code = tables.Column(verbose_name=_("方案代码"))
    edition = NumberColumn(verbose_name=_("版本"))
    level = tables.Column(verbose_name=_("考核对象层级"))
    year = tables.Column(verbose_name=_("启用年度"))
    bonus_cap = NumberColumn(verbose_name=_("加分上限"))
    deduction_cap = NumberColumn(verbose_name=_("减分上限"))


class ScoreTable(LedgerTable):
    entity = LinkedColumn(accessor="entity__name", verbose_name=_("考核对象"))
    entity_code = tables.Column(accessor="entity__code", verbose_name=_("对象代码"))
    round = tables.Column(accessor="round__name", verbose_name=_("考核轮次"))
    component = tables.Column(accessor="component__name", verbose_name=_("考核指标"))
    score = NumberColumn(verbose_name=_("得分"))
    full = NumberColumn(accessor="component__max_score", verbose_name=_("满分"))
    evidence = tables.Column(verbose_name=_("依据"))


class AdjustmentTable(LedgerTable):
    entity = LinkedColumn(accessor="entity__name", verbose_name=_("考核对象"))
    entity_code = tables.Column(accessor="entity__code", verbose_name=_("对象代码"))
    round = tables.Column(accessor="round__name", verbose_name=_("考核轮次"))
    item = tables.Column(verbose_name=_("事项"))
    points = NumberColumn(verbose_name=_("分值"))
    basis = tables.Column(verbose_name=_("依据"))


class PublishedResultTable(LedgerTable):
    entity = LinkedColumn(accessor="entity__name", verbose_name=_("考核对象"))
    entity_code = tables.Column(accessor="entity__code", verbose_name=_("对象代码"))
    round = tables.Column(accessor="round__name", verbose_name=_("考核轮次"))
    total = NumberColumn(verbose_name=_("公布总分"))
    rank = NumberColumn(verbose_name=_("公布名次"))
