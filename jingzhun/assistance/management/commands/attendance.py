"""``manage.py attendance --year Y --date YYYY-MM-DD [--region CODE] [--out FILE.csv] [--unmask]``."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jingzhun.assistance.measures import attendance
from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.masking import Kind, mask_value
from jingzhun.core.regioncodes import significant_prefix

COLUMNS = ("cadre", "name", "village", "days", "required", "rate", "below")


class Command(BaseCommand):
    help = (
        "Days in the village of every resident cadre in the year up to the date, against the required days "
        "(220 × days of posting elapsed ÷ 365). CSV columns: cadre,name,village,days,required,rate,below; "
        "cadre is the ID number, masked unless --unmask."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--date", required=True, help="YYYY-MM-DD")
        parser.add_argument("--region", default="", help="a division code (its subtree)")
        parser.add_argument("--out", default="", help="CSV file (default: standard output)")
        parser.add_argument("--unmask", action="store_true", help="write ID numbers in full")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            date = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from None
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year out of range: {year}")
        region = options["region"].strip()
        if region and (not region.isdigit() or len(region) > 12):
            raise CommandError(f"--region must be a division code, not {region!r}")
        prefix = significant_prefix(region.ljust(12, "0")) if region else ""
        rows = attendance(year=year, date=date, region=prefix)
        out: Any = open(options["out"], "w", newline="", encoding="utf-8") if options["out"] else self.stdout  # noqa: SIM115
        try:
            writer = csv_writer(out, lineterminator="\n")
            writer.writerow(COLUMNS)
            for row in rows:
                cadre = row.id_number if options["unmask"] else mask_value(Kind.ID_NUMBER, row.id_number)
                writer.writerow(
                    [cadre, row.name, row.village, row.days, f"{row.required:.1f}", f"{row.rate:.4f}", int(row.below)]
                )
        finally:
            if out is not self.stdout:
                out.close()
        if options["out"]:
            self.stderr.write(f"{len(rows)} cadres, {sum(r.below for r in rows)} below the required days.")
