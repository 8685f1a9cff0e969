"""Reusable reads of the registry."""

from __future__ import annotations

from typing import Self

from django.db.models import Count, Exists, OuterRef, Q

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

    def with_living_count(self) -> Self:
        return self.annotate(living_count=Count("members", filter=Q(members__deceased=False, members__moved_out=False)))


class MemberQuerySet(ScopedQuerySet):
    def living(self) -> Self:
        """Members who count: not deceased and not moved out."""
        return self.filter(deceased=False, moved_out=False)
