"""manage.py parameters: the business parameters and their values in force, as CSV."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.parameters import declarations, parameter_rows_in_force
from jingzhun.core.regioncodes import region_prefix

CSV_COLUMNS = (
    "name",
    "label",
    "value",
    "unit",
    "type",
    "default",
    "year_from",
    "year_to",
    "region_prefix",
    "source",
    "changed_by",
    "changed_at",
)


class Command(BaseCommand):
    help = (
        "List the business parameters with the value in force for a year and a region as CSV: "
        + ",".join(CSV_COLUMNS)
        + " (year_from … changed_at empty where the declared default holds)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="the year (default: this year)")
        parser.add_argument("--region", default="", help="a division code or prefix (default: none in particular)")
        parser.add_argument("--prefix", default="", help="only the names starting with this, e.g. quality.")
        parser.add_argument("--out", default="", help="write the CSV here (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        region = region_prefix(options["region"]) if options["region"].strip() else ""
        if region is None:
            raise CommandError(f"--region must be a division code or prefix, got {options['region']!r}")
        year = options["year"] or timezone.localdate().year
        declared = declarations(options["prefix"])
        rows = parameter_rows_in_force(year=year, region=region, prefix=options["prefix"])
        out_path = options["out"]
        handle = open(out_path, "w", encoding="utf-8", newline="") if out_path else self.stdout  # noqa: SIM115
        try:
            writer = csv_writer(handle)
            writer.writerow(CSV_COLUMNS)
            for name, spec in declared.items():
                row = rows.get(name)
                value = row.typed_value if row is not None else spec.default
                stored: list[Any] = ["", "", "", "", "", ""]
                if row is not None:
                    changed_by = row.changed_by.username if row.changed_by else ""
                    stored = [row.year_from, row.year_to or "", row.region_prefix, row.source, changed_by]
                    stored.append(timezone.localtime(row.changed_at).isoformat(timespec="seconds"))
                shown = [spec.display(value), spec.unit, spec.type.code, spec.display(spec.default)]
                writer.writerow([name, spec.label, *shown, *stored])
        finally:
            if out_path:
                handle.close()
