"""Reusable reads of the registry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple, Self

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from jingzhun.core.regioncodes import text_prefix_q
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.registry.choices import EXITED_STATUSES, LEFT_STATUSES, STILL_POOR_STATUSES, Relation, Status


class PrefixCount(NamedTuple):
    """Households and registered people of one (village-code prefix, status, exit year) group."""

    prefix: str
    status: str
    exit_year: int | None
    households: int
    people: int


class HouseholdQuerySet(ScopedQuerySet):
    def still_poor(self) -> Self:
        """Households not (or no longer) out of poverty: 未脱贫 and 返贫."""
        return self.filter(status__in=STILL_POOR_STATUSES)

    def exited(self) -> Self:
        return self.filter(status__in=EXITED_STATUSES)

    def returned(self) -> Self:
        return self.filter(status=Status.RETURNED)

    def search(self, text: str, *, id_numbers: bool = True) -> Self:
        """Match a household code, or a member's name or ID number (exact or prefix; not if ``id_numbers`` is False).

        The matches are sets of household keys read from indexes (``pk IN (…)``), so the
        database looks them up instead of testing every household in scope; an ID number or
        code is ``pk IN (codes) OR pk IN (members)``, which SQLite reads from both indexes.
        """
        Member = self.model._meta.get_field("members").related_model  # models import this module
        text = text.strip()
        if not text:
            return self
        if text.isdigit() or (text[:-1].isdigit() and text[-1:] in "xX"):
            coded = self.model.objects.filter(text_prefix_q("code", text)).values("pk")
            if not id_numbers:
                return self.filter(pk__in=coded)
            holders = Member.objects.filter(text_prefix_q("id_number", text.upper())).values("household_id")
            return self.filter(Q(pk__in=coded) | Q(pk__in=holders))
        holders = Member.objects.filter(text_prefix_q("name", text)).values("household_id")
        return self.filter(pk__in=holders)

    def summary(self) -> dict[str, int]:
        """Return households and people: registered, still poor, exited, returned (one query)."""
        return self.aggregate(**summary_aggregates())

    def counts_by_prefix(self, digits: int) -> list[PrefixCount]:
        """Return households and people per (first ``digits`` of the village code, status, exit year).

        One query, grouped twice: by (village, status, exit year) first, which the index
        ``household_village_figures`` answers from the index alone and in its order, without
        a sort; then those few thousand groups by the code prefix. Grouping the households by
        the prefix directly would sort every one of them.
        """
        per_village = (
            self.order_by()
            .values("village_id", "status", "exit_year")
            # COUNT(*), not of the key: PostgreSQL answers from the index only if every
            # column read is in it.
            .annotate(households=Count("*"), people=Sum("size"))
        )
        try:
            sql, params = per_village.query.sql_with_params()
        except EmptyResultSet:
            return []
        qn = connections[self.db].ops.quote_name
        village, status, exit_year = qn("village_id"), qn("status"), qn("exit_year")
        rollup = (
            f"SELECT SUBSTR({village}, 1, {int(digits)}), {status}, {exit_year},"
            f" SUM({qn('households')}), SUM({qn('people')})"
            f" FROM ({sql}) {qn('per_village')} GROUP BY 1, 2, 3"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(rollup, params)
            # PostgreSQL sums bigints as numeric.
            return [PrefixCount(p, s, y, int(h), int(n)) for p, s, y, h, n in cursor.fetchall()]

    def exits_by_year(self) -> list[dict[str, int]]:
        """Return [{exit_year, households, people}] of exited and returned households, by exit year."""
        return list(
            self.filter(exit_year__isnull=False)
            .values("exit_year")
            .annotate(households=Count("pk"), people=Coalesce(Sum("size"), 0))
            .order_by("exit_year")
        )

    def with_head(self) -> Self:
        """Annotate ``head_name`` and ``head_id_number`` of each household's head (户主).

        At most one head per household (a unique index on household where relation = head
        serves the lookup); no ordering to sort by.
        """
        Member = self.model._meta.get_field("members").related_model  # models import this module
        heads = Member.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD).order_by()
        return self.annotate(
            head_name=Subquery(heads.values("name")[:1]), head_id_number=Subquery(heads.values("id_number")[:1])
        )


class MemberQuerySet(ScopedQuerySet):
    def living(self) -> Self:
        """Members who count: not deceased and not moved out."""
        return self.filter(deceased=False, moved_out=False)


# The status groups of the figures; "people" are the registered 人数 of the households.
STATUS_GROUPS = {"poor": STILL_POOR_STATUSES, "exited": EXITED_STATUSES, "returned": (Status.RETURNED,)}


def summary_aggregates() -> dict[str, Any]:
    """Aggregates of a household queryset for the dashboard: all on the register, then per status group.

    Households that left the register (自然减少, 清退) are not counted at all.
    """
    registered = ~Q(status__in=LEFT_STATUSES)
    aggregates: dict[str, Any] = {
        "households": Count("pk", filter=registered),
        "people": Coalesce(Sum("size", filter=registered), 0),
    }
    for group, statuses in STATUS_GROUPS.items():
        condition = Q(status__in=statuses)
        aggregates[f"{group}_households"] = Count("pk", filter=condition)
        aggregates[f"{group}_people"] = Coalesce(Sum("size", filter=condition), 0)
    return aggregates


SUMMARY_KEYS = (
    "households",
    "people",
    *(f"{group}_{what}" for group in STATUS_GROUPS for what in ("households", "people")),
)


def summary_of(counts: Iterable[PrefixCount]) -> dict[str, int]:
    """Return the figures of ``summary_aggregates`` added up from grouped counts."""
    figures = dict.fromkeys(SUMMARY_KEYS, 0)
    for count in counts:
        if count.status in LEFT_STATUSES:
            continue
        figures["households"] += count.households
        figures["people"] += count.people
        for group, statuses in STATUS_GROUPS.items():
            if count.status in statuses:
                figures[f"{group}_households"] += count.households
                figures[f"{group}_people"] += count.people
    return figures


def exits_of(counts: Iterable[PrefixCount]) -> list[dict[str, int]]:
    """Return ``exits_by_year`` added up from grouped counts."""
    by_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for count in counts:
        if count.exit_year is not None:
            by_year[count.exit_year][0] += count.households
            by_year[count.exit_year][1] += count.people
    return [{"exit_year": year, "households": h, "people": p} for year, (h, p) in sorted(by_year.items())]
