"""防返贫监测筛查: which households become monitoring objects in a year, and why.

The rules (the definitions; thresholds are business parameters of the year and place):

- ``low_income``: an exited household whose per-capita net income of the year is below the
  warning line, ``monitoring.warning_multiple`` × the year's poverty line;
- ``income_drop``: an exited household whose per-capita net income fell by more than
  ``monitoring.income_drop_share`` on the previous year;
- ``illness`` / ``disability``: a member newly recorded in the year with a major illness or a
  disability (his health changed to one of them in the registry's audit trail), or a risk
  event of that kind recorded for the household in the year;
- ``disaster``: a natural disaster or an accident recorded for the household in the year.

A household with an event rule is a 突发严重困难户, one with only income rules a 脱贫不稳定户.
The registry holds only registered (建档立卡) households, so 边缘易致贫户 — households never
registered — are entered by hand, not screened. Households already monitored in the year
(whatever their state) are not screened again. Everything is set-based: one query per rule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from jingzhun.core.models import AuditEvent
from jingzhun.core.parameters import parameter_value
from jingzhun.monitoring.choices import EVENT_REASONS, INCOME_REASONS, ObjectKind, Reason
from jingzhun.monitoring.models import MonitoringObject, RiskEvent
from jingzhun.registry.choices import EXITED_STATUSES, Health
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.standards.services import poverty_line_for

ILL = {Health.SERIOUS, Health.DISABLED_AND_ILL}
DISABLED = {Health.DISABLED, Health.DISABLED_AND_ILL}


@dataclass(frozen=True)
class Candidate:
    code: str  # 户编号
    kind: str
    reasons: tuple[str, ...]  # in the order of ``Reason``

    @property
    def reasons_text(self) -> str:
        return ";".join(self.reasons)


def _net_income(year: int) -> Subquery:
    return Subquery(HouseholdYear.objects.filter(household=OuterRef("pk"), year=year).values("net_income")[:1])


def _income_reasons(households, *, year: int, prefix: str) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    multiple = Decimal(parameter_value("monitoring.warning_multiple", year=year, region=prefix))
    share = Decimal(parameter_value("monitoring.income_drop_share", year=year, region=prefix))
    rows = (
        households.filter(status__in=EXITED_STATUSES)
        .annotate(now=_net_income(year), before=_net_income(year - 1))
        .filter(now__isnull=False)
        .values_list("code", "village_id", "size", "now", "before")
    )
    found: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, Decimal | None] = {}  # the warning line per province (its own poverty line or the nation's)
    for code, village, size, now_income, before_income in rows:
        # per person, in Decimal on every database (SQLite would divide whole numbers as integers)
        now = Decimal(now_income) / size
        before = Decimal(before_income) / size if before_income is not None else None
        if village[:2] not in lines:
            line = poverty_line_for(year=year, region_code=village)
            lines[village[:2]] = line * multiple if line is not None else None
        warning = lines[village[:2]]
        if warning is not None and now < warning:
            found[code].add(Reason.LOW_INCOME)
        if before is not None and before > 0 and (before - now) / before > share:
            found[code].add(Reason.INCOME_DROP)
    return found


def _event_reasons(households, *, year: int, prefix: str) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, set[str]] = defaultdict(set)
    events = RiskEvent.objects.filter(household__in=households, occurred_on__year=year)
    for code, kind in events.values_list("household__code", "kind"):
        found[code].add(EVENT_REASONS[kind])
    # Members whose health was recorded in the year as a major illness or a disability (the
    # registry's audit trail keeps each member's health before and after every change).
    changes = AuditEvent.objects.filter(
        model_label=Member._meta.label, at__year=year, after__health__in=sorted(ILL | DISABLED)
    )
    if prefix:
        changes = changes.filter(region_code__startswith=prefix)
    by_household: dict[str, set[str]] = defaultdict(set)
    for root_pk, before, after in changes.values_list("root_pk", "before", "after"):
        old, new = (before or {}).get("health"), (after or {}).get("health")
        if new in ILL and old not in ILL:
            by_household[root_pk].add(Reason.ILLNESS)
        if new in DISABLED and old not in DISABLED:
            by_household[root_pk].add(Reason.DISABILITY)
    if by_household:
        pks = [int(pk) for pk in by_household if pk.isdigit()]
        for pk, code in households.filter(pk__in=pks).values_list("pk", "code"):
            found[code] |= by_household[str(pk)]
    return found


def monitoring_screen(*, year: int, prefix: str = "") -> list[Candidate]:
    """Return the households of ``prefix`` that become monitoring objects in ``year``, by code."""
    households = Household.objects.in_region(prefix) if prefix else Household.objects.all()
    already = MonitoringObject.objects.filter(year=year).values("household_id")
    households = households.exclude(pk__in=already)
    income = _income_reasons(households, year=year, prefix=prefix)
    events = _event_reasons(households, year=year, prefix=prefix)
    order = {code: n for n, code in enumerate(Reason.values)}
    candidates = []
    for code in sorted(set(income) | set(events)):
        reasons = tuple(sorted(income.get(code, set()) | events.get(code, set()), key=order.__getitem__))
        kind = ObjectKind.UNSTABLE if set(reasons) <= set(INCOME_REASONS) else ObjectKind.SUDDEN
        candidates.append(Candidate(code, kind, reasons))
    return candidates
