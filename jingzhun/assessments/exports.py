"""Stable outputs of 考核评估: the ranking CSV, the ranking workbook, and the findings seam.

``RANKING_COLUMNS`` is the contract of ``manage.py ranking`` (issue 16). ``findings`` is
what another app (整改督办) reads to turn an assessment's lost points and deductions into
problems to rectify, without this app knowing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _

from jingzhun.assessments.models import Adjustment, Round
from jingzhun.assessments.scoring import Gap, Line, Ranking, points_lost
from jingzhun.core.excel.writer import csv_writer, new_workbook

RANKING_COLUMNS = (
    "entity",
    "total",
    "rank",
    "total_without_bonus",
    "rank_without_bonus",
    "previous_rank",
    "movement",
    "margin_below",
)


# Numbers stay numbers (a movement of -2 is a value, which the CSV writer leaves as it is; only
# text that starts like a formula is neutralised); an empty cell is "".
def _two(value: Decimal | None) -> Decimal | str:
    return "" if value is None else value.quantize(Decimal("0.01"))


def _int(value: int | None) -> int | str:
    return "" if value is None else value


def ranking_row(line: Line) -> list[Any]:
    return [
        line.code,
        _two(line.total),
        str(line.rank),
        _two(line.total_without_bonus),
        str(line.rank_without_bonus),
        _int(line.previous_rank),
        _int(line.movement),
        _two(line.margin_below),
    ]


def ranking_csv_write(ranking: Ranking, out: IO[str]) -> int:
    """Write the ranking as CSV (``RANKING_COLUMNS``); return the number of rows."""
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(RANKING_COLUMNS)
    for line in ranking.lines:
        writer.writerow(ranking_row(line))
    return len(ranking.lines)


def ranking_headers(ranking: Ranking) -> list[str]:
    return [
        _("名次"),
        _("考核对象"),
        _("代码"),
        *[part.name for part in ranking.parts],
        _("加分"),
        _("减分"),
        _("总分"),
        _("上轮名次"),
        _("升降"),
        _("不含加分总分"),
        _("不含加分名次"),
        _("与下一名差距"),
        _("公布总分"),
        _("公布名次"),
    ]


def ranking_cells(ranking: Ranking, line: Line) -> list[Any]:
    return [
        line.rank,
        line.name,
        line.code,
        *[line.scores.get(part.code) for part in ranking.parts],
        line.bonus,
        line.deduction,
        line.total,
        line.previous_rank,
        line.movement,
        line.total_without_bonus,
        line.rank_without_bonus,
        line.margin_below,
        line.published_total,
        line.published_rank,
    ]


def ranking_workbook_write(ranking: Ranking, out: Any) -> None:
    """Write the ranking table as an Excel workbook (the page's table, every column)."""
    workbook = new_workbook(out)
    sheet = workbook.add_worksheet(_("排名"))
    bold = workbook.add_format({"bold": True})
    for col, header in enumerate(ranking_headers(ranking)):
        sheet.write_string(0, col, header, bold)
    for row, line in enumerate(ranking.lines, start=1):
        for col, value in enumerate(ranking_cells(ranking, line)):
            if value is None:
                continue
            if isinstance(value, Decimal | int):
                sheet.write_number(row, col, float(value))
            else:
                sheet.write_string(row, col, str(value))
    workbook.close()


def gaps_workbook_write(gaps: list[Gap], out: Any) -> None:
    """Write the table "where we lost points" (``scoring.points_lost``) as an Excel workbook."""
    workbook = new_workbook(out)
    sheet = workbook.add_worksheet(_("失分分析"))
    bold = workbook.add_format({"bold": True})
    for col, header in enumerate((_("指标"), _("本单位得分"), _("最高分"), _("最高分单位"), _("权重"), _("加权失分"))):
        sheet.write_string(0, col, header, bold)
    for row, gap in enumerate(gaps, start=1):
        sheet.write_string(row, 0, str(gap.name))
        for col, value in ((1, gap.own), (2, gap.leader), (4, gap.weight), (5, gap.lost)):
            sheet.write_number(row, col, float(value))
        sheet.write_string(row, 3, gap.leader_name)
    workbook.close()


@dataclass(frozen=True)
class Finding:
    """A problem an assessment found for a body: a deduction, or points lost on a component."""

    round_code: str
    entity_code: str
    entity_name: str
    kind: str  # "deduction" or "points_lost"
    title: str
    points: Decimal
    basis: str


def findings(round: Round, *, ranking: Ranking | None = None, minimum: Decimal = Decimal("0.5")) -> Iterator[Finding]:
    """Yield the problems of ``round`` to rectify: every deduction, and every component on which a body
    lost at least ``minimum`` weighted points against the leader (issue 16 → 整改督办)."""
    for adjustment in Adjustment.objects.filter(round=round, points__lt=0).select_related("entity"):
        yield Finding(
            round.code,
            adjustment.entity.code,
            adjustment.entity.name,
            "deduction",
            adjustment.item,
            -adjustment.points,
            adjustment.basis,
        )
    if ranking is None:
        from jingzhun.assessments.scoring import ranking_compute

        ranking = ranking_compute(round=round, previous=False)
    for line in ranking.lines:
        for gap in points_lost(ranking, line.code):
            if gap.code and gap.lost >= minimum:
                title = _("%(component)s失分 %(lost)s 分（领先者%(leader)s）") % {
                    "component": gap.name,
                    "lost": gap.lost,
                    "leader": gap.leader_name,
                }
                yield Finding(round.code, line.code, line.name, "points_lost", title, gap.lost, round.document_no)
