"""Scoped querysets of projects and everything hanging off a project: region AND sector.

The access policy gives the projects app the scope kinds region and sector: beyond the
user's region prefix, a sector department (role ``sector``) sees and edits only the
projects of its own sector. Each model names the path to its project's sector in
``sector_field``.
"""

from __future__ import annotations

from typing import Any, Self

from django.db.models import Count, Q, Sum

from jingzhun.core.scoping import ScopedQuerySet


class SectorScopedQuerySet(ScopedQuerySet):
    """Rows of a project: the access policy scopes them by region and by ``sector_field``."""


class ProjectQuerySet(SectorScopedQuerySet):
    def of_year(self, year: int | None) -> Self:
        return self.filter(plan_year=year) if year else self

    def beneficiary_totals(self) -> dict[str, int]:
        """Return the registered poor households and people these projects benefit, each household once.

        A household served by three projects counts once: the households are the distinct
        set of beneficiaries of all the projects, and people are summed over that set.
        """
        from jingzhun.registry.models import Household

        beneficiaries = self.model._meta.get_field("beneficiaries").related_model  # models import this module
        households = beneficiaries.objects.filter(project__in=self.values("pk")).values("household_id")
        totals = Household.objects.filter(pk__in=households).aggregate(households=Count("pk"), people=Sum("size"))
        return {"households": totals["households"] or 0, "people": totals["people"] or 0}

    def with_money(self) -> Self:
        """Annotate ``allocated`` and ``disbursed`` (元) per project, two subqueries."""
        from django.db.models import DecimalField, OuterRef, Subquery, Value
        from django.db.models.functions import Coalesce

        def total(model: Any) -> Coalesce:
            sums = (
                model.objects.filter(project=OuterRef("pk"))
                .order_by()
                .values("project")
                .annotate(s=Sum("amount"))
                .values("s")
            )
            return Coalesce(Subquery(sums), Value(0), output_field=DecimalField(max_digits=14, decimal_places=2))

        related = self.model._meta.get_field  # the models import this module
        return self.annotate(
            allocated=total(related("allocations").related_model),
            disbursed=total(related("disbursements").related_model),
        )

    def search(self, text: str) -> Self:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(code__startswith=text) | Q(name__contains=text))
