"""manage.py import_cooperation FILE --year Y [--dry-run] [--user NAME]: the cooperation ledgers of a year."""

from __future__ import annotations

import argparse
from typing import Any

from jingzhun.cooperation.imports import CooperationImporter
from jingzhun.core.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a cooperation workbook (sheets 结对关系, 协作资金, 挂职交流, 劳务协作, 消费扶贫, 企业投资; "
        "any subset) for a year: all or nothing, idempotent."
    )
    importer = CooperationImporter
    subject = "the East–West cooperation ledgers"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the cooperation year of the rows")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"year": options["year"]}
