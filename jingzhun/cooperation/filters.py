"""Filters of the cooperation ledgers: the region (either side), the year and the ledger's own kind."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.cooperation import models as m
from jingzhun.core.filters import LedgerFilterSet

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


def _filterset(model: type[Any], *names: str) -> type[LedgerFilterSet]:
    """A filter set of ``model`` on the region, the year (if it has one) and the choice fields ``names``."""
    attrs: dict[str, Any] = {}
    fields = ["region"]
    if any(f.name == "year" for f in model._meta.fields):
        attrs["year"] = django_filters.NumberFilter(label=_("年度"))
        fields.append("year")
    for name in names:
        field = model._meta.get_field(name)
        attrs[name] = django_filters.ChoiceFilter(
            label=field.verbose_name, choices=field.choices, empty_label=_("全部"), widget=SELECT
        )
        fields.append(name)
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}Filter", (LedgerFilterSet,), attrs)


FILTERS: dict[type[Any], type[LedgerFilterSet]] = {
    m.Pairing: _filterset(m.Pairing, "level"),
    m.Agreement: _filterset(m.Agreement, "kind"),
    m.AgreementTarget: _filterset(m.AgreementTarget, "indicator"),
    m.AidFund: _filterset(m.AidFund, "kind"),
    m.Exchange: _filterset(m.Exchange, "kind", "direction"),
    m.Training: _filterset(m.Training, "kind"),
    m.LabourRecord: _filterset(m.LabourRecord, "destination"),
    m.Purchase: _filterset(m.Purchase, "channel"),
    m.Investment: _filterset(m.Investment, "park_kind"),
    m.Donation: _filterset(m.Donation, "kind"),
    m.Meeting: _filterset(m.Meeting, "kind"),
    m.VillageNeed: _filterset(m.VillageNeed, "status"),
}
