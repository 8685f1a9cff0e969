from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.regioncodes import region_prefix
from jingzhun.monitoring.screening import monitoring_screen
from jingzhun.monitoring.services import monitoring_record

COLUMNS = ("code", "kind", "reasons")


class Command(BaseCommand):
    help = (
        "Screen the registry for the households that become return-to-poverty monitoring objects in a year, "
        "as CSV with the columns code,kind,reasons (kind: unstable, marginal, sudden; reasons: low_income, "
        "income_drop, illness, disability, disaster, joined by ';')."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--year", type=int, required=True, help="the monitoring year, e.g. 2019")
        parser.add_argument("--region", help="a division code or prefix, e.g. 610902 (default: everywhere)")
        parser.add_argument("--out", type=Path, help="write the CSV here (default: standard output)")
        parser.add_argument(
            "--record", action="store_true", help="also record them as monitoring objects (audited as 'system')"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        year = options["year"]
        if not 2014 <= year <= 2100:
            raise CommandError(f"--year must be a year between 2014 and 2100, got {year}")
        prefix = region_prefix(options["region"]) if options["region"] else ""
        if prefix is None:
            raise CommandError(f"--region must be a division code, got {options['region']!r}")
        candidates = monitoring_screen(year=year, prefix=prefix)
        if options["out"]:
            with options["out"].open("w", encoding="utf-8", newline="") as out:
                self._write(out, candidates)
            self.stderr.write(f"{len(candidates)} 户已写入 {options['out']}")
        else:
            self._write(self.stdout, candidates)
        if options["record"]:
            system = User(username="system", role=Role.ADMIN)  # unsaved: the audit names it "system"
            created = monitoring_record(user=system, year=year, prefix=prefix)
            self.stderr.write(f"已纳入监测对象 {len(created)} 户")

    @staticmethod
    def _write(out, candidates):  # type: ignore[no-untyped-def]
        writer = csv_writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for candidate in candidates:
            writer.writerow((candidate.code, candidate.kind, candidate.reasons_text))
