"""整改专项报告: the special rectification report to the province, a Word document (core.documents)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.core import formatting
from jingzhun.core.documents import OFFICIAL, Document
from jingzhun.rectification.measures import GROUPS, Measures, problem_measures
from jingzhun.rectification.models import Inspection, Problem


def _rate(value: Any) -> str:
    return "—" if value is None else f"{value}%"


def _rows(items: list[Measures]) -> list[list[Any]]:
    return [
        [m.label, m.total, m.closed, _rate(m.completion_rate), m.due, _rate(m.on_time_rate), m.overdue, m.recurrences]
        for m in items
    ]


HEADER = ["", "问题数", "已销号", "整改完成率", "已到期", "按期整改率", "逾期未完成", "屡改屡犯"]


def rectification_report(*, user: Any, on: datetime.date, inspection: Inspection | None = None) -> bytes:
    """Return the .docx of the report on the problems the user sees (of one inspection, or all) as at ``on``."""
    problems = Problem.objects.for_user(user)
    if inspection is not None:
        problems = problems.filter(inspection=inspection)
    region = getattr(user, "region", None)
    place = region.name if region is not None else _("全市")
    title = _("%(place)s脱贫攻坚问题整改专项报告") % {"place": place}
    subject = inspection.title if inspection is not None else _("各类检查反馈问题")
    stamp = problems.order_by("-updated_at").values_list("updated_at", flat=True).first() or on
    doc = Document(title=title, subtitle=formatting.cn_date(on), timestamp=stamp, subject=subject, style=OFFICIAL)
    found = problem_measures(problems, on=on)
    total = found[0] if found else None
    doc.heading(_("一、总体情况"))
    if total is None:
        doc.paragraph(_("截至%(date)s，没有需要整改的问题。") % {"date": formatting.cn_date(on)})
    else:
        doc.paragraph(
            _(
                "截至%(date)s，%(subject)s共 %(total)s 个，已整改销号 %(closed)s 个，整改完成率 %(rate)s；"
                "已到整改时限的 %(due)s 个，按期整改率 %(ontime)s；逾期未完成 %(overdue)s 个；屡改屡犯 %(rec)s 次。"
            )
            % {
                "date": formatting.cn_date(on),
                "subject": subject,
                "total": total.total,
                "closed": total.closed,
                "rate": _rate(total.completion_rate),
                "due": total.due,
                "ontime": _rate(total.on_time_rate),
                "overdue": total.overdue,
                "rec": total.recurrences,
            }
        )
    for number, key in ((_("二"), "county"), (_("三"), "line"), (_("四"), "category")):
        doc.heading(_("%(n)s、按%(g)s") % {"n": number, "g": GROUPS[key]})
        doc.table(_rows(problem_measures(problems, on=on, by=key)), header=[str(GROUPS[key]), *HEADER[1:]])
    doc.heading(_("五、逾期未完成问题"))
    late = problems.overdue(on).select_related("inspection", "region").order_by("deadline")[:200]
    doc.table(
        [
            [
                p.inspection.code,
                p.number,
                p.region.name,
                p.get_category_display(),
                p.responsible_unit,
                p.deadline,
                (on - p.deadline).days,
            ]
            for p in late
        ],
        header=["检查批次", "问题编号", "地区", "类别", "责任单位", "整改时限", "逾期天数"],
    )
    return doc.render()
