"""Filters of the monitoring ledgers (the region picker comes with the base)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import LedgerFilterSet
from jingzhun.monitoring.choices import EventKind, MonitoringStatus, ObjectKind
from jingzhun.monitoring.models import MonitoringObject, RiskEvent

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class MonitoringObjectFilter(LedgerFilterSet):
    year = django_filters.NumberFilter(label=_("监测年度"))
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=ObjectKind.choices, empty_label=_("全部"), widget=SELECT
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=MonitoringStatus.choices, empty_label=_("全部"), widget=SELECT
    )

    class Meta:
        model = MonitoringObject
        fields = ["region", "year", "kind", "status"]


class RiskEventFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("事件类别"), choices=EventKind.choices, empty_label=_("全部"), widget=SELECT
    )

    class Meta:
        model = RiskEvent
        fields = ["region", "kind"]
