"""Forms of 考核评估."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.assessments.models import Adjustment, PublishedResult, Round, Score
from jingzhun.core.forms import LedgerForm
from jingzhun.core.imports.forms import ImportForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(LedgerForm):
    class Meta:
        model = Round
        fields = [
            "code",
            "name",
            "source",
            "year",
            "period",
            "period_end",
            "scheme",
            "group",
            "previous",
            "document_no",
            "notes",
        ]
        widgets = {"period_end": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class ScoreForm(LedgerForm):
    class Meta:
        model = Score
        fields = ["round", "entity", "component", "score", "evidence"]


class AdjustmentForm(LedgerForm):
    class Meta:
        model = Adjustment
        fields = ["round", "entity", "item", "points", "basis"]


class PublishedResultForm(LedgerForm):
    class Meta:
        model = PublishedResult
        fields = ["round", "entity", "total", "rank"]


class AssessmentImportForm(ImportForm):
    round_code = forms.CharField(label=_("考核轮次代码"), max_length=40, help_text=_("不存在时新建为录入中的轮次。"))
    previous_code = forms.CharField(label=_("上一轮次代码"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("考核结果表")
        for name in ("round_code", "previous_code"):
            self.fields[name].widget.attrs["class"] = "form-control"


class WhatIfForm(forms.Form):
    """What-if of a ranking: drop the bonus, change weights (nothing is stored)."""

    group = forms.CharField(required=False)
    drop_bonus = forms.BooleanField(label=_("去掉加分项"), required=False)
