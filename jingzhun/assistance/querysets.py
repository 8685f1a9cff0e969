"""Reads of 驻村帮扶: the rows of a helping unit's own work (the ``assignment`` scope kind)."""

from __future__ import annotations

from typing import Any, Self

from jingzhun.accounts.choices import Role
from jingzhun.core.scoping import ScopedQuerySet


class AssistanceQuerySet(ScopedQuerySet):
    """Rows that belong to a helping unit through ``unit_path`` (e.g. ``cadre__unit``).

    For a user of the helping-unit role, ``assigned_to`` keeps the rows of the units his
    account belongs to (``HelpingUnit.accounts``); for every other role it keeps all rows
    (the region scope narrows them).
    """

    def assigned_to(self, user: Any) -> Self:
        if getattr(user, "role", "") != Role.HELPING_UNIT:
            return self
        path = self.model.unit_path  # type: ignore[attr-defined]
        lookup = f"{path}__accounts" if path else "accounts"
        return self.filter(**{lookup: user})
