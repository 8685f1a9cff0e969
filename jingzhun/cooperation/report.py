"""The annual self-assessment report (自评报告) of one region's cooperation, as a Word document."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from jingzhun.cooperation.indicators import IndicatorValue, by_area, format_value
from jingzhun.core.documents import Document


def _met(item: IndicatorValue) -> str:
    if item.met is None:
        return _("无目标")
    return _("完成") if item.met else _("未完成")


def self_assessment_render(
    *, region_name: str, year: int, values: list[IndicatorValue], county_rows: list[tuple[str, list[IndicatorValue]]]
) -> bytes:
    """Return the .docx of the self-assessment: the six areas, target against actual, then by county."""
    doc = Document(
        title=_("%(region)s %(year)s 年东西部扶贫协作工作自评报告") % {"region": region_name, "year": year},
        timestamp=datetime.date(year, 12, 31),
        subject=region_name,
    )
    met = [v for v in values if v.met is True]
    with_target = [v for v in values if v.target is not None]
    doc.paragraph(
        _(
            "按照《东西部扶贫协作考核办法（试行）》，从组织领导、人才交流、资金支持、产业合作、劳务协作、"
            "携手奔小康六个方面对 %(year)s 年协作工作自评。年度协议设定目标的 %(n)s 项指标中，完成 %(met)s 项。"
        )
        % {"year": year, "n": len(with_target), "met": len(met)}
    )
    numbers = ("一", "二", "三", "四", "五", "六")
    for index, (area, items) in enumerate(by_area(values)):
        doc.heading(f"{numbers[index]}、{area}", level=2)
        doc.table(
            [
                [
                    item.label,
                    format_value(item.code, item.value) or "—",
                    format_value(item.code, item.target) or "—",
                    _met(item),
                ]
                for item in items
            ],
            header=[_("指标"), _("完成值"), _("目标值"), _("完成情况")],
        )
    if county_rows:
        doc.heading(_("七、分县区完成情况"), level=2)
        codes = [v.code for v in values]
        doc.table(
            [[name, *(format_value(v.code, v.value) or "—" for v in row)] for name, row in county_rows],
            header=[_("县区"), *(str(IndicatorValue(code, None).label) for code in codes)],
        )
    return doc.render()
