"""manage.py import_problems FILE --inspection CODE [--source KIND] [--date YYYY-MM-DD]: an inspection's 问题清单."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import CommandError

from jingzhun.core.imports.commands import ImportCommand
from jingzhun.rectification.choices import Source
from jingzhun.rectification.imports import ProblemImporter


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def _source(value: str) -> str:
    """A source by its code (``central``) or its Chinese name (``中央考核``)."""
    for code, label in Source.choices:
        if value in (code, str(label)):
            return code
    raise argparse.ArgumentTypeError(f"unknown source {value!r}; one of {', '.join(Source.values)}")


class Command(ImportCommand):
    help = (
        "Import the problem list (sheet 问题清单) of an inspection: all or nothing, one row per problem, "
        "matched by (inspection, 问题编号). A new inspection needs --source and --date."
    )
    importer = ProblemImporter
    subject = "rectification problems"
    count_names = {"problems": "整改问题"}

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--inspection", required=True, help="the inspection's code (检查批次编号)")
        parser.add_argument(
            "--source",
            type=_source,
            help=f"the inspection's source, for a new inspection: {', '.join(Source.values)} (or its Chinese name)",
        )
        parser.add_argument("--date", type=_date, help="the inspection's feedback date (YYYY-MM-DD), for a new one")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        if not options["inspection"].strip():
            raise CommandError("--inspection must not be empty.")
        return {"inspection": options["inspection"], "source": options["source"], "date": options["date"]}
