"""Which evaluation runs a user may open.

Runs are scoped by their region (``EvaluationRun.scope_field``), results by their own
region code. A user sees the runs inside his scope and the runs of a larger region that
covers it (a city-wide run, seen by a county office); of such a run he only ever sees the
results inside his scope, because every result query goes through
``EvaluationResult.objects.for_user``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jingzhun.core.regioncodes import ancestor_codes, prefix_q
from jingzhun.standards.models import EvaluationResult, EvaluationRun, EvaluationRunQuerySet


def covering_codes(prefix: str) -> list[str]:
    """Return the codes of the regions above the subtree ``prefix`` (610902 → 610000…, 610900…)."""
    return ancestor_codes(prefix)


def runs_for_user(user: Any) -> EvaluationRunQuerySet:
    """Return the runs ``user`` may open: inside his scope, or covering it."""
    runs = EvaluationRun.objects.all()
    if not user.is_authenticated or not user.is_active:
        return runs.none()
    prefix = user.scope_prefix
    if prefix == "-":
        return runs.none()
    if prefix == "":
        return runs
    return runs.filter(prefix_q("region_id", prefix) | Q(region_id__in=covering_codes(prefix)))


def results_for_user(user: Any, run: EvaluationRun) -> Any:
    """Return the results of ``run`` inside ``user``'s scope."""
    return EvaluationResult.objects.for_user(user).filter(run=run)
