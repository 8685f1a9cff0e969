import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jingzhun.core.regioncodes import region_prefix
from jingzhun.projects.alerts import AlertParams, project_alerts, write_alerts_csv
from jingzhun.projects.models import Project


class Command(BaseCommand):
    help = (
        "List the project alerts (overdue, at risk, stalled, money ahead/behind progress, no upkeep) on a date "
        "as CSV with the columns project,alert,days,message."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--region", help="a division code or prefix, e.g. 610902")
        parser.add_argument("--out", type=Path, help="write the CSV here (default: standard output)")
        in_force = "default: the business parameter projects.alerts.%s in force"
        parser.add_argument("--stalled-days", type=int, help=in_force % "stalled_days")
        parser.add_argument("--money-gap", type=int, help=in_force % "money_gap")
        parser.add_argument("--risk-tolerance", type=int, help=in_force % "risk_tolerance")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            on = datetime.date.fromisoformat(options["date"]) if options["date"] else datetime.date.today()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}")
        projects = Project.objects.all()
        prefix = region_prefix(options["region"]) if options["region"] else ""
        if prefix is None:
            raise CommandError(f"--region must be a division code, got {options['region']!r}")
        if prefix:
            projects = projects.in_region(prefix)
        params = AlertParams(
            stalled_days=options["stalled_days"],
            money_gap=options["money_gap"],
            risk_tolerance=options["risk_tolerance"],
        )
        alerts = project_alerts(projects, on=on, params=params, region=prefix)
        if options["out"]:
            with options["out"].open("w", encoding="utf-8", newline="") as out:
                write_alerts_csv(out, alerts)
            self.stderr.write(f"{len(alerts)} 条预警已写入 {options['out']}")
        else:
            write_alerts_csv(self.stdout, alerts)
