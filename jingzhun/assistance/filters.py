"""Filters of the 驻村帮扶 ledgers, shared by the pages, their exports and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.assistance.models import (
    Assignment,
    Cadre,
    Diary,
    HelpingUnit,
    Nomination,
    Pairing,
    PlanItem,
    Posting,
    Presence,
    Survey,
    UnitPlan,
    UnitVisit,
    Visit,
    WorkGroup,
    WorkTeam,
)
from jingzhun.core.filters import LedgerFilterSet

# Extra filters by model (besides the region picker): field names filtered exactly.
EXTRA: dict[type, list[str]] = {
    HelpingUnit: ["level"],
    Assignment: ["start_year"],
    WorkGroup: [],
    Cadre: [],
    WorkTeam: [],
    Posting: ["kind"],
    Pairing: [],
    PlanItem: ["year", "done"],
    Presence: ["kind", "date"],
    Diary: ["date"],
    Visit: ["date"],
    Survey: [],
    UnitVisit: [],
    UnitPlan: ["year"],
    Nomination: ["kind", "year", "status"],
}
# Free-text search: the fields a "搜索" box looks in.
SEARCH: dict[type, tuple[str, ...]] = {
    HelpingUnit: ("name",),
    Cadre: ("name", "unit__name"),
    Pairing: ("household__code", "cadre__name"),
    Visit: ("household__code", "cadre__name"),
    Presence: ("cadre__name",),
    Diary: ("cadre__name", "content"),
    Nomination: ("nominee",),
}


class AssistanceFilterSet(LedgerFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_search")
    search_fields: tuple[str, ...] = ()

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from django.db.models import Q

        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query) if self.search_fields and value.strip() else queryset


def ledger_filter(model: type) -> type[AssistanceFilterSet]:
    fields = ["region", *EXTRA.get(model, [])]
    search = SEARCH.get(model, ())
    if search:
        fields.append("q")
    meta = type("Meta", (), {"model": model, "fields": fields})
    attrs: dict[str, Any] = {"Meta": meta, "search_fields": search, "__module__": __name__}
    if not search:
        attrs["q"] = None
    return type(f"{model.__name__}Filter", (AssistanceFilterSet,), attrs)


FILTERS = {model: ledger_filter(model) for model in EXTRA}
