"""Use cases of the regions app."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from jingzhun.regions.choices import Level
from jingzhun.regions.models import Region

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "shaanxi_divisions.csv"


class RegionFileError(ValueError):
    """The divisions file is malformed; the message says where."""


@dataclass(frozen=True)
class RegionLoadResult:
    created: int
    updated: int
    unchanged: int


def regions_load(*, path: Path = DIVISIONS_CSV, progress: Callable[[int], None] | None = None) -> RegionLoadResult:
    """Load the statistical divisions from ``path`` (code,name,level,parent_code); idempotent.

    The whole file is validated before anything is written; raise RegionFileError with the
    line number if a row is malformed or names a parent that does not exist.
    """
    rows = _read_divisions(path)
    existing = {r.code: r for r in Region.objects.all()}
    to_create: list[Region] = []
    to_update: list[Region] = []
    unchanged = 0
    for code, name, level, parent in rows:
        current = existing.get(code)
        if current is None:
            to_create.append(Region(code=code, name=name, level=level, parent_id=parent))
        elif (current.name, current.level, current.parent_id) != (name, level, parent):
            current.name, current.level, current.parent_id = name, level, parent
            to_update.append(current)
        else:
            unchanged += 1
    with transaction.atomic():
        # Parents precede children in the file (sorted by code), so creating in order is safe.
        for start in range(0, len(to_create), 2000):
            Region.objects.bulk_create(to_create[start : start + 2000])
            if progress:
                progress(min(2000, len(to_create) - start))
        Region.objects.bulk_update(to_update, ["name", "level", "parent"], batch_size=2000)
    return RegionLoadResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)


def _read_divisions(path: Path) -> list[tuple[str, str, str, str | None]]:
    levels = set(Level.values)
    rows: list[tuple[str, str, str, str | None]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"code", "name", "level", "parent_code"} - set(reader.fieldnames or [])
        if missing:
            raise RegionFileError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            code, name, level = row["code"].strip(), row["name"].strip(), row["level"].strip()
            parent = row["parent_code"].strip() or None
            if len(code) != 12 or not code.isdigit():
                raise RegionFileError(f"{path.name}, line {line}: code {code!r} is not 12 digits")
            if level not in levels:
                raise RegionFileError(f"{path.name}, line {line}: unknown level {level!r}")
            if not name:
                raise RegionFileError(f"{path.name}, line {line}: empty name")
            if parent is not None and parent not in seen:
                raise RegionFileError(f"{path.name}, line {line}: parent {parent} not defined before {code}")
            if code in seen:
                raise RegionFileError(f"{path.name}, line {line}: duplicate code {code}")
            seen.add(code)
            rows.append((code, name, level, parent))
    return rows
