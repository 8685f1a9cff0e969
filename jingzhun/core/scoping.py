"""Scoping in one place: which rows a user may see and change.

Every model that belongs to a place declares ``scope_field`` (the path to its 12-digit
division code) and uses ``ScopedQuerySet``; views, viewsets, exports and search go
through ``for_user``. A system check (core.checks) refuses to start if a scoped model
lacks a valid scope field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Self

from django.db import models

from jingzhun.core.regioncodes import prefix_q

if TYPE_CHECKING:
    from jingzhun.accounts.models import User

Action = Literal["view", "change"]


class ScopeError(Exception):
    """Raised when a write would put a row outside the writer's scope."""


class ScopedQuerySet(models.QuerySet):
    """A QuerySet that knows how to restrict itself to a user's region."""

    def in_region(self, prefix: str) -> Self:
        """Return the rows inside the subtree ``prefix`` (a 2–12 digit code prefix)."""
        field = self.model.scope_field  # type: ignore[attr-defined]
        return self.filter(prefix_q(field, prefix))

    def for_user(self, user: User, action: Action = "view") -> Self:
        """Return the rows ``user`` may see (``view``) or change (``change``).

        Anonymous and inactive users see nothing; users who may not change anything get
        an empty set for ``change`` (views turn that into 403 before querying).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if action == "change" and not user.can_write_registry:
            return self.none()
        prefix = user.scope_prefix
        if prefix == "-":
            return self.none()
        return self.in_region(prefix)


def user_may_see_code(user: User, code: str) -> bool:
    """Return True if the division ``code`` lies inside ``user``'s scope."""
    prefix = user.scope_prefix
    return prefix != "-" and code.startswith(prefix)
