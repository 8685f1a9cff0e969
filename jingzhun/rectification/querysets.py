"""Reusable reads of 整改督办: inspections seen from below, problems' states and lateness."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.db import models
from django.db.models import Case, Q, Value, When

from jingzhun.core.access import allows
from jingzhun.core.regioncodes import ancestor_codes, prefix_q
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.rectification.choices import DONE_STATUSES, OPEN_STATUSES, ProblemStatus


class InspectionQuerySet(ScopedQuerySet):
    """Inspections: a county reads the inspections of the city or province that covered it.

    Reading (``view``, ``export``) covers the user's subtree and the divisions above it (an
    inspection of 安康市 concerns 汉滨区); writing stays inside the user's subtree.
    """

    def for_user(self, user: Any, action: str = "view") -> Self:
        rows = super().for_user(user, action)
        prefix = getattr(user, "scope_prefix", "-")
        if action in ("view", "export") and prefix not in ("-", "") and allows(user, action, self.model):
            return self.filter(prefix_q("region_id", prefix) | Q(region_id__in=ancestor_codes(prefix)))
        return rows


class ProblemQuerySet(ScopedQuerySet):
    def leaves(self) -> Self:
        """Problems that are rectified themselves (a shared problem routed to counties is not)."""
        return self.exclude(status=ProblemStatus.ROUTED)

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on: datetime.date) -> Self:
        """Open after their deadline on ``on``."""
        return self.open().filter(deadline__lt=on)

    def state_code(self) -> Self:
        """Annotate ``state``: ``open``, ``done`` or ``closed`` (the status CSV's words)."""
        return self.annotate(
            state=Case(
                When(status=ProblemStatus.CLOSED, then=Value("closed")),
                When(status__in=DONE_STATUSES, then=Value("done")),
                default=Value("open"),
            )
        )


class InspectionManager(models.Manager.from_queryset(InspectionQuerySet)):  # type: ignore[misc]
    """The manager of inspections (``for_user`` reads the divisions above the user's too)."""


class ProblemManager(models.Manager.from_queryset(ProblemQuerySet)):  # type: ignore[misc]
    """The manager of problems (``leaves``, ``open``, ``overdue``)."""
