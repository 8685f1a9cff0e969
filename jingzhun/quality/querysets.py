"""Reusable reads of findings: counts by region, category, severity, status and age."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from jingzhun.core.regioncodes import prefix_expression
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.quality.choices import ACTIVE_STATUSES, FindingStatus

# Age buckets of open findings (days since first seen): label → (min days, max days or None).
AGE_BUCKETS: dict[str, tuple[int, int | None]] = {
    "7": (0, 7),
    "30": (8, 30),
    "90": (31, 90),
    "more": (91, None),
}


class FindingQuerySet(ScopedQuerySet):
    def active(self) -> Self:
        """Findings still to work on: open, escalated, or with a justification awaiting approval."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def reportable(self) -> Self:
        """Findings a run reports: everything but justified exceptions and fixed ones."""
        return self.exclude(status__in=[FindingStatus.JUSTIFIED, FindingStatus.FIXED])

    def older_than(self, bucket: str) -> Self:
        """Findings first seen within the age bucket (see AGE_BUCKETS)."""
        low, high = AGE_BUCKETS[bucket]
        now = timezone.now()
        q = Q(first_seen_at__lte=now - datetime.timedelta(days=low))
        if high is not None:
            q &= Q(first_seen_at__gt=now - datetime.timedelta(days=high + 1))
        return self.filter(q)

    def counts(self) -> dict[str, Any]:
        """Totals in one query: all, per status; among active ones recurring, errors, warnings and per age bucket."""
        aggregates: dict[str, Any] = {"total": Count("pk")}
        for status in FindingStatus:
            aggregates[status.value] = Count("pk", filter=Q(status=status))
        active = Q(status__in=ACTIVE_STATUSES)
        aggregates["recurring"] = Count("pk", filter=active & Q(recurrence_count__gt=0))
        aggregates["errors"] = Count("pk", filter=active & Q(severity="error"))
        aggregates["warnings"] = Count("pk", filter=active & Q(severity="warning"))
        now = timezone.now()
        for bucket, (low, high) in AGE_BUCKETS.items():
            age = Q(first_seen_at__lte=now - datetime.timedelta(days=low))
            if high is not None:
                age &= Q(first_seen_at__gt=now - datetime.timedelta(days=high + 1))
            aggregates[f"age_{bucket}"] = Count("pk", filter=active & age)
        return self.aggregate(**aggregates)

    def counts_by(self, key: str) -> list[dict[str, Any]]:
        """Active findings grouped by ``category``, ``severity``, ``check_code`` or a region level.

        ``key`` may be ``county`` (6 digits), ``township`` (9) or ``village`` (12 digits of the code).
        """
        qs = self.active().order_by()
        if key in ("county", "township", "village"):
            qs = qs.annotate(group=prefix_expression("village_code", key))
        else:
            qs = qs.annotate(group=Substr(key, 1, 40))
        return list(
            qs.values("group")
            .annotate(
                total=Count("pk"),
                errors=Count("pk", filter=Q(severity="error")),
                recurring=Count("pk", filter=Q(recurrence_count__gt=0)),
            )
            .order_by("-total", "group")
        )
