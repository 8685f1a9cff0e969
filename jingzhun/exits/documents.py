"""Word documents of 退出程序: the village publicity notice (公示) and the county's verification report."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from jingzhun.core.documents import OFFICIAL, Document
from jingzhun.core.parameters import parameter_value
from jingzhun.exits.choices import Category, Conclusion
from jingzhun.exits.models import ExitCase, Sample, SampleItem
from jingzhun.exits.rates import Rate
from jingzhun.exits.services import rates_failures, sample_rates
from jingzhun.regions.models import Region


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def publicity_notice(*, village: Region, year: int, cases: QuerySet[ExitCase]) -> bytes:
    """公示: the households of ``village`` proposed for exit in ``year``, the period and where to object."""
    rows = list(cases.select_related("household").order_by("household__code"))
    starts = [c.publicity_start for c in rows if c.publicity_start]
    start = min(starts) if starts else None
    days = int(parameter_value("exits.publicity_days", year=year, region=village.prefix))
    end = start + datetime.timedelta(days=days - 1) if start else None
    stamp = max((c.updated_at for c in rows), default=None)
    doc = Document(
        title=_("%(village)s %(year)s 年贫困户拟退出名单公示") % {"village": village.short_name, "year": year},
        timestamp=stamp,
        style=OFFICIAL,
        subject=village.code,
    )
    doc.paragraph(
        _(
            "经村民代表大会民主评议、村两委和驻村工作队核实、贫困户本人认可，"
            "现将本村 %(year)s 年拟退出贫困户名单公示如下，共 %(n)s 户 %(people)s 人。"
        )
        % {"year": year, "n": len(rows), "people": sum(c.household.size for c in rows)}
    )
    doc.table(
        [[str(i + 1), c.household.code, str(c.household.size), c.meeting_on] for i, c in enumerate(rows)],
        header=[_("序号"), _("户编号"), _("人数"), _("民主评议日期")],
    )
    period = (
        _("公示期：%(start)s 至 %(end)s（%(days)s 天）。") % {"start": start, "end": end, "days": days}
        if start
        else _("公示期：自张贴之日起 %(days)s 天。") % {"days": days}
    )
    doc.paragraph(period)
    doc.paragraph(
        _(
            "公示期间，如对名单有异议，请向村两委、驻村工作队或乡镇（街道）脱贫攻坚办公室实名反映，"
            "我们将及时核实处理并予以答复。"
        )
    )
    doc.paragraph(_("%(village)s村民委员会") % {"village": village.short_name}, align="right", indent=False)
    return doc.render()


def _rate_row(label: str, rate: Rate) -> list[str]:
    return [
        label,
        str(rate.hits),
        str(rate.base),
        _percent(rate.value),
        f"{_percent(rate.low)} – {_percent(rate.high)}",
    ]


def verification_report(*, sample: Sample) -> bytes:
    """县级抽样核查报告: the sample design, the rates with 95 % intervals, and the findings list."""
    rates = sample_rates(sample)
    items = SampleItem.objects.filter(sample=sample)
    by_category = dict(items.values_list("category").annotate(n=Count("pk")))
    doc = Document(
        title=_("%(county)s %(year)s 年贫困退出抽样核查报告") % {"county": sample.county.name, "year": sample.year},
        subtitle=sample.round,
        timestamp=sample.updated_at,
        subject=sample.county_id,
    )
    design = sample.design or {}
    doc.heading(_("一、抽样设计"))
    doc.paragraph(
        _(
            "按乡镇分层、每乡镇随机抽取 %(villages)s 个行政村，每村随机抽取已脱贫户 %(exited)s 户、"
            "未脱贫户 %(poor)s 户，并入户走访非建档立卡户 %(non)s 户。随机种子 %(seed)s，"
            "同一种子可复现同一名单。共抽中行政村 %(drawn)s 个。"
        )
        % {
            "villages": design.get("villages", "—"),
            "exited": design.get("exited", "—"),
            "poor": design.get("poor", "—"),
            "non": design.get("non_registered", "—"),
            "seed": sample.seed,
            "drawn": len(design.get("villages_drawn", [])),
        }
    )
    doc.table(
        [[str(Category(c).label), str(by_category.get(c, 0))] for c in Category],
        header=[_("抽样类别"), _("户数")],
    )
    doc.heading(_("二、核查结果"))
    doc.table(
        [
            _rate_row(_("错退率（人）"), rates.wrong_exit),
            _rate_row(_("漏评率（人）"), rates.missed),
            _rate_row(_("群众认可度（户）"), rates.recognition),
            _rate_row(_("政策知晓率（户）"), rates.awareness),
        ],
        header=[_("指标"), _("分子"), _("分母"), _("实测值"), _("95% 置信区间")],
    )
    failures = rates_failures(sample=sample, rates=rates)
    doc.paragraph(
        _("结论：三率一度达到退出标准。") if not failures else _("结论：未达到退出标准。%s") % "".join(failures)
    )
    doc.heading(_("三、问题清单"))
    problems = (
        items.filter(~Q(conclusion="") & ~Q(conclusion=Conclusion.NORMAL))
        .select_related("household")
        .order_by("village_id", "position")
    )
    doc.table(
        [
            [
                p.village_id,
                p.household.code if p.household_id else _("非建档立卡户"),
                p.get_category_display(),
                str(p.people or ""),
                p.get_conclusion_display(),
            ]
            for p in problems
        ],
        header=[_("行政区划代码"), _("户编号"), _("抽样类别"), _("核查人数"), _("核查结论")],
    )
    return doc.render()
