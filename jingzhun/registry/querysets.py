"""Reusable reads of the registry."""

from __future__ import annotations

from typing import Any, Self

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Substr

from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.registry.choices import EXITED_STATUSES, STILL_POOR_STATUSES, Status


class HouseholdQuerySet(ScopedQuerySet):
    def still_poor(self) -> Self:
        """Households not (or no longer) out of poverty: 未脱贫 and 返贫."""
        return self.filter(status__in=STILL_POOR_STATUSES)

    def exited(self) -> Self:
        return self.filter(status__in=EXITED_STATUSES)

    def returned(self) -> Self:
        return self.filter(status=Status.RETURNED)

    def search(self, text: str) -> Self:
        """Match a household code, or a member's name or ID number (exact or prefix)."""
        from jingzhun.registry.models import Member

        text = text.strip()
        if not text:
            return self
        member_match = Member.objects.filter(household=OuterRef("pk"))
        if text.isdigit() or (text[:-1].isdigit() and text[-1:] in "xX"):
            member_match = member_match.filter(id_number__startswith=text.upper())
            return self.filter(Q(code__startswith=text) | Q(Exists(member_match)))
        return self.filter(Exists(member_match.filter(name__startswith=text)))

    def summary(self) -> dict[str, int]:
        """Return households and people: registered, still poor, exited, returned (one query)."""
        return self.aggregate(**summary_aggregates())

    def summary_by_prefix(self, digits: int) -> dict[str, dict[str, int]]:
        """Return ``summary`` per child region, keyed by the first ``digits`` of the village code."""
        rows = self.annotate(child=Substr("village_id", 1, digits)).values("child").annotate(**summary_aggregates())
        return {row.pop("child"): row for row in rows.order_by()}

    def exits_by_year(self) -> list[dict[str, int]]:
        """Return [{exit_year, households, people}] of exited and returned households, by exit year."""
        return list(
            self.filter(exit_year__isnull=False)
            .values("exit_year")
            .annotate(households=Count("pk"), people=Coalesce(Sum("size"), 0))
            .order_by("exit_year")
        )

    def with_living_count(self) -> Self:
        return self.annotate(living_count=Count("members", filter=Q(members__deceased=False, members__moved_out=False)))


class MemberQuerySet(ScopedQuerySet):
    def living(self) -> Self:
        """Members who count: not deceased and not moved out."""
        return self.filter(deceased=False, moved_out=False)


def summary_aggregates() -> dict[str, Any]:
    """Aggregates of a household queryset for the dashboard (people = registered 人数)."""
    still_poor = Q(status__in=STILL_POOR_STATUSES)
    exited = Q(status__in=EXITED_STATUSES)
    returned = Q(status=Status.RETURNED)
    return {
        "households": Count("pk"),
        "people": Coalesce(Sum("size"), 0),
        "poor_households": Count("pk", filter=still_poor),
        "poor_people": Coalesce(Sum("size", filter=still_poor), 0),
        "exited_households": Count("pk", filter=exited),
        "exited_people": Coalesce(Sum("size", filter=exited), 0),
        "returned_households": Count("pk", filter=returned),
        "returned_people": Coalesce(Sum("size", filter=returned), 0),
    }
