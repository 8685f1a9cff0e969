"""The gap list of a village as an Excel workbook for the work team (XlsxWriter)."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.core.excel.writer import new_workbook
from jingzhun.regions.models import Region
from jingzhun.standards.models import EvaluationRun
from jingzhun.standards.readiness import GapRow

COLUMNS = (
    (gettext_lazy("户编号"), 22),
    (gettext_lazy("户主"), 10),
    (gettext_lazy("人数"), 6),
    (gettext_lazy("脱贫状态"), 14),
    (gettext_lazy("未达标指标"), 34),
    (gettext_lazy("一票否决"), 8),
    (gettext_lazy("判定依据"), 60),
    (gettext_lazy("整改建议"), 50),
    (gettext_lazy("整改责任人"), 12),
    (gettext_lazy("完成时限"), 12),
)


def gap_workbook_write(out: IO[bytes], *, run: EvaluationRun, village: Region, rows: list[GapRow]) -> None:
    """Write one row per failing indicator of each household of ``rows`` to ``out``."""
    workbook = new_workbook(out, {"in_memory": True})
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    header = workbook.add_format({"bold": True, "bg_color": "#F3E9E8", "border": 1, "text_wrap": True})
    cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(_("缺什么补什么"))
    sheet.write(
        0,
        0,
        _("%(village)s 缺什么补什么清单（%(year)s 年）") % {"village": village.name, "year": run.year},
        title_format,
    )
    sheet.write(
        1,
        0,
        _("依据：评估批次 #%(pk)s，%(ruleset)s，%(kind)s，%(when)s")
        % {
            "pk": run.pk,
            "ruleset": run.ruleset.name,
            "kind": run.get_kind_display(),
            "when": formatting.local_datetime(run.created_at),
        },
    )
    for col, (name, width) in enumerate(COLUMNS):
        sheet.write(3, col, str(name), header)
        sheet.set_column(col, col, width)
    line = 4
    for row in rows:
        household: Any = row.result.household
        for failure in row.failures:
            evidence = "；".join(f"{e.label}：{e.value}" for e in failure.evidence)
            values = [
                row.result.code,
                row.head_name,
                household.size if household else "",
                household.get_status_display() if household else "",
                failure.name,
                _("是") if failure.veto else _("否（提示）"),
                evidence,
                failure.fix_hint,
                "",
                "",
            ]
            for col, value in enumerate(values):
                sheet.write(line, col, value, cell)
            line += 1
    sheet.freeze_panes(4, 2)
    sheet.autofilter(3, 0, max(line - 1, 3), len(COLUMNS) - 1)
    workbook.close()
