"""manage.py verification_rates --county CODE --year Y [--round NAME] [--out FILE.csv]: the measured rates.

CSV columns: county,wrong_exit_rate,missed_rate,recognition_rate,awareness_rate,sample_households,
then the 95 % Wilson interval of each rate (``<rate>_low``, ``<rate>_high``). Rates are fractions.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jingzhun.core.excel.writer import csv_writer
from jingzhun.exits.models import Sample
from jingzhun.exits.services import sample_rates

RATES = ("wrong_exit_rate", "missed_rate", "recognition_rate", "awareness_rate")
HEADER = [
    "county",
    *RATES,
    "sample_households",
    *[f"{name}_{side}" for name in RATES for side in ("low", "high")],
]


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


class Command(BaseCommand):
    help = "按抽样核查结果计算错退率、漏评率、群众认可度和政策知晓率（含 95% 置信区间），输出 CSV。"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--county", required=True, help="county's 12-digit division code")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--round", default="", help="round name (default: the newest round)")
        parser.add_argument("--out", help="CSV file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        samples = Sample.objects.filter(county_id=options["county"], year=options["year"])
        if options["round"]:
            samples = samples.filter(round=options["round"])
        sample = samples.order_by("-created_at", "-pk").first()
        if sample is None:
            raise CommandError(f"没有 {options['county']} {options['year']} 年的抽样核查。")
        rates = sample_rates(sample)
        measured = (rates.wrong_exit, rates.missed, rates.recognition, rates.awareness)
        row = [
            sample.county_id,
            *[_cell(r.value) for r in measured],
            str(rates.households),
            *[_cell(bound) for r in measured for bound in r.interval],
        ]
        if options["out"]:
            with open(options["out"], "w", newline="", encoding="utf-8") as handle:
                self._write(handle, row)
            self.stdout.write(f"已写入 {options['out']}")
        else:
            self._write(sys.stdout if self.stdout._out is sys.stdout else self.stdout._out, row)

    @staticmethod
    def _write(handle: Any, row: list[str]) -> None:
        writer = csv_writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerow(row)
