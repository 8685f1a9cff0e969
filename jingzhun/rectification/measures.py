"""The measures of rectification (整改完成率, 按期整改率, overdue), the petition and risk figures — set-based.

- 整改完成率 = closed ÷ total;
- 按期整改率 = closed on or before their deadline ÷ problems whose deadline has passed;
- overdue = open (assigned or rectifying) after the deadline, with the days overdue.

A shared problem routed to its counties is counted through its counties' problems only.
Every figure is "as at" a date: a problem closed after that date counts as not closed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from jingzhun.rectification.choices import OPEN_STATUSES, Category, Line, ProblemStatus
from jingzhun.rectification.models import Petition, Problem, Risk
from jingzhun.rectification.querysets import ProblemQuerySet

# The groupings of the measures: the key expression and how a key is labelled.
GROUPS: dict[str, Any] = {
    "inspection": _("检查批次"),
    "county": _("县（区）"),
    "line": _("责任线"),
    "category": _("问题类别"),
    "unit": _("责任单位"),
}


@dataclass
class Measures:
    key: str
    label: str
    total: int
    closed: int
    due: int
    closed_on_time: int
    overdue: int
    max_overdue_days: int
    recurrences: int

    @property
    def completion_rate(self) -> Decimal | None:
        return _rate(self.closed, self.total)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _rate(self.closed_on_time, self.due)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def closed_by(on: datetime.date) -> Q:
    """Closed (销号) on or before ``on``."""
    return Q(status=ProblemStatus.CLOSED, closed_on__lte=on)


def open_on(on: datetime.date) -> Q:
    """Still being worked on at ``on``: open now, or reported done only after ``on``."""
    return Q(status__in=OPEN_STATUSES) | Q(done_on__gt=on)


def state_on(problem: Problem, on: datetime.date) -> str:
    """The status CSV's word for a problem as at ``on``: ``closed``, ``done`` or ``open``."""
    if problem.status == ProblemStatus.CLOSED and problem.closed_on and problem.closed_on <= on:
        return "closed"
    if problem.status not in OPEN_STATUSES and problem.done_on and problem.done_on <= on:
        return "done"
    return "open"


def overdue_days_on(problem: Problem, on: datetime.date) -> int:
    """Days past the deadline at ``on`` of a problem still open then (0 otherwise)."""
    if state_on(problem, on) != "open" or problem.deadline >= on:
        return 0
    return (on - problem.deadline).days


STATUS_HEADER = ("inspection", "problem", "region", "category", "status", "deadline", "overdue_days", "recurrence")


def status_rows(problems: ProblemQuerySet, *, on: datetime.date) -> list[tuple[Any, ...]]:
    """One row per problem (routed shared problems aside) found on or before ``on``: the status CSV."""
    rows = (
        problems.leaves()
        .filter(inspection__date__lte=on)
        .select_related("inspection")
        .order_by("inspection__date", "inspection__code", "number")
    )
    return [
        (
            p.inspection.code,
            p.number,
            p.region_id,
            p.category,
            state_on(p, on),
            p.deadline.isoformat(),
            overdue_days_on(p, on),
            p.recurrence,
        )
        for p in rows
    ]


def problem_measures(problems: ProblemQuerySet, *, on: datetime.date, by: str | None = None) -> list[Measures]:
    """Return the measures of ``problems`` as at ``on``, in one row or one per group of ``by`` (see GROUPS)."""
    rows = problems.leaves().filter(inspection__date__lte=on).order_by()
    key_expr: Any
    if by is None:
        key_expr = None
    elif by == "inspection":
        key_expr = F("inspection__code")
    elif by == "county":
        key_expr = Substr("region_id", 1, 6)
    elif by == "line":
        key_expr = F("line")
    elif by == "category":
        key_expr = F("category")
    elif by == "unit":
        key_expr = F("responsible_unit")
    else:
        raise ValueError(f"unknown grouping {by!r}")
    late = Q(deadline__lt=on)
    aggregates = {
        "total": Count("pk"),
        "closed": Count("pk", filter=closed_by(on)),
        "due": Count("pk", filter=late),
        "closed_on_time": Count("pk", filter=late & closed_by(on) & Q(closed_on__lte=F("deadline"))),
        "overdue": Count("pk", filter=open_on(on) & late),
        "first_due": Min("deadline", filter=open_on(on) & late),
        "recurrences": Sum("recurrence"),
    }
    if key_expr is None:
        result = [{"key": "", **rows.aggregate(**aggregates)}]
    else:
        result = list(rows.annotate(key=key_expr).values("key").annotate(**aggregates).order_by("key"))
    labels = group_labels(by, [r["key"] for r in result])
    return [
        Measures(
            key=str(r["key"]),
            label=labels.get(r["key"], str(r["key"])),
            total=r["total"],
            closed=r["closed"],
            due=r["due"],
            closed_on_time=r["closed_on_time"],
            overdue=r["overdue"],
            max_overdue_days=(on - r["first_due"]).days if r["first_due"] else 0,
            recurrences=r["recurrences"] or 0,
        )
        for r in result
        if r["total"]
    ]


def group_labels(by: str | None, keys: list[Any]) -> dict[Any, str]:
    """Chinese labels of the group keys (county names, line and category labels, inspection titles)."""
    if by == "county":
        from jingzhun.regions.models import Region

        names = dict(Region.objects.filter(code__in=[f"{k}000000" for k in keys]).values_list("code", "name"))
        return {k: names.get(f"{k}000000", k) for k in keys}
    if by == "line":
        return {k: str(Line(k).label) for k in keys if k in Line.values}
    if by == "category":
        return {k: str(Category(k).label) for k in keys if k in Category.values}
    if by == "inspection":
        from jingzhun.rectification.models import Inspection

        return dict(Inspection.objects.filter(code__in=keys).values_list("code", "title"))
    return {k: str(k) for k in keys}


def recurrence_by_county(problems: ProblemQuerySet, *, year: int) -> dict[str, int]:
    """屡改屡犯 by county for the inspections of ``year``: {county code: recurrences} — what assessments read."""
    rows = (
        problems.leaves()
        .filter(inspection__date__year=year, recurrence__gt=0)
        .annotate(county=Substr("region_id", 1, 6))
        .values("county")
        .annotate(n=Sum("recurrence"))
        .order_by("county")
    )
    return {f"{r['county']}000000": r["n"] for r in rows}


@dataclass
class PetitionYear:
    year: int
    total: int
    previous: int
    poverty: int
    groups: int
    to_capital: int
    resolved: int
    repeats: int

    @property
    def change(self) -> Decimal | None:
        """Year-on-year change in per cent (None without a previous year)."""
        if not self.previous:
            return None
        return (Decimal(self.total - self.previous) * 100 / Decimal(self.previous)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def resolution_rate(self) -> Decimal | None:
        return _rate(self.resolved, self.total)


def petition_years(petitions: QuerySet[Petition], *, kind: str | None = None) -> list[PetitionYear]:
    """Petitions by year with the year-on-year change, resolution rate and repeats (oldest year first)."""
    rows = petitions.order_by()
    if kind:
        rows = rows.filter(kind=kind)
    by_year = list(
        rows.values("received_on__year")
        .annotate(
            total=Count("pk"),
            poverty=Count("pk", filter=Q(kind="poverty")),
            groups=Count("pk", filter=Q(is_group=True)),
            to_capital=Count("pk", filter=Q(to_capital=True)),
            resolved=Count("pk", filter=Q(resolved=True)),
            repeats=Count("pk", filter=Q(is_repeat=True)),
        )
        .order_by("received_on__year")
    )
    totals = {r["received_on__year"]: r["total"] for r in by_year}
    return [
        PetitionYear(
            year=r["received_on__year"],
            total=r["total"],
            previous=totals.get(r["received_on__year"] - 1, 0),
            poverty=r["poverty"],
            groups=r["groups"],
            to_capital=r["to_capital"],
            resolved=r["resolved"],
            repeats=r["repeats"],
        )
        for r in by_year
    ]


def open_risks_by_county(risks: QuerySet[Risk]) -> list[dict[str, Any]]:
    """Open veto risks (未化解 and 已管控) by county and kind: [{county, name, kind counts…, total}]."""
    from jingzhun.regions.models import Region

    rows = (
        risks.exclude(status="resolved")
        .annotate(county=Substr("region_id", 1, 6))
        .values("county", "kind")
        .annotate(n=Count("pk"))
        .order_by("county", "kind")
    )
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = table.setdefault(row["county"], {"county": f"{row['county']}000000", "kinds": {}, "total": 0})
        entry["kinds"][row["kind"]] = row["n"]
        entry["total"] += row["n"]
    names = dict(Region.objects.filter(code__in=[e["county"] for e in table.values()]).values_list("code", "name"))
    for entry in table.values():
        entry["name"] = names.get(entry["county"], entry["county"])
    return list(table.values())
