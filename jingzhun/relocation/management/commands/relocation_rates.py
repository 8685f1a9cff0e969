from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.regioncodes import region_prefix
from jingzhun.relocation.models import Site
from jingzhun.relocation.rates import RATE_KEYS, site_rates


def write_rates_csv(out: IO[str], sites: Any) -> int:
    """Write one row per site: site,completion_rate,facility_rate,occupancy_rate,reclamation_rate (fractions)."""
    writer = csv_writer(out)
    writer.writerow(["site", *RATE_KEYS])
    rows = site_rates(sites)
    for row in rows:
        writer.writerow([row.code, *("" if value is None else str(value) for value in row.rates().values())])
    return len(rows)


class Command(BaseCommand):
    help = (
        "Write the rates of each resettlement site as CSV with the columns "
        "site,completion_rate,facility_rate,occupancy_rate,reclamation_rate (fractions; empty when not measurable)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--region", help="a division code or prefix, e.g. 610902")
        parser.add_argument("--out", type=Path, help="write the CSV here (default: standard output)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sites = Site.objects.all()
        prefix = region_prefix(options["region"]) if options["region"] else ""
        if prefix is None:
            raise CommandError(f"--region must be a division code, got {options['region']!r}")
        if prefix:
            sites = sites.in_region(prefix)
        if options["out"]:
            with options["out"].open("w", encoding="utf-8", newline="") as out:
                count = write_rates_csv(out, sites)
            self.stderr.write(f"{count} 个安置点的指标已写入 {options['out']}")
        else:
            write_rates_csv(self.stdout, sites)
