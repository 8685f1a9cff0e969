"""Filters of the ledgers of 考核评估, shared by the pages, their Excel downloads and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingzhun.assessments.choices import RoundStatus, Source
from jingzhun.assessments.models import Adjustment, PublishedResult, Round, Scheme, Score
from jingzhun.core.filters import LedgerFilterSet


class RoundFilter(LedgerFilterSet):
    source = django_filters.ChoiceFilter(label=_("考核来源"), choices=Source.choices, empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RoundStatus.choices, empty_label=_("全部"))
    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = Round
        fields = ["source", "status", "year"]


class SchemeFilter(LedgerFilterSet):
    class Meta:
        model = Scheme
        fields = ["level"]


class RoundChildFilter(LedgerFilterSet):
    round = django_filters.ModelChoiceFilter(
        label=_("考核轮次"), queryset=Round.objects.order_by("-period_end"), empty_label=_("全部")
    )
    entity = django_filters.CharFilter(label=_("考核对象"), method="filter_entity")

    def filter_entity(self, queryset, name, value):  # type: ignore[no-untyped-def]
        value = (value or "").strip()
        return queryset.filter(entity__code=value) if value.isdigit() else queryset.filter(entity__name__contains=value)


class ScoreFilter(RoundChildFilter):
    class Meta:
        model = Score
        fields = ["round", "entity"]


class AdjustmentFilter(RoundChildFilter):
    class Meta:
        model = Adjustment
        fields = ["round", "entity"]


class PublishedResultFilter(RoundChildFilter):
    class Meta:
        model = PublishedResult
        fields = ["round", "entity"]
