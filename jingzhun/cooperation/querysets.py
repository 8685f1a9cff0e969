"""Reads of the cooperation ledgers: a row belongs to both sides of its pairing."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q

from jingzhun.core.regioncodes import prefix_q
from jingzhun.core.scoping import ScopedQuerySet


class TwoSidedQuerySet(ScopedQuerySet):
    """Rows seen from either side: the western region (``scope_field``) or the eastern one (``east_scope_field``).

    A user of the receiving side (a western city or county) sees the rows of his region; a user
    of the helping side (an eastern district) sees the rows of the pairings his region helps.
    """

    def in_region(self, prefix: str) -> Self:
        model = self.model
        west = prefix_q(model.scope_field, prefix)  # type: ignore[attr-defined]
        if not prefix:
            return self.filter(west)
        east = prefix_q(model.east_scope_field, prefix)  # type: ignore[attr-defined]
        return self.filter(west | east)

    def of_year(self, year: int) -> Self:
        return self.filter(year=year)


def active_in(year: int) -> Q:
    """The pairings in force in ``year``."""
    return Q(active=True, start_year__lte=year) & (Q(end_year__isnull=True) | Q(end_year__gte=year))


# The manager of every cooperation ledger (``objects``): its querysets see rows from either side.
TwoSidedManager = models.Manager.from_queryset(TwoSidedQuerySet)
