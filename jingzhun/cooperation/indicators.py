"""The yearly indicators of the cooperation, measured as the national assessment measures them.

Each indicator is computed over the rows of one region (either side: a western city or
county, or an eastern district) in one year, set-based, and compared with the targets of
the yearly agreements of that region's pairings.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from jingzhun.cooperation.choices import AREAS, HIGH_LEVEL_MEETINGS, AgreementKind, Destination, ExchangeKind, Indicator
from jingzhun.cooperation.models import (
    AgreementTarget,
    AidFund,
    Exchange,
    Investment,
    LabourRecord,
    Meeting,
    Pairing,
    Purchase,
    Training,
)
from jingzhun.cooperation.querysets import active_in
from jingzhun.core.parameters import parameter_value
from jingzhun.core.regioncodes import pad_code, significant_prefix

# Indicators in 万元 or % keep two decimals; the others are counts.
DECIMAL_INDICATORS = frozenset(
    {Indicator.AID_FUNDS, Indicator.AID_FUNDS_GROWTH, Indicator.CONSUMPTION_SALES, Indicator.INVESTMENT_AMOUNT}
)
ZERO = Decimal("0")


@dataclass
class IndicatorValue:
    """One indicator of a region-year: its value (None if it cannot be computed), target and whether it is met."""

    code: str
    value: Decimal | int | None
    target: Decimal | None = None

    @property
    def label(self) -> str:
        return str(Indicator(self.code).label)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value is not None and Decimal(self.value) >= self.target


def _scoped(model: Any, prefix: str, base: Any) -> Any:
    queryset: Any = base if base is not None else model.objects.all()
    return queryset.in_region(prefix)


def _sum(queryset: QuerySet, field: str) -> Decimal:
    return queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"]


def _posted_in(year: int) -> Q:
    return Q(start_on__lte=datetime.date(year, 12, 31)) & (
        Q(end_on__isnull=True) | Q(end_on__gte=datetime.date(year, 1, 1))
    )


def aid_funds(prefix: str, year: int, base: QuerySet | None = None) -> Decimal:
    return _sum(_scoped(AidFund, prefix, base).filter(year=year), "amount")


def labour_transferred(
    prefix: str, year: int, base: QuerySet | None = None, *, min_months: int | None = None
) -> dict[str, int]:
    """Distinct registered poor people employed at least N months in the year: total and by destination.

    A person not matched to the registry does not count; a person counts once in the total
    even if employed in several places, and once under each destination.
    """
    if min_months is None:
        min_months = parameter_value("cooperation.labour_min_months", year=year, region=prefix)
    rows = _scoped(LabourRecord, prefix, base).filter(year=year, member__isnull=False, months__gte=min_months)
    result = {"total": rows.aggregate(n=Count("member_id", distinct=True))["n"]}
    by_destination = dict(
        rows.values_list("destination").annotate(n=Count("member_id", distinct=True)).values_list("destination", "n")
    )
    for destination in Destination:
        result[destination.value] = by_destination.get(destination.value, 0)
    return result


def joint_meetings(meetings: QuerySet, prefix: str, year: int) -> int:
    """High-level meetings (联席会议, 高层互访) of the pairings the region itself is a party to, in the year."""
    code = pad_code(prefix)
    own = Q(pairing__west_region_id=code) | Q(pairing__east_region_id=code)
    return meetings.filter(own, year=year, kind__in=HIGH_LEVEL_MEETINGS).count()


def targets(region_code: str, year: int) -> dict[str, Decimal]:
    """The targets of the yearly agreements of the pairings with ``region_code`` on either side, summed."""
    code = pad_code(region_code)
    rows = (
        AgreementTarget.objects.filter(agreement__kind=AgreementKind.YEARLY, agreement__year=year)
        .filter(Q(agreement__pairing__west_region_id=code) | Q(agreement__pairing__east_region_id=code))
        .values_list("indicator")
        .annotate(total=Sum("value"))
    )
    return dict(rows)


def indicators_compute(*, prefix: str, year: int, base: Mapping[str, Any] | None = None) -> list[IndicatorValue]:
    """Return every indicator of the region ``prefix`` (a significant code prefix) in ``year``, with its target.

    ``base`` optionally gives, by model name, the querysets to start from (a user's scope).
    """
    base = base or {}

    def of(model: Any) -> Any:
        return _scoped(model, prefix, base.get(model.__name__))

    funds = aid_funds(prefix, year, base.get("AidFund"))
    previous = aid_funds(prefix, year - 1, base.get("AidFund"))
    growth = ((funds - previous) * 100 / previous).quantize(Decimal("0.01")) if previous else None
    exchanges = of(Exchange).filter(_posted_in(year))
    cadres = exchanges.filter(kind=ExchangeKind.CADRE).aggregate(n=Count("name", distinct=True))["n"]
    professionals = exchanges.exclude(kind=ExchangeKind.CADRE).aggregate(n=Count("name", distinct=True))["n"]
    villages = (
        of(Pairing)
        .filter(active_in(year), west_region__level="village")
        .aggregate(n=Count("west_region", distinct=True))["n"]
    )
    investments = of(Investment).filter(year=year, amount__gt=0)
    values: dict[str, Decimal | int | None] = {
        Indicator.AID_FUNDS: funds,
        Indicator.AID_FUNDS_GROWTH: growth,
        Indicator.POOR_LABOUR_TRANSFERRED: labour_transferred(prefix, year, base.get("LabourRecord"))["total"],
        Indicator.CONSUMPTION_SALES: _sum(of(Purchase).filter(year=year), "amount"),
        Indicator.CADRES_EXCHANGED: cadres,
        Indicator.PROFESSIONALS_EXCHANGED: professionals,
        Indicator.PEOPLE_TRAINED: of(Training).filter(year=year).aggregate(n=Coalesce(Sum("people"), 0))["n"],
        Indicator.PAIRED_VILLAGES: villages,
        Indicator.ENTERPRISES_INVESTED: investments.aggregate(n=Count("enterprise", distinct=True))["n"],
        Indicator.INVESTMENT_AMOUNT: _sum(investments, "amount"),
        Indicator.JOINT_MEETINGS: joint_meetings(of(Meeting), prefix, year),
    }
    goals = targets(prefix, year)
    return [IndicatorValue(code, values[code], goals.get(code)) for code in Indicator.values]


def by_area(values: Iterable[IndicatorValue]) -> list[tuple[Any, list[IndicatorValue]]]:
    """Group indicator values by the six areas of the assessment."""
    found = {v.code: v for v in values}
    return [(area, [found[code] for code in codes if code in found]) for area, codes in AREAS]


def format_value(code: str, value: Decimal | int | None) -> str:
    """The value as the CSV and the pages write it: two decimals for 万元 and %, digits for counts, empty if none."""
    if value is None:
        return ""
    if code in DECIMAL_INDICATORS:
        return f"{Decimal(value):.2f}"
    return str(int(value))


def region_asked(value: str) -> str | None:
    """The significant prefix of a region as typed (610900, 6109 or 610900000000 → 6109); None if it is no code."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 12:
        return None
    return significant_prefix(pad_code(value))
