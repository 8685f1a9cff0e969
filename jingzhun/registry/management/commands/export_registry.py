from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jingzhun.core.regioncodes import region_prefix
from jingzhun.regions.models import Region
from jingzhun.registry.exports import LAYOUTS, registry_workbook_write
from jingzhun.registry.models import Household


class Command(BaseCommand):
    help = (
        "Export the registry of a region in the canonical workbook layout (户信息 / 人员信息 / 村信息), "
        "or with --layout national in the national system's one sheet (one row per person), streaming. "
        "ID numbers and bank cards are masked unless --unmask."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("out", type=Path, help="the .xlsx file to write")
        parser.add_argument("--region", required=True, help="division code (or prefix), e.g. 610902")
        parser.add_argument("--year", type=int, help="the year of the income and village facts (default: latest)")
        parser.add_argument("--unmask", action="store_true", help="full ID numbers, phones and bank cards")
        parser.add_argument(
            "--layout",
            choices=LAYOUTS,
            default="canonical",
            help="canonical (户信息 / 人员信息 / 村信息) or national (the national system's per-person sheet)",
        )

    def handle(self, *args, out: Path, region: str, year, unmask, layout, verbosity, **options):  # type: ignore[no-untyped-def]
        prefix = region_prefix(region)
        if prefix is None:
            raise CommandError(f"--region must be a division code or prefix of digits, got {region!r}")
        if not Region.objects.in_region(prefix).exists():
            raise CommandError(f"No division has the code or prefix {region}.")
        if out.suffix.lower() != ".xlsx":
            raise CommandError("The output file must end in .xlsx")
        households = Household.objects.in_region(prefix)
        with tqdm(total=households.count(), desc="导出", unit="户", disable=verbosity < 1) as bar:

            def progress(done: int, total: int, message: str) -> None:
                bar.n = done
                bar.refresh()

            count = registry_workbook_write(
                households, str(out), year=year, unmask=unmask, attributes=True, progress=progress, layout=layout
            )
        self.stdout.write(f"exported {count} households to {out}")
