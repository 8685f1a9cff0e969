"""Roll-up (汇总): any measure of rows that belong to a place, summed up by region level in SQL.

A measure is a scoped queryset, the path of its 12-digit division code and aggregate
expressions (``Sum``, ``Count`` …). The rows are grouped in the database by the code of the
division at the wanted level — the code's significant prefix padded with zeros
(``regioncodes.code_expression``) — so one query answers for any number of rows, and a
second one reads the names of the few divisions found::

    rows = region_rollup(
        Household.objects.for_user(user),
        code_field="village_id",
        level="county",
        measures={"households": Count("pk"), "people": Sum("size")},
    )
    rows[0].code, rows[0].name, rows[0].level, rows[0]["people"]

``children_rollup`` does the same for the children of one division (a dashboard's table),
listing children without rows too.

The queryset's scope is kept as it is: pass ``Model.objects.for_user(user)`` (or any
queryset already restricted); ``within`` restricts it further to a subtree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from jingzhun.core.regioncodes import child_level, code_expression, level_of, pad_code, prefix_of, prefix_q

# The annotation that carries the group's code; chosen so it does not clash with model fields.
_GROUP = "rollup_code"


@dataclass(frozen=True)
class RollupRow(Mapping[str, Any]):
    """One division and its measures. Read a measure as ``row["people"]`` or ``row.measures["people"]``."""

    code: str
    name: str
    level: str
    measures: dict[str, Any] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        """Return the significant prefix of the division's code (every row inside starts with it)."""
        return prefix_of(self.code, self.level)

    def __getitem__(self, key: str) -> Any:
        return self.measures[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.measures)

    def __len__(self) -> int:
        return len(self.measures)


def region_rollup(
    queryset: QuerySet,
    *,
    code_field: str,
    level: str,
    measures: Mapping[str, Any],
    within: str = "",
    include_empty: bool = False,
) -> list[RollupRow]:
    """Return ``measures`` of ``queryset`` per division at ``level``, ordered by code.

    ``code_field`` is the path of the rows' 12-digit division code (``village_id``,
    ``household__village_id``); ``measures`` maps names to aggregate expressions. ``within``
    (a code prefix, "" for everywhere) keeps the rows of that subtree only. With
    ``include_empty`` every division at ``level`` inside ``within`` is listed, those without
    rows with every measure None. A division missing from the map is named by its code.
    Two queries: the grouped measures, then the names. Raise KeyError for an unknown level.
    """
    if not measures:
        raise ValueError("a roll-up needs at least one measure")
    rows = queryset
    if within:
        rows = rows.filter(prefix_q(code_field, within))
    grouped = (
        rows.order_by()
        .annotate(**{_GROUP: code_expression(code_field, level)})
        .values(_GROUP)
        .annotate(**measures)
        .order_by(_GROUP)
    )
    found = {row.pop(_GROUP): row for row in grouped}
    region_model = apps.get_model("regions", "Region")
    if include_empty:
        divisions = region_model.objects.filter(level=level)
        if within:
            divisions = divisions.filter(prefix_q("code", within))
        names = dict(divisions.values_list("code", "name"))
    else:
        names = dict(region_model.objects.filter(code__in=list(found)).values_list("code", "name"))
    empty = dict.fromkeys(measures)
    codes = sorted(set(found) | set(names)) if include_empty else list(found)
    return [RollupRow(code, names.get(code, code), level, found.get(code, empty)) for code in codes]


def children_rollup(
    queryset: QuerySet, *, code_field: str, region_code: str, measures: Mapping[str, Any]
) -> list[RollupRow]:
    """Return ``measures`` of ``queryset`` for every child division of ``region_code`` (with or without rows).

    The level is the one below ``region_code``'s (a county's townships); a village has no
    children and gives an empty list.
    """
    level = child_level(level_of(region_code))
    if level is None:
        return []
    within = prefix_of(pad_code(region_code), level_of(region_code))
    return region_rollup(
        queryset, code_field=code_field, level=level, measures=measures, within=within, include_empty=True
    )
