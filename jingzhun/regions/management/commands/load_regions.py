from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jingzhun.regions.services import DIVISIONS_CSV, RegionFileError, regions_load


class Command(BaseCommand):
    help = "Load the statistical divisions (default: the shipped Shaanxi file, NBS 2023). Idempotent."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--file", type=Path, default=DIVISIONS_CSV, help="CSV with code,name,level,parent_code")

    def handle(self, *args, file: Path, verbosity: int, **options):  # type: ignore[no-untyped-def]
        if not file.exists():
            raise CommandError(f"File not found: {file}")
        with tqdm(desc="区划", unit="行", disable=verbosity < 1) as bar:
            try:
                result = regions_load(path=file, progress=bar.update)
            except RegionFileError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"regions: {result.created} created, {result.updated} updated, {result.unchanged} unchanged")
