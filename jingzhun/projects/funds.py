"""Fund figures (资金): need, allocated, disbursed, gap and execution rate, as SQL aggregates.

- gap (资金缺口) of a project = budget − allocated, never below 0; of a county or the whole
  set = the sum of the projects' gaps (a project over-funded does not fill another's gap);
- execution rate (支出进度) = disbursed ÷ allocated;
- by source: allocated, disbursed, still to pay (allocated − disbursed) and execution;
- by month: money allocated and disbursed in each month and the cumulative execution rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Count, DecimalField, F, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Greatest, Substr

from jingzhun.core.regioncodes import prefix_expression
from jingzhun.core.rollup import region_rollup
from jingzhun.projects.choices import FundSource
from jingzhun.projects.models import Allocation, Disbursement, Project

ZERO = Decimal("0")
MONEY: DecimalField = DecimalField(max_digits=16, decimal_places=2)


def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Return ``part`` ÷ ``whole`` (None when there is nothing to divide by)."""
    if not whole:
        return None
    return (part or ZERO) / whole


@dataclass
class FundLine:
    key: str
    label: str
    projects: int = 0
    budget: Decimal = ZERO
    allocated: Decimal = ZERO
    disbursed: Decimal = ZERO
    gap: Decimal = ZERO

    @property
    def execution(self) -> Decimal | None:
        return rate(self.disbursed, self.allocated)

    @property
    def undisbursed(self) -> Decimal:
        return self.allocated - self.disbursed


def money_totals(projects: QuerySet[Project]) -> QuerySet:
    return projects.with_money().annotate(  # type: ignore[attr-defined]
        gap=Greatest(F("budget") - F("allocated"), Value(ZERO), output_field=MONEY)
    )


SUMS = {
    "projects": Count("pk"),
    "budget": Coalesce(Sum("budget"), Value(ZERO), output_field=MONEY),
    "allocated_sum": Coalesce(Sum("allocated"), Value(ZERO), output_field=MONEY),
    "disbursed_sum": Coalesce(Sum("disbursed"), Value(ZERO), output_field=MONEY),
    "gap_sum": Coalesce(Sum("gap"), Value(ZERO), output_field=MONEY),
}


def month_of(field: str) -> Substr:
    """Return YYYY-MM of a date column, in SQL on both engines (TruncMonth calls Python per row on SQLite)."""
    return Substr(Cast(field, CharField()), 1, 7)


def fund_sum(lines: list[FundLine]) -> FundLine:
    """Return the total of ``lines`` (e.g. the counties: every project is in exactly one)."""
    total = FundLine("", "")
    for line in lines:
        total.projects += line.projects
        total.budget += line.budget
        total.allocated += line.allocated
        total.disbursed += line.disbursed
        total.gap += line.gap
    return total


def _line(key: str, label: str, row: dict[str, Any]) -> FundLine:
    return FundLine(
        key=key,
        label=label,
        projects=row["projects"],
        budget=row["budget"],
        allocated=row["allocated_sum"],
        disbursed=row["disbursed_sum"],
        gap=row["gap_sum"],
    )


def fund_total(projects: QuerySet[Project]) -> FundLine:
    """Return the figures of all ``projects`` together (one query)."""
    return _line("", "", money_totals(projects).order_by().aggregate(**SUMS))


def fund_by_county(projects: QuerySet[Project]) -> list[FundLine]:
    """Return the figures per county (first six digits of the project's place), one query plus names."""
    rows = region_rollup(money_totals(projects), code_field="region_id", level="county", measures=SUMS)
    return [_line(row.prefix, row.name, row.measures) for row in rows]


def fund_by_type(projects: QuerySet[Project]) -> list[FundLine]:
    from jingzhun.projects.choices import ProjectType

    labels = dict(ProjectType.choices)
    rows = money_totals(projects).order_by().values("type").annotate(**SUMS).order_by("type")
    return [_line(r["type"], str(labels.get(r["type"], r["type"])), r) for r in rows]


def fund_by_source(projects: QuerySet[Project]) -> list[FundLine]:
    """Return allocated and disbursed money per funding source (two grouped queries)."""
    keys = projects.values("pk")
    allocated = dict(
        Allocation.objects.filter(project__in=keys)
        .order_by()
        .values("source")
        .annotate(s=Sum("amount"))
        .values_list("source", "s")
    )
    disbursed = dict(
        Disbursement.objects.filter(project__in=keys)
        .order_by()
        .values("source")
        .annotate(s=Sum("amount"))
        .values_list("source", "s")
    )
    lines = []
    for code, label in FundSource.choices:
        if code in allocated or code in disbursed:
            lines.append(
                FundLine(code, str(label), allocated=allocated.get(code) or ZERO, disbursed=disbursed.get(code) or ZERO)
            )
    return lines


@dataclass
class MonthLine:
    month: str  # YYYY-MM
    allocated: Decimal
    disbursed: Decimal
    allocated_to_date: Decimal
    disbursed_to_date: Decimal

    @property
    def execution(self) -> Decimal | None:
        return rate(self.disbursed_to_date, self.allocated_to_date)


def fund_by_month(projects: QuerySet[Project]) -> list[MonthLine]:
    """Return money allocated and disbursed per month, with the cumulative execution rate (two queries)."""
    keys = projects.values("pk")

    def monthly(model: Any) -> dict[str, Decimal]:
        rows = (
            model.objects.filter(project__in=keys)
            .order_by()
            .annotate(month=month_of("date"))
            .values("month")
            .annotate(s=Sum("amount"))
            .values_list("month", "s")
        )
        return dict(rows)

    allocated, disbursed = monthly(Allocation), monthly(Disbursement)
    lines = []
    allocated_to_date = disbursed_to_date = ZERO
    for month in sorted(set(allocated) | set(disbursed)):
        a, d = allocated.get(month, ZERO), disbursed.get(month, ZERO)
        allocated_to_date += a
        disbursed_to_date += d
        lines.append(MonthLine(month, a, d, allocated_to_date, disbursed_to_date))
    return lines


def county_execution_by_month(projects: QuerySet[Project]) -> dict[str, dict[str, Decimal]]:
    """Return disbursed money per (county, month): {county: {YYYY-MM: amount}} (one query)."""
    rows = (
        Disbursement.objects.filter(project__in=projects.values("pk"))
        .order_by()
        .annotate(county=prefix_expression("project__region_id", "county"), month=month_of("date"))
        .values("county", "month")
        .annotate(s=Sum("amount"))
        .values_list("county", "month", "s")
    )
    out: dict[str, dict[str, Decimal]] = {}
    for county, month, total in rows:
        out.setdefault(county, {})[month] = total
    return out
