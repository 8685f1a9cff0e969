"""manage.py cooperation_indicators --year Y --region CODE [--out FILE.csv]: the year's indicators of one region."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jingzhun.cooperation.indicators import format_value, indicators_compute, region_asked
from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.regioncodes import pad_code
from jingzhun.regions.models import Region

HEADER = ("indicator", "value", "target", "met")


def _number(text: str) -> Decimal | str:
    """A formatted value as a number (a negative growth is a number, not a formula to neutralise); empty stays empty."""
    return Decimal(text) if text else ""


class Command(BaseCommand):
    help = (
        "Write the East–West cooperation indicators of a region (either side) for a year as CSV: "
        "indicator,value,target,met (target and met empty without an agreement target; met is 1 or 0)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--region", required=True, help="division code (6 or 12 digits) of either side")
        parser.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")

    def handle(self, *args: Any, year: int, region: str, out: Path | None, **options: Any) -> None:
        if not 2010 <= year <= 2035:
            raise CommandError(f"年度 {year} 超出范围（2010–2035）。")
        prefix = region_asked(region)
        if prefix is None:
            raise CommandError(f"区划代码 {region!r} 无效。")
        if not Region.objects.filter(code=pad_code(prefix)).exists():
            raise CommandError(f"区划代码 {region} 不存在。")
        values = indicators_compute(prefix=prefix, year=year)
        handle: Any = out.open("w", newline="", encoding="utf-8") if out else self.stdout
        try:
            writer = csv_writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            for item in values:
                met = item.met
                writer.writerow(
                    (
                        item.code,
                        _number(format_value(item.code, item.value)),
                        _number(format_value(item.code, item.target)),
                        "" if met is None else int(met),
                    )
                )
        finally:
            if out:
                handle.close()
        if out:
            self.stderr.write(f"已写入 {out}")
