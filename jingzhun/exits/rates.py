"""The 三率一度 of a sample (错退率, 漏评率, 群众认可度, 政策知晓率) with 95 % Wilson intervals.

Definitions (people-weighted where the official evaluation is):

- 错退率 = people in sampled 已脱贫 households concluded 错退 ÷ people in sampled 已脱贫 households;
- 漏评率 = people in sampled non-registered households concluded 漏评 ÷ people in sampled non-registered households;
- 群众认可度 = sampled registered households answering 认可 ÷ sampled registered households with an answer;
- 政策知晓率 = households answering yes ÷ households asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from jingzhun.exits.choices import REGISTERED_CATEGORIES, Category, Conclusion

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Rate:
    """A proportion ``hits / base`` with its 95 % Wilson interval (all None when the base is 0)."""

    hits: int
    base: int

    @property
    def value(self) -> float | None:
        return self.hits / self.base if self.base else None

    @property
    def interval(self) -> tuple[float | None, float | None]:
        return wilson(self.hits, self.base)

    @property
    def low(self) -> float | None:
        return self.interval[0]

    @property
    def high(self) -> float | None:
        return self.interval[1]


def wilson(hits: int, base: int, z: float = Z95) -> tuple[float | None, float | None]:
    """Return the Wilson score interval of ``hits`` out of ``base`` (None, None for an empty base)."""
    if base <= 0:
        return None, None
    p = hits / base
    denominator = 1 + z * z / base
    centre = (p + z * z / (2 * base)) / denominator
    half = z * math.sqrt(p * (1 - p) / base + z * z / (4 * base * base)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rates:
    wrong_exit: Rate
    missed: Rate
    recognition: Rate
    awareness: Rate
    households: int  # sampled households with a result (a conclusion)


def rates_of(items: QuerySet) -> Rates:
    """Return the rates of the sample items ``items`` (one aggregate query)."""
    exited = Q(category=Category.EXITED)
    non_registered = Q(category=Category.NON_REGISTERED)
    registered = Q(category__in=REGISTERED_CATEGORIES)
    row = items.exclude(conclusion="").aggregate(
        exited_people=Sum("people", filter=exited),
        wrong_people=Sum("people", filter=exited & Q(conclusion=Conclusion.WRONG_EXIT)),
        non_people=Sum("people", filter=non_registered),
        missed_people=Sum("people", filter=non_registered & Q(conclusion=Conclusion.MISSED)),
        answered=Count("pk", filter=registered & Q(recognised__isnull=False)),
        recognised=Count("pk", filter=registered & Q(recognised=True)),
        asked=Count("pk", filter=Q(aware__isnull=False)),
        aware=Count("pk", filter=Q(aware=True)),
        households=Count("pk"),
    )
    value = {k: int(v or 0) for k, v in row.items()}
    return Rates(
        wrong_exit=Rate(value["wrong_people"], value["exited_people"]),
        missed=Rate(value["missed_people"], value["non_people"]),
        recognition=Rate(value["recognised"], value["answered"]),
        awareness=Rate(value["aware"], value["asked"]),
        households=value["households"],
    )
