from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.panels import BulletinContext
from jingzhun.dashboards.bulletins import bulletin_generate, parse_month
from jingzhun.regions.models import Region


class Command(BaseCommand):
    help = "Write the monthly bulletin (月通报) of a region as a Word file, and keep it with the generated bulletins."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--month", required=True, help="YYYY-MM, e.g. 2019-07")
        parser.add_argument("--region", required=True, help="a 12-digit division code, e.g. 610900000000")
        parser.add_argument("--out", type=Path, required=True, help="the .docx file to write")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        month = parse_month(options["month"])
        if month is None:
            raise CommandError(f"--month must be YYYY-MM, got {options['month']!r}")
        region = Region.objects.filter(code=options["region"].strip()).first()
        if region is None:
            raise CommandError(f"--region must be a division code in the map, got {options['region']!r}")
        system = User(username="system", role=Role.ADMIN)  # unsaved: the audit names it "system"
        bulletin = bulletin_generate(user=system, ctx=BulletinContext(system, region, month))
        with bulletin.file.open("rb") as source:
            options["out"].write_bytes(source.read())
        self.stderr.write(f"{bulletin} 已写入 {options['out']}")
