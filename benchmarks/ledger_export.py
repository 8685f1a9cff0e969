"""Ledger export: a LedgerTable written to Excel against the hand-written export it replaced.

Usage: python benchmarks/ledger_export.py --database-url URL [--findings N] [--repeat 3] [--reuse] [--tiny]

1. fills the findings table with N synthetic findings (default 50,000) spread over the
   villages of 安康市 (``--reuse`` keeps them when there are already N);
2. writes the findings work list (问题线索工作清单) three ways, median of the repeats:
   - the kit: ``FindingTable`` (the list page's table) through ``table_workbook_write``, cell
     values computed by the columns with the per-column work done once;
   - django-tables2's own ``Table.as_values()`` feeding the same writer (the library's
     export path: a signature inspection and an accessor walk per cell);
   - the baseline: the hand-written export the findings list had before the kit
     (``values_list`` of the needed fields, region names looked up once, cells formatted
     inline), kept here verbatim;
3. checks that the kit's and the baseline's workbooks hold the same cells (the first-seen
   date aside: the kit writes the local date, as the page shows it, the old export the UTC
   date) and prints rows per second and the ratios.

``--tiny`` runs 2,000 findings once (a smoke run, e.g. in CI).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OLD_HEADERS = (
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


def old_findings_workbook_write(findings: Any, out: IO[bytes], *, unmask: bool = False) -> int:
    """The baseline: the findings export as it was written by hand before the ledger kit."""
    import xlsxwriter

    from jingzhun.core.idnumbers import mask_id_number
    from jingzhun.quality.checks import CATALOGUE
    from jingzhun.quality.choices import Entity, FindingStatus, Severity
    from jingzhun.regions.tables import place_of, region_names

    rows = list(
        findings.values_list(
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
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("问题线索")
    bold = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    widths = (10, 12, 16, 14, 18, 6, 20, 8, 24, 8, 40, 40, 10, 12, 8)
    for col, (header, width) in enumerate(zip(OLD_HEADERS, widths, strict=True)):
        sheet.write_string(0, col, header, bold)
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
            message,
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


def as_values_workbook_write(table: Any, out: IO[bytes]) -> int:
    """django-tables2's export path: ``Table.as_values()`` (every column, a signature check per cell)."""
    import xlsxwriter

    from jingzhun.core.tables import _write_cell

    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("问题线索")
    count = 0
    rows = iter(table.as_values())
    for col, header in enumerate(next(rows)):
        sheet.write_string(0, col, str(header))
    # as_values reads cells one record at a time: load the region names of all rows first.
    table.prepare(list(table.data.data))
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _write_cell(sheet, count, col, value)
    workbook.close()
    return count


def findings_fill(count: int) -> None:
    """Replace the findings with ``count`` synthetic ones over the villages of 安康市 (bulk insert)."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from jingzhun.core.idnumbers import make_id_number
    from jingzhun.quality.checks import catalogue
    from jingzhun.quality.models import Finding
    from jingzhun.regions.models import Region

    villages = list(Region.objects.filter(level="village", code__startswith="6109").values_list("code", flat=True))
    checks = list(catalogue())
    statuses = ["open", "open", "open", "pending", "escalated", "justified", "fixed"]
    now = timezone.now()
    with transaction.atomic():
        Finding.objects.all().delete()
        batch = []
        for n in range(count):
            village = villages[n % len(villages)]
            check = checks[n % len(checks)]
            household = f"{village[:9]}{n:06d}"
            member = n % 3 != 0
            batch.append(
                Finding(
                    check_code=check.code,
                    category=check.category,
                    severity=check.severity,
                    entity="member" if member else "household",
                    entity_key=f"{household}{n % 7:02d}" if member else household,
                    village_code=village,
                    household_code=household,
                    id_number=make_id_number(village[:6], datetime.date(1960 + n % 50, 1 + n % 12, 1 + n % 28), n)
                    if member
                    else "",
                    message=f"第 {n} 条问题：{check.title}",
                    year=2019,
                    status=statuses[n % len(statuses)],
                    first_seen_at=now - datetime.timedelta(days=n % 200),
                    last_seen_at=now,
                    recurrence_count=1 if n % 5 == 0 else 0,
                )
            )
            if len(batch) == 5000:
                Finding.objects.bulk_create(batch)
                batch = []
        Finding.objects.bulk_create(batch)


def timed(func: Any, repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _i in range(repeat):
        started = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def cells(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:///bench_ledger.sqlite3")
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the findings an earlier run generated")
    parser.add_argument("--tiny", action="store_true", help="2,000 findings, one repeat (a smoke run)")
    args = parser.parse_args()
    if args.tiny:
        args.findings, args.repeat = 2_000, 1
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("JINGZHUN_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhun.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from jingzhun.quality.models import Finding
    from jingzhun.quality.tables import FindingTable
    from jingzhun.regions.models import Region

    if not Region.objects.exists():
        call_command("load_regions", verbosity=0)
    print(f"database: {connection.vendor}")
    if not (args.reuse and Finding.objects.count() == args.findings):
        started = time.perf_counter()
        findings_fill(args.findings)
        print(f"{args.findings:,} findings generated in {time.perf_counter() - started:.1f} s")
    ordered = Finding.objects.order_by("village_code", "check_code", "entity_key")

    def kit() -> bytes:
        from jingzhun.core.tables import table_workbook_write

        out = io.BytesIO()
        table_workbook_write(FindingTable(ordered), out, sheet_name="问题线索")
        return out.getvalue()

    def library() -> bytes:
        out = io.BytesIO()
        as_values_workbook_write(FindingTable(ordered), out)
        return out.getvalue()

    def baseline() -> bytes:
        out = io.BytesIO()
        old_findings_workbook_write(ordered, out)
        return out.getvalue()

    n = args.findings
    kit_s, kit_file = timed(kit, args.repeat)
    old_s, old_file = timed(baseline, args.repeat)
    lib_s, _lib_file = timed(library, max(1, args.repeat // 2))
    new_cells, old_cells = cells(kit_file), cells(old_file)
    date_col = OLD_HEADERS.index("首次发现")
    same = [r[:date_col] + r[date_col + 1 :] for r in new_cells] == [
        r[:date_col] + r[date_col + 1 :] for r in old_cells
    ]
    print(f"work list of {n:,} findings × {len(OLD_HEADERS)} columns, median of {args.repeat}:")
    print(f"  kit (FindingTable → table_workbook_write)   {kit_s:7.2f} s  {n / kit_s:10,.0f} rows/s")
    print(f"  django-tables2 as_values → same writer      {lib_s:7.2f} s  {n / lib_s:10,.0f} rows/s")
    print(f"  baseline (hand-written export, before)      {old_s:7.2f} s  {n / old_s:10,.0f} rows/s")
    print(f"  ratio kit ÷ baseline {kit_s / old_s:.2f}× the time; as_values ÷ kit {lib_s / kit_s:.2f}×")
    print(f"  same cells as the baseline (first-seen date aside): {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
