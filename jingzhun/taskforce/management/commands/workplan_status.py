"""``manage.py workplan_status --date YYYY-MM-DD [--out FILE.csv]``: the plan status per group at a date."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jingzhun.core.excel.writer import csv_writer
from jingzhun.taskforce.figures import STATUS_COLUMNS, workplan_status


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "CSV, one row per group: group,tasks,due,done,done_on_time,overdue,completion_rate at --date "
        "(due: deadline on or before the date; done: completed on or before it; done_on_time: done by the "
        "deadline; overdue: due and not done; completion_rate: due and done / due, empty when nothing is due)."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--date", type=_date, required=True, help="the date of the figures (YYYY-MM-DD)")
        parser.add_argument("--out", help="write the CSV here (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = workplan_status(on=options["date"])
        if options["out"]:
            try:
                with open(options["out"], "w", encoding="utf-8", newline="") as out:
                    self._write(out, rows)
            except OSError as exc:
                raise CommandError(f"cannot write {options['out']}: {exc}") from None
            self.stderr.write(f"{len(rows)} 个工作组已写入 {options['out']}")
        else:
            self._write(self.stdout, rows)

    def _write(self, out: Any, rows: list[Any]) -> None:
        writer = csv_writer(out)
        writer.writerow(STATUS_COLUMNS)
        for row in rows:
            writer.writerow(row.csv_row())
