from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from jingzhun.standards.snapshot import snapshot_write


class Command(BaseCommand):
    help = (
        "Write a Parquet snapshot of the registry (the columns the exit rules read) for the columnar "
        "engine: evaluate --engine columnar."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--out", type=Path, help="folder to write (default: settings.SNAPSHOT_DIR)")

    def handle(self, *args, out: Path | None, verbosity: int, **options):  # type: ignore[no-untyped-def]
        path = out or settings.SNAPSHOT_DIR
        info = snapshot_write(path=path, progress=self.stdout.write if verbosity >= 1 else None)
        total = sum(info.rows.values())
        self.stdout.write(f"snapshot of {total:,} rows written to {path} in {info.seconds:.1f} s")
