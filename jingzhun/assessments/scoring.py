"""The computation of a round: totals, competition ranks, movement, margins, points lost, what-if.

Definitions (issue 16):

- total T = Σ wᵢ·sᵢ over weighted components + Σ sᵢ over additive components + Σ bonus − Σ
  deductions, where each sᵢ is capped at the component's full score and the bonus and the
  deduction sums at the scheme's caps; totals are rounded to two decimals before ranking;
- rank: competition ranking (1, 2, 2, 4) by T descending within the peer group;
- movement = previous rank − this rank (positive = up), against the round's previous round
  ranked in the same group;
- total and rank without bonus: the bonus items taken out, the deductions kept;
- margin below / above: T minus the next body's T / the body above's T minus T;
- points lost on a component: wᵢ·(leader's sᵢ − own sᵢ), the leader being the best score on
  that component in the group, largest first;
- what-if: the same with the bonus dropped or weights changed, nothing stored.

The rows are one per body and component (tens of bodies), read in three queries.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.assessments.models import Adjustment, Component, Entity, PeerGroup, PublishedResult, Round, Score
from jingzhun.core.parameters import parameter_value

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Part:
    """A component as the computation sees it: weight None for an additive one."""

    code: str
    name: str
    weight: Decimal | None
    max_score: Decimal

    @property
    def factor(self) -> Decimal:
        return self.weight if self.weight is not None else Decimal(1)


@dataclass
class Line:
    """One body's result in a ranking."""

    code: str
    name: str
    scores: dict[str, Decimal] = field(default_factory=dict)
    points: dict[str, Decimal] = field(default_factory=dict)
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO
    total: Decimal = ZERO
    total_without_bonus: Decimal = ZERO
    rank: int = 0
    rank_without_bonus: int = 0
    previous_rank: int | None = None
    margin_below: Decimal | None = None
    margin_above: Decimal | None = None
    published_total: Decimal | None = None
    published_rank: int | None = None

    @property
    def movement(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def total_difference(self) -> Decimal | None:
        return None if self.published_total is None else self.total - cents(self.published_total)

    @property
    def rank_difference(self) -> int | None:
        return None if self.published_rank is None else self.rank - self.published_rank

    @property
    def bonus_decides(self) -> bool:
        """True when the bonus items changed this body's place."""
        return self.rank != self.rank_without_bonus


@dataclass
class Ranking:
    round: Round
    group: PeerGroup | None
    parts: list[Part]
    lines: list[Line]
    what_if: bool = False

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines if line.code == code), None)

    @property
    def has_previous(self) -> bool:
        return any(line.previous_rank is not None for line in self.lines)


@dataclass(frozen=True)
class Gap:
    """Points lost on one component against the group's leader on it."""

    code: str
    name: str
    own: Decimal
    leader: Decimal
    leader_name: str
    weight: Decimal
    lost: Decimal


def competition_ranks(values: Mapping[Any, Decimal]) -> dict[Any, int]:
    """Return the competition rank (1, 2, 2, 4) of each key by value descending."""
    ordered = sorted(values.values(), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {key: first[value] for key, value in values.items()}


def scheme_parts(round: Round, weights: Mapping[str, Decimal] | None = None) -> list[Part]:
    """Return the round's components with their weights in force (a weight parameter, or ``weights`` overrides)."""
    parts = []
    for component in Component.objects.filter(scheme_id=round.scheme_id).order_by("order", "code"):
        weight = component.weight
        if component.weight_parameter:
            weight = Decimal(parameter_value(component.weight_parameter, year=round.year)) / 100
        if weights and component.code in weights:
            weight = weights[component.code]
        parts.append(Part(component.code, component.name, weight, component.max_score))
    return parts


def _cap(value: Decimal, cap: Decimal | None) -> Decimal:
    return value if cap is None else min(value, cap)


def lines_compute(
    parts: list[Part],
    entities: Iterable[tuple[str, str]],
    scores: Mapping[str, Mapping[str, Decimal]],
    adjustments: Mapping[str, Iterable[Decimal]],
    *,
    bonus_cap: Decimal | None = None,
    deduction_cap: Decimal | None = None,
    drop_bonus: bool = False,
) -> list[Line]:
    """Return the ranked lines of ``entities`` ((code, name) pairs) from their scores and adjustments.

    ``scores`` maps entity code → component code → raw score, ``adjustments`` entity code →
    points (positive bonus, negative deduction). Ranks, margins and the without-bonus
    figures are filled; previous ranks and published results are not.
    """
    lines = []
    for code, name in entities:
        line = Line(code, name)
        raw = scores.get(code, {})
        subtotal = ZERO
        for part in parts:
            value = raw.get(part.code)
            if value is None:
                continue
            capped = min(value, part.max_score)
            line.scores[part.code] = capped
            line.points[part.code] = part.factor * capped
            subtotal += line.points[part.code]
        points = list(adjustments.get(code, ()))
        line.bonus = ZERO if drop_bonus else _cap(sum((p for p in points if p > 0), ZERO), bonus_cap)
        line.deduction = _cap(-sum((p for p in points if p < 0), ZERO), deduction_cap)
        line.total = cents(subtotal + line.bonus - line.deduction)
        line.total_without_bonus = cents(subtotal - line.deduction)
        lines.append(line)
    ranks = competition_ranks({line.code: line.total for line in lines})
    plain = competition_ranks({line.code: line.total_without_bonus for line in lines})
    for line in lines:
        line.rank, line.rank_without_bonus = ranks[line.code], plain[line.code]
    lines.sort(key=lambda line: (line.rank, line.code))
    for above, below in itertools.pairwise(lines):
        above.margin_below = above.total - below.total
        below.margin_above = above.total - below.total
    return lines


def group_members(group: PeerGroup | None) -> set[str] | None:
    return None if group is None else set(group.members.values_list("code", flat=True))


def ranking_compute(
    *,
    round: Round,
    group: PeerGroup | None = None,
    drop_bonus: bool = False,
    weights: Mapping[str, Decimal] | None = None,
    previous: bool = True,
) -> Ranking:
    """Return the ranking of ``round`` in ``group`` (default: the round's own group, else every body scored).

    ``drop_bonus`` and ``weights`` (component code → weight) compute a what-if; the round is
    not touched. ``previous`` ranks the previous round in the same group for the movement.
    """
    group = group if group is not None else round.group
    members = group_members(group)
    parts = scheme_parts(round, weights)
    scores: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for entity, component, value in Score.objects.filter(round=round).values_list(
        "entity__code", "component__code", "score"
    ):
        scores[entity][component] = value
    adjustments: dict[str, list[Decimal]] = defaultdict(list)
    for entity, points in Adjustment.objects.filter(round=round).values_list("entity__code", "points"):
        adjustments[entity].append(points)
    codes = set(scores) | set(adjustments)
    if members is not None:
        codes &= members
    names = dict(Entity.objects.filter(code__in=codes).values_list("code", "name"))
    scheme = round.scheme
    lines = lines_compute(
        parts,
        sorted(names.items()),
        scores,
        adjustments,
        bonus_cap=scheme.bonus_cap,
        deduction_cap=scheme.deduction_cap,
        drop_bonus=drop_bonus,
    )
    for entity, total, rank in PublishedResult.objects.filter(round=round, entity__code__in=codes).values_list(
        "entity__code", "total", "rank"
    ):
        line = next(line for line in lines if line.code == entity)
        line.published_total, line.published_rank = total, rank
    if previous and round.previous_id is not None:
        before = ranking_compute(round=round.previous, group=group, previous=False)  # type: ignore[arg-type]
        ranks = {line.code: line.rank for line in before.lines}
        for line in lines:
            line.previous_rank = ranks.get(line.code)
    return Ranking(round, group, parts, lines, what_if=drop_bonus or bool(weights))


def points_lost(ranking: Ranking, code: str) -> list[Gap]:
    """Return where ``code`` lost points against the group's leader on each component, largest first.

    The bonus is one more line (加减分): the best net adjustment in the group against its own.
    """
    line = ranking.line(code)
    if line is None:
        return []
    gaps = []
    for part in ranking.parts:
        best = max(ranking.lines, key=lambda other: (other.scores.get(part.code, ZERO), -other.rank))
        leader = best.scores.get(part.code, ZERO)
        own = line.scores.get(part.code, ZERO)
        gaps.append(Gap(part.code, part.name, own, leader, best.name, part.factor, cents(part.factor * (leader - own))))
    best = max(ranking.lines, key=lambda other: (other.bonus - other.deduction, -other.rank))
    own_net = line.bonus - line.deduction
    leader_net = best.bonus - best.deduction
    gaps.append(Gap("", _("加减分"), own_net, leader_net, best.name, Decimal(1), cents(leader_net - own_net)))
    gaps.sort(key=lambda gap: (-gap.lost, gap.code))
    return gaps
