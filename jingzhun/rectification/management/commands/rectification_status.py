"""manage.py rectification_status --date YYYY-MM-DD [--region CODE] [--out FILE.csv]: one CSV row per problem."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.regioncodes import region_prefix
from jingzhun.rectification.measures import STATUS_HEADER, status_rows
from jingzhun.rectification.models import Problem


class Command(BaseCommand):
    help = (
        "Write the status of every problem as at a date as CSV: "
        "inspection,problem,region,category,status,deadline,overdue_days,recurrence "
        "(status open/done/closed; overdue_days 0 unless open past the deadline)."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--date", required=True, help="as at this date (YYYY-MM-DD)")
        parser.add_argument("--region", help="only problems inside this division (12-digit code or prefix)")
        parser.add_argument("--out", type=Path, help="write to this CSV file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}") from None
        problems = Problem.objects.all()
        if options["region"]:
            prefix = region_prefix(options["region"])
            if prefix is None:
                raise CommandError(f"--region is not a division code: {options['region']!r}")
            problems = problems.in_region(prefix)
        rows = status_rows(problems, on=on)
        out = options["out"]
        handle: Any = out.open("w", newline="", encoding="utf-8") if out else self.stdout
        try:
            writer = csv_writer(handle, lineterminator="\n")
            writer.writerow(STATUS_HEADER)
            writer.writerows(rows)
        finally:
            if out:
                handle.close()
        if out:
            self.stderr.write(f"{len(rows)} problems written to {out}")
