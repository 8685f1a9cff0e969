"""Scoping in one place: which rows a user may see and change.

Every model that belongs to a place declares ``scope_field`` (the path to its 12-digit
division code) and uses ``ScopedQuerySet``; views, viewsets, exports and search go
through ``for_user``, which asks the access policy (``core.access``). A system check
(core.checks) refuses to start if a scoped model lacks a valid scope field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.core.exceptions import PermissionDenied
from django.db import models

from jingzhun.core.access import restrict
from jingzhun.core.regioncodes import prefix_q

if TYPE_CHECKING:
    from jingzhun.accounts.models import User

# An action of the access policy: view, add, change, delete, approve, reveal, export.
Action = str


class ScopeError(PermissionDenied):
    """A write would touch or leave a row outside the writer's scope (a 403 for pages and the API)."""


class ScopedQuerySet(models.QuerySet):
    """A QuerySet that knows how to restrict itself to a user's region."""

    def in_region(self, prefix: str) -> Self:
        """Return the rows inside the subtree ``prefix`` (a 2–12 digit code prefix)."""
        field = self.model.scope_field  # type: ignore[attr-defined]
        return self.filter(prefix_q(field, prefix))

    def for_user(self, user: User, action: str = "view") -> Self:
        """Return the rows ``user`` may take ``action`` on (``view``, ``change``, ``export`` …).

        The access policy decides (``core.access``): an action the role may not take gives
        an empty set (views turn that into 403 before querying); otherwise every scope kind
        of the model narrows the rows (region prefix, sector, assignment).
        """
        return restrict(self, user, action)


def user_may_see_code(user: User, code: str) -> bool:
    """Return True if the division ``code`` lies inside ``user``'s scope."""
    prefix = user.scope_prefix
    return prefix != "-" and code.startswith(prefix)
