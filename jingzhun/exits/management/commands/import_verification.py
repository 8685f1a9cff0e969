"""manage.py import_verification FILE --county CODE --year Y [--round NAME]: field results of a sample round."""

from __future__ import annotations

import argparse
from typing import Any

from jingzhun.core.imports.commands import ImportCommand
from jingzhun.exits.imports import VerificationImporter


class Command(ImportCommand):
    help = "导入抽样核查结果（工作表“核查结果”），全部正确才写入。"
    importer = VerificationImporter
    subject = "sample verification results"
    count_names = {"items": "抽样户"}

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--county", required=True, help="county's 12-digit division code")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--round", default="", help="round name (required when the year has several)")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"county": options["county"], "year": options["year"], "round": options["round"]}
