"""``manage.py import_assessment FILE --round CODE [--previous CODE]``: a round's scheme, scores and adjustments."""

from __future__ import annotations

import argparse
from typing import Any

from jingzhun.assessments.imports import AssessmentImporter
from jingzhun.core.imports.commands import ImportCommand


class Command(ImportCommand):
    help = "Import an assessment workbook (sheets 方案, 得分, optional 加减分) into a round: all or nothing."
    importer = AssessmentImporter
    subject = "assessments"
    count_names = {"components": "考核指标", "scores": "得分", "adjustments": "加减分"}

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--round", required=True, dest="round_code", help="round code (created if new)")
        parser.add_argument("--previous", dest="previous_code", help="code of the previous round (for movement)")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"round_code": options["round_code"], "previous_code": options.get("previous_code")}
