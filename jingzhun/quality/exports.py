"""The findings as an Excel work list (问题线索工作清单) for the village work teams."""

from __future__ import annotations

from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jingzhun.core.excel.writer import new_workbook
from jingzhun.core.personal import mask_id_number, mask_text
from jingzhun.quality.checks import CATALOGUE
from jingzhun.quality.choices import Entity, FindingStatus, Severity
from jingzhun.regions.models import Region

HEADERS = (
    "县（区）",
    "乡镇",
    "行政村",
    "行政村代码",
    "户编号",
    "对象",
    "证件号码",
    "检查项",
    "检查项名称",
    "严重程度",
    "问题描述",
    "整改要求",
    "状态",
    "首次发现",
    "屡改屡犯次数",
)


def region_names(codes: set[str]) -> dict[str, str]:
    """Return names of the villages, townships and counties of ``codes`` (one query)."""
    wanted: set[str] = set()
    for code in codes:
        wanted |= {code, code[:9].ljust(12, "0"), code[:6].ljust(12, "0")}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def place_of(code: str, names: dict[str, str]) -> dict[str, str]:
    return {
        "county": names.get(code[:6].ljust(12, "0"), ""),
        "township": names.get(code[:9].ljust(12, "0"), ""),
        "village": names.get(code, code),
    }


def findings_workbook_write(findings: QuerySet, out: IO[bytes] | str, *, unmask: bool = False) -> int:
    """Write ``findings`` (ordered by village) to an xlsx work list; return how many rows."""
    rows = list(
        findings.order_by("village_code", "household_code", "check_code").values_list(
            "village_code",
            "household_code",
            "entity",
            "id_number",
            "check_code",
            "severity",
            "message",
            "status",
            "first_seen_at",
            "recurrence_count",
        )
    )
    names = region_names({row[0] for row in rows})
    statuses = dict(FindingStatus.choices)
    severities = dict(Severity.choices)
    entities = dict(Entity.choices)
    workbook = new_workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("问题线索"))
    bold = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    widths = (10, 12, 16, 14, 18, 6, 20, 8, 24, 8, 40, 40, 10, 12, 8)
    for col, (header, width) in enumerate(zip(HEADERS, widths, strict=True)):
        sheet.write_string(0, col, _(header), bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for index, row in enumerate(rows, start=1):
        village, household, entity, id_number, code, severity, message, status, first_seen, recurrences = row
        place = place_of(village, names)
        check = CATALOGUE.get(code)
        values: list[Any] = [
            place["county"],
            place["township"],
            place["village"],
            village,
            household,
            str(entities.get(entity, entity)),
            (id_number if unmask else mask_id_number(id_number)) if id_number else "",
            code,
            str(check.title) if check else "",
            str(severities.get(severity, severity)),
            message if unmask else mask_text(message),  # a message may quote the ID number
            str(check.how_to_fix) if check else "",
            str(statuses.get(status, status)),
            first_seen.strftime("%Y-%m-%d"),
            recurrences,
        ]
        for col, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(index, col, value)
            else:
                sheet.write_string(index, col, value)
    workbook.close()
    return len(rows)
