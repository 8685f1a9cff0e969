"""``manage.py ranking --round CODE [--group CODE] [--out FILE.csv]``: a round's ranking as CSV.

Columns: entity,total,rank,total_without_bonus,rank_without_bonus,previous_rank,movement,margin_below
(``entity`` the 12-digit code, totals to two decimals, previous_rank/movement empty without a
previous round, margin_below empty for the last).
"""

from __future__ import annotations

import argparse
import io
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jingzhun.assessments.exports import ranking_csv_write
from jingzhun.assessments.models import PeerGroup, Round
from jingzhun.assessments.scoring import ranking_compute


class Command(BaseCommand):
    help = "Write the ranking of a round (within its peer group, or --group) as CSV."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--round", required=True, dest="round_code", help="round code")
        parser.add_argument("--group", dest="group_code", help="peer group code (default: the round's group)")
        parser.add_argument("--out", help="CSV file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        round = Round.objects.select_related("scheme", "group", "previous").filter(code=options["round_code"]).first()
        if round is None:
            raise CommandError(f"考核轮次 {options['round_code']} 不存在。")
        group = None
        if options["group_code"]:
            group = PeerGroup.objects.filter(code=options["group_code"]).first()
            if group is None:
                raise CommandError(f"排名组 {options['group_code']} 不存在。")
        ranking = ranking_compute(round=round, group=group)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8", newline="") as out:
                count = ranking_csv_write(ranking, out)
            self.stderr.write(f"已写出 {count} 个考核对象的排名：{options['out']}")
        else:
            buffer = io.StringIO()
            ranking_csv_write(ranking, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
