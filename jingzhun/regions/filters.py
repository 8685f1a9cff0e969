"""Region filters: the picker of ``regions.forms`` on any filter set (ledger ones get it from core)."""

from __future__ import annotations

from typing import Any

from jingzhun.core.filters import RegionPrefixFilter
from jingzhun.regions.forms import PICKER_LEVELS, RegionPickerWidget


class RegionFilter(RegionPrefixFilter):
    """地区: rows inside the division picked with the region picker (on the model's ``scope_field``).

    A ``LedgerFilterSet`` binds the user to the picker; another filter set calls
    ``core.filters.bind_user(filterset.form, user)``.
    """

    def __init__(self, *args: Any, levels: tuple[str, ...] = PICKER_LEVELS, **kwargs: Any) -> None:
        kwargs.setdefault("widget", RegionPickerWidget(levels=levels))
        super().__init__(*args, **kwargs)
