"""Table columns about places: the county, township or village a row's 12-digit code lies in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import A

from jingzhun.core.regioncodes import CODE_LENGTH, code_at
from jingzhun.core.tables import LedgerTable, LinkedColumn, NumberColumn
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


class VillageYearTable(LedgerTable):
    """村级年度情况: the list page and its Excel export (the import template's columns)."""

    village_id = LinkedColumn(verbose_name=_("行政区划代码"))
    county = PlaceColumn("village_id", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("village_id", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("village_id", level="village", verbose_name=_("行政村"))
    year = tables.Column(verbose_name=_("年度"))
    rural_population = NumberColumn(verbose_name=_("农村户籍人口"))
    is_poor_village = tables.BooleanColumn(verbose_name=_("贫困村"))
    is_deep_poverty_village = tables.BooleanColumn(verbose_name=_("深度贫困村"))
    hardened_road = tables.BooleanColumn(verbose_name=_("通硬化路"))
    safe_water = tables.BooleanColumn(verbose_name=_("安全饮水"))
    power = tables.BooleanColumn(verbose_name=_("通动力电"))
    standard_clinic = tables.BooleanColumn(verbose_name=_("标准化卫生室"))
    collective_income = NumberColumn(verbose_name=_("集体经济收入（万元）"))
    broadband = tables.BooleanColumn(verbose_name=_("通宽带"))
    planned_exit_year = tables.Column(verbose_name=_("计划出列年度"))


class CountyYearTable(LedgerTable):
    """县级年度情况 with the 三率一度 sample results."""

    county_id = LinkedColumn(verbose_name=_("行政区划代码"))
    county = PlaceColumn("county_id", level="county", verbose_name=_("县（区）"))
    year = tables.Column(verbose_name=_("年度"))
    is_poor_county = tables.BooleanColumn(verbose_name=_("贫困县"))
    is_deep_poverty_county = tables.BooleanColumn(verbose_name=_("深度贫困县"))
    planned_exit_year = tables.Column(verbose_name=_("计划摘帽年度"))
    rural_income_per_capita = NumberColumn(verbose_name=_("农村居民人均可支配收入（元）"))
    tap_water_coverage = NumberColumn(verbose_name=_("自来水普及率（%）"))
    wrong_exit_rate = NumberColumn(verbose_name=_("错退率（%）"))
    missed_rate = NumberColumn(verbose_name=_("漏评率（%）"))
    recognition_rate = NumberColumn(verbose_name=_("群众认可度（%）"))
