"""The procedure boards (进度看板): who is at which step, what blocks them, days of publicity left.

Set-based: one grouped query for the counts, one query for the open cases shown, one for
their open objections and one for the official verdicts of their households.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from jingzhun.core.parameters import parameter_value
from jingzhun.exits.choices import OPEN_CASE_STATUSES, CaseStatus
from jingzhun.exits.models import ExitCase
from jingzhun.exits.standing import HOUSEHOLD, passing_codes

BOARD_ROWS = 300


@dataclass
class VillageLine:
    code: str
    counts: dict[str, int] = field(default_factory=dict)
    people: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def village_lines(cases: QuerySet[ExitCase]) -> list[VillageLine]:
    """Return per village the number of cases at each step (one grouped query)."""
    lines: dict[str, VillageLine] = {}
    rows = cases.values("household__village_id", "status").annotate(n=Count("pk"), people=Sum("household__size"))
    for row in rows.order_by("household__village_id"):
        line = lines.setdefault(row["household__village_id"], VillageLine(row["household__village_id"]))
        line.counts[row["status"]] = row["n"]
        line.people += row["people"] or 0
    return list(lines.values())


@dataclass
class BoardCase:
    case: ExitCase
    blockers: list[str]
    days_left: int | None


def board_cases(cases: QuerySet[ExitCase], *, year: int, region: str, today: datetime.date) -> list[BoardCase]:
    """Return the open cases (first ``BOARD_ROWS``) with what blocks their next step."""
    rows = list(
        cases.filter(status__in=OPEN_CASE_STATUSES)
        .select_related("household")
        .annotate(open_objections=Count("objections", filter=Q(objections__resolved=False)))
        .order_by("household__village_id", "household__code")[:BOARD_ROWS]
    )
    passing = passing_codes(level=HOUSEHOLD, year=year, codes=[c.household.code for c in rows])
    days = int(parameter_value("exits.publicity_days", year=year, region=region))
    result = []
    for case in rows:
        blockers = []
        if case.household.code not in passing:
            blockers.append(_("未通过 %(year)s 年正式评估") % {"year": year})
        days_left = None
        if case.status == CaseStatus.PUBLICISING and case.publicity_start:
            days_left = max(0, days - (today - case.publicity_start).days)
            if days_left:
                blockers.append(_("公示还需 %(n)s 天") % {"n": days_left})
        if getattr(case, "open_objections", 0):
            blockers.append(_("%(n)s 条异议未处理") % {"n": case.open_objections})  # type: ignore[attr-defined]
        result.append(BoardCase(case, blockers, days_left))
    return result


def status_columns() -> list[tuple[str, Any]]:
    return list(CaseStatus.choices)
