"""Which evaluation runs a user may open.

Runs are scoped by their region (``EvaluationRun.scope_field``), results by their own
region code. A user sees the runs inside his scope and the runs of a larger region that
covers it (a city-wide run, seen by a county office); of such a run he only ever sees the
results inside his scope, because every result query goes through
``EvaluationResult.objects.for_user``.
"""

from __future__ import annotations

from typing import Any, Self

from jingzhun.core.access import allows
from jingzhun.core.regioncodes import ancestor_codes
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.standards.choices import RunKind, RunStatus


def covering_codes(prefix: str) -> list[str]:
    """Return the codes of the regions above the subtree ``prefix`` (610902 → 610000…, 610900…)."""
    return ancestor_codes(prefix)


class EvaluationRunQuerySet(ScopedQuerySet):
    def official(self) -> Self:
        return self.filter(kind=RunKind.OFFICIAL, status=RunStatus.DONE)

    def for_user(self, user: Any, action: str = "view") -> Self:
        """Runs inside the user's scope; to read, also the runs of a larger region covering it."""
        inside = super().for_user(user, action)
        if action != "view" or not allows(user, action, self.model) or user.scope_prefix in ("", "-"):
            return inside
        return inside | self.filter(region_id__in=covering_codes(user.scope_prefix))
