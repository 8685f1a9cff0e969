"""manage.py check_quality: run the whole catalogue over a region and year and write the findings as CSV."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.regioncodes import pad_code, region_prefix
from jingzhun.quality import services
from jingzhun.quality.models import Finding
from jingzhun.regions.models import Region
from jingzhun.registry.summaries import latest_fact_year

CSV_COLUMNS = ("check", "entity", "code", "severity", "message")


def findings_csv_rows(run_id: int) -> Any:
    """Rows (check, entity, code, severity, message) of the findings a run reported (justified ones left out)."""
    findings = (
        Finding.objects.filter(last_run_id=run_id)
        .reportable()
        .order_by("check_code", "village_code", "entity_key")
        .values_list("check_code", "entity", "household_code", "id_number", "severity", "message")
        .iterator(chunk_size=5000)
    )
    for check, entity, household_code, id_number, severity, message in findings:
        yield (check, entity, household_code if entity == "household" else id_number, severity, message)


class Command(BaseCommand):
    help = "运行全部数据质量检查（含比对名单），更新问题线索，并输出 CSV：check,entity,code,severity,message"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default="", help="行政区划代码或代码前缀（默认：全部）")
        parser.add_argument("--year", type=int, help="检查年度（默认：该地区村级年度数据的最新年份）")
        parser.add_argument("--out", default="", help="CSV 文件（默认：标准输出）")

    def handle(self, *args: Any, **options: Any) -> None:
        region = options["region"].strip()
        prefix = region_prefix(region) if region else ""
        if prefix is None:
            raise CommandError(f"不是行政区划代码：{region}")
        code = pad_code(prefix) if prefix else ""
        if prefix and not Region.objects.filter(code=code).exists():
            raise CommandError(f"没有这个地区：{region}")
        year = options["year"] or latest_fact_year(prefix) or timezone.localdate().year
        run = services.quality_run_create(user=None, region_code=code, year=year)
        services.quality_run_execute(run=run)
        out_path = options["out"]
        handle = open(out_path, "w", encoding="utf-8", newline="") if out_path else sys.stdout  # noqa: SIM115
        try:
            writer = csv_writer(handle)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(findings_csv_rows(run.pk))
        finally:
            if out_path:
                handle.close()
        summary = (
            f"检查 {run.year} 年 {prefix or '全部'}：命中 {run.total} 条，新增 {run.new_count}，"
            f"屡改屡犯 {run.recurring_count}，自动关闭 {run.closed_count}，用时 {run.seconds:.2f} 秒"
        )
        for code, reason in sorted(run.unavailable.items()):
            summary += f"\n  未运行 {code}：{reason}"
        self.stderr.write(summary)
