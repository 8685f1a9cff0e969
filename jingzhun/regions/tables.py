"""Table columns about places: the county, township or village a row's 12-digit code lies in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import django_tables2 as tables
from django_tables2.utils import A

from jingzhun.core.regioncodes import CODE_LENGTH, code_at
from jingzhun.regions.models import Region

PLACE_LEVELS = ("county", "township", "village")


def region_names(codes: Iterable[str]) -> dict[str, str]:
    """Return the names of the villages, townships and counties of ``codes`` (one query)."""
    wanted = {code_at(code, level) for code in codes if len(code) == CODE_LENGTH for level in PLACE_LEVELS}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def place_of(code: str, names: dict[str, str]) -> dict[str, str]:
    """Return the county, township and village names of a village code (the code itself if unknown)."""
    return {
        "county": names.get(code_at(code, "county"), ""),
        "township": names.get(code_at(code, "township"), ""),
        "village": names.get(code, code),
    }


class PlaceColumn(tables.Column):
    """The name of the division at ``level`` (county, township, village) containing the row's code.

    The names of a page (or of an export chunk) are loaded at once in ``prepare``, shared by
    every place column of the table; a village unknown to the map shows its code.
    """

    def __init__(self, accessor: str, *, level: str, **kwargs: Any) -> None:
        if level not in PLACE_LEVELS:
            raise ValueError(f"a place column shows one of {PLACE_LEVELS}, not {level!r}")
        super().__init__(accessor=accessor, **kwargs)
        self.level = level

    def prepare(self, records: Sequence[Any], table: Any) -> None:
        names: dict[str, str | None] = table.cache.setdefault("region_names", {})
        accessor = A(self.accessor)
        codes = {str(accessor.resolve(record, quiet=True) or "") for record in records}
        wanted = {code_at(code, level) for code in codes if len(code) == CODE_LENGTH for level in PLACE_LEVELS}
        missing = wanted - names.keys()
        if missing:
            found = region_names(missing)
            names.update({code: found.get(code) for code in missing})

    def name(self, code: str, table: Any) -> str:
        names: dict[str, str | None] = table.cache.setdefault("region_names", {})
        key = code_at(code, self.level)
        if key not in names:  # rendered without ``prepare``: load this code's places
            found = region_names([code])
            names.update({place: found.get(place) for place in (code_at(code, level) for level in PLACE_LEVELS)})
        return names.get(key) or (code if self.level == "village" else "")

    def render(self, value: Any, table: Any) -> str:
        return self.name(str(value), table) if len(str(value)) == CODE_LENGTH else str(value)

    def value(self, value: Any, table: Any) -> str:  # type: ignore[override]
        return self.render(value, table)
